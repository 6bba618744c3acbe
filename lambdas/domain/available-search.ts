/**
 * "Where can I stay": a dated search in two stages. The search engine yields
 * candidates (text, city, and a room type big enough); `checkStays` keeps those
 * bookable for the whole stay. Candidates are fetched in adaptive batches until
 * the page is full, so every page holds `limit` items unless there are no more.
 *
 * By price, the engine orders candidates by a lower bound of their stay price
 * (the hotel's price floor × nights × rooms). A checked hotel waits until its
 * exact total is below the bound of the next unchecked candidate: then no
 * hotel still unchecked can be cheaper, so the order is exact even when the
 * calendar makes a stay cheaper than its base price.
 */
import { createHash } from 'node:crypto';
import type { DomainContext } from './context';
import { ValidationFailed } from './errors';
import type { Money } from './money';
import type { HotelSearch, HotelSummary, SearchHit } from './ports';
import { fromPriceOf } from './rates';
import { filtersOf, type SearchFilters } from './search-filters';
import { nightsOf } from './stay';
import { checkStays, type Offer, type StayCheck } from './stay-check';
import { compareFolded, fold } from './text-fold';

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

/** A page and what it cost: BatchGetItem calls and candidates checked (for benchmarks and logs). */
export interface StaySearchOutcome {
  readonly page: ResultPage;
  readonly reads: number;
  readonly checked: number;
}

/** Candidates fetched in one batch: never more than one engine page. */
const MAX_BATCH = 100;
/** Hotels a price cursor remembers as shown, at 8 characters each: it stays within 2 KiB. */
const MAX_REMEMBERED = 150;

/** The result a hit becomes. */
export function resultOf(hit: SearchHit, offer?: Offer): SearchResult {
  const { hotelId, name, city, country, managedIn } = hit;
  return {
    hotelId,
    name,
    city,
    country,
    managedIn,
    fromPrice: hit.rates ? fromPriceOf(hit.rates) : null,
    ...(offer ? { offer } : {}),
  };
}

// --- cursors ----------------------------------------------------------------

/** Price order of results: (currency, amount, folded name, hotel id). */
type PriceKey = [string, number, string, string];

const sealed = (payload: unknown) => {
  const json = JSON.stringify(payload);
  const sum = createHash('sha256').update(json).digest('base64url').slice(0, 10);
  return `${Buffer.from(json).toString('base64url')}.${sum}`;
};

function unsealed(cursor: string): unknown {
  const [encoded, sum, extra] = cursor.split('.');
  if (!encoded || !sum || extra !== undefined || !/^[\w-]+$/.test(encoded)) return undefined;
  const json = Buffer.from(encoded, 'base64url').toString('utf8');
  if (createHash('sha256').update(json).digest('base64url').slice(0, 10) !== sum) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

const invalidCursor = () =>
  new ValidationFailed('The cursor is not valid for this search', { cursor: 'is not valid' });

/** What a dated cursor is bound to: a cursor of another query, stay, rooms or sort is refused. */
function bindingOf(query: StaySearch): string {
  const { q, city, checkIn, checkOut, rooms, sort, minStars, maxPrice } = query;
  return createHash('sha256')
    .update(
      JSON.stringify([
        'stay',
        q ?? '',
        city ?? '',
        checkIn,
        checkOut,
        rooms,
        sort,
        minStars ?? null,
        maxPrice ?? null,
      ]),
    )
    .digest('base64url')
    .slice(0, 12);
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isPriceKey = (v: unknown): v is PriceKey =>
  Array.isArray(v) &&
  v.length === 4 &&
  isString(v[0]) &&
  Number.isSafeInteger(v[1]) &&
  isString(v[2]) &&
  isString(v[3]);

function comparePriceKeys(a: PriceKey, b: PriceKey): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] - b[1];
  if (a[2] !== b[2]) return compareFolded(a[2], b[2]);
  return a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0;
}

const shortHash = (hotelId: string) => createHash('sha256').update(hotelId).digest('base64url').slice(0, 8);

// --- the search -------------------------------------------------------------

/**
 * The engine's filters for a dated search: rooms and stars as asked, and, with a `maxPrice`, a
 * price floor no higher than it over the stay's nights and rooms (a cheaper stay is impossible).
 */
function engineFilters(query: StaySearch): SearchFilters {
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
function withinMaxPrice(check: StayCheck, maxPrice: Money | undefined): StayCheck {
  if (!maxPrice) return check;
  const offers = new Map(
    [...check.offers].filter(
      ([, o]) => o.totalPrice.currency === maxPrice.currency && o.totalPrice.amount <= maxPrice.amount,
    ),
  );
  return { ...check, offers };
}

/** The next batch size: enough candidates to fill what is missing at the bookable share seen so far. */
function nextBatch(missing: number, checked: number, found: number): number {
  const share = checked ? Math.max(found / checked, 0.1) : 0.7;
  return Math.min(MAX_BATCH, Math.max(missing, Math.ceil((missing / share) * 1.25)));
}

/** A dated search page: only hotels bookable for the stay, each with its offer. */
export async function searchAvailable(
  ctx: DomainContext,
  search: HotelSearch,
  query: StaySearch,
): Promise<StaySearchOutcome> {
  return query.sort === 'price' ? byPrice(ctx, search, query) : byRelevance(ctx, search, query);
}

async function byRelevance(
  ctx: DomainContext,
  search: HotelSearch,
  query: StaySearch,
): Promise<StaySearchOutcome> {
  const binding = bindingOf(query);
  let engineCursor: string | undefined;
  if (query.cursor) {
    const payload = unsealed(query.cursor);
    if (!Array.isArray(payload) || payload[0] !== 'R' || payload[1] !== binding || !isString(payload[2]))
      throw invalidCursor();
    engineCursor = payload[2];
  }
  const items: SearchResult[] = [];
  let lastAfter: string | undefined;
  let more = false;
  let reads = 0;
  let checked = 0;
  // One more than the page, so that the last page says so.
  while (!more) {
    const batch = nextBatch(query.limit + 1 - items.length, checked, items.length);
    const found = await search.search({
      ...engineFilters(query),
      q: query.q,
      limit: batch,
      cursor: engineCursor,
    });
    const check = withinMaxPrice(
      await checkStays(ctx, found.items, query.checkIn, query.checkOut, query.rooms),
      query.maxPrice,
    );
    reads += check.reads;
    for (const hit of found.items) {
      checked++;
      const offer = check.offers.get(hit.hotelId);
      if (!offer) continue;
      if (items.length === query.limit) {
        more = true;
        break;
      }
      items.push(resultOf(hit, offer));
      lastAfter = hit.after;
    }
    if (!found.nextCursor) break;
    engineCursor = found.nextCursor;
  }
  return {
    page: { items, nextCursor: more && lastAfter ? sealed(['R', binding, lastAfter]) : null },
    reads,
    checked,
  };
}

interface Pending {
  readonly hit: SearchHit;
  readonly offer: Offer;
  readonly key: PriceKey;
  /** Where in this scan the candidate came. */
  readonly position: number;
  /** The hit just before it in the scan (undefined: the scan's start). */
  readonly before: SearchHit | undefined;
}

async function byPrice(
  ctx: DomainContext,
  search: HotelSearch,
  query: StaySearch,
): Promise<StaySearchOutcome> {
  const binding = bindingOf(query);
  const factor = nightsOf(query.checkIn, query.checkOut).length * query.rooms;
  // The cursor: where to scan again from (just before the first hotel not yet shown), the last key
  // shown, and the hotels shown since that point (so a hotel whose price rose meanwhile is not shown twice).
  let start: string | null = null;
  let shownUpTo: PriceKey | undefined;
  let seen = new Set<string>();
  if (query.cursor) {
    const p = unsealed(query.cursor);
    if (
      !Array.isArray(p) ||
      p[0] !== 'P' ||
      p[1] !== binding ||
      !(p[2] === null || isString(p[2])) ||
      !isPriceKey(p[3]) ||
      !Array.isArray(p[4]) ||
      !p[4].every(isString)
    )
      throw invalidCursor();
    [start, shownUpTo, seen] = [p[2], p[3], new Set(p[4])];
  }
  const keyOf = (hit: SearchHit, price: Money): PriceKey => [
    price.currency,
    price.amount,
    fold(hit.name),
    hit.hotelId,
  ];
  /** The least key the hit's offer can have: its floor for every night and room. */
  const boundOf = (hit: SearchHit): PriceKey | undefined => {
    const floor = hit.rates?.priceFloor;
    if (floor === null) return ['~', 0, '', '']; // never priced: nothing to offer
    if (floor === undefined || floor === 'UNKNOWN') return undefined; // may be anything
    return keyOf(hit, { currency: floor.currency, amount: floor.amount * factor });
  };

  const pending: Pending[] = [];
  const shown: Pending[] = [];
  const seenAt = new Map<string, number>();
  let more = false;
  let reads = 0;
  let checked = 0;
  let found = 0;
  let engineCursor = start ?? undefined;
  // The last hit consumed; its `after` is sealed only if a cursor needs it.
  let previous: SearchHit | undefined;
  let exhausted = false;
  /** Shows waiting hotels cheaper than `bound` (all of them when null), cheapest first, up to the page. */
  const release = (bound: PriceKey | null) => {
    pending.sort((a, b) => comparePriceKeys(a.key, b.key));
    while (pending.length && (bound === null || comparePriceKeys(pending[0]?.key as PriceKey, bound) < 0)) {
      if (shown.length === query.limit) {
        more = true;
        return;
      }
      shown.push(pending.shift() as Pending);
    }
  };
  scan: while (!more && !exhausted) {
    const batch = nextBatch(query.limit + 1 - shown.length, checked, found);
    const page = await search.search({
      ...engineFilters(query),
      q: query.q,
      limit: batch,
      cursor: engineCursor,
      order: 'priceFloor',
    });
    const check = withinMaxPrice(
      await checkStays(ctx, page.items, query.checkIn, query.checkOut, query.rooms),
      query.maxPrice,
    );
    reads += check.reads;
    for (const hit of page.items) {
      const bound = boundOf(hit);
      // An unknown floor bounds nothing: everything pending must wait for this hotel.
      if (bound) release(bound);
      if (more) break scan;
      const position = checked++;
      const hash = shortHash(hit.hotelId);
      if (seen.has(hash)) seenAt.set(hash, position);
      const offer = check.offers.get(hit.hotelId);
      if (offer) {
        found++;
        const key = keyOf(hit, offer.totalPrice);
        const already = (shownUpTo && comparePriceKeys(key, shownUpTo) <= 0) || seen.has(hash);
        if (!already) pending.push({ hit, offer, key, position, before: previous });
      }
      previous = hit;
    }
    if (!page.nextCursor) exhausted = true;
    engineCursor = page.nextCursor ?? undefined;
  }
  if (!more) release(null);
  const items = shown.map((s) => resultOf(s.hit, s.offer));
  let nextCursor: string | null = null;
  const last = shown.at(-1);
  if (more && last) {
    // Scan again from just before the first hotel still waiting; nothing before it remains unseen.
    const firstWaiting = pending.reduce<Pending | undefined>(
      (first, p) => (!first || p.position < first.position ? p : first),
      undefined,
    );
    const before = firstWaiting ? firstWaiting.before : previous;
    const restart = before ? before.after : start;
    const restartPosition = firstWaiting ? firstWaiting.position : checked;
    // Hotels shown before the restart point are never scanned again: only those after it need remembering.
    const stillAhead = [...seen].filter(
      (h) => (seenAt.get(h) ?? Number.POSITIVE_INFINITY) >= restartPosition,
    );
    const shownAhead = shown
      .filter((s) => s.position >= restartPosition)
      .map((s) => shortHash(s.hit.hotelId));
    const remembered = [...new Set([...stillAhead, ...shownAhead])].slice(-MAX_REMEMBERED);
    nextCursor = sealed(['P', binding, restart, last.key, remembered]);
  }
  return { page: { items, nextCursor }, reads, checked };
}
