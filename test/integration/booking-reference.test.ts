/** A reference is claimed in the booking's own transaction: a taken one writes nothing at all. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bookRooms } from '../../lambdas/domain/booking';
import { ReferenceTaken } from '../../lambdas/domain/errors';
import { nightsOf } from '../../lambdas/domain/stay';
import { daysFromNow, givenHotel, guest, tableSnapshot, testStore } from '../support/store';

describe('the reference claim', () => {
  it('refuses a second booking with a reference already taken, and writes none of it', async () => {
    const store = testStore('us-east-1');
    const { hotel, roomType } = await givenHotel(store, { totalRooms: 5 });
    const stay = { checkIn: daysFromNow(4), checkOut: daysFromNow(6) };
    const first = await bookRooms(store, {
      hotelId: hotel.hotelId,
      roomTypeId: roomType.roomTypeId,
      ...stay,
      rooms: 1,
      guest,
    });
    const before = (await tableSnapshot(store)).filter((i) => String(i.pk).includes(hotel.hotelId));
    const second = { ...first.booking, bookingId: randomUUID(), version: 1 };
    await expect(
      store.bookings.createBooking(second, {
        nights: nightsOf(stay.checkIn, stay.checkOut),
        capacity: 5,
        roomTypeVersion: roomType.version,
      }),
    ).rejects.toBeInstanceOf(ReferenceTaken);
    const after = (await tableSnapshot(store)).filter((i) => String(i.pk).includes(hotel.hotelId));
    expect(after).toEqual(before);
  });
});
