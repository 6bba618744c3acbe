/** Check-in, check-out and no-show on DynamoDB Local: one conditional transaction each, real races. */
import { describe, expect, it } from 'vitest';
import { availabilityFor } from '../../lambdas/domain/availability';
import { bookRooms } from '../../lambdas/domain/booking';
import { Conflict, HotelMoving, NotOwnerRegion } from '../../lambdas/domain/errors';
import { cancelBookingForGuest } from '../../lambdas/domain/guest-booking';
import { fenceHotel, type HandoverContext } from '../../lambdas/domain/handover';
import type { Booking } from '../../lambdas/domain/model';
import { changeStay, type StayAction } from '../../lambdas/domain/stay-lifecycle';
import { daysFromNow, discrepanciesOf, givenHotel, guest, replicateHotel, testStore } from '../support/store';

const store = testStore('us-east-1');
const DAY = 86_400_000;
/** The store as the front desk sees it `days` from now. */
const inDays = (days: number) => ({ ...store, now: () => new Date(Date.now() + days * DAY) });

async function bookedStay(
  checkInDays: number,
  nights: number,
  options: { totalRooms?: number; rooms?: number } = {},
) {
  const { hotel, ownerId } = await givenHotel(store, { totalRooms: options.totalRooms ?? 2 });
  const made = await bookRooms(store, {
    hotelId: hotel.hotelId,
    roomTypeId: 'deluxe-king',
    checkIn: daysFromNow(checkInDays),
    checkOut: daysFromNow(checkInDays + nights),
    rooms: options.rooms ?? 1,
    guest,
  });
  return { hotelId: hotel.hotelId, ownerId, booking: made.booking, accessToken: made.accessToken };
}

const change = (
  ctx: typeof store,
  s: { hotelId: string; ownerId: string; booking: Booking },
  action: StayAction,
) => changeStay(ctx, s.ownerId, s.hotelId, s.booking.bookingId, action);

/** Rooms free on each night of `[from, to)` days from now. */
async function freeRooms(hotelId: string, fromDays: number, toDays: number): Promise<number[]> {
  const free: number[] = [];
  for (let d = fromDays; d < toDays; d++) {
    const [a] = await availabilityFor(store, hotelId, daysFromNow(d), daysFromNow(d + 1));
    free.push(a?.available ?? -1);
  }
  return free;
}

describe('the stay on DynamoDB Local', () => {
  it('checks in from the day before arrival, then refuses a cancel naming CHECKED_IN', async () => {
    const stay = await bookedStay(1, 2);
    const tooEarly = await change(inDays(-1), stay, 'check-in').catch((e) => e);
    expect(tooEarly).toBeInstanceOf(Conflict);
    expect((tooEarly as Conflict).details).toEqual({ status: 'CONFIRMED' });
    const checkedIn = await change(store, stay, 'check-in');
    expect(checkedIn).toMatchObject({ status: 'CHECKED_IN', version: 2 });
    expect(checkedIn.checkedInAt).toBeTypeOf('string');
    const refused = await cancelBookingForGuest(
      store,
      stay.hotelId,
      stay.booking.bookingId,
      stay.accessToken,
    ).catch((e) => e);
    expect(refused).toBeInstanceOf(Conflict);
    expect((refused as Conflict).message).toContain('CHECKED_IN');
    // A checked-in stay still holds every night.
    expect(await freeRooms(stay.hotelId, 1, 3)).toEqual([1, 1]);
    expect(await discrepanciesOf(store, stay.hotelId)).toEqual([]);
  });

  it('an early check-out gives back only the nights not yet stayed, in the same transaction', async () => {
    const stay = await bookedStay(0, 4, { rooms: 2, totalRooms: 3 });
    await change(store, stay, 'check-in');
    const out = await change(inDays(2), stay, 'check-out');
    expect(out).toMatchObject({ status: 'CHECKED_OUT', releasedFrom: daysFromNow(2), version: 3 });
    expect(await freeRooms(stay.hotelId, 0, 4)).toEqual([1, 1, 3, 3]);
    expect(await discrepanciesOf(store, stay.hotelId)).toEqual([]);
  });

  it('a check-out on the check-out date frees nothing', async () => {
    const stay = await bookedStay(0, 2);
    await change(store, stay, 'check-in');
    const out = await change(inDays(2), stay, 'check-out');
    expect(out.releasedFrom).toBe(daysFromNow(2));
    expect(await freeRooms(stay.hotelId, 0, 2)).toEqual([1, 1]);
    expect(await discrepanciesOf(store, stay.hotelId)).toEqual([]);
  });

  it('a no-show is refused before arrival; on a later day it frees the nights not yet passed', async () => {
    const stay = await bookedStay(0, 3);
    const early = await change(inDays(-1), stay, 'no-show').catch((e) => e);
    expect(early).toBeInstanceOf(Conflict);
    const noShow = await change(inDays(1), stay, 'no-show');
    expect(noShow).toMatchObject({ status: 'NO_SHOW', releasedFrom: daysFromNow(1) });
    expect(await freeRooms(stay.hotelId, 0, 3)).toEqual([1, 2, 2]);
    expect(await discrepanciesOf(store, stay.hotelId)).toEqual([]);
  });

  it('refuses every change the lifecycle does not allow with CONFLICT naming the current status, writing nothing', async () => {
    const stay = await bookedStay(0, 2);
    const refusal = async (action: StayAction) => {
      const error = await change(store, stay, action).catch((e) => e);
      expect(error, action).toBeInstanceOf(Conflict);
      return (error as Conflict).details;
    };
    expect(await refusal('check-out')).toEqual({ status: 'CONFIRMED' });
    await change(store, stay, 'check-in');
    expect(await refusal('check-in')).toEqual({ status: 'CHECKED_IN' });
    expect(await refusal('no-show')).toEqual({ status: 'CHECKED_IN' });
    await change(store, stay, 'check-out');
    for (const action of ['check-in', 'check-out', 'no-show'] as const)
      expect(await refusal(action)).toEqual({ status: 'CHECKED_OUT' });
    const cancelled = await bookedStay(1, 2);
    await cancelBookingForGuest(store, cancelled.hotelId, cancelled.booking.bookingId, cancelled.accessToken);
    for (const action of ['check-in', 'check-out', 'no-show'] as const)
      await expect(change(store, cancelled, action)).rejects.toThrow(/CANCELLED/);
    const current = await store.bookings.getBooking(stay.hotelId, stay.booking.bookingId, {
      consistent: true,
    });
    expect(current?.version).toBe(3);
    expect(await discrepanciesOf(store, stay.hotelId)).toEqual([]);
  });

  it("a check-in racing the guest's cancel, on separate connections: exactly one wins, every time", async () => {
    const winners: string[] = [];
    for (let round = 0; round < 8; round++) {
      const stay = await bookedStay(1, 2);
      const desk = testStore('us-east-1');
      const guestSide = testStore('us-east-1');
      const [checkIn, cancel] = await Promise.allSettled([
        change(desk, stay, 'check-in'),
        cancelBookingForGuest(guestSide, stay.hotelId, stay.booking.bookingId, stay.accessToken),
      ]);
      const won = [checkIn, cancel].filter((r) => r.status === 'fulfilled');
      expect(won, `round ${round}`).toHaveLength(1);
      const lost = [checkIn, cancel].find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toBeInstanceOf(Conflict);
      const final = await store.bookings.getBooking(stay.hotelId, stay.booking.bookingId, {
        consistent: true,
      });
      expect(final?.status).toBe(checkIn.status === 'fulfilled' ? 'CHECKED_IN' : 'CANCELLED');
      expect(final?.version).toBe(2);
      winners.push(String(final?.status));
      expect(await discrepanciesOf(store, stay.hotelId)).toEqual([]);
    }
  });

  it('runs only in the owner region, and not while the hotel is fenced for a handover', async () => {
    const stay = await bookedStay(0, 2);
    const asia = testStore('ap-southeast-1');
    await replicateHotel(store, asia, stay.hotelId);
    await expect(change(asia, stay, 'check-in')).rejects.toBeInstanceOf(NotOwnerRegion);
    const ctx: HandoverContext = {
      stores: { 'us-east-1': store, 'ap-southeast-1': asia },
      now: () => new Date(),
    };
    await fenceHotel(ctx, stay.hotelId, 'ap-southeast-1');
    await expect(change(store, stay, 'check-in')).rejects.toBeInstanceOf(HotelMoving);
    const current = await store.bookings.getBooking(stay.hotelId, stay.booking.bookingId, {
      consistent: true,
    });
    expect(current?.status).toBe('CONFIRMED');
  });
});
