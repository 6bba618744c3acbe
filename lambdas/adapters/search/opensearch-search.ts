/**
 * The AWS `HotelSearch`: Amazon OpenSearch Service (the functions' client, signed with SigV4,
 * is built in lambdas/handlers/aws-search.ts). The index is fed by the OSIS pipeline from
 * DynamoDB Streams; `index` and `remove` exist for tests against a real cluster and for backfills.
 */
import { StoreBusy } from '../../domain/errors';
import type {
  CursorSeal,
  HotelSearch,
  HotelSummary,
  IndexedHotel,
  SearchIndexChange,
  SearchIndexWriter,
  SearchPage,
  SearchQuery,
} from '../../domain/ports';
import type { RateSummary } from '../../domain/rates';
import { filtersOf, starsOf } from '../../domain/search-filters';
import { summaryOf } from '../../domain/search-paging';
import { fold } from '../../domain/text-fold';
import { HOTEL_INDEX } from '../../infrastructure-contract';
import { rateAttributes } from '../dynamodb/items/hotel';
import { isSortKey, orderVariant, SearchCursors, type SortKey } from './cursor';
import { HOTEL_INDEX_BODY, searchDocumentId } from './index-definition';
import { searchRequestBody, wordsExistBody } from './opensearch-queries';
import { queryPlan, queryWords } from './ranking';

/**
 * The calls this adapter makes on an OpenSearch client. The package's `Client` has them all; the
 * functions' search-only client has `search` (it bundles without the other ~200 KiB of API).
 */
export interface OpenSearchCalls {
  search(params: { index: string; preference?: string; body: never }): PromiseLike<{ body: unknown }>;
  /** `<index>/_msearch`: header and body lines alternating, each header naming the index and preference. */
  msearch(params: { index: string; body: never }): PromiseLike<{ body: unknown }>;
  index(params: { index: string; id: string; body: never; refresh: 'wait_for' }): PromiseLike<unknown>;
  delete(params: { index: string; id: string; refresh: 'wait_for' }): PromiseLike<unknown>;
  /** Only where something feeds the index besides the pipeline (tests, the local environment). */
  bulk?(params: { body: never; refresh: 'wait_for' }): PromiseLike<{ body: unknown }>;
  readonly indices: {
    exists(params: { index: string }): PromiseLike<{ body: boolean }>;
    create(params: { index: string; body: never }): PromiseLike<unknown>;
  };
}

/** One variant of a query: how many of its words a result must match, and its request body. */
interface Variant {
  readonly minimumMatch: number;
  readonly body: Record<string, unknown>;
}

interface Hit {
  _id: string;
  _source?: HotelSummary & { rates?: RateSummary };
  sort?: Array<number | string>;
}

/** Changes per `_bulk` request: a few hundred KiB, far below the 10 MiB an AWS domain accepts. */
const BULK_CHANGES = 500;

/** `HotelSearch` on OpenSearch, paging with `search_after` (never from/size deep paging). */
export class OpenSearchHotelSearch implements HotelSearch, SearchIndexWriter {
  private readonly cursors: SearchCursors;

  /** `cursors` seals the cursors: the deployment's key (a key of this process by default, for tests). */
  constructor(
    private readonly client: OpenSearchCalls,
    private readonly indexName: string = HOTEL_INDEX,
    cursors?: CursorSeal,
  ) {
    this.cursors = new SearchCursors(cursors);
  }

  /**
   * Creates the index with the shared definition unless it exists (tests, backfills and the local
   * environment; OSIS does it in AWS). A single node has nowhere to put a replica: `replicas: 0`
   * keeps its health green.
   */
  async ensureIndex(options: { readonly replicas?: number } = {}): Promise<void> {
    const exists = await this.client.indices.exists({ index: this.indexName });
    if (exists.body) return;
    const body =
      options.replicas === undefined
        ? HOTEL_INDEX_BODY
        : {
            ...HOTEL_INDEX_BODY,
            settings: {
              ...HOTEL_INDEX_BODY.settings,
              index: { ...HOTEL_INDEX_BODY.settings.index, number_of_replicas: options.replicas },
            },
          };
    await this.client.indices.create({ index: this.indexName, body: body as never });
  }

  async search(query: SearchQuery): Promise<SearchPage> {
    const q = query.q?.trim() || undefined;
    const city = query.city?.trim() || undefined;
    const words = queryWords(q);
    const byPrice = (query.order ?? 'relevance') !== 'relevance';
    const fingerprints = this.cursors.matchFingerprints(
      words,
      city ? fold(city) : undefined,
      query.ownerId,
      orderVariant(query),
    );
    const resume = query.cursor
      ? this.cursors.decodeCursorAmong(query.cursor, fingerprints, byPrice)
      : undefined;
    if (!words.length && q) return { items: [], nextCursor: null };
    const filters = filtersOf({ ...query, city });
    const body = (minimumMatch?: number, searchAfter?: SortKey) =>
      searchRequestBody(q, filters, query.limit, searchAfter, { order: query.order, minimumMatch });
    const required = queryPlan(q).required.length;
    let minimumMatch = resume ? resume.variant + 1 : Math.max(1, required);
    let hits: Hit[];
    if (resume || required <= 1)
      hits = await this.send([{ minimumMatch, body: body(minimumMatch, resume?.sortKey) }], fingerprints);
    else {
      // One round trip: the page for every word, and whether any hotel has every word, or k of them.
      const counts = Array.from({ length: required }, (_, i) => required - i);
      const [page, ...exists] = await this.sendAll(
        [
          { minimumMatch, body: body(minimumMatch) },
          ...counts.map((k) => ({ minimumMatch: k, body: wordsExistBody(q, filters, k) })),
        ],
        fingerprints,
      );
      hits = page ?? [];
      // Only when no hotel has them all, as many as any hotel has (one more round trip).
      const found = exists.findIndex((answer) => answer.length > 0);
      if (found > 0) {
        minimumMatch = counts[found] as number;
        hits = await this.send([{ minimumMatch, body: body(minimumMatch) }], fingerprints);
      }
    }
    const page = hits.slice(0, query.limit);
    const last = page.at(-1);
    const fingerprint = fingerprints[Math.max(1, minimumMatch) - 1] as string;
    return {
      // Each hit's sort key is checked now; its cursor is sealed only if read (an undated page never does).
      items: page.flatMap((h) =>
        h._source
          ? [
              this.cursors.hitAfter(
                { ...summaryOf(h._source), ...(h._source.rates ? { rates: h._source.rates } : {}) },
                fingerprint,
                sortKeyOf(h),
              ),
            ]
          : [],
      ),
      nextCursor:
        hits.length > query.limit && last ? this.cursors.encodeCursor(fingerprint, sortKeyOf(last)) : null,
    };
  }

  /** One search; its `preference` keeps a query's pages on the same shard copies, so scores hold still. */
  private async send(requests: readonly Variant[], fingerprints: readonly string[]): Promise<Hit[]> {
    return (await this.sendAll(requests, fingerprints))[0] ?? [];
  }

  /** Several variants of a query in one round trip (`_msearch` when more than one). */
  private async sendAll(requests: readonly Variant[], fingerprints: readonly string[]): Promise<Hit[][]> {
    // A fingerprint is base64url and may start with "_", which OpenSearch takes for one of its own
    // preferences (`_local`, ...) and refuses with an error: a prefix keeps it a custom string.
    const preference = (v: Variant) => `q${fingerprints[Math.max(1, v.minimumMatch) - 1]}`;
    try {
      if (requests.length === 1) {
        const [only] = requests as [Variant];
        const response = await this.client.search({
          index: this.indexName,
          preference: preference(only),
          body: only.body as never,
        });
        return [(response.body as { hits: { hits: Hit[] } }).hits.hits];
      }
      const response = await this.client.msearch({
        // Under the index's path, which is what the functions' IAM grant names.
        index: this.indexName,
        body: requests.flatMap((v) => [
          { index: this.indexName, preference: preference(v) },
          v.body,
        ]) as never,
      });
      const answers = (response.body as { responses: Array<{ hits?: { hits: Hit[] }; error?: unknown }> })
        .responses;
      if (answers.some((a) => a.error || !a.hits)) throw new Error('a search of the batch failed');
      return answers.map((a) => a.hits?.hits ?? []);
    } catch {
      throw new StoreBusy(1, 'Search is unavailable right now; please retry');
    }
  }

  async index(hotel: IndexedHotel): Promise<void> {
    await this.client.index({
      index: this.indexName,
      // The pipeline's id for the same hotel, so a backfill replaces its document rather than doubling it.
      id: searchDocumentId(hotel.hotelId),
      body: documentOf(hotel) as never,
      refresh: 'wait_for',
    });
  }

  /**
   * A batch in one `_bulk` request per 500 changes: each write waits for a refresh (up to a
   * second), so a load of thousands of hotels one by one would take as many seconds.
   */
  async write(changes: readonly SearchIndexChange[]): Promise<void> {
    if (!this.client.bulk) throw new Error('this OpenSearch client cannot write in bulk');
    for (let start = 0; start < changes.length; start += BULK_CHANGES) {
      const lines = changes
        .slice(start, start + BULK_CHANGES)
        .flatMap((change) =>
          change.op === 'index'
            ? [
                { index: { _index: this.indexName, _id: searchDocumentId(change.hotel.hotelId) } },
                documentOf(change.hotel),
              ]
            : [{ delete: { _index: this.indexName, _id: searchDocumentId(change.hotelId) } }],
        );
      const response = await this.client.bulk({ body: lines as never, refresh: 'wait_for' });
      // Removing an absent hotel is fine (a 404 without an error); anything else failed.
      const failed = (response.body as { items?: Array<Record<string, { error?: unknown }>> }).items
        ?.flatMap((item) => Object.values(item))
        .find((result) => result.error);
      if (failed) throw new Error(`bulk write to ${this.indexName} failed: ${JSON.stringify(failed.error)}`);
    }
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

/** A hotel's document: its summary, owner and what the pipeline copies off its rates, so a backfill matches it. */
function documentOf(hotel: IndexedHotel): Record<string, unknown> {
  const stars = starsOf(hotel.attributes);
  return {
    ...summaryOf(hotel),
    ...(hotel.ownerId ? { ownerId: hotel.ownerId } : {}),
    ...(stars === undefined ? {} : { attributes: { stars } }),
    ...(hotel.rates ? rateAttributes(hotel.rates) : {}),
  };
}
