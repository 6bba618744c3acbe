/**
 * The domain's boundary: it talks to the world only through its ports, so it
 * imports nothing but itself, Node's own modules and plain libraries. An import
 * of the AWS SDK, of an adapter, or of the HTTP layer fails this test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DOMAIN = new URL('../../lambdas/domain/', import.meta.url).pathname;

/** Every module specifier a source file imports, statically or dynamically. */
function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const pattern of [
    /\bfrom\s+['"]([^'"]+)['"]/g,
    /\bimport\s+['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  ])
    for (const match of source.matchAll(pattern)) if (match[1]) found.push(match[1]);
  return found;
}

/** Why the domain may not import `specifier`, or undefined when it may. */
function boundaryProblem(specifier: string): string | undefined {
  if (specifier.startsWith('node:')) return undefined;
  if (specifier.startsWith('./')) return specifier.includes('/', 2) ? 'reaches below the domain' : undefined;
  if (specifier.startsWith('.'))
    return 'reaches outside the domain (an adapter, the HTTP layer or a handler)';
  if (
    /^(@aws-sdk|@aws-lambda-powertools|@middy|@opensearch-project|aws-lambda|aws-cdk-lib)(\/|$)/.test(
      specifier,
    )
  )
    return 'is an AWS or infrastructure library: only adapters may use it';
  return undefined;
}

describe('the domain boundary', () => {
  it('recognises what it must refuse (so the check below can fail)', () => {
    const sample = [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import type { RegionStores } from './ports';",
      "import { dynamoDbStores } from '../adapters/dynamodb/stores';",
      "const m = await import('../http/dispatch');",
      "import { randomUUID } from 'node:crypto';",
    ].join('\n');
    expect(importsOf(sample).map((s) => [s, boundaryProblem(s) !== undefined])).toEqual([
      ['@aws-sdk/client-dynamodb', true],
      ['./ports', false],
      ['../adapters/dynamodb/stores', true],
      ['node:crypto', false],
      ['../http/dispatch', true],
    ]);
  });

  it('holds for every file in lambdas/domain', () => {
    const files = readdirSync(DOMAIN).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    const problems = files.flatMap((file) =>
      importsOf(readFileSync(join(DOMAIN, file), 'utf8'))
        .map((specifier) => ({ file, specifier, problem: boundaryProblem(specifier) }))
        .filter((p) => p.problem),
    );
    expect(problems).toEqual([]);
  });
});
