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
import { HELD_MAX } from '../../lambdas/domain/price-walk';
import { MAX_ROOM_TYPES_PER_HOTEL } from '../../lambdas/domain/room-types';
import { MAX_NIGHTS } from '../../lambdas/domain/stay';
import { compareFolded, fold } from '../../lambdas/domain/text-fold';
import { unkeyedForgery } from '../search/forged-cursor';
import { COST, type Fixture, STAY, sourcesOf } from '../support/stay-sources';

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
