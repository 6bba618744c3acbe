/** Ports: the search engine over hotels, and what feeds its index. */

import type { Attributes } from './model';
import type { RateSummary } from './rates';
import type { SearchFilters } from './search-filters';

/** What the search index holds for a hotel, and what a search result shows. */
export interface HotelSummary {
  readonly hotelId: string;
  readonly name: string;
  readonly city: string;
  readonly country: string;
  readonly managedIn: string;
}

/** What the index holds for a hotel: its summary, its rates and, for the hotelier's own list, who owns it (never shown). */
export interface IndexedHotel extends HotelSummary {
  readonly ownerId?: string;
  /** The hotel's attributes; the index reads `stars` off them (the `minStars` filter). */
  readonly attributes?: Attributes;
  /** Absent for a hotel stored before rate summaries existed: its rooms and prices are unknown. */
  readonly rates?: RateSummary;
}

/** A search of the engine: its words, its filters (see `SearchFilters`), its order and its page. */
export interface SearchQuery extends SearchFilters {
  /** What the traveller typed so far; may be empty when `city` is given. */
  readonly q?: string;
  readonly limit: number;
  /** The opaque `nextCursor` of the previous page. */
  readonly cursor?: string;
  /**
   * `relevance` (default); `fromPrice`: by the lowest base price; `priceFloor`: by the
   * hotel's price floor (a lower bound of any stay's price). Prices sort currency first, then amount.
   */
  readonly order?: 'relevance' | 'fromPrice' | 'priceFloor';
}

/** One hit of the search engine: the hotel, its rates, and the cursor that continues right after it. */
export interface SearchHit extends HotelSummary {
  readonly rates?: RateSummary;
  readonly after: string;
}

export interface SearchPage {
  readonly items: SearchHit[];
  readonly nextCursor: string | null;
}

/**
 * Search-as-you-type over hotel names and cities. Adapters: OpenSearch in AWS,
 * an embedded engine locally. A cursor that was not issued by the adapter is a
 * `ValidationFailed`, never a crash.
 */
export interface HotelSearch {
  search(query: SearchQuery): Promise<SearchPage>;
  /** Adds or replaces a hotel in the index; results show only its summary. */
  index(hotel: IndexedHotel): Promise<void>;
  /** Removes a hotel from the index; removing an absent hotel is fine. */
  remove(hotelId: string): Promise<void>;
}

/** One change to a search index: a hotel added or replaced, or removed. */
export type SearchIndexChange =
  | { readonly op: 'index'; readonly hotel: IndexedHotel }
  | { readonly op: 'remove'; readonly hotelId: string };

/**
 * What feeds a search index from the table's stream (the OSIS pipeline in AWS, the stream
 * stand-in locally); both engines implement it. Changes apply in order, and are searchable
 * once `write` resolves.
 */
export interface SearchIndexWriter {
  write(changes: readonly SearchIndexChange[]): Promise<void>;
}
