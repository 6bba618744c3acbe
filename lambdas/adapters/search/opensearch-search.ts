/**
 * The AWS `HotelSearch`: Amazon OpenSearch Service (the functions' client, signed with SigV4,
 * is built in lambdas/handlers/aws-search.ts). The index is fed by the OSIS pipeline from
 * DynamoDB Streams; `index` and `remove` exist for tests against a real cluster and for backfills.
 */
import { StoreBusy } from '../../domain/errors';
import type { HotelSearch, HotelSummary, IndexedHotel, SearchPage, SearchQuery } from '../../domain/ports';
import { HOTEL_INDEX } from '../../infrastructure-contract';
import { decodeCursor, encodeCursor, isSortKey, queryFingerprint, type SortKey } from './cursor';
import { foldToAscii } from './folding';
import { HOTEL_INDEX_BODY, INDEXED_FIELDS, SORT_ORDER, searchDocumentId } from './index-definition';

/**
 * The calls this adapter makes on an OpenSearch client. The package's `Client` has them all; the
 * functions' search-only client has `search` (it bundles without the other ~200 KiB of API).
 */
export interface OpenSearchCalls {
  search(params: { index: string; body: never }): PromiseLike<{ body: unknown }>;
  index(params: { index: string; id: string; body: never; refresh: 'wait_for' }): PromiseLike<unknown>;
  delete(params: { index: string; id: string; refresh: 'wait_for' }): PromiseLike<unknown>;
  readonly indices: {
    exists(params: { index: string }): PromiseLike<{ body: boolean }>;
    create(params: { index: string; body: never }): PromiseLike<unknown>;
  };
}

/** The search request for a query, continuing after `searchAfter` when paging. */
export function searchRequestBody(
  q: string | undefined,
  city: string | undefined,
  limit: number,
  searchAfter?: SortKey,
  ownerId?: string,
): Record<string, unknown> {
  const text = q ? q : undefined;
  const matching = {
    bool: {
      must: text
        ? [
            {
              bool: {
                should: [
                  // As you type: every word but the last may have typos; the last is a prefix (never fuzzy).
                  {
                    multi_match: {
                      query: text,
                      type: 'bool_prefix',
                      fields: ['nameCity', 'nameCity._2gram', 'nameCity._3gram'],
                      operator: 'and',
                      fuzziness: 'AUTO',
                    },
                  },
                  // Typos in the last word too, once it is typed out ("bangkokk", "Marina Bey").
                  { match: { nameCity: { query: text, operator: 'and', fuzziness: 'AUTO' } } },
                ],
                minimum_should_match: 1,
              },
            },
          ]
        : [{ match_all: {} }],
      // Words that hit the name rank above words that only hit the city.
      should: text ? [{ match_bool_prefix: { name: { query: text, boost: 2, fuzziness: 'AUTO' } } }] : [],
      filter: [
        ...(city ? [{ term: { 'city.exact': foldToAscii(city) } }] : []),
        // The hotelier's own list: only their hotels, whatever the text matches.
        ...(ownerId ? [{ term: { ownerId } }] : []),
      ],
    },
  };
  return {
    size: limit + 1, // one more than asked, to know whether a next page exists
    track_total_hits: false,
    _source: [...INDEXED_FIELDS],
    // A hotelier's own list is ordered by name: every match scores the same, so the sort's name decides.
    query: ownerId ? { constant_score: { filter: matching } } : matching,
    sort: SORT_ORDER,
    ...(searchAfter ? { search_after: searchAfter } : {}),
  };
}

interface Hit {
  _id: string;
  _source?: HotelSummary;
  sort?: Array<number | string>;
}

/** `HotelSearch` on OpenSearch, paging with `search_after` (never from/size deep paging). */
export class OpenSearchHotelSearch implements HotelSearch {
  constructor(
    private readonly client: OpenSearchCalls,
    private readonly indexName: string = HOTEL_INDEX,
  ) {}

  /** Creates the index with the shared definition unless it exists (tests and backfills; OSIS does it in AWS). */
  async ensureIndex(): Promise<void> {
    const exists = await this.client.indices.exists({ index: this.indexName });
    if (!exists.body)
      await this.client.indices.create({ index: this.indexName, body: HOTEL_INDEX_BODY as never });
  }

  async search(query: SearchQuery): Promise<SearchPage> {
    const q = query.q?.trim() || undefined;
    const city = query.city?.trim() || undefined;
    const fingerprint = queryFingerprint(
      q ? foldToAscii(q) : undefined,
      city ? foldToAscii(city) : undefined,
      query.ownerId,
    );
    const searchAfter = query.cursor ? decodeCursor(query.cursor, fingerprint) : undefined;
    let hits: Hit[];
    try {
      const response = await this.client.search({
        index: this.indexName,
        body: searchRequestBody(q, city, query.limit, searchAfter, query.ownerId) as never,
      });
      hits = (response.body as { hits: { hits: Hit[] } }).hits.hits;
    } catch {
      throw new StoreBusy(1, 'Search is unavailable right now; please retry');
    }
    const page = hits.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.flatMap((h) => (h._source ? [pick(h._source)] : [])),
      nextCursor: hits.length > query.limit && last ? encodeCursor(fingerprint, sortKeyOf(last)) : null,
    };
  }

  async index(hotel: IndexedHotel): Promise<void> {
    await this.client.index({
      index: this.indexName,
      // The pipeline's id for the same hotel, so a backfill replaces its document rather than doubling it.
      id: searchDocumentId(hotel.hotelId),
      body: { ...pick(hotel), ...(hotel.ownerId ? { ownerId: hotel.ownerId } : {}) } as never,
      refresh: 'wait_for',
    });
  }

  async remove(hotelId: string): Promise<void> {
    try {
      await this.client.delete({ index: this.indexName, id: searchDocumentId(hotelId), refresh: 'wait_for' });
    } catch (error) {
      if ((error as { meta?: { statusCode?: number } }).meta?.statusCode !== 404) throw error;
    }
  }
}

/** The hit's sort key; a hit without one means the index holds a document the pipeline never writes. */
function sortKeyOf(hit: Hit): SortKey {
  // Never issue a cursor that decodeCursor would then refuse: fail here, where the cause is visible.
  if (!isSortKey(hit.sort))
    throw new Error(
      `Search hit ${hit._id} has sort values ${JSON.stringify(hit.sort)}, not [score, name, id]`,
    );
  return hit.sort;
}

function pick(hotel: HotelSummary): HotelSummary {
  const { hotelId, name, city, country, managedIn } = hotel;
  return { hotelId, name, city, country, managedIn };
}
