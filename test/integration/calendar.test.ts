/**
 * The calendar on DynamoDB Local: bookings charge the sum of their nights, a
 * refusal writes nothing, and a price change or a closing that races bookings
 * never lets one commit at a price, or on a night, no longer in force.
 */
import { describe, expect, it } from 'vitest';
import { availabilityFor } from '../../lambdas/domain/availability';
import { type BookRoomsRequest, bookRooms } from '../../lambdas/domain/booking';
import { setRoomTypeCalendar } from '../../lambdas/domain/calendar';
import { NotBookable, PriceChanged, SoldOut } from '../../lambdas/domain/errors';
import { cancelBookingForGuest } from '../../lambdas/domain/guest-booking';
import type { BookingStore } from '../../lambdas/domain/ports';
import { RoomTypeCache } from '../../lambdas/domain/room-type-cache';
import { putRoomType } from '../../lambdas/domain/room-types';
import {
  daysFromNow,
  discrepanciesOf,
  freshTable,
  givenHotel,
  guest,
  type TestStore,
  tableSnapshot,
  testStore,
} from '../support/store';

const store = testStore('us-east-1');
const usd = (amount: number) => ({ amount, currency: 'USD' });

function stay(hotelId: string, checkIn: number, checkOut: number, extra: Partial<BookRoomsRequest> = {}) {
  return {
    hotelId,
    roomTypeId: 'deluxe-king',
    checkIn: daysFromNow(checkIn),
    checkOut: daysFromNow(checkOut),
    rooms: 1,
    guest,
    ...extra,
  };
}

/** Sets calendar settings on `[from, to)` (days from now) of the hotel's room type. */
function setNights(
  s: TestStore,
  ownerId: string,
  hotelId: string,
  from: number,
  to: number,
  settings: object,
) {
  return setRoomTypeCalendar(s, ownerId, hotelId, 'deluxe-king', {
    from: daysFromNow(from),
    to: daysFromNow(to),
    ...settings,
  });
}

async function bookedOn(s: TestStore, hotelId: string, day: number): Promise<number> {
  const [night] = await s.bookings.calendarNights(
    hotelId,
    'deluxe-king',
    daysFromNow(day),
    daysFromNow(day + 1),
    {
      consistent: true,
    },
  );
  return night?.booked ?? 0;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A store whose bookings quote at once but commit only once `gate` has passed: a booking that loses a race. */
function committingAfter(base: TestStore, gate: Promise<void>): TestStore {
  const bookings: BookingStore = Object.create(base.bookings);
  bookings.createBooking = async (booking, reservation) => {
    await gate;
    return base.bookings.createBooking(booking, reservation);
  };
  return { ...base, bookings };
}

describe('the calendar on DynamoDB Local', () => {
  it('charges the sum of the nights across price boundaries, times the rooms', async () => {
    const { hotel, ownerId } = await givenHotel(store, { amount: 10_000, totalRooms: 5 });
    await setNights(store, ownerId, hotel.hotelId, 11, 13, { pricePerNight: usd(15_000) });
    await setNights(store, ownerId, hotel.hotelId, 13, 14, { pricePerNight: usd(8_000) });
    const { booking } = await bookRooms(store, stay(hotel.hotelId, 10, 15, { rooms: 2 }));
    // 10_000 + 15_000 + 15_000 + 8_000 + 10_000, twice.
    expect(booking.totalPrice).toEqual(usd(116_000));
    const [availability] = await availabilityFor(store, hotel.hotelId, daysFromNow(10), daysFromNow(15));
    expect(availability).toMatchObject({ available: 3, totalPrice: usd(58_000), bookable: true });
    // A later change leaves the booking at the price it was made at.
    await setNights(store, ownerId, hotel.hotelId, 10, 15, { pricePerNight: usd(1) });
    expect((await store.bookings.getBooking(hotel.hotelId, booking.bookingId))?.totalPrice).toEqual(
      usd(116_000),
    );
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
  });

  it('setting the calendar never touches booked, and a night with only settings is no reconcile mismatch', async () => {
    const { hotel, ownerId } = await givenHotel(store, { totalRooms: 5 });
    const { booking, accessToken } = await bookRooms(store, stay(hotel.hotelId, 20, 22, { rooms: 2 }));
    await setNights(store, ownerId, hotel.hotelId, 19, 24, {
      pricePerNight: usd(5),
      closed: true,
      minStay: 2,
    });
    expect(await bookedOn(store, hotel.hotelId, 20)).toBe(2);
    expect(await bookedOn(store, hotel.hotelId, 19)).toBe(0);
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
    // Cancelling still gives the rooms back on a closed night, and keeps the settings.
    await cancelBookingForGuest(store, hotel.hotelId, booking.bookingId, accessToken);
    const [night] = await store.bookings.calendarNights(
      hotel.hotelId,
      'deluxe-king',
      daysFromNow(20),
      daysFromNow(21),
    );
    expect(night).toMatchObject({ booked: 0, closed: true, price: usd(5), minStay: 2 });
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
  });

  it('a PRICE_CHANGED refusal writes nothing', async () => {
    const own = testStore('us-east-1', undefined, await freshTable());
    const { hotel, ownerId } = await givenHotel(own, { amount: 10_000 });
    await setNights(own, ownerId, hotel.hotelId, 11, 12, { pricePerNight: usd(12_500) });
    const before = await tableSnapshot(own);
    const refused = await bookRooms(
      own,
      stay(hotel.hotelId, 10, 12, { rooms: 2, expectedTotalPrice: usd(40_000) }),
    ).catch((e) => e);
    expect(refused).toBeInstanceOf(PriceChanged);
    expect((refused as PriceChanged).details).toEqual({ totalPrice: usd(45_000) });
    expect(await tableSnapshot(own)).toEqual(before);
    // The same stay at the total it now costs books.
    const { booking } = await bookRooms(
      own,
      stay(hotel.hotelId, 10, 12, { rooms: 2, expectedTotalPrice: usd(45_000) }),
    );
    expect(booking.totalPrice).toEqual(usd(45_000));
  });

  it('NOT_BOOKABLE refusals (closed, minimum and maximum stay) write nothing and name the nights', async () => {
    const own = testStore('us-east-1', undefined, await freshTable());
    const { hotel, ownerId } = await givenHotel(own);
    await setNights(own, ownerId, hotel.hotelId, 12, 13, { closed: true });
    await setNights(own, ownerId, hotel.hotelId, 20, 21, { minStay: 3, maxStay: 4 });
    const before = await tableSnapshot(own);
    const cases: Array<[number, number, string]> = [
      [10, 14, 'CLOSED'],
      [20, 22, 'MIN_STAY'],
      [20, 25, 'MAX_STAY'],
    ];
    for (const [checkIn, checkOut, reason] of cases) {
      const refused = await bookRooms(own, stay(hotel.hotelId, checkIn, checkOut)).catch((e) => e);
      expect(refused, reason).toBeInstanceOf(NotBookable);
      expect((refused as NotBookable).reasons.map((r) => r.reason)).toEqual([reason]);
    }
    expect(
      ((await bookRooms(own, stay(hotel.hotelId, 10, 14)).catch((e) => e)) as NotBookable).details,
    ).toEqual({
      nights: [daysFromNow(12)],
      reasons: [{ reason: 'CLOSED', nights: [daysFromNow(12)] }],
    });
    expect(await tableSnapshot(own)).toEqual(before);
    // Arriving on another night, the limits of the 20th do not apply; and 3 nights from the 20th book.
    await bookRooms(own, stay(hotel.hotelId, 21, 22));
    await bookRooms(own, stay(hotel.hotelId, 20, 23));
  });

  it('a price change racing bookings: every booking is charged the prices in force when it committed', async () => {
    const { hotel, ownerId } = await givenHotel(store, { amount: 10_000, totalRooms: 100 });
    const oldTotal = usd(30_000);
    const newTotal = usd(60_000);
    const changed = deferred();
    let bookedWhenChanged = -1;
    const change = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      await setNights(store, ownerId, hotel.hotelId, 10, 13, { pricePerNight: usd(20_000) });
      bookedWhenChanged = await bookedOn(store, hotel.hotelId, 10);
      changed.resolve();
    })();
    // Every fifth booking quotes before the change and commits only after it: it must re-quote.
    const clients = Array.from({ length: 8 }, () => testStore('us-east-1'));
    const late = committingAfter(testStore('us-east-1'), changed.promise);
    // Odd travellers insist on the old total; the others take whatever it costs at commit.
    const [bookings] = await Promise.all([
      Promise.allSettled(
        Array.from({ length: 40 }, (_, i) =>
          bookRooms(
            i % 5 === 0 ? late : (clients[i % clients.length] ?? store),
            stay(hotel.hotelId, 10, 13, i % 2 ? { expectedTotalPrice: oldTotal } : {}),
          ),
        ),
      ),
      change,
    ]);
    for (const [i, outcome] of bookings.entries()) {
      const quotedEarly = i % 5 === 0;
      const insists = i % 2 === 1;
      if (outcome.status === 'rejected') {
        expect(outcome.reason, `booking ${i}`).toBeInstanceOf(PriceChanged);
        expect(insists, `booking ${i}`).toBe(true);
      } else if (quotedEarly) expect(outcome.value.booking.totalPrice, `booking ${i}`).toEqual(newTotal);
      else expect([oldTotal, newTotal]).toContainEqual(outcome.value.booking.totalPrice);
      if (quotedEarly && insists) expect(outcome.status, `booking ${i}`).toBe('rejected');
    }
    // Old-priced bookings all committed before the change: they are all in the count read right after it.
    const confirmed = bookings.flatMap((o) => (o.status === 'fulfilled' ? [o.value.booking] : []));
    const oldPriced = confirmed.filter((b) => b.totalPrice.amount === oldTotal.amount).length;
    expect(oldPriced).toBeLessThanOrEqual(bookedWhenChanged);
    expect(await bookedOn(store, hotel.hotelId, 10)).toBe(confirmed.length);
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
  });

  it('a closing racing bookings: no booking commits on the night once it is closed', async () => {
    const { hotel, ownerId } = await givenHotel(store, { totalRooms: 100 });
    const closed = deferred();
    let bookedWhenClosed = -1;
    const close = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      await setNights(store, ownerId, hotel.hotelId, 11, 12, { closed: true });
      bookedWhenClosed = await bookedOn(store, hotel.hotelId, 11);
      closed.resolve();
    })();
    const clients = Array.from({ length: 8 }, () => testStore('us-east-1'));
    const late = committingAfter(testStore('us-east-1'), closed.promise);
    const [bookings] = await Promise.all([
      Promise.allSettled(
        Array.from({ length: 40 }, (_, i) =>
          bookRooms(i % 5 === 0 ? late : (clients[i % clients.length] ?? store), stay(hotel.hotelId, 10, 13)),
        ),
      ),
      close,
    ]);
    for (const [i, outcome] of bookings.entries()) {
      if (outcome.status === 'rejected') expect(outcome.reason, `booking ${i}`).toBeInstanceOf(NotBookable);
      // Quoted while open, committing after the close: refused.
      if (i % 5 === 0) expect(outcome.status, `booking ${i}`).toBe('rejected');
    }
    const confirmed = bookings.filter((o) => o.status === 'fulfilled').length;
    // Every confirmed booking had committed before the closing did.
    expect(await bookedOn(store, hotel.hotelId, 11)).toBe(confirmed);
    expect(confirmed).toBe(bookedWhenClosed);
    expect(await bookRooms(store, stay(hotel.hotelId, 10, 13)).catch((e) => e)).toBeInstanceOf(NotBookable);
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
  });

  it('with the room type cached, books in one round trip when the nights carry no settings, and never dodges them when they do', async () => {
    const cached: TestStore = { ...store, roomTypes: new RoomTypeCache() };
    const { hotel, ownerId } = await givenHotel(cached, { totalRooms: 10, amount: 10_000 });
    let calendarReads = 0;
    const counting: TestStore = {
      ...cached,
      bookings: new Proxy(cached.bookings, {
        get(target, name, receiver) {
          const value = Reflect.get(target, name, receiver);
          if (name === 'calendarNights') calendarReads++;
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }),
    };
    await bookRooms(counting, stay(hotel.hotelId, 3, 5)); // reads the room type (and nights), caches it
    calendarReads = 0;
    const plain = await bookRooms(counting, stay(hotel.hotelId, 3, 5));
    expect(plain.booking.totalPrice).toEqual(usd(20_000));
    expect(calendarReads).toBe(0);
    // An override appears: the assumed quote is refused by the transaction, re-quoted, and charged right.
    await setNights(cached, ownerId, hotel.hotelId, 4, 5, { pricePerNight: usd(15_000) });
    const priced = await bookRooms(counting, stay(hotel.hotelId, 3, 5));
    expect(priced.booking.totalPrice).toEqual(usd(25_000));
    // A closed night can never be taken on an assumption either.
    await setNights(cached, ownerId, hotel.hotelId, 7, 8, { closed: true });
    await expect(bookRooms(counting, stay(hotel.hotelId, 6, 9))).rejects.toBeInstanceOf(NotBookable);
    // An expected total that only the real calendar explains is not refused on the assumption.
    const expected = await bookRooms(
      counting,
      stay(hotel.hotelId, 3, 5, { expectedTotalPrice: usd(25_000) }),
    );
    expect(expected.booking.totalPrice).toEqual(usd(25_000));
  });

  it('sold out is still sold out on an open night, and a capacity change keeps the calendar', async () => {
    const { hotel, ownerId } = await givenHotel(store, { totalRooms: 1 });
    await setNights(store, ownerId, hotel.hotelId, 10, 11, { pricePerNight: usd(7_000) });
    await bookRooms(store, stay(hotel.hotelId, 10, 11));
    expect(await bookRooms(store, stay(hotel.hotelId, 10, 11)).catch((e) => e)).toBeInstanceOf(SoldOut);
    await putRoomType(store, ownerId, hotel.hotelId, 'deluxe-king', {
      name: 'Deluxe King',
      totalRooms: 2,
      pricePerNight: usd(12_000),
    });
    const { booking } = await bookRooms(store, stay(hotel.hotelId, 10, 12));
    expect(booking.totalPrice).toEqual(usd(19_000));
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
  });
});
