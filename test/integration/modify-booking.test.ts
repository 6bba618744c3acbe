/**
 * Changing a booking on DynamoDB Local: one conditional transaction frees the
 * nights given up and takes the nights added; kept nights keep their price,
 * added ones cost today's; every refusal leaves everything as it was; the
 * counters always reconcile; and the longest change fits one transaction.
 */
import { describe, expect, it } from 'vitest';
import { availabilityFor } from '../../lambdas/domain/availability';
import { bookRooms } from '../../lambdas/domain/booking';
import { setRoomTypeCalendar } from '../../lambdas/domain/calendar';
import {
  Conflict,
  IdempotencyMismatch,
  NotBookable,
  PriceChanged,
  SoldOut,
  ValidationFailed,
} from '../../lambdas/domain/errors';
import { modifyBooking, nightChanges } from '../../lambdas/domain/modify-booking';
import type { StayModification } from '../../lambdas/domain/ports';
import { changeStay } from '../../lambdas/domain/stay-lifecycle';
import { daysFromNow, discrepanciesOf, givenHotel, guest, tableSnapshot, testStore } from '../support/store';

const store = testStore('us-east-1');
const usd = (amount: number) => ({ amount, currency: 'USD' });

async function booked(
  checkIn: number,
  nights: number,
  options: { totalRooms?: number; rooms?: number } = {},
) {
  const { hotel, ownerId, roomType } = await givenHotel(store, { totalRooms: options.totalRooms ?? 3 });
  const made = await bookRooms(store, {
    hotelId: hotel.hotelId,
    roomTypeId: roomType.roomTypeId,
    checkIn: daysFromNow(checkIn),
    checkOut: daysFromNow(checkIn + nights),
    rooms: options.rooms ?? 1,
    guest,
  });
  const asGuest = { guest: { accessToken: made.accessToken } };
  return { hotel, ownerId, roomType, booking: made.booking, token: made.accessToken, asGuest };
}

/** Rooms free on each night `[from, to)` days from now. */
async function free(hotelId: string, from: number, to: number): Promise<number[]> {
  const out: number[] = [];
  for (let d = from; d < to; d++)
    out.push((await availabilityFor(store, hotelId, daysFromNow(d), daysFromNow(d + 1)))[0]?.available ?? -1);
  return out;
}

describe('changing a booking on DynamoDB Local', () => {
  it('moves the stay: frees the nights given up, takes the added ones, keeps kept nights at their booked price', async () => {
    const b = await booked(10, 3); // nights 10, 11, 12 at 120.00
    // The price rises on every night from now on; the kept nights keep 120.00.
    await setRoomTypeCalendar(store, b.ownerId, b.hotel.hotelId, b.roomType.roomTypeId, {
      from: daysFromNow(5),
      to: daysFromNow(20),
      pricePerNight: usd(15_000),
    });
    const moved = await modifyBooking(store, b.asGuest, b.hotel.hotelId, b.booking.bookingId, {
      checkIn: daysFromNow(11),
      checkOut: daysFromNow(14),
    });
    expect(moved).toMatchObject({
      checkIn: daysFromNow(11),
      checkOut: daysFromNow(14),
      rooms: 1,
      version: 2,
    });
    // Nights 11 and 12 kept at 120.00; night 13 added at today's 150.00.
    expect(moved.totalPrice).toEqual(usd(12_000 + 12_000 + 15_000));
    expect(await free(b.hotel.hotelId, 9, 15)).toEqual([3, 3, 2, 2, 2, 3]);
    expect(await discrepanciesOf(store, b.hotel.hotelId)).toEqual([]);
    const stored = await store.bookings.getBooking(b.hotel.hotelId, b.booking.bookingId, {
      consistent: true,
    });
    expect(stored?.checkIn).toBe(daysFromNow(11));
  });

  it('changes the rooms on every night, and the total with them', async () => {
    const b = await booked(10, 2, { totalRooms: 3 });
    const more = await modifyBooking(store, b.asGuest, b.hotel.hotelId, b.booking.bookingId, { rooms: 3 });
    expect(more.totalPrice).toEqual(usd(3 * 2 * 12_000));
    expect(await free(b.hotel.hotelId, 10, 12)).toEqual([0, 0]);
    const fewer = await modifyBooking(store, b.asGuest, b.hotel.hotelId, b.booking.bookingId, { rooms: 1 });
    expect(fewer.totalPrice).toEqual(usd(2 * 12_000));
    expect(await free(b.hotel.hotelId, 10, 12)).toEqual([2, 2]);
    expect(await discrepanciesOf(store, b.hotel.hotelId)).toEqual([]);
  });

  it('refuses as a new booking would (sold out, closed, price changed), and then nothing changed', async () => {
    const b = await booked(10, 2, { totalRooms: 1 });
    // Another guest holds night 12.
    await bookRooms(store, {
      hotelId: b.hotel.hotelId,
      roomTypeId: b.roomType.roomTypeId,
      checkIn: daysFromNow(12),
      checkOut: daysFromNow(13),
      rooms: 1,
      guest,
    });
    await setRoomTypeCalendar(store, b.ownerId, b.hotel.hotelId, b.roomType.roomTypeId, {
      from: daysFromNow(8),
      to: daysFromNow(9),
      closed: true,
    });
    const before = await tableSnapshot(store);
    const attempt = (changes: Parameters<typeof modifyBooking>[4]) =>
      modifyBooking(store, b.asGuest, b.hotel.hotelId, b.booking.bookingId, changes).catch((e) => e);
    const soldOut = await attempt({ checkOut: daysFromNow(13) });
    expect(soldOut).toBeInstanceOf(SoldOut);
    expect((soldOut as SoldOut).nights).toEqual([daysFromNow(12)]);
    expect(await attempt({ checkIn: daysFromNow(8) })).toBeInstanceOf(NotBookable);
    expect(await attempt({ rooms: 2 })).toBeInstanceOf(SoldOut);
    const priced = await attempt({ checkOut: daysFromNow(11), expectedTotalPrice: usd(1) });
    expect(priced).toBeInstanceOf(PriceChanged);
    expect((priced as PriceChanged).totalPrice).toEqual(usd(12_000));
    expect(await attempt({ checkIn: daysFromNow(-1) })).toBeInstanceOf(ValidationFailed);
    expect(await tableSnapshot(store)).toEqual(before);
  });

  it('applies a change once under an idempotency key, and refuses the key with another body', async () => {
    const b = await booked(10, 2);
    const change = { checkOut: daysFromNow(13) };
    const first = await modifyBooking(store, b.asGuest, b.hotel.hotelId, b.booking.bookingId, change, 'k-1');
    const again = await modifyBooking(store, b.asGuest, b.hotel.hotelId, b.booking.bookingId, change, 'k-1');
    expect(again).toEqual(first);
    expect(again.version).toBe(2);
    await expect(
      modifyBooking(
        store,
        b.asGuest,
        b.hotel.hotelId,
        b.booking.bookingId,
        { checkOut: daysFromNow(14) },
        'k-1',
      ),
    ).rejects.toBeInstanceOf(IdempotencyMismatch);
    expect(await free(b.hotel.hotelId, 10, 14)).toEqual([2, 2, 2, 3]);
  });

  it('lets a checked-in stay change only its check-out: extend by a night, or leave earlier', async () => {
    const b = await booked(0, 2);
    await changeStay(store, b.ownerId, b.hotel.hotelId, b.booking.bookingId, 'check-in');
    const desk = { hotelier: { ownerId: b.ownerId } };
    const longer = await modifyBooking(store, desk, b.hotel.hotelId, b.booking.bookingId, {
      checkOut: daysFromNow(3),
    });
    expect(longer).toMatchObject({ status: 'CHECKED_IN', checkOut: daysFromNow(3) });
    expect(await free(b.hotel.hotelId, 0, 4)).toEqual([2, 2, 2, 3]);
    const moved = await modifyBooking(store, desk, b.hotel.hotelId, b.booking.bookingId, {
      checkIn: daysFromNow(1),
    }).catch((e) => e);
    expect(moved).toBeInstanceOf(Conflict);
    expect((moved as Conflict).message).toMatch(/only its check-out/);
    const shorter = await modifyBooking(store, desk, b.hotel.hotelId, b.booking.bookingId, {
      checkOut: daysFromNow(1),
    });
    expect(shorter.checkOut).toBe(daysFromNow(1));
    expect(await free(b.hotel.hotelId, 0, 4)).toEqual([2, 3, 3, 3]);
    expect(await discrepanciesOf(store, b.hotel.hotelId)).toEqual([]);
    // Checked out: no more changes.
    await changeStay(store, b.ownerId, b.hotel.hotelId, b.booking.bookingId, 'check-out');
    await expect(
      modifyBooking(store, desk, b.hotel.hotelId, b.booking.bookingId, { checkOut: daysFromNow(2) }),
    ).rejects.toThrow(/CHECKED_OUT/);
  });

  it("reads the hotel once for a front desk change: the owner check's read gives the hotel's clock", async () => {
    const b = await booked(10, 2);
    const reads: string[] = [];
    const counting = {
      ...store,
      hotels: Object.assign(Object.create(store.hotels), {
        getHotel(...args: Parameters<typeof store.hotels.getHotel>) {
          reads.push('hotel');
          return store.hotels.getHotel(...args);
        },
        getRoomType(...args: Parameters<typeof store.hotels.getRoomType>) {
          reads.push('roomType');
          return store.hotels.getRoomType(...args);
        },
      }),
    };
    const desk = { hotelier: { ownerId: b.ownerId } };
    const moved = await modifyBooking(counting, desk, b.hotel.hotelId, b.booking.bookingId, {
      checkOut: daysFromNow(13),
    });
    expect(moved.checkOut).toBe(daysFromNow(13));
    expect(reads.sort()).toEqual(['hotel', 'roomType']);
  });

  it('a change racing a new booking for the last room: exactly one wins, counters exact, every round', async () => {
    for (let round = 0; round < 6; round++) {
      const b = await booked(10, 2, { totalRooms: 1 }); // holds nights 10 and 11; night 12 is the last room
      const [changed, other] = await Promise.allSettled([
        modifyBooking(testStore('us-east-1'), b.asGuest, b.hotel.hotelId, b.booking.bookingId, {
          checkOut: daysFromNow(13),
        }),
        bookRooms(testStore('us-east-1'), {
          hotelId: b.hotel.hotelId,
          roomTypeId: b.roomType.roomTypeId,
          checkIn: daysFromNow(12),
          checkOut: daysFromNow(13),
          rooms: 1,
          guest,
        }),
      ]);
      const won = [changed, other].filter((r) => r.status === 'fulfilled');
      expect(won, `round ${round}`).toHaveLength(1);
      const lost = [changed, other].find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toBeInstanceOf(SoldOut);
      expect(await free(b.hotel.hotelId, 10, 13)).toEqual([0, 0, 0]);
      expect(await discrepanciesOf(store, b.hotel.hotelId)).toEqual([]);
    }
  });

  it('fits the longest change in one transaction: 30 nights moved to 30 other nights with more rooms', async () => {
    const b = await booked(40, 30, { totalRooms: 10, rooms: 2 });
    const plan = nightChanges(b.booking, { checkIn: daysFromNow(70), checkOut: daysFromNow(100), rooms: 3 });
    expect(plan).toHaveLength(60);
    let items = 0;
    const counting = {
      ...store,
      bookings: Object.assign(Object.create(store.bookings), {
        modifyBooking(change: StayModification) {
          // Room type guard + booking + one item per night changed or checked.
          items = 2 + change.nights.length;
          return store.bookings.modifyBooking(change);
        },
      }),
    };
    const moved = await modifyBooking(counting, b.asGuest, b.hotel.hotelId, b.booking.bookingId, {
      checkIn: daysFromNow(70),
      checkOut: daysFromNow(100),
      rooms: 3,
    });
    expect(items).toBe(62);
    expect(items).toBeLessThanOrEqual(100);
    expect(moved).toMatchObject({ checkIn: daysFromNow(70), rooms: 3 });
    expect(moved.totalPrice).toEqual(usd(30 * 3 * 12_000));
    expect(await discrepanciesOf(store, b.hotel.hotelId)).toEqual([]);
  });
});
