/**
 * The filters of a hotel search, as one plain serialisable value: what a hotel must be to be
 * a result, apart from the words it matches. Both engines build their filter clauses from it,
 * one entry per field (the compiler checks that every field has one: `FILTER_CLAUSES` in
 * opensearch-queries.ts, `FILTER_TESTS` in embedded-filters.ts); the embedded engine keeps, per
 * hotel, the values they test (`HotelFilterValues`); and a search's cursor is bound to them
 * (`orderVariant` in cursor.ts), so a cursor never continues a search with other filters.
 *
 * Adding a filter: a field here, its value per hotel (a mapping entry in the index definition,
 * a field of `HotelFilterValues`), and its clause and test in each engine.
 */
import type { Attributes } from './model';
import type { Money } from './money';

export interface SearchFilters {
  /** Only hotels in this city: exact, compared folded (case and accents ignored). */
  readonly city?: string;
  /** Only this hotelier's hotels (the management list); never set by a traveller's search. */
  readonly ownerId?: string;
  /** Only hotels with a room type of at least this many rooms (or whose rooms are unknown). */
  readonly minRooms?: number;
  /** Only hotels whose `stars` attribute is at least this (a hotel without one never passes). */
  readonly minStars?: number;
  /** Only hotels whose lowest nightly base price (`fromPrice`) is at most this, in this currency. */
  readonly maxFromPrice?: Money;
  /**
   * Only hotels whose price floor is at most this, in this currency, or unknown: a dated
   * search's `maxPrice` over its nights and rooms (no stay there can be cheaper than the floor).
   */
  readonly maxFloor?: Money;
}

/** The filters of `query` (any object with filter fields, such as a `SearchQuery`), and nothing else. */
export function filtersOf(query: SearchFilters): SearchFilters {
  const { city, ownerId, minRooms, minStars, maxFromPrice, maxFloor } = query;
  const all: Record<keyof SearchFilters, unknown> = {
    city,
    ownerId,
    minRooms,
    minStars,
    maxFromPrice,
    maxFloor,
  };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as SearchFilters;
}

/**
 * The filters that only narrow a result (rooms, stars, price), without city and owner: those two
 * decide what the words match (the most-words fallback is decided within them).
 */
export function narrowingFilters(filters: SearchFilters): SearchFilters {
  const { city: _city, ownerId: _owner, ...narrowing } = filtersOf(filters);
  return narrowing;
}

/** A hotel's star rating, from its `stars` attribute: a number from 0 to 10, else none. */
export function starsOf(attributes: Attributes | undefined): number | undefined {
  const stars = attributes?.stars;
  return typeof stars === 'number' && Number.isFinite(stars) && stars >= 0 && stars <= 10 ? stars : undefined;
}
