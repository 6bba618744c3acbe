/**
 * What both orders of a dated search share: the query, the page and its cost,
 * the read budget (`READ_BUDGET`), the sources a search reads, and the cursor's
 * binding. `available-search.ts` runs a search by relevance, `price-walk.ts` by price.
 */
import { ValidationFailed } from './errors';
import type { Money } from './money';
import type { CursorSeal, HotelSearch, HotelSummary, SearchHit } from './ports';
import { fromPriceOf, hasOfferFields } from './rates';
import { MAX_ROOM_TYPES_PER_HOTEL } from './room-types';
import { filtersOf, type SearchFilters } from './search-filters';
import { nightsOf } from './stay';
import type { NightProbe, Offer, StayCheck } from './stay-check';

export interface StaySearch {
  readonly q?: string;
  readonly city?: string;
  readonly checkIn: string;
  readonly checkOut: string;
  readonly rooms: number;
  /** Adults per room (default per room type: 2, or 1 where a room holds one). */
  readonly adults?: number;
  /** Children per room (default 0). */
  readonly children?: number;
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
export const READ_BUDGET = 600;

/** Candidates a request decides before its own share of bookable ones outweighs its cursor's word. */
const JUDGED = 20;

/**
 * Candidates fetched in one batch. About what one request's reads can probe (600 items at
 * about 3.5 a candidate), so a request in a sold-out city makes one probe round and one read
 * round, not two of each: with DynamoDB, a page's time is its rounds of reads.
 */
const MAX_BATCH = 200;

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
  /** The offers of these candidates for the query's stay (with a probe: of those it decided). */
  check(hits: readonly SearchHit[], probe?: NightProbe): Promise<StayCheck>;
  /** The hits of these hotels (the active ones that still exist), as the index would show them. */
  lookup(hotelIds: readonly string[]): Promise<SearchHit[]>;
  readonly seal: CursorSeal;
}

/**
 * Items left to read in one request. The first check of a request is granted
 * whatever it costs (at most the dearest hotel, `1 + 50 × 31` keys), so every
 * request moves on; every other read must fit in what is left.
 */
export class ReadBudget {
  private used = 0;
  private checks = 0;
  /** What `take` paid ahead for the rest of the request's first probed hotel. */
  private prepaid: number | undefined;
  constructor(
    private readonly limit: number,
    private readonly nights: number,
    private readonly rooms: number,
  ) {}
  /** Items read so far. */
  get spent(): number {
    return this.used;
  }
  /** Big-enough room types of `hit` (all it may have when the index does not know them). */
  private roomTypesOf(hit: SearchHit): number {
    return hit.rates
      ? hit.rates.roomTypes.filter((r) => r.totalRooms >= this.rooms).length
      : MAX_ROOM_TYPES_PER_HOTEL;
  }
  /** Of those, the ones the summary does not carry whole: read themselves too. */
  private unknownRoomTypesOf(hit: SearchHit): number {
    return hit.rates
      ? hit.rates.roomTypes.filter((r) => r.totalRooms >= this.rooms && !hasOfferFields(r)).length
      : MAX_ROOM_TYPES_PER_HOTEL;
  }
  /** What checking `hit` reads at most: the hit itself, each big-enough room type's nights, and the room types not summarized whole. */
  costOf(hit: SearchHit): number {
    return 1 + this.roomTypesOf(hit) * this.nights + this.unknownRoomTypesOf(hit);
  }
  /** What probing `hit` reads first: the hit and one night of each big-enough room type. */
  probeCostOf(hit: SearchHit): number {
    return 1 + this.roomTypesOf(hit);
  }
  private fits(items: number, isCheck: boolean): boolean {
    return this.used + items <= this.limit || (isCheck && this.checks === 0);
  }
  /**
   * The longest prefix of `hits` (at most `max`) whose checks fit what is left, taken; with
   * `probing`, only their probes are taken (each hotel's rest is asked of `spendCheck`), and
   * room is kept for the rest of `openShare` of them.
   */
  take(hits: readonly SearchHit[], max = hits.length, probing = false, openShare = 1): SearchHit[] {
    const taken: SearchHit[] = [];
    let kept = 0;
    for (const hit of hits.slice(0, max)) {
      // The request's first check is paid in full up front, so that it is surely decided.
      const prepay = probing && this.checks === 0 && !taken.length;
      const cost = probing && !prepay ? this.probeCostOf(hit) : this.costOf(hit);
      // A probed hotel's rest, for the share of them likely to stay open: probes past what
      // those can be granted would only be read again by the next request.
      const keep = probing && !prepay ? openShare * (this.costOf(hit) - cost) : 0;
      if (!this.fits(cost + kept + keep, !probing || prepay)) break;
      kept += keep;
      this.used += cost;
      if (prepay) this.prepaid = cost - this.probeCostOf(hit);
      else if (!probing) this.checks++;
      taken.push(hit);
    }
    return taken;
  }
  /** Gives back what a check paid for and did not read (its room types' cheapest first settled it). */
  giveBack(items: number): void {
    this.used -= Math.max(0, items);
  }
  /** Spends `items` if they fit; false (nothing spent) when they do not. */
  spend(items: number): boolean {
    if (!this.fits(items, false)) return false;
    this.used += items;
    return true;
  }
  /** Spends the reads that decide one hotel if they fit (the request's first check always does). */
  spendCheck(items: number): boolean {
    if (this.prepaid !== undefined) {
      // The first probed hotel's rest, paid by `take`: what it did not need is given back.
      this.used -= this.prepaid - items;
      this.prepaid = undefined;
      this.checks++;
      return true;
    }
    if (!this.fits(items, true)) return false;
    this.used += items;
    this.checks++;
    return true;
  }
}

/** The candidates a request checks, through one budget; it learns what to read first as it goes. */
export class CandidateChecker {
  private decided = 0;
  private bookable = 0;
  private readonly fullNights = new Map<string, number>();
  /** The night the previous request would have probed next (its cursor says), until this one knows better. */
  private resumed: string | undefined;
  constructor(
    private readonly sources: StaySources,
    readonly budget: ReadBudget,
    private readonly nights: readonly string[],
  ) {}

  /**
   * Probe first once most candidates so far proved unbookable (a city sold out on some
   * night): the night most often found full, where one read per room type rules most
   * hotels out, for a fraction of a full check's reads. A request that goes on from one
   * that was probing probes too, until it has seen enough candidates of its own to judge.
   */
  private probeNight(): string | undefined {
    let best: string | undefined;
    for (const night of this.nights)
      if ((this.fullNights.get(night) ?? 0) > (best ? (this.fullNights.get(best) ?? 0) : 0)) best = night;
    if (this.resumed !== undefined && this.decided < JUDGED) return best ?? this.resumed;
    if (!this.decided || this.bookable * 2 >= this.decided) return undefined;
    return best;
  }

  /**
   * The share of candidates found bookable so far in this request: 70 % before any is
   * known, unless the previous request was probing (then few are).
   */
  private share(): number {
    if (this.resumed !== undefined && this.decided < JUDGED) return 0.1;
    return this.decided ? this.bookable / this.decided : 0.7;
  }

  /** The next batch size: enough candidates to find `missing` bookable ones at the share seen so far. */
  batchSize(missing: number): number {
    return batchFor(missing, this.share());
  }

  /**
   * Goes on probing where the previous request left off: `hint` is what its cursor carried
   * (`probeHint`); false when it is not a night of this stay (not a cursor this search made).
   */
  resume(hint: unknown): boolean {
    if (hint === null) return true;
    if (!Number.isInteger(hint) || (hint as number) < 0 || (hint as number) >= this.nights.length)
      return false;
    this.resumed = this.nights[hint as number];
    return true;
  }

  /** What a cursor carries for the next request: the index of the night it should probe, or null. */
  probeHint(): number | null {
    const night = this.probeNight();
    return night === undefined ? null : this.nights.indexOf(night);
  }

  /** Checks the longest prefix of `hits` (at most `max`) the budget allows: the hits decided and their offers. */
  async check(
    hits: readonly SearchHit[],
    max = hits.length,
  ): Promise<{ decided: SearchHit[]; offers: Map<string, Offer> }> {
    const night = this.probeNight();
    // Probing, room is kept for the rest of the hotels likely to stay open (at least one in 20).
    const taken = this.budget.take(hits, max, night !== undefined, Math.max(this.share(), 0.05));
    if (!taken.length) return { decided: [], offers: new Map() };
    const probe =
      night === undefined ? undefined : { night, afford: (items: number) => this.budget.spendCheck(items) };
    const check = await this.sources.check(taken, probe);
    // Paid for in full, read cheapest room type first: what was not read goes back (each hit counts one).
    // Only where every hit has a summary: a hotel without one lists its room types besides.
    if (!probe && check.keysRead !== undefined && taken.every((h) => h.rates))
      this.budget.giveBack(
        taken.reduce((sum, h) => sum + this.budget.costOf(h), 0) - taken.length - check.keysRead,
      );
    const decided = taken.slice(0, check.decided ?? taken.length);
    this.decided += decided.length;
    this.bookable += decided.filter((h) => check.offers.has(h.hotelId)).length;
    for (const [n, count] of check.fullNights ?? [])
      this.fullNights.set(n, (this.fullNights.get(n) ?? 0) + count);
    return { decided, offers: check.offers };
  }
}

/** A batch size: enough candidates to fill what is missing at `share` bookable, with a quarter more. */
function batchFor(missing: number, share: number): number {
  return Math.min(MAX_BATCH, Math.max(missing, Math.ceil((missing / Math.max(share, 0.1)) * 1.25)));
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
