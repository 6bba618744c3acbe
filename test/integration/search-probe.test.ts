/**
 * A dated search in a city sold out on one night of the stay, on DynamoDB Local:
 * once most candidates prove unbookable, the check reads one night of each room
 * type first (the night most often found full) and the rest only for the room
 * types still open. Walking every page still returns exactly the hotels
 * availability says can take the stay, once each, in order, with the offers it
 * quotes; and most hotels full on the peak night are ruled out by one read per room type.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EmbeddedHotelSearch } from '../../lambdas/adapters/search/embedded-search';
import { availabilityFor } from '../../lambdas/domain/availability';
import type { SearchResult } from '../../lambdas/domain/available-search';
import { bookRooms } from '../../lambdas/domain/booking';
import { setRoomTypeCalendar } from '../../lambdas/domain/calendar';
import { searchHotels } from '../../lambdas/domain/catalog';
import type { DomainContext } from '../../lambdas/domain/context';
import { createHotel } from '../../lambdas/domain/hotels';
import type { BookingStore } from '../../lambdas/domain/ports';
import { compareMoney } from '../../lambdas/domain/rates';
import { putRoomType } from '../../lambdas/domain/room-types';
import { seededRandom } from '../../local/demo-hotels';
import { daysFromNow, guest, testStore } from '../support/store';

const store = testStore('us-east-1');
const OWNER = `probe-${randomUUID()}`;
/** The stay: three nights, the middle one the city's peak. */
const CHECK_IN = daysFromNow(40);
const PEAK = daysFromNow(41);
const CHECK_OUT = daysFromNow(43);

describe('dated search in a city sold out on its peak night (DynamoDB Local)', () => {
  it('probes the full night first, and still finds exactly the bookable hotels once each, in order', async () => {
    const city = `Peakton ${randomUUID()}`;
    const random = seededRandom(24);
    const search = new EmbeddedHotelSearch();
    const ids: string[] = [];
    /** Hotels with a room type free on the peak night. */
    const openOnPeak = new Set<string>();
    for (let i = 0; i < 48; i++) {
      const hotel = await createHotel(store, OWNER, { name: `Peak Hotel ${i}`, city, country: 'US' });
      ids.push(hotel.hotelId);
      const roomTypes = 1 + Math.floor(random() * 3);
      for (let r = 0; r < roomTypes; r++)
        await putRoomType(store, OWNER, hotel.hotelId, `rt-${r}`, {
          name: `Room ${r}`,
          totalRooms: 1 + Math.floor(random() * 2),
          pricePerNight: { amount: 5_000 + Math.floor(random() * 40) * 250, currency: 'USD' },
        });
      // Four hotels in five: every room type full on the peak night (by bookings, or closed).
      // The others: some room types full on the first night only, the rest free.
      const soldOut = random() < 0.8;
      if (!soldOut) openOnPeak.add(hotel.hotelId);
      for (let r = 0; r < roomTypes; r++) {
        const roomTypeId = `rt-${r}`;
        const rooms = (await store.hotels.getRoomType(hotel.hotelId, roomTypeId))?.totalRooms ?? 0;
        if (soldOut && random() < 0.25)
          await setRoomTypeCalendar(store, OWNER, hotel.hotelId, roomTypeId, {
            from: PEAK,
            to: daysFromNow(42),
            closed: true,
          });
        else if (soldOut || random() < 0.3)
          await bookRooms(store, {
            hotelId: hotel.hotelId,
            roomTypeId,
            checkIn: soldOut ? PEAK : CHECK_IN,
            checkOut: soldOut ? daysFromNow(42) : PEAK,
            rooms,
            guest,
          });
      }
    }
    for (const id of ids) {
      const hotel = await store.hotels.getHotel(id, { consistent: true });
      if (hotel) await search.index(hotel);
    }

    // What availability says each hotel offers: its cheapest bookable room type's total.
    const expected = new Map<string, number>();
    for (const id of ids) {
      const offers = (await availabilityFor(store, id, CHECK_IN, CHECK_OUT)).filter(
        (r) => r.bookable && r.available >= 1,
      );
      offers.sort((a, b) => compareMoney(a.totalPrice, b.totalPrice));
      if (offers[0]) expected.set(id, offers[0].totalPrice.amount);
    }
    expect(expected.size).toBeGreaterThan(3);
    expect(expected.size).toBeLessThan(ids.length / 2);

    for (const sort of ['relevance', 'price'] as const) {
      const probes: string[] = [];
      /** Hotels full on the peak night: those read in full, and those ruled out by a probe. */
      const readInFull = new Set<string>();
      const probed = new Set<string>();
      const bookings: BookingStore = Object.assign(Object.create(store.bookings), {
        async readStayItems(...args: Parameters<BookingStore['readStayItems']>) {
          // A probe reads one night of each room type, nothing else; a full read, the stay's other
          // nights (all of them, unprobed), and room types only where the rate summary lacks them.
          const nights = new Set(args[1].map((k) => k.night));
          const probe = !args[0].length && nights.size === 1;
          if (probe) probes.push(...nights);
          for (const { hotelId } of [...args[0], ...(probe ? [] : args[1])])
            if (!openOnPeak.has(hotelId)) readInFull.add(hotelId);
          if (probe) for (const { hotelId } of args[1]) if (!openOnPeak.has(hotelId)) probed.add(hotelId);
          return store.bookings.readStayItems(...args);
        },
      });
      const ctx: DomainContext & { cursors: typeof store.cursors } = { ...store, bookings };
      const found: SearchResult[] = [];
      let cursor: string | undefined;
      let requests = 0;
      do {
        const page = await searchHotels(ctx, search, {
          city,
          checkIn: CHECK_IN,
          checkOut: CHECK_OUT,
          sort,
          limit: 2,
          cursor,
        });
        found.push(...page.items);
        cursor = page.nextCursor ?? undefined;
        expect(++requests).toBeLessThan(ids.length);
      } while (cursor);

      expect(new Set(found.map((h) => h.hotelId)).size, sort).toBe(found.length);
      expect(new Map(found.map((h) => [h.hotelId, h.offer?.totalPrice.amount])), sort).toEqual(expected);
      if (sort === 'price') {
        const totals = found.map((h) => h.offer?.totalPrice.amount ?? 0);
        expect(totals).toEqual([...totals].sort((a, b) => a - b));
      }
      // It learnt the peak night and probed only it; most hotels full on it were ruled out by that
      // one read per room type (a request that knows too little yet still reads some in full).
      expect(probes, sort).toContain(PEAK);
      expect(
        probes.filter((n) => n !== PEAK),
        sort,
      ).toEqual([]);
      const ruledOut = [...probed].filter((id) => !readInFull.has(id)).length;
      expect(ruledOut, sort).toBeGreaterThan(2 * readInFull.size);
    }
  });
});
