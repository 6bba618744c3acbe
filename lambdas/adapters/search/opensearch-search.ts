/**
 * The AWS `HotelSearch`: Amazon OpenSearch Service, signed with SigV4. The
 * index is fed by the OSIS pipeline from DynamoDB Streams; `index` and `remove`
 * exist for tests against a real cluster and for backfills.
 */
import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3';
import { StoreBusy } from '../../domain/errors';
import type {
  HotelSearch,
  HotelSummary,
  IndexedHotel,
  SearchHit,
  SearchPage,
  SearchQuery,
} from '../../domain/ports';
import type { RateSummary } from '../../domain/rates';
import { HOTEL_INDEX } from '../../infrastructure-contract';
import { rateAttributes } from '../dynamodb/items/hotel';
import {
  decodeCursor,
  encodeCursor,
  isSortKey,
  orderVariant,
  queryFingerprint,
  type SortKey,
} from './cursor';
import { foldToAscii } from './folding';
import {
  HOTEL_INDEX_BODY,
  PRICE_SORT_ORDER,
  SORT_ORDER,
  SOURCE_FIELDS,
  searchDocumentId,
} from './index-definition';

/** A client for an Amazon OpenSearch Service domain, signing every request with the Lambda's role. */
export function awsOpenSearchClient(endpoint: string, region: string): Client {
  return new Client({ ...AwsSigv4Signer({ region, service: 'es' }), node: endpoint });
}

/** The search request for a query, continuing after `searchAfter` when paging. */
export function searchRequestBody(
  q: string | undefined,
  city: string | undefined,
  limit: number,
  searchAfter?: SortKey,
  ownerId?: string,
  shape: Pick<SearchQuery, 'order' | 'minRooms'> = {},
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
        // A room type big enough, or rooms not known yet (indexed before rates): the second stage decides.
        ...(shape.minRooms === undefined
          ? []
          : [
              {
                bool: {
                  should: [
                    { range: { maxRooms: { gte: shape.minRooms } } },
                    { bool: { must_not: { exists: { field: 'maxRooms' } } } },
                  ],
                  minimum_should_match: 1,
                },
              },
            ]),
      ],
    },
  };
  return {
    size: limit + 1, // one more than asked, to know whether a next page exists
    track_total_hits: false,
    _source: [...SOURCE_FIELDS],
    // A hotelier's own list is ordered by name: every match scores the same, so the sort's name decides.
    query: ownerId ? { constant_score: { filter: matching } } : matching,
    sort: shape.order && shape.order !== 'relevance' ? PRICE_SORT_ORDER[shape.order] : SORT_ORDER,
    ...(searchAfter ? { search_after: searchAfter } : {}),
  };
}

interface Hit {
  _id: string;
  _source?: HotelSummary & { rates?: RateSummary };
  sort?: Array<number | string>;
}

/** `HotelSearch` on OpenSearch, paging with `search_after` (never from/size deep paging). */
export class OpenSearchHotelSearch implements HotelSearch {
  constructor(
    private readonly client: Client,
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
      orderVariant(query),
    );
    const byPrice = (query.order ?? 'relevance') !== 'relevance';
    const searchAfter = query.cursor ? decodeCursor(query.cursor, fingerprint, byPrice) : undefined;
    let hits: Hit[];
    try {
      const response = await this.client.search({
        index: this.indexName,
        body: searchRequestBody(q, city, query.limit, searchAfter, query.ownerId, query) as never,
      });
      hits = (response.body as { hits: { hits: Hit[] } }).hits.hits;
    } catch {
      throw new StoreBusy(1, 'Search is unavailable right now; please retry');
    }
    const page = hits.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.flatMap((h): SearchHit[] =>
        h._source
          ? [
              {
                ...pick(h._source),
                ...(h._source.rates ? { rates: h._source.rates } : {}),
                after: encodeCursor(fingerprint, sortKeyOf(h)),
              },
            ]
          : [],
      ),
      nextCursor: hits.length > query.limit && last ? encodeCursor(fingerprint, sortKeyOf(last)) : null,
    };
  }

  async index(hotel: IndexedHotel): Promise<void> {
    await this.client.index({
      index: this.indexName,
      // The pipeline's id for the same hotel, so a backfill replaces its document rather than doubling it.
      id: searchDocumentId(hotel.hotelId),
      body: {
        ...pick(hotel),
        ...(hotel.ownerId ? { ownerId: hotel.ownerId } : {}),
        // What the pipeline copies off a hotel item, so a backfill matches it.
        ...(hotel.rates ? rateAttributes(hotel.rates) : {}),
      } as never,
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
