import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../lambdas/http/error-responses';
import { ROUTES } from '../../lambdas/http/routes';
import { API_DOC_FILE, BEGIN_MARKER, END_MARKER, withRouteTable } from '../../scripts/api-doc';

const committed = readFileSync(API_DOC_FILE, 'utf8');

describe('docs/api.md', () => {
  it('has the route table of lambdas/http/routes.ts (run `npm run api-doc` after changing a route)', () => {
    expect(committed).toContain(BEGIN_MARKER);
    expect(committed).toContain(END_MARKER);
    expect(committed).toBe(withRouteTable(committed, ROUTES));
  });

  it('lists every route once', () => {
    for (const route of ROUTES) {
      const row = `| \`${route.method} ${route.path}\` |`;
      expect(committed.split(row).length - 1, row).toBe(1);
    }
  });

  it('explains every error code the API can answer with, with its status', () => {
    for (const [code, status] of Object.entries(ERROR_STATUS))
      expect(committed, code).toMatch(new RegExp(`\\| ${status} \\| \`${code}\` \\|`));
    expect(committed).toMatch(/\| 500 \| `INTERNAL` \|/);
  });

  it('keeps the hand-written prose when the table is rendered again', () => {
    const stale = committed.replace(
      /(<!-- BEGIN ROUTES[^\n]*-->)[\s\S]*(<!-- END ROUTES -->)/,
      '$1\nan old table\n$2',
    );
    expect(withRouteTable(stale, ROUTES)).toBe(committed);
  });
});
