import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../lambdas/http/openapi';
import { Router } from '../../lambdas/http/router';
import { ROUTES } from '../../lambdas/http/routes';

type Operations = Record<
  string,
  Record<string, { operationId: string; parameters?: Array<{ name: string; in: string }> }>
>;
const committed = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));

describe('the OpenAPI document', () => {
  it('is up to date with the route table (run `npm run openapi` after changing a route)', () => {
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildOpenApi(ROUTES))));
  });

  it('describes exactly the routes the router serves, with their path parameters', () => {
    const documented = Object.entries(committed.paths as Operations).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(documented.map((d) => d.key).sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    const router = new Router(ROUTES);
    for (const { key, op } of documented) {
      const [method = '', path = ''] = key.split(' ');
      const concrete = path.replace(/\{(\w+)\}/g, (_m, name: string) =>
        name === 'roomTypeId' ? 'suite' : 'abc-123',
      );
      const { route } = router.match(method, concrete);
      expect(route.operationId).toBe(op.operationId);
      const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect(pathParams.sort()).toEqual([...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
    }
  });

  it('documents the contract error shape and every write’s region headers', () => {
    expect(committed.components.schemas.Error.properties.error.required).toEqual(['code', 'message']);
    const writes = ROUTES.filter((r) => r.write).map((r) => committed.paths[r.path][r.method.toLowerCase()]);
    for (const op of writes) expect(op['x-write']).toContain('x-owner-region');
    expect(committed.openapi).toBe('3.1.0');
  });
});
