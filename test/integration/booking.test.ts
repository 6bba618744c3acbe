/** The booking core on DynamoDB Local: real transactions, real concurrency. */
import { describe, expect, it } from 'vitest';
import { availabilityFor } from '../../lambdas/domain/availability';
import { type BookRoomsRequest, bookRooms } from '../../lambdas/domain/booking';
import {
  Conflict,
  IdempotencyMismatch,
  NotFound,
  NotOwnerRegion,
  SoldOut,
  Unauthorized,
  ValidationFailed,
} from '../../lambdas/domain/errors';
import { cancelBookingForGuest, getBookingForGuest } from '../../lambdas/domain/guest-booking';
import { RoomTypeCache } from '../../lambdas/domain/room-type-cache';
import { putRoomType } from '../../lambdas/domain/room-types';
import { daysFromNow, discrepanciesOf, givenHotel, guest, testStore } from '../support/store';

const store = testStore('us-east-1');

function request(hotelId: string, overrides: Partial<BookRoomsRequest> = {}): BookRoomsRequest {
  return {
    hotelId,
    roomTypeId: 'deluxe-king',
    checkIn: daysFromNow(10),
    checkOut: daysFromNow(12),
    rooms: 1,
    guest,
    ...overrides,
  };
}

/** Settles every promise and counts fulfilled ones and each rejection class. */
async function outcomes(promises: Promise<unknown>[]) {
  const settled = await Promise.allSettled(promises);
  const confirmed = settled.filter((s) => s.status === 'fulfilled').length;
  const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
  return { confirmed, errors };
}

describe('booking on DynamoDB Local', () => {
  it('50 truly concurrent single-room bookings for 5 rooms: exactly 5 succeed', async () => {
    const { hotel } = await givenHotel(store, { totalRooms: 5 });
    // Separate clients, so the requests really travel in parallel on their own connections.
    const stores = Array.from({ length: 10 }, () => testStore('us-east-1'));
    const { confirmed, errors } = await outcomes(
      Array.from({ length: 50 }, (_, i) =>
        bookRooms(stores[i % stores.length] ?? store, request(hotel.hotelId)),
      ),
    );
    expect(confirmed).toBe(5);
    expect(errors).toHaveLength(45);
    for (const error of errors) expect(error).toBeInstanceOf(SoldOut);
    const [availability] = await availabilityFor(store, hotel.hotelId, daysFromNow(10), daysFromNow(12));
    expect(availability?.available).toBe(0);
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
  });

  it('refuses a multi-room, multi-night stay that overlaps a full night by one, and names that night', async () => {
    const { hotel } = await givenHotel(store, { totalRooms: 3 });
    await bookRooms(
      store,
      request(hotel.hotelId, { checkIn: daysFromNow(20), checkOut: daysFromNow(23), rooms: 2 }),
    );
    const refused = await bookRooms(
      store,
      request(hotel.hotelId, { checkIn: daysFromNow(22), checkOut: daysFromNow(25), rooms: 2 }),
    ).catch((e) => e);
    expect(refused).toBeInstanceOf(SoldOut);
    expect((refused as SoldOut).nights).toEqual([daysFromNow(22)]);
    // Nothing of the refused stay was taken: its other nights are untouched.
    const after = await availabilityFor(store, hotel.hotelId, daysFromNow(23), daysFromNow(25));
    expect(after[0]?.available).toBe(3);
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
  });

  it('books adjacent stays on a single room: checkOut day is free for the next checkIn', async () => {
    const { hotel } = await givenHotel(store, { totalRooms: 1 });
    await bookRooms(store, request(hotel.hotelId, { checkIn: daysFromNow(5), checkOut: daysFromNow(7) }));
    const next = await bookRooms(
      store,
      request(hotel.hotelId, { checkIn: daysFromNow(7), checkOut: daysFromNow(9) }),
    );
    expect(next.booking.status).toBe('CONFIRMED');
    await expect(
      bookRooms(store, request(hotel.hotelId, { checkIn: daysFromNow(6), checkOut: daysFromNow(8) })),
    ).rejects.toBeInstanceOf(SoldOut);
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
  });

  it('prices the stay as nights x rooms x price, and returns a token that opens only this booking', async () => {
    const { hotel } = await givenHotel(store, { totalRooms: 4, amount: 15_000 });
    const { booking, accessToken } = await bookRooms(store, request(hotel.hotelId, { rooms: 2 }));
    expect(booking.totalPrice).toEqual({ amount: 2 * 2 * 15_000, currency: 'USD' });
    expect(JSON.stringify(booking)).not.toContain(accessToken);
    const seen = await getBookingForGuest(store, hotel.hotelId, booking.bookingId, accessToken);
    expect(seen.bookingId).toBe(booking.bookingId);
    await expect(getBookingForGuest(store, hotel.hotelId, booking.bookingId, 'wrong')).rejects.toBeInstanceOf(
      Unauthorized,
    );
    await expect(
      getBookingForGuest(store, hotel.hotelId, booking.bookingId, undefined),
    ).rejects.toBeInstanceOf(Unauthorized);
  });

  it('cancels, frees every night, cancels again without freeing more, and lets the room be rebooked', async () => {
    const { hotel } = await givenHotel(store, { totalRooms: 2 });
    const first = await bookRooms(store, request(hotel.hotelId, { rooms: 2 }));
    await expect(bookRooms(store, request(hotel.hotelId))).rejects.toBeInstanceOf(SoldOut);
    const cancelled = await cancelBookingForGuest(
      store,
      hotel.hotelId,
      first.booking.bookingId,
      first.accessToken,
    );
    expect(cancelled.status).toBe('CANCELLED');
    const again = await cancelBookingForGuest(
      store,
      hotel.hotelId,
      first.booking.bookingId,
      first.accessToken,
    );
    expect(again.status).toBe('CANCELLED');
    const [availability] = await availabilityFor(store, hotel.hotelId, daysFromNow(10), daysFromNow(12));
    expect(availability?.available).toBe(2);
    const rebooked = await bookRooms(store, request(hotel.hotelId, { rooms: 2 }));
    expect(rebooked.booking.status).toBe('CONFIRMED');
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
  });

  it('concurrent cancels of one booking free its rooms once', async () => {
    const { hotel } = await givenHotel(store, { totalRooms: 3 });
    const { booking, accessToken } = await bookRooms(store, request(hotel.hotelId, { rooms: 2 }));
    const stores = Array.from({ length: 5 }, () => testStore('us-east-1'));
    const results = await Promise.all(
      stores.map((s) => cancelBookingForGuest(s, hotel.hotelId, booking.bookingId, accessToken)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(5).fill('CANCELLED'));
    const [availability] = await availabilityFor(store, hotel.hotelId, daysFromNow(10), daysFromNow(12));
    expect(availability?.available).toBe(3);
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
  });

  it('books once for an idempotent replay, hands out a fresh working token, and refuses a changed body', async () => {
    const { hotel } = await givenHotel(store, { totalRooms: 5 });
    const keyed = request(hotel.hotelId, { idempotencyKey: 'order-42' });
    const first = await bookRooms(store, keyed);
    const replay = await bookRooms(store, keyed);
    expect(replay.replayed).toBe(true);
    expect(replay.booking.bookingId).toBe(first.booking.bookingId);
    expect(replay.accessToken).not.toBe(first.accessToken);
    for (const token of [first.accessToken, replay.accessToken])
      expect((await getBookingForGuest(store, hotel.hotelId, first.booking.bookingId, token)).bookingId).toBe(
        first.booking.bookingId,
      );
    await expect(bookRooms(store, { ...keyed, rooms: 2 })).rejects.toBeInstanceOf(IdempotencyMismatch);
    const [availability] = await availabilityFor(store, hotel.hotelId, daysFromNow(10), daysFromNow(12));
    expect(availability?.available).toBe(4);
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
  });

  it('books once when the same key arrives concurrently', async () => {
    const { hotel } = await givenHotel(store, { totalRooms: 5 });
    const keyed = request(hotel.hotelId, { idempotencyKey: 'double-click' });
    const stores = Array.from({ length: 8 }, () => testStore('us-east-1'));
    const results = await Promise.all(stores.map((s) => bookRooms(s, keyed)));
    expect(new Set(results.map((r) => r.booking.bookingId)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const [availability] = await availabilityFor(store, hotel.hotelId, daysFromNow(10), daysFromNow(12));
    expect(availability?.available).toBe(4);
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
  });

  it('refuses bad stays and room counts before writing anything', async () => {
    const { hotel } = await givenHotel(store, { totalRooms: 20 });
    const bad: Array<Partial<BookRoomsRequest>> = [
      { checkIn: daysFromNow(-1), checkOut: daysFromNow(1) },
      { checkIn: daysFromNow(1), checkOut: daysFromNow(32) },
      { checkIn: daysFromNow(366), checkOut: daysFromNow(367) },
      { rooms: 0 },
      { rooms: 11 },
    ];
    for (const overrides of bad)
      await expect(bookRooms(store, request(hotel.hotelId, overrides))).rejects.toBeInstanceOf(
        ValidationFailed,
      );
    await expect(bookRooms(store, request(hotel.hotelId, { roomTypeId: 'nope' }))).rejects.toBeInstanceOf(
      NotFound,
    );
    await expect(bookRooms(store, request('no-such-hotel'))).rejects.toBeInstanceOf(NotFound);
    expect((await availabilityFor(store, hotel.hotelId, daysFromNow(1), daysFromNow(30)))[0]?.available).toBe(
      20,
    );
  });

  it('refuses to write a hotel it does not own: the other region must forward', async () => {
    const { hotel } = await givenHotel(store, { totalRooms: 2 });
    const asia = testStore('ap-southeast-1');
    // The Asian database has no copy (no replication in this test), and the owner check is on the item itself.
    const refused = await bookRooms(
      { ...asia, hotels: store.hotels, bookings: store.bookings, region: 'ap-southeast-1' },
      request(hotel.hotelId),
    ).catch((e) => e);
    expect(refused).toBeInstanceOf(NotOwnerRegion);
    expect((refused as NotOwnerRegion).owner).toBe('us-east-1');
    expect(
      (await availabilityFor(store, hotel.hotelId, daysFromNow(10), daysFromNow(12)))[0]?.available,
    ).toBe(2);
  });

  it("lets the guest cancel until the hotel's local check-in time of the arrival day, and no later", async () => {
    // A hotel at UTC+8: its 15:00 on the arrival day is 07:00 UTC.
    const { hotel } = await givenHotel(store, { totalRooms: 2, timeZone: 'Asia/Singapore' });
    const arrival = daysFromNow(2);
    const stay = { checkIn: arrival, checkOut: daysFromNow(4) };
    const at = (instant: string) => ({ ...store, now: () => new Date(instant) });
    const early = await bookRooms(store, request(hotel.hotelId, stay));
    const cancelled = await cancelBookingForGuest(
      at(`${arrival}T06:59:00Z`),
      hotel.hotelId,
      early.booking.bookingId,
      early.accessToken,
    );
    expect(cancelled.status).toBe('CANCELLED');
    const late = await bookRooms(store, request(hotel.hotelId, stay));
    const refused = await cancelBookingForGuest(
      at(`${arrival}T07:00:00Z`),
      hotel.hotelId,
      late.booking.bookingId,
      late.accessToken,
    ).catch((e) => e);
    expect(refused).toBeInstanceOf(Conflict);
    expect((refused as Conflict).message).toMatch(/15:00 local time \(Asia\/Singapore\)/);
    expect((await store.bookings.getBooking(hotel.hotelId, late.booking.bookingId))?.status).toBe(
      'CONFIRMED',
    );
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
  });

  it("books warm in one call to the store: the room type and the hotel's clock come from the cache", async () => {
    const { hotel } = await givenHotel(store, { totalRooms: 5 });
    const cached = { ...store, roomTypes: new RoomTypeCache(60_000) };
    await bookRooms(cached, request(hotel.hotelId)); // warms the room type and the clock
    const calls: string[] = [];
    const counted = <T extends object>(target: T): T =>
      new Proxy(target, {
        get(object, name, receiver) {
          const value = Reflect.get(object, name, receiver);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            calls.push(String(name));
            return value.apply(object, args);
          };
        },
      });
    const warm = { ...cached, hotels: counted(store.hotels), bookings: counted(store.bookings) };
    const second = await bookRooms(
      warm,
      request(hotel.hotelId, { checkIn: daysFromNow(20), checkOut: daysFromNow(22) }),
    );
    expect(second.booking.status).toBe('CONFIRMED');
    expect(calls).toEqual(['createBooking']);
  });

  it('books correctly from a stale cached room type: capacity raised or lowered meanwhile', async () => {
    const { hotel, ownerId } = await givenHotel(store, { totalRooms: 2 });
    const cached = { ...store, roomTypes: new RoomTypeCache(60_000) };
    await bookRooms(cached, request(hotel.hotelId)); // caches the room type with 2 rooms
    const price = { amount: 12_000, currency: 'USD' };
    await putRoomType(store, ownerId, hotel.hotelId, 'deluxe-king', {
      name: 'Deluxe King',
      totalRooms: 6,
      pricePerNight: price,
    });
    // The cache still says 2 rooms: 4 more must still book (the version check forces a fresh read).
    const more = await bookRooms(cached, request(hotel.hotelId, { rooms: 4 }));
    expect(more.booking.status).toBe('CONFIRMED');
    await putRoomType(store, ownerId, hotel.hotelId, 'deluxe-king', {
      name: 'Deluxe King',
      totalRooms: 5,
      pricePerNight: price,
    });
    // Now 5 of 5 are taken; a cache that remembered 6 must not overbook.
    await expect(bookRooms(cached, request(hotel.hotelId))).rejects.toBeInstanceOf(SoldOut);
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
  });
});
