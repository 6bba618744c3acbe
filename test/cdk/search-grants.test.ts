/**
 * The search grants are derived from the requests: the functions' real client is driven through
 * every path the adapter takes (one search, the fallback's batch, a page after a cursor, a room
 * filter), each request it sends is recorded, and each must be in SEARCH_REQUESTS and allowed by
 * the synthesized IAM policy of every function that searches. A request sent outside the index's
 * path (as `POST /_msearch` once was) fails here before it is a 503 in AWS.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OpenSearchHotelSearch } from '../../lambdas/adapters/search/opensearch-search';
import { REGIONS } from '../../lambdas/domain/regions';
import { searchOnlyOpenSearchClient } from '../../lambdas/handlers/aws-search';
import { SEARCH_REQUESTS } from '../../lambdas/infrastructure-contract';
import { esHttpAction } from '../../lib/constructs/search-ingestion';
import { statementsAllow } from '../../lib/iam-match';
import { BASE, functionId, resourcesOf, roleStatements, synthTemplates } from './support';

let server: Server;
const seen = new Set<string>();

const hit = (id: string, score: number) => ({
  _id: `hotel#${id}`,
  _source: {
    hotelId: id,
    name: `Hotel ${id}`,
    city: 'Singapore',
    country: 'SG',
    managedIn: 'ap-southeast-1',
  },
  sort: [score, `hotel ${id}`, id],
});

/** Drives the adapter, on the functions' own client, through every request it can send. */
async function recordRequests(): Promise<string[]> {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      seen.add(`${req.method} ${path}`);
      // A single search finds nothing (so the fallback runs); each variant of a batch finds hotels.
      const body = path.endsWith('/_msearch')
        ? { responses: [0, 1].map(() => ({ hits: { hits: [hit('a', 3), hit('b', 2)] } })) }
        : { hits: { hits: [] } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const search = new OpenSearchHotelSearch(searchOnlyOpenSearchClient(url, 'ap-southeast-1'));
  const fallback = await search.search({ q: 'grand marina singapore', limit: 1 });
  await search.search({ q: 'grand marina singapore', limit: 1, cursor: fallback.nextCursor as string });
  await search.search({ q: 'grand marina singapore', limit: 1, minRooms: 2 });
  await search.search({ city: 'Singapore', limit: 5 });
  return [...seen].sort();
}

/** The API functions whose handlers wire the AWS search client (their routes search). */
function searchingFunctions(): string[] {
  const dir = new URL('../../lambdas/handlers/', import.meta.url);
  const modules = readdirSync(dir)
    .filter((f) => /-api\.ts$/.test(f) && /from '\.\/aws-search'/.test(readFileSync(new URL(f, dir), 'utf8')))
    .map((f) => f.replace(/\.ts$/, ''));
  // public-api → PublicApi, as BookingApi names its functions after their handler modules.
  return modules.map((m) =>
    m
      .split('-')
      .map((w) => (w === 'api' ? 'Api' : w.charAt(0).toUpperCase() + w.slice(1)))
      .join(''),
  );
}

let requests: string[];
let templates: ReturnType<typeof synthTemplates>;
beforeAll(async () => {
  requests = await recordRequests();
  templates = synthTemplates(BASE);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
});

describe('the search grants match the requests', () => {
  it('every request the adapter sends is one of SEARCH_REQUESTS, and each of those is sent', () => {
    expect(requests).toEqual(SEARCH_REQUESTS.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('the searching functions are the travellers’ and the hoteliers’', () => {
    expect(searchingFunctions().sort()).toEqual(['ManageApi', 'PublicApi']);
  });

  it("the deploy guide's access-control mapping names every searching function", () => {
    const guide = readFileSync(new URL('../../docs/deploying.md', import.meta.url), 'utf8');
    const row = guide.split('\n').find((line) => line.trim().startsWith('| `hotels_search`')) ?? '';
    // PublicApi → "public", ManageApi → "manage", as the guide names the functions.
    for (const name of searchingFunctions())
      expect(row, name).toContain(name.replace(/Api$/, '').toLowerCase());
  });

  for (const region of REGIONS)
    it(`${region}: each searching function's IAM policy allows every request its client sends`, () => {
      const resources = resourcesOf(templates[region]);
      const domain = Object.keys(resources).find(
        (id) => resources[id]?.Type === 'AWS::OpenSearchService::Domain',
      );
      for (const name of searchingFunctions()) {
        const statements = roleStatements(resources, functionId(resources, name));
        for (const request of requests) {
          const [method = '', path = ''] = request.split(' ');
          expect(
            statementsAllow(statements, esHttpAction(method), `<${domain}.Arn>${path}`),
            `${name}: ${request}`,
          ).toBe(true);
        }
      }
    });
});
