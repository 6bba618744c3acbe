/**
 * Opaque search cursors: the last hit's sort values, bound to the query that
 * produced them and sealed under the deployment's cursor key (`cursor-seal.ts`),
 * so a cursor that was forged, altered, truncated, or belongs to another query
 * is a 400, never a 500.
 *
 * The sort values are still checked here, for both engines, to be exactly what
 * they issue (see `SORT_ORDER`) before any query runs: a cursor of an older
 * release (another sort) must not reach OpenSearch as a malformed `search_after`.
 */
import * as z from 'zod';
import type { CursorSeal } from '../../domain/ports';
import { narrowingFilters, type SearchFilters } from '../../domain/search-filters';
import { invalidCursor } from '../../domain/search-paging';
import { PROCESS_CURSOR_SEAL } from '../cursor-seal';
import { isPriceSortKey } from './price-key';

const VERSION = 1;

/**
 * One value per `SORT_ORDER` entry, typed as the engines issue them: `_score` a
 * finite number (zod refuses NaN and Infinity), `name.sort` and `hotelId` keyword strings.
 * By price, a price key (see `price-key.ts`) takes the score's place.
 */
const sortKeySchema = z.tuple([z.union([z.number(), z.string().max(20)]), z.string(), z.string()]);

/** The sort values of a hit: score (or price key), folded name, hotel id. */
export type SortKey = z.infer<typeof sortKeySchema>;

const payloadSchema = z.tuple([z.literal(VERSION), z.string(), sortKeySchema]);

/**
 * The part of a query's fingerprint that its order and narrowing filters (rooms, stars, price)
 * make; undefined for a plain search. The fingerprint's canonical JSON binds the filters
 * whatever the order of their fields.
 */
export function orderVariant(query: SearchFilters & { order?: string }): unknown {
  const order = query.order ?? 'relevance';
  const narrowing = narrowingFilters(query);
  return order === 'relevance' && !Object.keys(narrowing).length ? undefined : [order, narrowing];
}

/** True when `values` have the shape of a sort key (what a cursor may carry). */
export function isSortKey(values: unknown): values is SortKey {
  return sortKeySchema.safeParse(values).success;
}

/** An engine's cursors, sealed with `seal` (the deployment's; a process key in tests). */
export class SearchCursors {
  constructor(readonly seal: CursorSeal = PROCESS_CURSOR_SEAL) {}

  /** What the cursor is bound to: the normalized query text, the city filter, the owner filter, the order and narrowing filters. */
  queryFingerprint(
    q: string | undefined,
    city: string | undefined,
    ownerId?: string,
    variant?: unknown,
  ): string {
    return this.seal.fingerprint(['search', q ?? '', city ?? '', ownerId ?? null, variant ?? null]);
  }

  /**
   * What a text query's pages are bound to, one fingerprint per number of words a
   * result must match (index k - 1 for k words): a query falls back to fewer words
   * only when no hotel matches them all, and its later pages keep that choice.
   */
  matchFingerprints(
    words: readonly string[],
    city: string | undefined,
    ownerId?: string,
    variant?: unknown,
  ): string[] {
    const text = words.join(' ');
    return Array.from({ length: Math.max(1, words.length) }, (_, i) =>
      this.queryFingerprint(`${text}\0${i + 1}`, city, ownerId, variant),
    );
  }

  /** The cursor that continues after `sortKey`, for this query. */
  encodeCursor(fingerprint: string, sortKey: SortKey): string {
    return this.seal.seal([VERSION, fingerprint, sortKey]);
  }

  /**
   * `fields` as a search hit whose `after` continues right after `sortKey`: sealed only when
   * read (an undated page never reads it), from values fixed now, so neither another search
   * nor an index update while the caller awaits something else can change it.
   */
  hitAfter<T extends object>(
    fields: T,
    fingerprint: string,
    sortKey: SortKey,
  ): T & { readonly after: string } {
    let sealed: string | undefined;
    return Object.defineProperty(fields, 'after', {
      get: () => {
        sealed ??= this.encodeCursor(fingerprint, sortKey);
        return sealed;
      },
      // Enumerable, so the hit looks like any other; only reading (or copying) it seals.
      enumerable: true,
    }) as T & { readonly after: string };
  }

  /**
   * The sort key a cursor continues after; `ValidationFailed` unless it is intact, well-formed and for this
   * query: a number first when ordered by relevance, a price key (or its none and unknown marks) by price.
   */
  decodeCursor(cursor: string, fingerprint: string, byPrice = false): SortKey {
    return this.decodeCursorAmong(cursor, [fingerprint], byPrice).sortKey;
  }

  /**
   * The sort key a cursor continues after, and which of `fingerprints` it was
   * issued for (a query's pages may be bound to one of several variants of it);
   * `ValidationFailed` unless it is intact, well-formed and for one of them.
   */
  decodeCursorAmong(
    cursor: string,
    fingerprints: readonly string[],
    byPrice = false,
  ): { sortKey: SortKey; variant: number } {
    const parsed = this.seal.open(cursor);
    if (parsed === undefined) throw invalidCursor();
    const result = payloadSchema.safeParse(parsed);
    const variant = result.success ? fingerprints.indexOf(result.data[1]) : -1;
    if (!result.success || variant < 0) throw invalidCursor();
    const first = result.data[2][0];
    if (byPrice ? !isPriceSortKey(first) : typeof first !== 'number') throw invalidCursor();
    return { sortKey: result.data[2], variant };
  }
}
