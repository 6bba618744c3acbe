/**
 * A keyed booking is tried as new first: one call to the store when it is (as a
 * forwarded booking always is keyed), and the earlier booking read only after a
 * refusal, so that a replay still finds its booking whatever refused it.
 */
import { describe, expect, it } from 'vitest';
import { type BookRoomsRequest, bookRooms } from '../../lambdas/domain/booking';
import type { DomainContext } from '../../lambdas/domain/context';
import { IdempotencyMismatch, ValidationFailed } from '../../lambdas/domain/errors';
import { RoomTypeCache } from '../../lambdas/domain/room-type-cache';
import { addDays } from '../../lambdas/domain/stay';
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

/** `ctx` with every call to its stores recorded by name in `calls`. */
function counted(ctx: DomainContext, calls: string[]): DomainContext {
  const wrap = <T extends object>(target: T): T =>
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
  return { ...ctx, hotels: wrap(ctx.hotels), bookings: wrap(ctx.bookings) };
}

describe('a keyed booking, optimistically', () => {
  it('is one call to the store when it is new and the cache is warm (no read of an earlier booking)', async () => {
    const { hotel } = await givenHotel(store, { totalRooms: 5 });
    const cached = { ...store, roomTypes: new RoomTypeCache(60_000) };
    await bookRooms(cached, request(hotel.hotelId)); // warms the room type and the clock
    const calls: string[] = [];
    const booked = await bookRooms(
      counted(cached, calls),
      request(hotel.hotelId, {
        idempotencyKey: 'new-order-1',
        checkIn: daysFromNow(20),
        checkOut: daysFromNow(22),
      }),
    );
    expect(booked.replayed).toBe(false);
    expect(calls).toEqual(['createBooking']);
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
  });

  it('reads the earlier booking only after the transaction refuses it, and replays it', async () => {
    const { hotel } = await givenHotel(store, { totalRooms: 5 });
    const cached = { ...store, roomTypes: new RoomTypeCache(60_000) };
    const keyed = request(hotel.hotelId, { idempotencyKey: 'order-7' });
    const first = await bookRooms(cached, keyed);
    const calls: string[] = [];
    const replay = await bookRooms(counted(cached, calls), keyed);
    expect(replay).toMatchObject({ replayed: true, booking: { bookingId: first.booking.bookingId } });
    expect(calls).toEqual(['createBooking', 'getBooking', 'addAccessTokenHash']);
    await expect(bookRooms(cached, { ...keyed, rooms: 2 })).rejects.toBeInstanceOf(IdempotencyMismatch);
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
  });

  it('still finds its booking when the retry comes after check-in, or after the last room sold', async () => {
    const { hotel } = await givenHotel(store, { totalRooms: 1 });
    const checkIn = daysFromNow(3);
    const keyed = request(hotel.hotelId, {
      idempotencyKey: 'late-retry',
      checkIn,
      checkOut: addDays(checkIn, 2),
    });
    const first = await bookRooms(store, keyed);
    // The only room is this booking's: a new booking would be sold out; the replay is not.
    const soldOut = await bookRooms(store, keyed);
    expect(soldOut).toMatchObject({ replayed: true, booking: { bookingId: first.booking.bookingId } });
    // Two days later the stay has started: a new booking would be refused as in the past.
    const later = new Date(Date.parse(`${addDays(checkIn, 1)}T12:00:00Z`));
    const lateCtx = { ...store, now: () => later };
    await expect(bookRooms(lateCtx, { ...keyed, idempotencyKey: 'never-booked' })).rejects.toBeInstanceOf(
      ValidationFailed,
    );
    const late = await bookRooms(lateCtx, keyed);
    expect(late).toMatchObject({ replayed: true, booking: { bookingId: first.booking.bookingId } });
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
  });
});

describe('the one-call path', () => {
  it('stays on it after a fresh read finds nights that are only booked (no calendar settings)', async () => {
    const { hotel } = await givenHotel(store, { totalRooms: 5 });
    const stay = { checkIn: daysFromNow(30), checkOut: daysFromNow(32) };
    await bookRooms(store, request(hotel.hotelId, stay)); // the nights now exist, with counters only
    // A cold cache (as after its entry expired) reads the room type and those nights afresh.
    const cached = { ...store, roomTypes: new RoomTypeCache(60_000) };
    await bookRooms(cached, request(hotel.hotelId, stay));
    const calls: string[] = [];
    await bookRooms(
      counted(cached, calls),
      request(hotel.hotelId, { checkIn: daysFromNow(31), checkOut: daysFromNow(33) }),
    );
    expect(calls).toEqual(['createBooking']);
  });
});
