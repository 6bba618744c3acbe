/**
 * Rate plans on DynamoDB Local: a plan's price is guarded in the booking's transaction as
 * the calendar's is (a booking never pays a price it was not quoted), and a booking keeps
 * its plan's terms whatever later happens to the plan.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { bookRooms } from '../../lambdas/domain/booking';
import { Conflict, PriceChanged, ValidationFailed } from '../../lambdas/domain/errors';
import { cancelBookingForGuest } from '../../lambdas/domain/guest-booking';
import { deleteHotel } from '../../lambdas/domain/hotels';
import type { Booking } from '../../lambdas/domain/model';
import { modifyBooking } from '../../lambdas/domain/modify-booking';
import type { BookingStore } from '../../lambdas/domain/ports';
import { putRatePlan, type RatePlanInput } from '../../lambdas/domain/rate-plan-management';
import { RoomTypeCache } from '../../lambdas/domain/room-type-cache';
import { putRoomType } from '../../lambdas/domain/room-types';
import { daysFromNow, discrepanciesOf, givenHotel, guest, type TestStore, testStore } from '../support/store';

let store: TestStore;
beforeAll(() => {
  store = testStore('us-east-1');
});

const usd = (amount: number) => ({ amount, currency: 'USD' });
const flexible = (percent: number): RatePlanInput => ({
  name: `Flexible ${percent}%`,
  priceAdjustment: { percent },
  cancellation: { freeUntilHoursBefore: 48, fee: { nights: 1 } },
  noShowFee: { nights: 1 },
  includes: ['breakfast'],
});
const stay = (hotelId: string, extra: Record<string, unknown> = {}) => ({
  hotelId,
  roomTypeId: 'deluxe-king',
  checkIn: daysFromNow(10),
  checkOut: daysFromNow(13),
  rooms: 1,
  guest,
  ratePlanId: 'flex',
  ...extra,
});

function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A store whose bookings quote at once but commit only once `gate` has passed, telling `quoted` when they wait. */
function committingAfter(gate: Promise<void>, quoted: () => void): TestStore {
  const base = testStore('us-east-1');
  const bookings: BookingStore = Object.create(base.bookings);
  bookings.createBooking = async (booking, reservation) => {
    quoted();
    await gate;
    return base.bookings.createBooking(booking, reservation);
  };
  return { ...base, bookings };
}

describe('rate plans on DynamoDB Local', () => {
  it('a plan changed between quote and commit: the booking re-quotes, or refuses with PRICE_CHANGED', async () => {
    const { hotel, ownerId } = await givenHotel(store, { amount: 10_000 });
    await putRatePlan(store, ownerId, hotel.hotelId, 'deluxe-king', 'flex', flexible(-10));
    const oldTotal = usd(27_000);
    const newTotal = usd(45_000);
    // Two bookings quote under the −10% plan, then wait while the plan goes to +50%.
    const changed = deferred();
    let waiting = 0;
    const bothQuoted = deferred();
    const late = committingAfter(changed.promise, () => {
      if (++waiting === 2) bothQuoted.resolve();
    });
    const insisting = bookRooms(late, stay(hotel.hotelId, { expectedTotalPrice: oldTotal }));
    const taking = bookRooms(late, stay(hotel.hotelId));
    await bothQuoted.promise;
    await putRatePlan(store, ownerId, hotel.hotelId, 'deluxe-king', 'flex', flexible(50));
    changed.resolve();
    // Without the plan's guard in the transaction, both would commit at the old price.
    await expect(insisting).rejects.toBeInstanceOf(PriceChanged);
    await expect(insisting).rejects.toMatchObject({ totalPrice: newTotal });
    const { booking } = await taking;
    expect(booking.totalPrice).toEqual(newTotal);
    expect(booking.ratePlan).toMatchObject({ priceAdjustment: { percent: 50 }, version: 2 });
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
  });

  it('plan changes racing 40 concurrent bookings: each pays the price of the plan version it committed under', async () => {
    const { hotel, ownerId } = await givenHotel(store, { amount: 10_000, totalRooms: 100 });
    await putRatePlan(store, ownerId, hotel.hotelId, 'deluxe-king', 'flex', flexible(-10));
    const oldTotal = usd(27_000);
    const clients = Array.from({ length: 8 }, () => testStore('us-east-1'));
    const changes = (async () => {
      for (const percent of [20, -30, 0]) {
        await new Promise((resolve) => setTimeout(resolve, 15));
        await putRatePlan(store, ownerId, hotel.hotelId, 'deluxe-king', 'flex', flexible(percent));
      }
    })();
    const [outcomes] = await Promise.all([
      Promise.allSettled(
        Array.from({ length: 40 }, (_, i) =>
          bookRooms(
            clients[i % clients.length] ?? store,
            stay(hotel.hotelId, i % 2 ? { expectedTotalPrice: oldTotal } : {}),
          ),
        ),
      ),
      changes,
    ]);
    const percentOf = { 1: -10, 2: 20, 3: -30, 4: 0 } as Record<number, number>;
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status === 'rejected') {
        expect(outcome.reason, `booking ${i}`).toBeInstanceOf(PriceChanged);
        expect(i % 2, `booking ${i} insisted on a price`).toBe(1);
        continue;
      }
      const { booking } = outcome.value;
      // The copy of the terms is the version the transaction checked, and the price is that version's.
      const percent = percentOf[booking.ratePlan?.version ?? 0] as number;
      expect(booking.ratePlan?.priceAdjustment, `booking ${i}`).toEqual({ percent });
      expect(booking.totalPrice.amount, `booking ${i}`).toBe(
        3 * Math.round((10_000 * (100 + percent)) / 100),
      );
      if (i % 2) expect(booking.totalPrice, `booking ${i}`).toEqual(oldTotal);
    }
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
  });

  it('a plan changed after a booking changes nothing sold: price, terms, deadline, fees, nor a change of dates', async () => {
    const { hotel, ownerId } = await givenHotel(store, { amount: 10_000 });
    await putRatePlan(store, ownerId, hotel.hotelId, 'deluxe-king', 'flex', flexible(-10));
    const made = await bookRooms(store, stay(hotel.hotelId));
    const sold: Booking = made.booking;
    expect(sold.totalPrice).toEqual(usd(27_000));
    expect(sold.cancellation?.feeAfter).toEqual(usd(9_000));
    await putRatePlan(store, ownerId, hotel.hotelId, 'deluxe-king', 'flex', {
      ...flexible(80),
      cancellation: { freeUntilHoursBefore: null, fee: { percent: 100 } },
      noShowFee: { percent: 100 },
      includes: [],
    });
    const stored = await store.bookings.getBooking(hotel.hotelId, sold.bookingId, { consistent: true });
    expect(stored).toEqual(sold);
    // A night added later is priced under the booking's own terms (−10%), not the plan's new +80%.
    const longer = await modifyBooking(
      store,
      { guest: { accessToken: made.accessToken } },
      hotel.hotelId,
      sold.bookingId,
      { checkOut: daysFromNow(14) },
    );
    expect(longer.totalPrice).toEqual(usd(36_000));
    expect(longer.ratePlan).toEqual(sold.ratePlan);
    expect(longer.cancellation).toEqual({ freeUntil: sold.cancellation?.freeUntil, feeAfter: usd(9_000) });
    // Cancelled long before its 48-hour deadline: free, as the booking's terms say (the plan is now non-refundable).
    const cancelled = await cancelBookingForGuest(store, hotel.hotelId, sold.bookingId, made.accessToken);
    expect(cancelled.cancellationFee).toEqual(usd(0));
  });

  it('the limit of 20 plans holds against concurrent puts: each plan write is behind the hotel version', async () => {
    const { hotel, ownerId } = await givenHotel(store, { amount: 10_000 });
    for (let n = 0; n < 18; n++)
      await putRatePlan(store, ownerId, hotel.hotelId, 'deluxe-king', `plan-${n}`, flexible(-n));
    const racing = await Promise.allSettled(
      Array.from({ length: 6 }, (_, n) =>
        putRatePlan(store, ownerId, hotel.hotelId, 'deluxe-king', `racer-${n}`, flexible(-20 - n)),
      ),
    );
    const made = racing.filter((r) => r.status === 'fulfilled').length;
    const refusals = racing.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(refusals.every((e) => e instanceof Conflict)).toBe(true);
    expect(refusals.some((e) => /at most 20 plans/.test(String(e.message)))).toBe(true);
    const active = (
      await store.hotels.listRatePlans(hotel.hotelId, 'deluxe-king', { consistent: true })
    ).filter((p) => p.status === 'ACTIVE');
    expect(active).toHaveLength(18 + made);
    expect(active.length).toBeLessThanOrEqual(20);
  });

  it("a handover's drain waits for the plans too, and deleting the hotel deletes them", async () => {
    const { hotel, ownerId } = await givenHotel(store, { amount: 10_000 });
    await putRatePlan(store, ownerId, hotel.hotelId, 'deluxe-king', 'flex', flexible(-10));
    const live = await store.handovers.liveItems(hotel.hotelId, daysFromNow(-1), daysFromNow(400));
    expect(live.filter((i) => i.entity === 'RATE_PLAN').map((i) => i.key)).toEqual([
      'RATEPLAN#deluxe-king#flex',
    ]);
    await deleteHotel(store, ownerId, hotel.hotelId);
    expect(await store.hotels.listRatePlans(hotel.hotelId, undefined, { consistent: true })).toEqual([]);
    expect(await store.handovers.partitionItems(hotel.hotelId)).toEqual([]);
  });

  it('guests beyond a cached room type book once the room type holds them: only a fresh read refuses', async () => {
    const { hotel, ownerId } = await givenHotel(store, { amount: 10_000 });
    const cached = { ...store, roomTypes: new RoomTypeCache(60_000) };
    await bookRooms(cached, stay(hotel.hotelId, { ratePlanId: undefined })); // caches a room type for 2
    await expect(
      bookRooms(cached, stay(hotel.hotelId, { ratePlanId: undefined, adults: 3 })),
    ).rejects.toBeInstanceOf(ValidationFailed);
    await putRoomType(store, ownerId, hotel.hotelId, 'deluxe-king', {
      name: 'Deluxe King',
      totalRooms: 5,
      pricePerNight: usd(10_000),
      maxOccupancy: 3,
      extraGuestPerNight: usd(1_000),
    });
    const { booking } = await bookRooms(cached, stay(hotel.hotelId, { ratePlanId: undefined, adults: 3 }));
    expect(booking).toMatchObject({ adults: 3, children: 0, totalPrice: usd(33_000) });
  });

  it("a change of dates is held to the booking's plan window: an early-bird price stays early", async () => {
    const { hotel, ownerId } = await givenHotel(store, { amount: 10_000 });
    await putRatePlan(store, ownerId, hotel.hotelId, 'deluxe-king', 'flex', {
      ...flexible(-20),
      minAdvanceDays: 7,
    });
    const made = await bookRooms(store, stay(hotel.hotelId));
    expect(made.booking.ratePlan).toMatchObject({ minAdvanceDays: 7 });
    const move = (checkIn: string, checkOut: string) =>
      modifyBooking(
        store,
        { guest: { accessToken: made.accessToken } },
        hotel.hotelId,
        made.booking.bookingId,
        {
          checkIn,
          checkOut,
        },
      );
    const before = await store.bookings.getBooking(hotel.hotelId, made.booking.bookingId, {
      consistent: true,
    });
    await expect(move(daysFromNow(3), daysFromNow(5))).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { checkIn: expect.stringMatching(/flex sells arrivals 7 to/) },
    });
    expect(
      await store.bookings.getBooking(hotel.hotelId, made.booking.bookingId, { consistent: true }),
    ).toEqual(before);
    const moved = await move(daysFromNow(8), daysFromNow(10));
    expect(moved.totalPrice).toEqual(usd(16_000));
  });
});
