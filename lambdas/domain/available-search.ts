/**
 * "Where can I stay": a dated search in two stages. The search engine yields
 * candidates (text, city, and a room type big enough); `checkStays` keeps those
 * bookable for the whole stay. Candidates are fetched in adaptive batches until
 * the page is full, or until the request has read `READ_BUDGET` items: then it
 * answers what it found, with a cursor to go on from (a short page, even an
 * empty one, happens only then). By price, see `price-walk.ts`.
 */
import type { DomainContext } from './context';
import { todayAnywhere } from './hotel-clock';
import type { CursorSeal, HotelSearch, SearchHit } from './ports';
import { HELD_MAX, walkByPrice } from './price-walk';
import {
  bindingOf,
  CandidateChecker,
  engineFilters,
  invalidCursor,
  READ_BUDGET,
  ReadBudget,
  resultOf,
  type SearchResult,
  type StaySearch,
  type StaySearchOutcome,
  type StaySources,
  summaryOf,
  withinMaxPrice,
} from './search-paging';
import { nightsOf } from './stay';
import { checkStays } from './stay-check';

export {
  READ_BUDGET,
  type ResultPage,
  resultOf,
  type SearchResult,
  type StaySearch,
  type StaySearchOutcome,
  type StaySources,
} from './search-paging';

/** A dated search page: only hotels bookable for the stay, each with its offer. */
export async function searchAvailable(
  ctx: DomainContext,
  search: HotelSearch,
  query: StaySearch,
  seal: CursorSeal,
): Promise<StaySearchOutcome> {
  const sources: StaySources = {
    search,
    seal,
    check: async (hits, probe) =>
      withinMaxPrice(
        await checkStays(ctx, hits, { ...query, today: todayAnywhere(ctx.now()) }, probe),
        query.maxPrice,
      ),
    lookup: async (ids) =>
      (await ctx.hotels.getHotels(ids))
        .filter((h) => h.status === 'ACTIVE')
        .map((hotel) => ({ ...summaryOf(hotel), rates: hotel.rates, after: '' })),
  };
  return searchStays(sources, query, READ_BUDGET);
}

/** `searchAvailable` over any sources, budget and price frontier (what the tests drive directly). */
export function searchStays(
  sources: StaySources,
  query: StaySearch,
  budget: number,
  heldMax = HELD_MAX,
): Promise<StaySearchOutcome> {
  const nights = nightsOf(query.checkIn, query.checkOut);
  const checker = new CandidateChecker(sources, new ReadBudget(budget, nights.length, query.rooms), nights);
  return query.sort === 'price'
    ? walkByPrice(sources, query, checker, heldMax)
    : byRelevance(sources, query, checker);
}

async function byRelevance(
  sources: StaySources,
  query: StaySearch,
  checker: CandidateChecker,
): Promise<StaySearchOutcome> {
  const { search, seal } = sources;
  const binding = bindingOf(seal, query);
  let engineCursor: string | undefined;
  if (query.cursor) {
    const payload = seal.open(query.cursor);
    if (
      !Array.isArray(payload) ||
      payload.length !== 4 ||
      payload[0] !== 'R' ||
      payload[1] !== binding ||
      typeof payload[2] !== 'string' ||
      !checker.resume(payload[3])
    )
      throw invalidCursor();
    engineCursor = payload[2];
  }
  const items: SearchResult[] = [];
  // Positions as hits, their cursors sealed only for the one the answer's cursor needs.
  let lastShown: SearchHit | string | undefined;
  // Where the next request goes on from when this one stops early: right after the last candidate checked.
  let lastChecked: SearchHit | string | undefined = engineCursor;
  let more = false;
  let checked = 0;
  // One more than the page, so that the last page says so.
  scan: while (!more) {
    const batch = checker.batchSize(query.limit + 1 - items.length);
    const found = await search.search({
      ...engineFilters(query),
      q: query.q,
      limit: batch,
      cursor: engineCursor,
    });
    const { decided, offers } = await checker.check(found.items);
    for (const hit of decided) {
      const offer = offers.get(hit.hotelId);
      if (offer && items.length === query.limit) {
        more = true;
        break scan;
      }
      checked++;
      lastChecked = hit;
      if (!offer) continue;
      items.push(resultOf(hit, offer));
      lastShown = hit;
    }
    // Out of reads: what was found so far, and a cursor right after the last candidate checked.
    if (decided.length < found.items.length) {
      more = lastChecked !== undefined;
      lastShown = lastChecked;
      break;
    }
    if (!found.nextCursor) break;
    engineCursor = found.nextCursor;
  }
  return {
    page: {
      items,
      nextCursor:
        more && lastShown !== undefined
          ? seal.seal([
              'R',
              binding,
              typeof lastShown === 'string' ? lastShown : lastShown.after,
              checker.probeHint(),
            ])
          : null,
    },
    reads: checker.budget.spent,
    checked,
  };
}
