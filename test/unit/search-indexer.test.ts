/** The stream stand-in's search side: which changes reach the index, in what batches. */
import { describe, expect, it } from 'vitest';
import type { SearchIndexChange, SearchIndexWriter } from '../../lambdas/domain/ports';
import { configFromEnv } from '../../local/config';
import { SearchIndexer } from '../../local/search-indexer';
import type { Change } from '../../local/stream-follower';

const hotelItem = (hotelId: string, status = 'ACTIVE') => ({
  pk: `HOTEL#${hotelId}`,
  sk: 'HOTEL',
  entity: 'HOTEL',
  hotelId,
  name: `Hotel ${hotelId}`,
  city: 'Austin',
  country: 'US',
  managedIn: 'us-east-1',
  ownerId: 'owner-1',
  status,
});
let sequence = 0;
const change = (eventName: Change['eventName'], newImage?: object, oldImage?: object): Change => ({
  eventName,
  keys: { pk: 'pk', sk: 'sk' },
  newImage: newImage as Change['newImage'],
  oldImage: oldImage as Change['oldImage'],
  sequenceNumber: String(++sequence),
});

describe('search indexer', () => {
  it('applies a batch of stream changes as one ordered write of its hotel items only', async () => {
    const writes: SearchIndexChange[][] = [];
    const writer: SearchIndexWriter = { write: async (changes) => void writes.push([...changes]) };
    const indexer = new SearchIndexer(writer, {} as never, 'hotels');
    await indexer.apply([
      change('INSERT', hotelItem('a')),
      change('INSERT', { pk: 'HOTEL#a', sk: 'ROOMTYPE#std', entity: 'ROOMTYPE' }),
      change('MODIFY', hotelItem('b', 'CLOSED'), hotelItem('b')),
      change('REMOVE', undefined, hotelItem('c')),
      change('MODIFY', hotelItem('a'), hotelItem('a')),
    ]);
    expect(writes).toHaveLength(1);
    expect(
      writes[0]?.map((w) => (w.op === 'index' ? `index ${w.hotel.hotelId}` : `remove ${w.hotelId}`)),
    ).toEqual([
      'index a',
      'remove b', // a closed hotel leaves the index
      'remove c',
      'index a',
    ]);
    await indexer.apply([change('INSERT', { pk: 'BOOKING#1', sk: 'B', entity: 'BOOKING' })]);
    expect(writes).toHaveLength(1); // nothing of search's: no write at all
  });
});

describe('LOCAL_SEARCH', () => {
  it('is the embedded engine unless set to opensearch, and names itself when set to anything else', () => {
    expect(configFromEnv({}).search).toBe('embedded');
    expect(configFromEnv({ LOCAL_SEARCH: 'embedded' }).search).toBe('embedded');
    const real = configFromEnv({ LOCAL_SEARCH: 'opensearch', OPENSEARCH_URL: 'http://127.0.0.1:9200' });
    expect([real.search, real.opensearchUrl]).toEqual(['opensearch', 'http://127.0.0.1:9200']);
    expect(configFromEnv({ LOCAL_SEARCH: 'opensearch' }).opensearchUrl).toBeUndefined();
    expect(configFromEnv({ OPENSEARCH_PORT: '9201' }).opensearchPort).toBe(9201);
    expect(() => configFromEnv({ LOCAL_SEARCH: 'elastic' })).toThrow(/LOCAL_SEARCH/);
  });
});
