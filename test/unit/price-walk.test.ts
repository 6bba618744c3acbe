/**
 * The dated search's paging, driven directly over an engine and a stay check in
 * memory: by price, every bookable hotel exactly once in exact order (prices
 * tied, floors far below offers, unknown floors), whatever the page size, the
 * read budget and the number of hotels a cursor may hold; each request within
 * its budget; every cursor within 2,048 characters; a forged or altered cursor
 * refused. By relevance, the budget bounds a sold-out city's request.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROCESS_CURSOR_SEAL } from '../../lambdas/adapters/cursor-seal';
import {
  READ_BUDGET,
  type SearchResult,
  type StaySearch,
  type StaySources,
  searchStays,
} from '../../lambdas/domain/available-search';
import { ValidationFailed } from '../../lambdas/domain/errors';
import type { Money } from '../../lambdas/domain/money';
import type { SearchHit, SearchQuery } from '../../lambdas/domain/ports';
import { HELD_MAX } from '../../lambdas/domain/price-walk';
import { MAX_ROOM_TYPES_PER_HOTEL } from '../../lambdas/domain/room-types';
import { MAX_NIGHTS } from '../../lambdas/domain/stay';
import type { Offer } from '../../lambdas/domain/stay-check';
import { compareFolded, fold } from '../../lambdas/domain/text-fold';
import { unkeyedForgery } from '../search/forged-cursor';

interface Fixture {
  readonly hotelId: string;
  readonly name: string;
  /** Per night and room; undefined: unknown (a hotel indexed before rate summaries). */
  readonly floor: Money | undefined;
  /** The stay's total, or undefined when nothing can be booked. */
  readonly offer: Money | undefined;
  /** Room types (one unless told). */
  readonly roomTypes?: number;
}

const STAY = { checkIn: '2031-03-01', checkOut: '2031-03-02', rooms: 1 }; // one night: factor 1
/** What checking one hotel reads: the hit, its one room type and its one night. */
const COST = 3;

function hitOf(f: Fixture): SearchHit {
  return {
    hotelId: f.hotelId,
    name: f.name,
    city: 'Testville',
    country: 'US',
    managedIn: 'us-east-1',
    rates: {
      roomTypes: Array.from({ length: f.roomTypes ?? 1 }, (_, i) => ({
        roomTypeId: `rt${i}`,
        totalRooms: 5,
        pricePerNight: f.floor ?? { currency: 'USD', amount: 1 },
      })),
      priceFloor: f.floor ?? 'UNKNOWN',
    },
    after: '',
  } as SearchHit;
}

const floorKey = (f: Fixture) =>
  f.floor ? `${f.floor.currency}${String(f.floor.amount).padStart(13, '0')}` : '!';

/** An engine over `fixtures` ordered as both engines order by price floor; cursors are positions. */
function sourcesOf(
  fixtures: readonly Fixture[],
  positionPadding = 0,
  nights = 1,
): StaySources & { stats: { checked: number; probed: number } } {
  const sorted = [...fixtures].sort((a, b) => {
    const ka = [floorKey(a), fold(a.name), a.hotelId];
    const kb = [floorKey(b), fold(b.name), b.hotelId];
    for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return compareFolded(ka[i] as string, kb[i] as string);
    return 0;
  });
  const byId = new Map(fixtures.map((f) => [f.hotelId, f]));
  const stats = { checked: 0, probed: 0 };
  return {
    stats,
    seal: PROCESS_CURSOR_SEAL,
    search: {
      async search(query: SearchQuery) {
        const from = query.cursor ? Number(query.cursor.split(':')[1]) : 0;
        const pad = 'x'.repeat(positionPadding);
        const items = sorted
          .slice(from, from + query.limit)
          .map((f, i) => ({ ...hitOf(f), after: `pos:${from + i + 1}:${pad}` }));
        const end = from + items.length;
        return { items, nextCursor: end < sorted.length ? `pos:${end}:${pad}` : null };
      },
      index: async () => undefined,
      remove: async () => undefined,
    },
    // As the real check: a hotel with nothing to offer is full on the night; a probe reads its one
    // night first, then asks for the rest (its room type) only for the hotels still open.
    async check(hits, probe) {
      const offers = new Map<string, Offer>();
      let decided = 0;
      for (const hit of hits) {
        const fixture = byId.get(hit.hotelId);
        const offer = fixture?.offer;
        if (probe && !probe.afford(offer ? (fixture?.roomTypes ?? 1) * nights : 0)) break;
        decided++;
        if (offer)
          offers.set(hit.hotelId, {
            roomTypeId: 'rt',
            name: 'Room',
            available: 1,
            totalPrice: offer,
            ratePlanId: 'standard',
            refundable: true,
          });
      }
      stats.checked += decided;
      stats.probed += probe ? hits.length : 0;
      return { offers, reads: 1, decided, fullNights: new Map([[STAY.checkIn, decided - offers.size]]) };
    },
    async lookup(ids) {
      return ids.flatMap((id) => {
        const f = byId.get(id);
        return f ? [hitOf(f)] : [];
      });
    },
  };
}

/** Every page of a walk, following cursors; fails on a request over budget or a cursor over 2,048. */
async function walk(
  sources: StaySources,
  query: Omit<StaySearch, 'cursor'>,
  budget: number,
  heldMax?: number,
  maxRequests = 5_000,
) {
  const pages: Array<{ items: SearchResult[]; reads: number; cursor: string | null }> = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxRequests; i++) {
    const { page, reads } = await searchStays(sources, { ...query, cursor }, budget, heldMax);
    expect(reads).toBeLessThanOrEqual(budget);
    if (page.nextCursor) expect(page.nextCursor.length).toBeLessThanOrEqual(2_048);
    pages.push({ items: page.items, reads, cursor: page.nextCursor });
    if (!page.nextCursor) return pages;
    cursor = page.nextCursor;
  }
  throw new Error(`no end after ${maxRequests} requests`);
}

const priceOrder = (a: Fixture, b: Fixture) => {
  const x = a.offer as Money;
  const y = b.offer as Money;
  if (x.currency !== y.currency) return x.currency < y.currency ? -1 : 1;
  if (x.amount !== y.amount) return x.amount - y.amount;
  const [na, nb] = [fold(a.name), fold(b.name)];
  if (na !== nb) return compareFolded(na, nb);
  return a.hotelId < b.hotelId ? -1 : 1;
};

// Few names and prices, so that ties are common; floors at, below and far below the offer.
const NAMES = ['Eden Garden', 'eden garden', 'Édén Garden', 'Alder Lodge', 'Zephyr Inn', 'Øresund Hotel'];
const fixtureArb = (i: number) =>
  fc
    .record({
      name: fc.constantFrom(...NAMES),
      currency: fc.constantFrom('USD', 'USD', 'USD', 'EUR'),
      floor: fc.integer({ min: 1, max: 6 }),
      markup: fc.constantFrom(0, 0, 0, 1, 2, 40),
      unknownFloor: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      bookable: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
    })
    .map(
      (r): Fixture => ({
        hotelId: `h${String(i).padStart(3, '0')}`,
        name: r.name,
        floor: r.unknownFloor ? undefined : { currency: r.currency, amount: r.floor * 100 },
        offer: r.bookable ? { currency: r.currency, amount: (r.floor + r.markup) * 100 } : undefined,
      }),
    );
const cityArb = fc
  .integer({ min: 0, max: 40 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => fixtureArb(i))));

describe('dated search by price, paged', () => {
  it('shows every bookable hotel once, in exact price order, for any page size, budget and frontier', async () => {
    await fc.assert(
      fc.asyncProperty(
        cityArb,
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 5 }),
        async (fixtures, limit, spare, heldMax) => {
          // Enough for the cursor's own reads (held hotels, the last and the let-go one) and one hotel.
          const budget = heldMax + 2 + COST + spare;
          const sources = sourcesOf(fixtures);
          const pages = await walk(sources, { ...STAY, sort: 'price', limit }, budget, heldMax);
          const expected = fixtures.filter((f) => f.offer).sort(priceOrder);
          expect(pages.flatMap((p) => p.items.map((h) => h.hotelId))).toEqual(expected.map((f) => f.hotelId));
          // A page is short only at the end, or when its request ran out of reads.
          for (const page of pages.slice(0, -1))
            if (page.items.length < limit)
              expect(page.reads).toBeGreaterThan(budget - COST * 2 - heldMax - 2);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('costs the same per page at the 50th page as at the first, through 1,000 hotels whose floors sit below their offers', async () => {
    // Every tenth hotel's cheap room type is sold out: its offer is 1.2 times its floor, so up to
    // 25 hotels wait at once. Ids are UUIDs, as hotels have.
    const fixtures: Fixture[] = Array.from({ length: 1_000 }, (_, i) => ({
      hotelId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      name: `Hotel ${i % 37}`,
      floor: { currency: 'USD', amount: 5_000 + i * 10 },
      offer: { currency: 'USD', amount: ((5_000 + i * 10) * (i % 10 === 0 ? 12 : 10)) / 10 },
    }));
    const sources = sourcesOf(fixtures);
    const checkedPerPage: number[] = [];
    let cursor: string | undefined;
    let longest = 0;
    for (let page = 0; page < 50; page++) {
      const before = sources.stats.checked;
      const { page: found } = await searchStays(
        sources,
        { ...STAY, sort: 'price', limit: 20, cursor },
        READ_BUDGET,
      );
      expect(found.items).toHaveLength(20);
      checkedPerPage.push(sources.stats.checked - before);
      longest = Math.max(longest, found.nextCursor?.length ?? 0);
      cursor = found.nextCursor as string;
    }
    expect(checkedPerPage.at(-1)).toBeLessThanOrEqual(2 * (checkedPerPage[0] as number));
    expect(longest).toBeLessThanOrEqual(2_048);
  });

  it('keeps every cursor within 2,048 characters when the engine positions are long (very long names)', async () => {
    // Engine positions of 700 characters (a 200-character name in a non-Latin script), and more
    // hotels waiting at once than a cursor holds: the cursor holds fewer and lets the rest go.
    const fixtures: Fixture[] = Array.from({ length: 200 }, (_, i) => ({
      hotelId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      name: `Hotel ${i % 7}`,
      floor: { currency: 'USD', amount: 1_000 + i },
      offer: { currency: 'USD', amount: (1_000 + i) * (i % 3 === 0 ? 2 : 1) },
    }));
    const pages = await walk(sourcesOf(fixtures, 700), { ...STAY, sort: 'price', limit: 10 }, READ_BUDGET);
    const expected = [...fixtures].sort(priceOrder).map((f) => f.hotelId);
    expect(pages.flatMap((p) => p.items.map((h) => h.hotelId))).toEqual(expected);
    expect(Math.max(...pages.map((p) => p.cursor?.length ?? 0))).toBeGreaterThan(1_500);
  });

  it('refuses a forged, altered or foreign cursor of either order with a 400', async () => {
    const fixtures: Fixture[] = Array.from({ length: 30 }, (_, i) => ({
      hotelId: `h${i}`,
      name: `Hotel ${i}`,
      floor: { currency: 'USD', amount: 100 + i },
      offer: { currency: 'USD', amount: 100 + i },
    }));
    const sources = sourcesOf(fixtures);
    for (const sort of ['price', 'relevance'] as const) {
      const query = { ...STAY, sort, limit: 5 };
      const { page } = await searchStays(sources, query, READ_BUDGET);
      const issued = page.nextCursor as string;
      const payload = JSON.parse(Buffer.from(issued.split('.')[0] as string, 'base64url').toString('utf8'));
      const refused = [
        unkeyedForgery(payload), // what anyone could make before cursors were keyed
        `${issued.slice(0, 10)}${issued[10] === 'A' ? 'B' : 'A'}${issued.slice(11)}`,
        issued.slice(0, -2),
        PROCESS_CURSOR_SEAL.seal([...payload.slice(0, 1), 'another-binding', ...payload.slice(2)]),
      ];
      for (const cursor of refused)
        await expect(searchStays(sources, { ...query, cursor }, READ_BUDGET), cursor).rejects.toBeInstanceOf(
          ValidationFailed,
        );
      // Another stay's cursor is another search's.
      await expect(
        searchStays(sources, { ...query, checkOut: '2031-03-03', cursor: issued }, READ_BUDGET),
      ).rejects.toBeInstanceOf(ValidationFailed);
    }
  });
});

describe('dated search by relevance, bounded', () => {
  it("always decides a request's first hotel, even the dearest one beyond the budget, so every request moves on", async () => {
    // A 30-night stay: 40 small hotels sold out (the requests that check them learn to probe),
    // then the dearest hotel there can be (50 room types), bookable, then one more.
    const stay = { ...STAY, checkOut: '2031-03-31' };
    const dearestHotel = 1 + MAX_ROOM_TYPES_PER_HOTEL * (MAX_NIGHTS + 1);
    const fixtures: Fixture[] = Array.from({ length: 42 }, (_, i) => ({
      hotelId: `h${String(i).padStart(2, '0')}`,
      name: `Hotel ${i}`,
      floor: { currency: 'USD', amount: 100 },
      offer: i >= 40 ? { currency: 'USD', amount: 3_000 } : undefined,
      roomTypes: i === 40 ? MAX_ROOM_TYPES_PER_HOTEL : 1,
    }));
    for (const sort of ['relevance', 'price'] as const) {
      const sources = sourcesOf(fixtures, 0, MAX_NIGHTS);
      const pages: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 20; i++) {
        const { page, reads } = await searchStays(sources, { ...stay, sort, limit: 1, cursor }, READ_BUDGET);
        expect(reads).toBeLessThanOrEqual(Math.max(READ_BUDGET, HELD_MAX + 2 + dearestHotel));
        pages.push(...page.items.map((h) => h.hotelId));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(pages, sort).toEqual(['h40', 'h41']);
      // The dearest hotel was decided by a request that went on probing: the probe path's first hotel.
      expect(sources.stats.probed, sort).toBeGreaterThan(0);
    }
  });

  it('reads at most the budget in a sold-out city with limit=1, and answers with a cursor to go on from', async () => {
    const fixtures: Fixture[] = Array.from({ length: 3_000 }, (_, i) => ({
      hotelId: `h${String(i).padStart(4, '0')}`,
      name: `Hotel ${i}`,
      floor: { currency: 'USD', amount: 100 },
      offer: i === 2_990 ? { currency: 'USD', amount: 100 } : undefined,
    }));
    const sources = sourcesOf(fixtures);
    for (const sort of ['relevance', 'price'] as const) {
      const { page, reads } = await searchStays(sources, { ...STAY, sort, limit: 1 }, READ_BUDGET);
      expect(reads).toBeLessThanOrEqual(READ_BUDGET);
      expect(page.items).toEqual([]);
      expect(page.nextCursor).toEqual(expect.any(String));
      // Following the cursors reaches the one bookable hotel, then the end.
      const pages = await walk(sources, { ...STAY, sort, limit: 1 }, READ_BUDGET);
      expect(pages.flatMap((p) => p.items.map((h) => h.hotelId))).toEqual(['h2990']);
    }
  });

  it('shows every bookable hotel once in engine order, whatever the budget', async () => {
    await fc.assert(
      fc.asyncProperty(
        cityArb,
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: COST, max: 40 }),
        async (fixtures, limit, budget) => {
          const sources = sourcesOf(fixtures);
          const pages = await walk(sources, { ...STAY, sort: 'relevance', limit }, budget);
          const order = (await sources.search.search({ limit: 1_000 })).items.map((h) => h.hotelId);
          const bookable = new Set(fixtures.filter((f) => f.offer).map((f) => f.hotelId));
          expect(pages.flatMap((p) => p.items.map((h) => h.hotelId))).toEqual(
            order.filter((id) => bookable.has(id)),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
