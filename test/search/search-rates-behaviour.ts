/**
 * What every HotelSearch adapter must do with hotels' rates: order by the lowest
 * price (currency first, then amount, ties by name), order by the price floor
 * (an unknown floor first), keep only hotels with a big enough room type, and
 * refuse a cursor of another order. Runs against both engines: the embedded one
 * in the unit project, OpenSearch on a real node in test/opensearch/.
 */
import { beforeAll, expect, it } from 'vitest';
import { ValidationFailed } from '../../lambdas/domain/errors';
import type { HotelSearch, IndexedHotel, SearchQuery } from '../../lambdas/domain/ports';
import type { PriceFloor } from '../../lambdas/domain/rates';

const CITY = 'Quillon Rates';

function priced(
  hotelId: string,
  name: string,
  roomTypes: Array<[rooms: number, amount: number, currency?: string]>,
  priceFloor?: PriceFloor,
): IndexedHotel {
  const rates = roomTypes.map(([totalRooms, amount, currency = 'USD'], i) => ({
    roomTypeId: `rt-${i}`,
    totalRooms,
    pricePerNight: { amount, currency },
  }));
  const lowest = rates
    .map((r) => r.pricePerNight)
    .sort((a, b) => (a.currency === b.currency ? a.amount - b.amount : a.currency < b.currency ? -1 : 1))[0];
  return {
    hotelId,
    name,
    city: CITY,
    country: 'US',
    managedIn: 'us-east-1',
    rates: { roomTypes: rates, priceFloor: priceFloor === undefined ? (lowest ?? null) : priceFloor },
  };
}

export const RATED_HOTELS: IndexedHotel[] = [
  priced('p-1', 'Quillon Alpha', [[5, 12_000]]),
  priced('p-2', 'Quillon Bravo', [
    [2, 9_000],
    [8, 20_000],
  ]),
  // The same lowest price as Alpha: the name decides.
  priced('p-3', 'Quillon Aardvark', [[1, 12_000]]),
  // Another currency: after every USD price, whatever the amount ("EUR" < "USD" would put it first).
  priced('p-4', 'Quillon Charlie', [[3, 100, 'VND']]),
  priced('p-5', 'Quillon Delta', [[4, 100, 'EUR']]),
  // A calendar promotion once went below the base price: its floor says so.
  priced('p-6', 'Quillon Echo', [[6, 30_000]], { amount: 5_000, currency: 'USD' }),
  // No room types: no price, listed last by price.
  priced('p-7', 'Quillon Foxtrot', []),
  // Indexed before rate summaries: nothing known, so never filtered out and first by floor.
  { hotelId: 'p-8', name: 'Quillon Golf', city: CITY, country: 'US', managedIn: 'us-east-1' },
];

/** Registers the rates cases for the search returned by `make` (which starts empty). */
export function searchRatesBehaviour(make: () => Promise<HotelSearch>): void {
  let search: HotelSearch;
  /** Every hotel the query finds, walking all pages of `limit`. */
  const walk = async (query: Omit<SearchQuery, 'limit' | 'cursor'>, limit = 2) => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await search.search({ ...query, limit, cursor });
      seen.push(...page.items.map((h) => h.hotelId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return seen;
  };

  beforeAll(async () => {
    search = await make();
    for (const h of RATED_HOTELS) await search.index(h);
  });

  it('orders by the lowest price: currency code first, then amount, ties by name, no price last', async () => {
    expect(await walk({ city: CITY, order: 'fromPrice' })).toEqual([
      'p-5', // EUR 1.00
      'p-2', // USD 90
      'p-3', // USD 120, Aardvark
      'p-1', // USD 120, Alpha
      'p-6', // USD 300
      'p-4', // VND
      'p-7', // none
      'p-8', // unknown
    ]);
    // The text still decides what matches.
    expect(await walk({ q: 'quillon bravo', city: CITY, order: 'fromPrice' })).toEqual(['p-2']);
  });

  it('orders by the price floor, an unknown floor first', async () => {
    expect(await walk({ city: CITY, order: 'priceFloor' }, 3)).toEqual([
      'p-8',
      'p-5',
      'p-6', // its floor (USD 50) is below its base price
      'p-2',
      'p-3',
      'p-1',
      'p-4',
      'p-7',
    ]);
  });

  it('keeps only hotels with a room type big enough, and those whose rooms are unknown', async () => {
    expect((await walk({ city: CITY, minRooms: 5 })).sort()).toEqual(['p-1', 'p-2', 'p-6', 'p-8']);
    expect((await walk({ city: CITY, minRooms: 1 })).sort()).toEqual([
      'p-1',
      'p-2',
      'p-3',
      'p-4',
      'p-5',
      'p-6',
      'p-8',
    ]);
  });

  it("brings each hotel's rates back with it", async () => {
    const [hit] = (await search.search({ q: 'quillon bravo', city: CITY, limit: 1 })).items;
    expect(hit?.rates?.roomTypes.map((r) => r.totalRooms)).toEqual([2, 8]);
  });

  it('refuses a cursor of another order or room filter (400, never a crash)', async () => {
    const byPrice = await search.search({ city: CITY, order: 'fromPrice', limit: 2 });
    const byRelevance = await search.search({ city: CITY, limit: 2 });
    const roomy = await search.search({ city: CITY, minRooms: 2, limit: 2 });
    const mixes: Array<[string | null, Partial<SearchQuery>]> = [
      [byPrice.nextCursor, {}],
      [byPrice.nextCursor, { order: 'priceFloor' }],
      [byRelevance.nextCursor, { order: 'fromPrice' }],
      [roomy.nextCursor, { minRooms: 3 }],
      [byPrice.items[0]?.after ?? null, { minRooms: 2 }],
    ];
    for (const [cursor, other] of mixes) {
      expect(cursor).toEqual(expect.any(String));
      await expect(
        search.search({ city: CITY, limit: 2, cursor: cursor as string, ...other }),
      ).rejects.toBeInstanceOf(ValidationFailed);
    }
    // Each hit's own cursor continues right after it.
    const [first, second] = byPrice.items;
    const after = await search.search({ city: CITY, order: 'fromPrice', limit: 1, cursor: first?.after });
    expect(after.items[0]?.hotelId).toBe(second?.hotelId);
  });

  it('filters by stars, lowest price and price floor, each from one field of the filters', async () => {
    const starred = (hotel: IndexedHotel, stars: unknown): IndexedHotel => ({
      ...hotel,
      hotelId: `${hotel.hotelId}-s`,
      city: 'Quillon Stars',
      attributes: { stars: stars as number, amenities: ['pool'] },
    });
    const stars = [
      starred(RATED_HOTELS[0] as IndexedHotel, 5),
      starred(RATED_HOTELS[1] as IndexedHotel, 3),
      starred(RATED_HOTELS[2] as IndexedHotel, 4),
      // A rating that is not a number never passes a stars filter (and never breaks indexing).
      starred(RATED_HOTELS[3] as IndexedHotel, 'five'),
    ];
    for (const h of stars) await search.index(h);
    expect((await walk({ city: 'Quillon Stars', minStars: 4 })).sort()).toEqual(['p-1-s', 'p-3-s']);
    expect(await walk({ city: 'Quillon Stars', minStars: 3, order: 'fromPrice' })).toEqual([
      'p-2-s',
      'p-3-s',
      'p-1-s',
    ]);
    // At most 120.00 USD a night: another currency never passes, whatever its amount.
    expect(
      await walk({ city: CITY, maxFromPrice: { amount: 12_000, currency: 'USD' }, order: 'fromPrice' }),
    ).toEqual(['p-2', 'p-3', 'p-1']);
    expect(await walk({ city: CITY, maxFromPrice: { amount: 100, currency: 'VND' } })).toEqual(['p-4']);
    // A floor at most 60.00 USD, or unknown (the second stage decides): Echo's promotion and Golf.
    expect((await walk({ city: CITY, maxFloor: { amount: 6_000, currency: 'USD' } })).sort()).toEqual([
      'p-6',
      'p-8',
    ]);
    // The filters bind the cursor: a page of one filter does not continue another.
    const first = await search.search({ city: 'Quillon Stars', minStars: 3, limit: 1 });
    await expect(
      search.search({ city: 'Quillon Stars', minStars: 4, limit: 1, cursor: first.nextCursor as string }),
    ).rejects.toBeInstanceOf(ValidationFailed);
    for (const h of stars) await search.remove(h.hotelId);
  });
}
