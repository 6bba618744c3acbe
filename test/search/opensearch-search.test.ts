/**
 * The OpenSearch adapter. Its request bodies are checked through the client's
 * mock connection; the behaviour suite runs against a real cluster when
 * OPENSEARCH_URL is set (none can run on the CI machine).
 */
import { randomUUID } from 'node:crypto';
import { Client, errors } from '@opensearch-project/opensearch';
import Mock from '@short.io/opensearch-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeCursor, queryFingerprint } from '../../lambdas/adapters/search/cursor';
import { HOTEL_INDEX_BODY } from '../../lambdas/adapters/search/index-definition';
import { OpenSearchHotelSearch, searchRequestBody } from '../../lambdas/adapters/search/opensearch-search';
import { StoreBusy, ValidationFailed } from '../../lambdas/domain/errors';
import { searchBehaviour } from './search-behaviour';

const mock = new Mock();
const client = new Client({
  node: 'http://opensearch.test:9200',
  Connection: mock.getConnection(),
  maxRetries: 0,
});
const search = new OpenSearchHotelSearch(client, 'hotels');
let requests: Array<{ method: string; path: string; body: any }> = [];

const hit = (id: string, sort: Array<number | string>) => ({
  _id: id,
  _source: {
    hotelId: id,
    name: `Hotel ${id}`,
    city: 'Bangkok',
    country: 'TH',
    managedIn: 'ap-southeast-1',
    extra: 'x',
  },
  sort,
});

beforeEach(() => {
  mock.clearAll();
  requests = [];
  mock.add({ method: ['POST', 'GET'], path: '/hotels/_search' }, (params: any) => {
    requests.push({ method: params.method, path: params.path, body: params.body });
    const size = params.body.size as number;
    return {
      hits: {
        hits: Array.from({ length: Math.min(size, 3) }, (_, i) =>
          hit(`h${i}`, [1.5 - i / 10, `hotel h${i}`, `h${i}`]),
        ),
      },
    };
  });
});

describe('OpenSearch adapter: request bodies (mock connection)', () => {
  it('combines a bool_prefix match and a fuzzy match, filters the city exactly and sorts with a unique tiebreaker', async () => {
    const page = await search.search({ q: 'bangkok orch', city: 'Bangkok', limit: 2 });
    const body = requests[0]?.body;
    expect(body.size).toBe(3);
    expect(body).not.toHaveProperty('from');
    const [boolPrefix, fuzzy] = body.query.bool.must[0].bool.should;
    expect(boolPrefix.multi_match).toMatchObject({
      query: 'bangkok orch',
      type: 'bool_prefix',
      fuzziness: 'AUTO',
      operator: 'and',
      fields: ['nameCity', 'nameCity._2gram', 'nameCity._3gram'],
    });
    expect(fuzzy.match.nameCity).toMatchObject({ query: 'bangkok orch', fuzziness: 'AUTO', operator: 'and' });
    expect(body.query.bool.filter).toEqual([{ term: { 'city.exact': 'bangkok' } }]);
    expect(body.sort).toEqual([{ _score: 'desc' }, { 'name.sort': 'asc' }, { hotelId: 'asc' }]);
    expect(page.items.map((h) => h.hotelId)).toEqual(['h0', 'h1']);
    expect(page.items[0]).toEqual({
      hotelId: 'h0',
      name: 'Hotel h0',
      city: 'Bangkok',
      country: 'TH',
      managedIn: 'ap-southeast-1',
    });
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it('continues with search_after from the cursor, never from/size', async () => {
    const first = await search.search({ q: 'bangkok', limit: 2 });
    await search.search({ q: 'bangkok', limit: 2, cursor: first.nextCursor ?? undefined });
    expect(requests[1]?.body.search_after).toEqual([1.4, 'hotel h1', 'h1']);
    expect(requests[1]?.body).not.toHaveProperty('from');
  });

  it('lists a city with match_all when there is no text, and answers null when there is no next page', async () => {
    const page = await search.search({ city: 'Hội An', limit: 20 });
    expect(requests[0]?.body.query.bool.must).toEqual([{ match_all: {} }]);
    expect(requests[0]?.body.query.bool.filter).toEqual([{ term: { 'city.exact': 'hoi an' } }]);
    expect(page.nextCursor).toBeNull();
  });

  it('refuses a cursor from another query before calling the cluster', async () => {
    const foreign = encodeCursor(queryFingerprint('other', undefined), [1, 'a', 'b']);
    await expect(search.search({ q: 'bangkok', limit: 2, cursor: foreign })).rejects.toBeInstanceOf(
      ValidationFailed,
    );
    expect(requests).toEqual([]);
  });

  it('turns a cluster failure into a 503-class error', async () => {
    mock.clearAll();
    mock.add(
      { method: ['POST', 'GET'], path: '/hotels/_search' },
      () =>
        new errors.ResponseError({
          body: { error: 'boom' },
          statusCode: 500,
          headers: {},
          warnings: null,
          meta: {},
        } as never),
    );
    await expect(search.search({ q: 'x', limit: 1 })).rejects.toBeInstanceOf(StoreBusy);
  });

  it('indexes only the summary fields, by hotel id', async () => {
    const seen: any[] = [];
    mock.add({ method: 'PUT', path: '/hotels/_doc/:id' }, (params: any) => {
      seen.push({ path: params.path, body: params.body });
      return { result: 'created' };
    });
    mock.add({ method: 'POST', path: '/hotels/_doc/:id' }, (params: any) => {
      seen.push({ path: params.path, body: params.body });
      return { result: 'created' };
    });
    await search.index({
      hotelId: 'h9',
      name: 'N',
      city: 'C',
      country: 'US',
      managedIn: 'us-east-1',
      secret: 1,
    } as never);
    expect(seen).toEqual([
      {
        path: '/hotels/_doc/h9',
        body: { hotelId: 'h9', name: 'N', city: 'C', country: 'US', managedIn: 'us-east-1' },
      },
    ]);
  });

  it('shares one body builder: the index definition names the fields the query uses', () => {
    const body = JSON.stringify(searchRequestBody('a b', 'c', 5));
    for (const field of ['nameCity', 'city.exact', 'name.sort'])
      expect(
        body.includes(field) && JSON.stringify(HOTEL_INDEX_BODY).includes(field.split('.')[0] ?? ''),
      ).toBe(true);
    expect(HOTEL_INDEX_BODY.mappings.properties.nameCity.type).toBe('search_as_you_type');
  });
});

const clusterUrl = process.env.OPENSEARCH_URL;
describe.runIf(clusterUrl)('OpenSearch adapter on a real cluster (OPENSEARCH_URL)', () => {
  const real = new Client({ node: clusterUrl ?? 'http://unset', ssl: { rejectUnauthorized: false } });
  const index = `hotels-test-${randomUUID()}`;
  afterAll(async () => {
    await real.indices.delete({ index }).catch(() => undefined);
  });
  searchBehaviour(async () => {
    const adapter = new OpenSearchHotelSearch(real, index);
    await adapter.ensureIndex();
    return adapter;
  });
});
