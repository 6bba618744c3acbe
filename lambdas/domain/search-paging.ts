/**
 * What both orders of a dated search share: the query, the page and its cost,
 * the read budget (`READ_BUDGET`), the sources a search reads, and the cursor's
 * binding. `available-search.ts` runs a search by relevance, `price-walk.ts` by price.
 */
import { ValidationFailed } from './errors';
import { MAX_ROOM_TYPES_PER_HOTEL } from './hotels';
import type { Money } from './money';
import type { CursorSeal, HotelSearch, HotelSummary, SearchHit } from './ports';
import { fromPriceOf } from './rates';
import { filtersOf, type SearchFilters } from './search-filters';
import { nightsOf } from './stay';
import type { Offer, StayCheck } from './stay-check';

export interface StaySearch {
  readonly q?: string;
  readonly city?: string;
  readonly checkIn: string;
  readonly checkOut: string;
  readonly rooms: number;
  readonly sort: 'relevance' | 'price';
  readonly limit: number;
  readonly cursor?: string;
  /** Only hotels rated at least this many stars. */
  readonly minStars?: number;
  /** Only offers whose total for the stay and rooms is at most this, in this currency. */
  readonly maxPrice?: Money;
}

/** One search result: the hotel, its lowest base price and, with dates, its offer. */
export interface SearchResult extends HotelSummary {
  readonly fromPrice: Money | null;
  readonly offer?: Offer;
}

export interface ResultPage {
  readonly items: SearchResult[];
  readonly nextCursor: string | null;
}

/** A page and what it cost: items read (against `READ_BUDGET`) and candidates checked. */
export interface StaySearchOutcome {
  readonly page: ResultPage;
  readonly reads: number;
  readonly checked: number;
}

/**
 * Items one dated search request may read: each candidate the engine yields
 * counts one, and each key read from the table (a room type, a night of it, a
 * hotel a cursor names) one more. A city where one hotel in two is bookable
 * fills a 20-item page of week-long stays with three room types well within it
 * (about 40 × (1 + 3 × 8) ≈ 1,000); it also holds the dearest single hotel
 * (1 + 50 room types × 31 keys) after the hotels a price cursor names (at most
 * 34), so every request moves on.
 */
export const READ_BUDGET = 2_000;

/** Candidates fetched in one batch: never more than one engine page. */
const MAX_BATCH = 100;

/** Only the summary fields of a hotel (or of a hit, or an indexed hotel): what a search shows of it. */
export function summaryOf(hotel: HotelSummary): HotelSummary {
  const { hotelId, name, city, country, managedIn } = hotel;
  return { hotelId, name, city, country, managedIn };
}

/** The result a hit becomes. */
export function resultOf(hit: SearchHit, offer?: Offer): SearchResult {
  return {
    ...summaryOf(hit),
    fromPrice: hit.rates ? fromPriceOf(hit.rates) : null,
    ...(offer ? { offer } : {}),
  };
}

/** What a dated search needs from outside: its engine, its stay check, and a way to re-read hotels by id. */
export interface StaySources {
  readonly search: HotelSearch;
  /** The offers of these candidates for the query's stay. */
  check(hits: readonly SearchHit[]): Promise<StayCheck>;
  /** The hits of these hotels (the active ones that still exist), as the index would show them. */
  lookup(hotelIds: readonly string[]): Promise<SearchHit[]>;
  readonly seal: CursorSeal;
}

/** Items left to read in one request. */
export class ReadBudget {
  private used = 0;
  constructor(
    private readonly limit: number,
    private readonly nights: number,
    private readonly rooms: number,
  ) {}
  /** Items read so far. */
  get spent(): number {
    return this.used;
  }
  /** What checking `hit` reads: the hit itself, then each big-enough room type and its nights. */
  costOf(hit: SearchHit): number {
    const roomTypes = hit.rates
      ? hit.rates.roomTypes.filter((r) => r.totalRooms >= this.rooms).length
      : MAX_ROOM_TYPES_PER_HOTEL;
    return 1 + roomTypes * (1 + this.nights);
  }
  /** The longest prefix of `hits` that fits what is left, taken (at most `max`). */
  take(hits: readonly SearchHit[], max = hits.length): SearchHit[] {
    const taken: SearchHit[] = [];
    for (const hit of hits.slice(0, max)) {
      const cost = this.costOf(hit);
      if (this.used + cost > this.limit) break;
      this.used += cost;
      taken.push(hit);
    }
    return taken;
  }
  /** Spends `items` if they fit; false (nothing spent) when they do not. */
  spend(items: number): boolean {
    if (this.used + items > this.limit) return false;
    this.used += items;
    return true;
  }
}

/** The next batch size: enough candidates to fill what is missing at the bookable share seen so far. */
export function nextBatch(missing: number, checked: number, found: number): number {
  const share = checked ? Math.max(found / checked, 0.1) : 0.7;
  return Math.min(MAX_BATCH, Math.max(missing, Math.ceil((missing / share) * 1.25)));
}

/** The 400 of a search cursor that was forged, altered, or is for another search (both engines' and the dated ones'). */
export const invalidCursor = () =>
  new ValidationFailed('The cursor is not valid for this search', { cursor: 'is not valid' });

/**
 * What a dated cursor is bound to: every parsed value of the query except where
 * it resumes and how many it shows, so a filter added to `StaySearch` is bound too.
 */
export function bindingOf(seal: CursorSeal, query: StaySearch): string {
  const { cursor: _cursor, limit: _limit, ...filters } = query;
  return seal.fingerprint(['stay', filters]);
}

/**
 * The engine's filters for a dated search: rooms and stars as asked, and, with a `maxPrice`, a
 * price floor no higher than it over the stay's nights and rooms (a cheaper stay is impossible).
 */
export function engineFilters(query: StaySearch): SearchFilters {
  const factor = nightsOf(query.checkIn, query.checkOut).length * query.rooms;
  const { maxPrice } = query;
  return filtersOf({
    city: query.city,
    minRooms: query.rooms,
    minStars: query.minStars,
    maxFloor: maxPrice && { currency: maxPrice.currency, amount: Math.floor(maxPrice.amount / factor) },
  });
}

/** The checked offers within the search's `maxPrice` (all of them without one). */
export function withinMaxPrice(check: StayCheck, maxPrice: Money | undefined): StayCheck {
  if (!maxPrice) return check;
  const offers = new Map(
    [...check.offers].filter(
      ([, o]) => o.totalPrice.currency === maxPrice.currency && o.totalPrice.amount <= maxPrice.amount,
    ),
  );
  return { ...check, offers };
}
