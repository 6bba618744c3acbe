/**
 * The dated search against an oracle, on DynamoDB Local: for random hotels,
 * capacities, calendar settings (prices below and above the base, closed
 * nights, stay limits), bookings and queries, walking every page returns
 * exactly the hotels that availability says can take the stay with that many
 * rooms, never twice; each page is full but the last; each offer is the
 * cheapest bookable room type at the price availability quotes; `sort=price`
 * is in order. Finally a booking at an offer's price commits at that price.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmbeddedHotelSearch } from '../../lambdas/adapters/search/embedded-search';
import { availabilityFor } from '../../lambdas/domain/availability';
import type { SearchResult } from '../../lambdas/domain/available-search';
import { bookRooms } from '../../lambdas/domain/booking';
import { setRoomTypeCalendar } from '../../lambdas/domain/calendar';
import { searchHotels } from '../../lambdas/domain/catalog';
import { createHotel } from '../../lambdas/domain/hotels';
import type { Money } from '../../lambdas/domain/money';
import { compareMoney } from '../../lambdas/domain/rates';
import { putRoomType } from '../../lambdas/domain/room-types';
import type { Offer } from '../../lambdas/domain/stay-check';
import { compareFolded, fold } from '../../lambdas/domain/text-fold';
import { daysFromNow, guest, testStore } from '../support/store';

const store = testStore('us-east-1');
const OWNER = `oracle-${randomUUID()}`;

const roomTypeArb = fc.record({
  totalRooms: fc.integer({ min: 0, max: 4 }),
  amount: fc.integer({ min: 1, max: 40 }).map((n) => n * 500),
  currency: fc.constantFrom('USD', 'USD', 'USD', 'EUR'),
});
const calendarArb = fc.record(
  {
    roomType: fc.nat(),
    from: fc.integer({ min: 1, max: 7 }),
    length: fc.integer({ min: 1, max: 4 }),
    price: fc.integer({ min: 1, max: 40 }).map((n) => n * 400),
    closed: fc.boolean(),
    minStay: fc.integer({ min: 1, max: 3 }),
    maxStay: fc.integer({ min: 2, max: 4 }),
  },
  { requiredKeys: ['roomType', 'from', 'length'] },
);
const bookingArb = fc.record({
  roomType: fc.nat(),
  checkIn: fc.integer({ min: 1, max: 7 }),
  nights: fc.integer({ min: 1, max: 3 }),
  rooms: fc.integer({ min: 1, max: 3 }),
});
const hotelArb = fc.record({
  name: fc.constantFrom('Amber', 'Birch', 'Cedar', 'amber', 'Élan', 'Dune', 'Đà Lạt', 'Eden', 'Øster'),
  roomTypes: fc.array(roomTypeArb, { minLength: 0, maxLength: 3 }),
  calendar: fc.array(calendarArb, { maxLength: 2 }),
  bookings: fc.array(bookingArb, { maxLength: 3 }),
});
const queryArb = fc.record({
  checkIn: fc.integer({ min: 1, max: 7 }),
  nights: fc.integer({ min: 1, max: 3 }),
  rooms: fc.integer({ min: 1, max: 3 }),
  sort: fc.constantFrom('relevance' as const, 'price' as const),
  limit: fc.integer({ min: 1, max: 3 }),
  q: fc.constantFrom('', 'amber', 'cedar hotel'),
});

/** What availability and the room types say a hotel offers: the cheapest bookable room type and plan, or nothing. */
async function oracleOffer(hotelId: string, checkIn: string, checkOut: string, rooms: number) {
  const roomTypes = new Map((await store.hotels.listRoomTypes(hotelId)).map((r) => [r.roomTypeId, r]));
  const names = new Map([...roomTypes].map(([id, r]) => [id, r.name]));
  // At the same total, the room type whose own price is lower (no plans here: its base price).
  const own = (o: Offer) => roomTypes.get(o.roomTypeId)?.pricePerNight as Money;
  const offers: Offer[] = (await availabilityFor(store, hotelId, checkIn, checkOut))
    .filter((r) => r.bookable && r.available >= rooms)
    .flatMap((r) =>
      r.offers.map((o) => ({
        roomTypeId: r.roomTypeId,
        name: names.get(r.roomTypeId) as string,
        available: r.available,
        totalPrice: { amount: o.totalPrice.amount * rooms, currency: o.totalPrice.currency },
        ratePlanId: o.ratePlanId,
        refundable: o.cancellation.freeUntil !== null,
      })),
    );
  offers.sort(
    (a, b) =>
      compareMoney(a.totalPrice, b.totalPrice) ||
      compareMoney(own(a), own(b)) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : a.roomTypeId < b.roomTypeId ? -1 : 1),
  );
  return offers[0];
}

const priceOrder = (a: SearchResult, b: SearchResult) =>
  compareMoney(a.offer?.totalPrice as Money, b.offer?.totalPrice as Money) ||
  compareFolded(fold(a.name), fold(b.name)) ||
  (a.hotelId < b.hotelId ? -1 : 1);

describe('dated search against the availability oracle (DynamoDB Local)', () => {
  it('finds exactly the bookable hotels, once each, in full pages, with the offers availability quotes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(hotelArb, { minLength: 1, maxLength: 5 }),
        queryArb,
        async (hotels, query) => {
          const city = `Oracle ${randomUUID()}`;
          const search = new EmbeddedHotelSearch();
          const ids: string[] = [];
          for (const h of hotels) {
            const hotel = await createHotel(store, OWNER, { name: `${h.name} Hotel`, city, country: 'US' });
            ids.push(hotel.hotelId);
            const roomTypeIds = h.roomTypes.map((_, i) => `rt-${i}`);
            for (const [i, rt] of h.roomTypes.entries())
              await putRoomType(store, OWNER, hotel.hotelId, `rt-${i}`, {
                name: `Room ${String.fromCharCode(67 - i)}`,
                totalRooms: rt.totalRooms,
                pricePerNight: { amount: rt.amount, currency: rt.currency },
              });
            if (!roomTypeIds.length) continue;
            const pick = (n: number) => roomTypeIds[n % roomTypeIds.length] as string;
            for (const c of h.calendar) {
              const roomTypeId = pick(c.roomType);
              const currency = h.roomTypes[Number(roomTypeId.slice(3))]?.currency as string;
              await setRoomTypeCalendar(store, OWNER, hotel.hotelId, roomTypeId, {
                from: daysFromNow(c.from),
                to: daysFromNow(c.from + c.length),
                ...(c.price === undefined ? {} : { pricePerNight: { amount: c.price, currency } }),
                ...(c.closed === undefined ? {} : { closed: c.closed }),
                ...(c.minStay === undefined ? {} : { minStay: c.minStay }),
                ...(c.maxStay === undefined || (c.minStay ?? 0) > c.maxStay ? {} : { maxStay: c.maxStay }),
                // At least one setting: a bare range is refused before anything is written.
                ...(c.price === undefined && c.closed === undefined && c.minStay === undefined
                  ? { closed: false }
                  : {}),
              }).catch(() => undefined); // a refused change (limits that clash) changes nothing
            }
            for (const b of h.bookings)
              await bookRooms(store, {
                hotelId: hotel.hotelId,
                roomTypeId: pick(b.roomType),
                checkIn: daysFromNow(b.checkIn),
                checkOut: daysFromNow(b.checkIn + b.nights),
                rooms: b.rooms,
                guest,
              }).catch(() => undefined); // sold out, not bookable: nothing written
          }
          // The index as the pipeline would leave it: each hotel as stored now.
          for (const id of ids) {
            const hotel = await store.hotels.getHotel(id);
            if (hotel) await search.index({ ...hotel, ownerId: undefined });
          }

          const checkIn = daysFromNow(query.checkIn);
          const checkOut = daysFromNow(query.checkIn + query.nights);
          const pages: SearchResult[][] = [];
          let cursor: string | undefined;
          do {
            const page = await searchHotels(store, search, {
              q: query.q,
              city,
              checkIn,
              checkOut,
              rooms: query.rooms,
              sort: query.sort,
              limit: query.limit,
              cursor,
            });
            pages.push(page.items);
            cursor = page.nextCursor ?? undefined;
            expect(pages.length).toBeLessThanOrEqual(ids.length + 1);
          } while (cursor);
          const found = pages.flat();

          // Never twice; full pages but the last.
          expect(new Set(found.map((h) => h.hotelId)).size).toBe(found.length);
          for (const page of pages.slice(0, -1)) expect(page).toHaveLength(query.limit);

          // Exactly the bookable hotels among those the text matches (the undated search says which match).
          const matching = (await searchHotels(store, search, { q: query.q, city, limit: 100 })).items.map(
            (h) => h.hotelId,
          );
          const expected = new Map<string, Offer>();
          for (const id of matching) {
            const offer = await oracleOffer(id, checkIn, checkOut, query.rooms);
            if (offer) expected.set(id, offer);
          }
          expect(new Set(found.map((h) => h.hotelId))).toEqual(new Set(expected.keys()));
          for (const h of found) expect(h.offer, h.hotelId).toEqual(expected.get(h.hotelId));

          if (query.sort === 'price') expect(found).toEqual([...found].sort(priceOrder));

          // A booking at the first offer's price commits at exactly that price.
          const first = found[0];
          if (first?.offer) {
            const booked = await bookRooms(store, {
              hotelId: first.hotelId,
              roomTypeId: first.offer.roomTypeId,
              checkIn,
              checkOut,
              rooms: query.rooms,
              guest,
              expectedTotalPrice: first.offer.totalPrice,
            });
            expect(booked.booking.totalPrice).toEqual(first.offer.totalPrice);
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 240_000);
});
