/**
 * The OpenSearch adapter. Its request bodies are checked through the client's
 * mock connection; the behaviour suites run against a real cluster in
 * test/opensearch/ (the `opensearch` project, which starts the project's own node).
 */
import { Client, errors } from '@opensearch-project/opensearch';
import Mock from '@short.io/opensearch-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { PROCESS_CURSOR_SEAL } from '../../lambdas/adapters/cursor-seal';
import { SearchCursors } from '../../lambdas/adapters/search/cursor';

const { encodeCursor, matchFingerprints, queryFingerprint } = (() => {
  const c = new SearchCursors();
  return {
    encodeCursor: c.encodeCursor.bind(c),
    matchFingerprints: c.matchFingerprints.bind(c),
    queryFingerprint: c.queryFingerprint.bind(c),
  };
})();

import { HOTEL_INDEX_BODY, searchDocumentId } from '../../lambdas/adapters/search/index-definition';
import { searchRequestBody } from '../../lambdas/adapters/search/opensearch-queries';
import { OpenSearchHotelSearch } from '../../lambdas/adapters/search/opensearch-search';
import { StoreBusy, ValidationFailed } from '../../lambdas/domain/errors';
import { forgeCursor, MALFORMED_SORT_VALUES } from './forged-cursor';

const mock = new Mock();
const client = new Client({
  node: 'http://opensearch.test:9200',
  Connection: mock.getConnection(),
  maxRetries: 0,
});
const search = new OpenSearchHotelSearch(client, 'hotels');
let requests: Array<{ method: string; path: string; body: any; querystring?: any }> = [];

type FieldMapping = { type: string; [key: string]: unknown };
const PROPERTIES = HOTEL_INDEX_BODY.mappings.properties as unknown as Record<string, FieldMapping>;

/** The shingle subfields OpenSearch adds to a search_as_you_type field: `_2gram` up to `max_shingle_size` (default 3). */
function shingleSubfields(field: string): string[] {
  const max = (PROPERTIES[field]?.max_shingle_size as number | undefined) ?? 3;
  return Array.from({ length: max - 1 }, (_, i) => `${field}._${i + 2}gram`);
}

/** The mapping of a field path as the index definition declares it (multi-fields and implicit subfields too). */
function mappingOf(path: string): FieldMapping | undefined {
  const [name = '', sub] = path.split('.');
  const field = PROPERTIES[name];
  if (!field || sub === undefined) return field;
  if (field.type === 'search_as_you_type')
    return [...shingleSubfields(name), `${name}._index_prefix`].includes(path) ? field : undefined;
  return (field.fields as Record<string, FieldMapping> | undefined)?.[sub];
}

/** The fields that copy into `target`, in declaration order. */
const copiedInto = (target: string) =>
  Object.entries(PROPERTIES)
    .filter(([, m]) => [m.copy_to].flat().includes(target))
    .map(([name]) => name);

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
    requests.push({
      method: params.method,
      path: params.path,
      body: params.body,
      querystring: params.querystring,
    });
    const size = params.body.size as number;
    return {
      hits: {
        hits: Array.from({ length: Math.min(size, 3) }, (_, i) =>
          hit(`h${i}`, [1.5 - i / 10, `hotel h${i}`, `h${i}`]),
        ),
      },
    };
  });
  // Several bodies at once (a query of several words): each is recorded as a request of its own.
  mock.add({ method: ['POST', 'GET'], path: '/hotels/_msearch' }, (params: any) => {
    const lines = msearchLines(params);
    const responses = [];
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const body = lines[i + 1];
      requests.push({ method: params.method, path: params.path, body, querystring: lines[i] });
      responses.push({
        hits: {
          hits: Array.from({ length: Math.min(body.size, 3) }, (_, j) =>
            hit(`h${j}`, [1.5 - j / 10, `hotel h${j}`, `h${j}`]),
          ),
        },
      });
    }
    return { responses };
  });
});

/** The clause of a body that says how many required words a result must match. */
const wordsOf = (body: any) => body.query.bool.filter[0].bool.should[0].bool;
/** How many required words a search body (or an existence check) asks for. */
const wordsAsked = (body: any) =>
  (body.terminate_after ? body.query.bool.filter[0].bool : wordsOf(body)).minimum_should_match;
/** The lines of an `_msearch` request: headers and bodies. */
const msearchLines = (params: any) =>
  (Array.isArray(params.body) ? params.body : String(params.body).trim().split('\n')).map((l: any) =>
    typeof l === 'string' ? JSON.parse(l) : l,
  );

describe('OpenSearch adapter: request bodies (mock connection)', () => {
  it('sends one clause per word (required, generic, bonus), the named-hotel and named-city boosts, the city filter and the sort', async () => {
    const page = await search.search({ q: 'bangkok orch', city: 'Bangkok', limit: 2 });
    // The page, and whether any hotel has both words or one (they do: the page stands).
    expect(requests.map((r) => r.path)).toEqual(['/hotels/_msearch', '/hotels/_msearch', '/hotels/_msearch']);
    expect(requests.slice(1).map((r) => [r.body.terminate_after, wordsAsked(r.body)])).toEqual([
      [1, 2],
      [1, 1],
    ]);
    const exact = (word: string) => ({
      multi_match: { query: word, type: 'most_fields', fields: ['name^2', 'city'], boost: 2 },
    });
    const typo = (word: string) => ({
      match: {
        nameCity: { query: word, fuzziness: 'AUTO', prefix_length: 1, max_expansions: 50, boost: 0.45 },
      },
    });
    const bangkok = { dis_max: { queries: [exact('bangkok'), typo('bangkok')] } };
    // The last word is also a prefix, as you type.
    const orch = {
      dis_max: {
        queries: [
          exact('orch'),
          typo('orch'),
          { match_bool_prefix: { nameCity: { query: 'orch', boost: 0.6 } } },
        ],
      },
    };
    const namesCity = (value: string) => ({
      fuzzy: {
        'city.words': {
          value,
          fuzziness: 'AUTO',
          prefix_length: 1,
          transpositions: true,
          max_expansions: 50,
        },
      },
    });
    expect(requests[0]?.body).toEqual({
      size: 3, // one more than asked, to know whether there is a next page
      track_total_hits: false,
      _source: ['hotelId', 'name', 'city', 'country', 'managedIn', 'rates'],
      query: {
        bool: {
          filter: [
            {
              bool: {
                // Every required word, or a city the query names (exactly or with a typo).
                should: [
                  { bool: { should: [bangkok, orch], minimum_should_match: 2 } },
                  namesCity('bangkok'),
                  namesCity('bangkok orch'),
                  namesCity('orch'),
                ],
                minimum_should_match: 1,
              },
            },
            { term: { 'city.exact': 'bangkok' } },
          ],
          should: [
            bangkok,
            orch,
            { constant_score: { filter: bangkok, boost: 10 } },
            { constant_score: { filter: orch, boost: 10 } },
            { terms: { 'name.words': ['bangkok', 'bangkok orch', 'orch'], boost: 100 } },
            { terms: { 'city.words': ['bangkok', 'bangkok orch', 'orch'], boost: 20 } },
          ],
        },
      },
      sort: [{ _score: 'desc' }, { 'name.sort': 'asc' }, { hotelId: 'asc' }],
    });
    // Pages of one query go to the same shard copies, so their scores hold still at the page edges.
    expect(requests[0]?.path).toBe('/hotels/_msearch');
    expect(requests[0]?.querystring).toMatchObject({ preference: expect.any(String) });
    expect(page.items.map((h) => h.hotelId)).toEqual(['h0', 'h1']);
    expect(page.items[0]).toEqual({
      hotelId: 'h0',
      name: 'Hotel h0',
      city: 'Bangkok',
      country: 'TH',
      managedIn: 'ap-southeast-1',
      after: expect.any(String),
    });
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it('never sends a preference that starts with "_", which OpenSearch reads as one of its own and refuses', async () => {
    // Fingerprints are keyed (a key per process here), so find words whose fingerprint starts with "_":
    // such a preference once made the real node answer with an error (a 503 here).
    const words = Array.from({ length: 2_000 }, (_, i) => `marina${i}`).filter((w) =>
      queryFingerprint(`${w}\u00001`, undefined).startsWith('_'),
    );
    expect(words.length).toBeGreaterThan(0);
    for (const q of [...words.slice(0, 3), 'manila', 'bangkok', 'cheap hotel singapore']) {
      requests = [];
      await search.search({ q, limit: 2 });
      for (const r of requests) expect(r.querystring.preference, q).not.toMatch(/^_/);
    }
  });

  it('asks in one round trip whether any hotel has every word, falls back in one more to as many as any has, and its pages keep that choice', async () => {
    mock.clearAll();
    const batches: Array<{ preferences: string[]; asked: number[] }> = [];
    const twoWords = [hit('h0', [9, 'hotel h0', 'h0']), hit('h1', [8, 'hotel h1', 'h1'])];
    // No hotel has all three words; some have two.
    mock.add({ method: ['POST', 'GET'], path: '/hotels/_search' }, (params: any) => {
      requests.push({
        method: params.method,
        path: params.path,
        body: params.body,
        querystring: params.querystring,
      });
      return { hits: { hits: wordsAsked(params.body) <= 2 ? twoWords : [] } };
    });
    mock.add({ method: ['POST', 'GET'], path: '/hotels/_msearch' }, (params: any) => {
      const lines = msearchLines(params);
      const bodies = lines.filter((_: unknown, i: number) => i % 2 === 1);
      batches.push({
        preferences: lines.filter((_: unknown, i: number) => i % 2 === 0).map((h: any) => h.preference),
        asked: bodies.map((b: any) => (b.terminate_after ? -wordsAsked(b) : wordsAsked(b))),
      });
      return { responses: bodies.map((b: any) => ({ hits: { hits: wordsAsked(b) <= 2 ? twoWords : [] } })) };
    });
    const first = await search.search({ q: 'grand marina pier', limit: 1 });
    // The page for all three words, and whether three, two or one exist (negative: existence checks), at once...
    expect(batches.map((b) => b.asked)).toEqual([[3, -3, -2, -1]]);
    expect(new Set(batches[0]?.preferences).size).toBe(3);
    // ...then the page for two words.
    expect(requests.map((r) => wordsAsked(r.body))).toEqual([2]);
    expect(first.items.map((h) => h.hotelId)).toEqual(['h0']);
    requests = [];
    const second = await search.search({
      q: 'grand marina pier',
      limit: 1,
      cursor: first.nextCursor as string,
    });
    // The next page asks for two words straight away, after the cursor, with the preference of the first page's variant.
    expect(requests.map((r) => wordsAsked(r.body))).toEqual([2]);
    expect(requests[0]?.body.search_after).toEqual([9, 'hotel h0', 'h0']);
    expect(requests[0]?.querystring.preference).toBe(batches[0]?.preferences[2]);
    expect(batches).toHaveLength(1);
    expect(second.items.map((h) => h.hotelId)).toEqual(['h0']);
  });

  it('with a room filter, decides how many words must match without it, then narrows', async () => {
    mock.clearAll();
    const roomFilterOf = (body: any) =>
      body.query.bool.filter.some((f: any) => JSON.stringify(f).includes('maxRooms'));
    const asked: Array<{ k: number; rooms: boolean; exists: boolean }> = [];
    // "cedar garden": Cedar Garden has both words but no room type big enough; other hotels have "garden".
    const answer = (body: any) => {
      const k = wordsAsked(body);
      if (k === 2) return roomFilterOf(body) ? [] : [hit('cedar', [9, 'cedar garden', 'cedar'])];
      return [hit('amber', [3, 'amber garden', 'amber'])];
    };
    mock.add({ method: ['POST', 'GET'], path: '/hotels/_search' }, (params: any) => {
      asked.push({ k: wordsAsked(params.body), rooms: roomFilterOf(params.body), exists: false });
      return { hits: { hits: answer(params.body) } };
    });
    mock.add({ method: ['POST', 'GET'], path: '/hotels/_msearch' }, (params: any) => {
      const bodies = msearchLines(params).filter((_: unknown, i: number) => i % 2 === 1);
      for (const b of bodies)
        asked.push({ k: wordsAsked(b), rooms: roomFilterOf(b), exists: Boolean(b.terminate_after) });
      return { responses: bodies.map((b: any) => ({ hits: { hits: answer(b) } })) };
    });
    const page = await search.search({ q: 'cedar garden', limit: 5, minRooms: 3 });
    // Both words match a hotel, so the answer stays "both words", narrowed to nothing: never every "garden".
    expect(page.items).toEqual([]);
    expect(asked).toEqual([
      { k: 2, rooms: true, exists: false },
      { k: 2, rooms: false, exists: true },
      { k: 1, rooms: false, exists: true },
    ]);
  });

  it('refuses a cursor of the sort order before ranking changed (no word count in it) with a 400, not a 503', async () => {
    const older = encodeCursor(queryFingerprint('bangkok', undefined), [1.5, 'hotel a', 'a']);
    await expect(search.search({ q: 'bangkok', limit: 2, cursor: older })).rejects.toBeInstanceOf(
      ValidationFailed,
    );
    expect(requests).toEqual([]);
  });

  it('by price: sorts on the price key with its missing mark, filters on room size, brings back the rates', async () => {
    mock.clearAll();
    requests = [];
    mock.add({ method: ['POST', 'GET'], path: '/hotels/_search' }, (params: any) => {
      requests.push({ method: params.method, path: params.path, body: params.body });
      return {
        hits: {
          hits: [
            {
              ...hit('h0', ['USD0000000009000', 'hotel h0', 'h0']),
              _source: {
                ...hit('h0', [])._source,
                rates: {
                  roomTypes: [
                    { roomTypeId: 'std', totalRooms: 4, pricePerNight: { amount: 9000, currency: 'USD' } },
                  ],
                  priceFloor: { amount: 9000, currency: 'USD' },
                },
              },
            },
            hit('h1', ['USD0000000012000', 'hotel h1', 'h1']),
          ],
        },
      };
    });
    const page = await search.search({ city: 'Bangkok', limit: 1, order: 'priceFloor', minRooms: 3 });
    const body = requests[0]?.body;
    expect(body.sort).toEqual([
      { priceFloorKey: { order: 'asc', missing: '!' } },
      { 'name.sort': 'asc' },
      { hotelId: 'asc' },
    ]);
    expect(body._source).toContain('rates');
    expect(body.query.bool.filter).toEqual([
      { term: { 'city.exact': 'bangkok' } },
      {
        bool: {
          should: [
            { range: { maxRooms: { gte: 3 } } },
            { bool: { must_not: { exists: { field: 'maxRooms' } } } },
          ],
          minimum_should_match: 1,
        },
      },
    ]);
    expect(page.items[0]?.rates?.roomTypes[0]?.totalRooms).toBe(4);
    // The next page continues after the price key, and the undated price order sorts on the lowest price.
    await search.search({
      city: 'Bangkok',
      limit: 1,
      order: 'priceFloor',
      minRooms: 3,
      cursor: page.nextCursor as string,
    });
    expect(requests[1]?.body.search_after).toEqual(['USD0000000009000', 'hotel h0', 'h0']);
    await search.search({ city: 'Bangkok', limit: 1, order: 'fromPrice' });
    expect(requests[2]?.body.sort[0]).toEqual({ fromPriceKey: { order: 'asc', missing: '~' } });
    expect(requests[2]?.body.query.bool.filter).toEqual([{ term: { 'city.exact': 'bangkok' } }]);
    // Every field the body names is in the index definition.
    for (const field of ['priceFloorKey', 'fromPriceKey', 'maxRooms']) expect(mappingOf(field)).toBeDefined();
  });

  it('continues with search_after from the cursor, never from/size', async () => {
    const first = await search.search({ q: 'bangkok', limit: 2 });
    await search.search({ q: 'bangkok', limit: 2, cursor: first.nextCursor ?? undefined });
    expect(requests[1]?.body.search_after).toEqual([1.4, 'hotel h1', 'h1']);
    expect(requests[1]?.body).not.toHaveProperty('from');
  });

  it("seals a hit's cursor only when it is read: a page whose hits' cursors nobody reads spends one seal, for its next page", async () => {
    let sealed = 0;
    const counting = PROCESS_CURSOR_SEAL;
    const counted = new OpenSearchHotelSearch(client, 'hotels', {
      seal: (value) => {
        sealed++;
        return counting.seal(value);
      },
      open: (cursor) => counting.open(cursor),
      fingerprint: (value) => counting.fingerprint(value),
    });
    const page = await counted.search({ q: 'bangkok', limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(sealed).toBe(1); // the next page's cursor, not one per hit
    const after = page.items[1]?.after as string;
    expect(sealed).toBe(2);
    expect(page.items[1]?.after).toBe(after); // sealed once, then kept
    expect(sealed).toBe(2);
    // The hit's cursor continues right after it, as the page's own does.
    await counted.search({ q: 'bangkok', limit: 2, cursor: after });
    expect(requests.at(-1)?.body.search_after).toEqual([1.4, 'hotel h1', 'h1']);
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

  it("filters a hotelier's own list on the owner keyword, and binds its cursor to that owner", () => {
    const body = searchRequestBody('orch', { ownerId: 'owner-a' }, 5) as any;
    // Every match of the owner's list scores the same, so the sort's name decides the order.
    expect(Object.keys(body.query)).toEqual(['constant_score']);
    expect(body.query.constant_score.filter.bool.filter.slice(1)).toEqual([{ term: { ownerId: 'owner-a' } }]);
    expect(mappingOf('ownerId')).toEqual({ type: 'keyword' });
    // A traveller's search has no owner filter, and results never include the owner.
    expect((searchRequestBody('orch', {}, 5) as any).query.bool.filter.slice(1)).toEqual([]);
    expect(body._source).not.toContain('ownerId');
    expect(queryFingerprint('orch', undefined, 'owner-a')).not.toBe(
      queryFingerprint('orch', undefined, 'owner-b'),
    );
    expect(queryFingerprint('orch', undefined)).toBe(queryFingerprint('orch', undefined, undefined));
  });

  it('names only fields the index definition declares, each of the kind its clause needs', () => {
    const body = searchRequestBody('bangkok orch', { city: 'Bangkok' }, 5, [1, 'a', 'b']) as any;
    const only = (clause: Record<string, unknown>) => {
      const keys = Object.keys(clause);
      expect(keys).toHaveLength(1);
      return keys[0] as string;
    };
    const [, lastWord] = wordsOf(body).should;
    const [exact, typo, prefix] = lastWord.dis_max.queries;
    // Exact words on the name and city text fields, with the same folding analyzer.
    for (const field of exact.multi_match.fields as string[])
      expect(mappingOf(field.split('^')[0] as string)).toMatchObject({ type: 'text', analyzer: 'folded' });
    // Typos and prefixes on the root of the search_as_you_type field (never on its shingles)...
    const root = only(typo.match);
    expect(mappingOf(root)).toMatchObject({ type: 'search_as_you_type', analyzer: 'folded' });
    expect(only(prefix.match_bool_prefix)).toBe(root);
    // ...which holds both name and city words (copy_to), so "bangkok orchid" matches across them.
    expect(copiedInto(root)).toEqual(['name', 'city']);
    // The named-hotel boost matches whole names as keywords normalized the way `nameKey` folds them.
    const boosts = body.query.bool.should.filter((c: any) => c.terms).map((c: any) => Object.keys(c.terms));
    expect(boosts).toEqual([
      ['name.words', 'boost'],
      ['city.words', 'boost'],
    ]);
    expect(mappingOf('name.words')).toMatchObject({ type: 'keyword', normalizer: 'name_words' });
    // A city is named by a run of words, exactly or with a typo: whole cities as their folded words.
    expect(mappingOf('city.words')).toMatchObject({ type: 'keyword', normalizer: 'name_words' });
    const fuzzyFields = body.query.bool.filter[0].bool.should.slice(1).map((c: any) => only(c.fuzzy));
    expect(new Set(fuzzyFields)).toEqual(new Set(['city.words']));
    expect(mappingOf('city.exact')).toMatchObject({ type: 'keyword', normalizer: 'folded_keyword' });
    // A term filter only matches exactly on a keyword, folded as the query value is.
    expect(mappingOf(only(body.query.bool.filter[1].term))).toMatchObject({
      type: 'keyword',
      normalizer: 'folded_keyword',
    });
    // Sorting needs keywords (text fields cannot be sorted), apart from the score.
    for (const entry of body.sort) {
      const field = only(entry);
      if (field !== '_score') expect(mappingOf(field)?.type, field).toBe('keyword');
    }
    for (const field of body._source) expect(mappingOf(field), field).toBeDefined();
  });

  it("indexes and removes under one document id, the hotel item's partition key (what the pipeline writes)", async () => {
    const writes: Array<{ method: string; path: string; body: unknown }> = [];
    const record = (params: any) => {
      writes.push({ method: params.method, path: params.path, body: params.body });
      return { result: 'ok' };
    };
    mock.add({ method: ['PUT', 'POST', 'DELETE'], path: '/hotels/_doc/:id' }, record);
    await search.index({
      hotelId: 'h9',
      name: 'N',
      city: 'C',
      country: 'US',
      managedIn: 'us-east-1',
      secret: 1,
    } as never);
    await search.remove('h9');
    // `HOTEL#h9`, URL-encoded: a backfill overwrites the pipeline's document instead of adding a second one.
    expect(writes).toEqual([
      {
        method: 'PUT',
        path: '/hotels/_doc/HOTEL%23h9',
        body: { hotelId: 'h9', name: 'N', city: 'C', country: 'US', managedIn: 'us-east-1' },
      },
      { method: 'DELETE', path: '/hotels/_doc/HOTEL%23h9', body: null },
    ]);
    expect(writes[0]?.path).toBe(`/hotels/_doc/${encodeURIComponent(searchDocumentId('h9'))}`);
  });

  it('writes a batch as _bulk requests of at most 500 changes, waiting for a refresh, and fails on any item error', async () => {
    const bulks: Array<{ lines: any[]; refresh: unknown }> = [];
    let failItem = false;
    mock.add({ method: ['POST', 'PUT'], path: '/_bulk' }, (params: any) => {
      const lines = (Array.isArray(params.body) ? params.body : String(params.body).trim().split('\n')).map(
        (l: any) => (typeof l === 'string' ? JSON.parse(l) : l),
      );
      bulks.push({ lines, refresh: params.querystring?.refresh });
      return {
        errors: failItem,
        items: [
          { delete: { status: 404, result: 'not_found' } },
          ...(failItem ? [{ index: { status: 400, error: { type: 'mapper_parsing_exception' } } }] : []),
        ],
      };
    });
    const hotels = Array.from({ length: 501 }, (_, i) => ({
      hotelId: `b${i}`,
      name: `Bulk ${i}`,
      city: 'C',
      country: 'US',
      managedIn: 'us-east-1',
    }));
    await search.write([
      ...hotels.map((hotel) => ({ op: 'index' as const, hotel })),
      { op: 'remove', hotelId: 'b0' },
    ]);
    expect(bulks.map((b) => b.lines.length)).toEqual([1000, 3]);
    expect(bulks.every((b) => b.refresh === 'wait_for')).toBe(true);
    expect(bulks[0]?.lines.slice(0, 2)).toEqual([
      { index: { _index: 'hotels', _id: 'HOTEL#b0' } },
      { hotelId: 'b0', name: 'Bulk 0', city: 'C', country: 'US', managedIn: 'us-east-1' },
    ]);
    expect(bulks[1]?.lines.at(-1)).toEqual({ delete: { _index: 'hotels', _id: 'HOTEL#b0' } });
    failItem = true;
    await expect(search.write([{ op: 'remove', hotelId: 'b1' }])).rejects.toThrow(/mapper_parsing_exception/);
  });

  it('refuses a re-sealed cursor with sort values of the wrong shape before calling the cluster', async () => {
    const [fingerprint = ''] = matchFingerprints(['bangkok'], undefined);
    // Control: well-shaped values under a recomputed checksum do reach the cluster (the checksum is no secret).
    await search.search({
      q: 'bangkok',
      limit: 2,
      cursor: forgeCursor(1, fingerprint, '[1.5,"hotel a","a"]'),
    });
    expect(requests.map((r) => r.body.search_after)).toEqual([[1.5, 'hotel a', 'a']]);
    requests = [];
    for (const values of MALFORMED_SORT_VALUES) {
      const cursor = forgeCursor(1, fingerprint, values);
      await expect(search.search({ q: 'bangkok', limit: 2, cursor }), values).rejects.toBeInstanceOf(
        ValidationFailed,
      );
    }
    expect(requests).toEqual([]);
  });

  it('fails loudly rather than issue a cursor it would refuse, when a hit lacks proper sort values', async () => {
    mock.clearAll();
    mock.add({ method: ['POST', 'GET'], path: '/hotels/_search' }, () => ({
      hits: {
        hits: [hit('h0', [1.5, 'hotel h0', 'h0']), hit('h1', [1.4, null as never, 'h1']), hit('h2', [1.3])],
      },
    }));
    await expect(search.search({ q: 'bangkok', limit: 2 })).rejects.toThrow(/sort values/);
  });

  it('refuses a cursor whose checksum does not match its payload', async () => {
    const issued = (await search.search({ q: 'bangkok', limit: 2 })).nextCursor as string;
    requests = [];
    const [body = '', sum = ''] = issued.split('.');
    const forged = `${body}.${sum.slice(0, -1)}${sum.endsWith('A') ? 'B' : 'A'}`;
    await expect(search.search({ q: 'bangkok', limit: 2, cursor: forged })).rejects.toBeInstanceOf(
      ValidationFailed,
    );
    expect(requests).toEqual([]);
  });
});
