/**
 * Price order with names in many alphabets, on DynamoDB Local: with prices tied, the name
 * decides, and the engine's candidate order and the domain's price keys fold names the same way
 * (one fold, `lambdas/domain/text-fold.ts`). Walking every page by price shows each bookable
 * hotel exactly once, in (price, folded name, id) order. Before one fold, the engine sorted
 * "Đà Lạt Palace" as "da lat palace" and the domain as "đa lat palace": with prices tied,
 * "Eden Garden" was skipped.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmbeddedHotelSearch } from '../../lambdas/adapters/search/embedded-search';
import { setRoomTypeCalendar } from '../../lambdas/domain/calendar';
import { searchHotels } from '../../lambdas/domain/catalog';
import { createHotel } from '../../lambdas/domain/hotels';
import { putRoomType } from '../../lambdas/domain/room-types';
import { compareFolded, fold } from '../../lambdas/domain/text-fold';
import { daysFromNow, testStore } from '../support/store';

const store = testStore('us-east-1');
const OWNER = `fold-order-${randomUUID()}`;

/** Names whose folds sit next to plain ASCII neighbours ("Đà Lạt" by "Dalat", "Øster" by "Oster"). */
const NAMES = [
  'Đà Lạt Palace',
  'Dalat Inn',
  'Eden Garden',
  'Øster Hotel',
  'Oster Lodge',
  'Æble Hus',
  'Aeble Rooms',
  'Straße Hotel',
  'Strasse Inn',
  'Łódź Rooms',
  'Lodz Lodge',
  'Hội An Riverside',
  'Hoi An House',
  'Phở Cổ Boutique',
  'Ðặng Suites',
  'โรงแรมสยาม',
  'โรงแรม ริมน้ำ',
  'Siam Hotel',
  'Zebra Stay',
];

const hotelArb = fc.record({
  name: fc.constantFrom(...NAMES),
  // Few prices, so most hotels tie with another.
  price: fc.constantFrom(4_000, 4_000, 6_000),
  // A cheaper room type closed on the searched night: the hotel's floor is then below its offer.
  closedCheaper: fc.boolean(),
});

describe('dated search by price with names in many alphabets (DynamoDB Local)', () => {
  it('shows every bookable hotel once, by price then folded name, however prices tie', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(hotelArb, { minLength: 2, maxLength: 8 }),
        fc.integer({ min: 1, max: 3 }),
        async (hotels, limit) => {
          const city = `Fold ${randomUUID()}`;
          const search = new EmbeddedHotelSearch();
          const night = { from: daysFromNow(15), to: daysFromNow(16) };
          const expected: Array<{ id: string; name: string; price: number }> = [];
          for (const h of hotels) {
            const { hotelId } = await createHotel(store, OWNER, { name: h.name, city, country: 'US' });
            await putRoomType(store, OWNER, hotelId, 'std', {
              name: 'Standard',
              totalRooms: 2,
              pricePerNight: { amount: h.price, currency: 'USD' },
            });
            if (h.closedCheaper) {
              await putRoomType(store, OWNER, hotelId, 'eco', {
                name: 'Economy',
                totalRooms: 2,
                pricePerNight: { amount: 1_000, currency: 'USD' },
              });
              await setRoomTypeCalendar(store, OWNER, hotelId, 'eco', { ...night, closed: true });
            }
            const stored = await store.hotels.getHotel(hotelId, { consistent: true });
            if (stored) await search.index(stored);
            expected.push({ id: hotelId, name: h.name, price: h.price });
          }
          expected.sort(
            (a, b) =>
              a.price - b.price || compareFolded(fold(a.name), fold(b.name)) || (a.id < b.id ? -1 : 1),
          );

          const shown: string[] = [];
          let cursor: string | undefined;
          let pages = 0;
          do {
            const page = await searchHotels(store, search, {
              city,
              checkIn: night.from,
              checkOut: night.to,
              sort: 'price',
              limit,
              cursor,
            });
            shown.push(...page.items.map((h) => h.hotelId));
            cursor = page.nextCursor ?? undefined;
            expect(++pages).toBeLessThanOrEqual(hotels.length + 1);
          } while (cursor);
          expect(shown).toEqual(expected.map((h) => h.id));
        },
      ),
      { numRuns: 25 },
    );
  }, 240_000);

  it('keeps only stays within maxPrice (the total for the nights and rooms), and only stars enough', async () => {
    const city = `Budget ${randomUUID()}`;
    const search = new EmbeddedHotelSearch();
    const made: Record<string, string> = {};
    for (const [name, amount, stars] of [
      ['Thrift Inn', 4_000, 2],
      ['Middle Lodge', 6_000, 4],
      ['Grand Palace', 20_000, 5],
    ] as const) {
      const { hotelId } = await createHotel(store, OWNER, {
        name,
        city,
        country: 'US',
        attributes: { stars },
      });
      await putRoomType(store, OWNER, hotelId, 'std', {
        name: 'Standard',
        totalRooms: 3,
        pricePerNight: { amount, currency: 'USD' },
      });
      const stored = await store.hotels.getHotel(hotelId, { consistent: true });
      if (stored) await search.index(stored);
      made[name] = hotelId;
    }
    const stay = { city, checkIn: daysFromNow(20), checkOut: daysFromNow(22), rooms: 2, limit: 10 };
    // Two nights, two rooms: Thrift costs 160.00, Middle 240.00, Grand 800.00.
    const within = await searchHotels(store, search, {
      ...stay,
      maxPrice: 24_000,
      currency: 'USD',
      sort: 'price',
    });
    expect(within.items.map((h) => [h.name, h.offer?.totalPrice.amount])).toEqual([
      ['Thrift Inn', 16_000],
      ['Middle Lodge', 24_000],
    ]);
    expect((await searchHotels(store, search, { ...stay, maxPrice: 24_000, currency: 'EUR' })).items).toEqual(
      [],
    );
    const starred = await searchHotels(store, search, { ...stay, minStars: 4 });
    expect(starred.items.map((h) => h.name).sort()).toEqual(['Grand Palace', 'Middle Lodge']);
    // Without dates, the price limit is on a night's lowest price.
    const undated = await searchHotels(store, search, { city, maxPrice: 6_000, currency: 'USD', limit: 10 });
    expect(undated.items.map((h) => h.hotelId).sort()).toEqual(
      [made['Thrift Inn'], made['Middle Lodge']].sort(),
    );
    await expect(searchHotels(store, search, { city, maxPrice: 6_000, limit: 10 })).rejects.toMatchObject({
      details: { currency: 'is required with maxPrice' },
    });
  });
});
