/**
 * The real-cluster suites' OpenSearch: `OPENSEARCH_URL` when set, else the project's own node
 * (opensearch-node/), started once for the run in a throwaway home and stopped after it.
 * Without Java or Maven the suites cannot run: that is said loudly, and in CI it fails the run.
 */
import 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { missingForOpenSearch, startOpenSearchNode } from '../../local/opensearch-node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The cluster's URL; empty when none could run here (never in CI). */
    opensearchUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const given = process.env.OPENSEARCH_URL;
  if (given) {
    project.provide('opensearchUrl', given);
    return;
  }
  const missing = missingForOpenSearch();
  if (missing.length) {
    const why = `the OpenSearch suites need ${missing.join(' and ')} (Java 17, Maven 3.8+) to start their node`;
    if (process.env.CI) throw new Error(`In CI no OpenSearch test may be skipped, but ${why}.`);
    const bar = '!'.repeat(78);
    console.warn(
      `\n${bar}\n  SKIPPING every real-cluster OpenSearch test: ${why},\n  or set OPENSEARCH_URL.\n${bar}\n`,
    );
    project.provide('opensearchUrl', '');
    return;
  }
  const home = mkdtempSync(join(tmpdir(), 'opensearch-test-'));
  const node = await startOpenSearchNode({ home, startTimeoutMs: 120_000 });
  project.provide('opensearchUrl', node.url);
  return async () => {
    await node.stop();
    rmSync(home, { recursive: true, force: true });
  };
}
