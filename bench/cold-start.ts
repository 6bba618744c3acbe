/**
 * Each Lambda bundle, built as the CDK builds it (the same esbuild settings,
 * `lib/lambda-bundling.ts`): its size, and how long a fresh Node process takes
 * to import it (the module-init part of a cold start; the clients are built on the
 * first request), the median of several runs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_BUNDLING } from '../lib/lambda-bundling';

export interface ColdStartRow {
  readonly name: string;
  readonly bytes: number;
  readonly importMs: number;
}

const ENTRIES = ['public-api', 'manage-api', 'admin-api', 'forward-receiver', 'reconcile', 'booking-events'];

export async function benchColdStart(runs = 7): Promise<ColdStartRow[]> {
  const out = mkdtempSync(join(tmpdir(), 'bundles-'));
  const rows: ColdStartRow[] = [];
  for (const name of ENTRIES) {
    const file = join(out, name, 'index.js');
    await build({
      entryPoints: [new URL(`../lambdas/handlers/${name}.ts`, import.meta.url).pathname],
      outfile: file,
      bundle: true,
      minify: LAMBDA_BUNDLING.minify,
      sourcemap: LAMBDA_BUNDLING.sourceMap,
      platform: 'node',
      target: LAMBDA_BUNDLING.target,
      mainFields: [...LAMBDA_BUNDLING.mainFields],
      alias: LAMBDA_BUNDLING.alias,
      format: 'cjs',
      logLevel: 'silent',
    });
    const env = {
      ...process.env,
      AWS_REGION: 'us-east-1',
      TABLE_NAME: 'hotels',
      OPENSEARCH_ENDPOINT: 'https://search.example.com',
      FORWARD_RECEIVER_ARNS: '{}',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      // With source maps on, as the functions run (NODE_OPTIONS in ServiceFunction): Node reads the map at load.
      const ms = execFileSync(
        process.execPath,
        [
          '--enable-source-maps',
          '-e',
          `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`,
        ],
        { env, encoding: 'utf8' },
      );
      times.push(Number(ms));
    }
    times.sort((a, b) => a - b);
    rows.push({
      name,
      bytes: statSync(file).size,
      importMs: times[Math.floor(times.length / 2)] ?? Number.NaN,
    });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`)
  for (const r of await benchColdStart())
    console.log(
      `${r.name.padEnd(18)} ${(r.bytes / 1024).toFixed(0)} KiB  import ${r.importMs.toFixed(1)} ms (median)`,
    );
