/** Hotelier writes on DynamoDB Local: ownership, capacity changes against bookings, deletion. */
import { describe, expect, it } from 'vitest';
import { availabilityFor } from '../../lambdas/domain/availability';
import { bookRooms } from '../../lambdas/domain/booking';
import { Conflict, Forbidden, NotFound, SoldOut } from '../../lambdas/domain/errors';
import { cancelBookingForGuest } from '../../lambdas/domain/guest-booking';
import {
  createHotel,
  deleteHotel,
  listHotelBookings,
  listMyHotels,
  RECENT_CREATE_WINDOW_MS,
  updateHotel,
} from '../../lambdas/domain/hotels';
import { putRoomType } from '../../lambdas/domain/room-types';
import { daysFromNow, discrepanciesOf, givenHotel, guest, testStore } from '../support/store';

const store = testStore('us-east-1');
const price = { amount: 9_900, currency: 'USD' };
const stay = (from: number, to: number, rooms = 1) => ({
  roomTypeId: 'deluxe-king',
  checkIn: daysFromNow(from),
  checkOut: daysFromNow(to),
  rooms,
  guest,
});

describe('hotelier writes on DynamoDB Local', () => {
  it('creates, lists, updates a hotel, and keeps schemaless attributes', async () => {
    const ownerId = `hotelier-${crypto.randomUUID()}`;
    const hotel = await createHotel(store, ownerId, {
      name: 'Harbour View',
      city: 'Boston',
      country: 'us',
      attributes: { stars: 4, pool: true, amenities: ['wifi', 'gym'] },
    });
    expect(hotel).toMatchObject({ managedIn: 'us-east-1', country: 'US', description: '' });
    const updated = await updateHotel(store, ownerId, hotel.hotelId, {
      name: 'Harbour View Inn',
      description: 'By the sea',
    });
    expect(updated).toMatchObject({
      name: 'Harbour View Inn',
      city: 'Boston',
      description: 'By the sea',
      version: 2,
    });
    expect(updated.attributes).toEqual({ stars: 4, pool: true, amenities: ['wifi', 'gym'] });
    const mine = (await listMyHotels(store, ownerId)).items;
    expect(mine.map((h) => h.hotelId)).toEqual([hotel.hotelId]);
  });

  it('answers a create repeated without a key (same owner, name and city, minutes apart) with the hotel it made', async () => {
    const ownerId = `hotelier-${crypto.randomUUID()}`;
    const input = { name: 'Lost Answer Lodge', city: 'Portland', country: 'US' };
    const first = await createHotel(store, ownerId, input);
    const retried = await createHotel(store, ownerId, { ...input, city: 'portland' });
    expect(retried.hotelId).toBe(first.hotelId);
    expect((await listMyHotels(store, ownerId)).items).toHaveLength(1);
    // Another city, another hotelier, or a create after the window is a new hotel.
    const elsewhere = await createHotel(store, ownerId, { ...input, city: 'Salem' });
    expect(elsewhere.hotelId).not.toBe(first.hotelId);
    const other = await createHotel(store, `hotelier-${crypto.randomUUID()}`, input);
    expect(other.hotelId).not.toBe(first.hotelId);
    const later = { ...store, now: () => new Date(Date.now() + RECENT_CREATE_WINDOW_MS + 60_000) };
    expect((await createHotel(later, ownerId, input)).hotelId).not.toBe(first.hotelId);
    // A hotel its hotelier already worked on was not a lost answer: the same create again is a new hotel.
    const worked = await createHotel(store, ownerId, { ...input, name: 'Worked On Inn' });
    await updateHotel(store, ownerId, worked.hotelId, { description: 'Renovated' });
    expect((await createHotel(store, ownerId, { ...input, name: 'Worked On Inn' })).hotelId).not.toBe(
      worked.hotelId,
    );
  });

  it('never lets another hotelier change or read a hotel', async () => {
    const { hotel } = await givenHotel(store);
    const intruder = 'hotelier-intruder';
    await expect(updateHotel(store, intruder, hotel.hotelId, { name: 'Mine now' })).rejects.toBeInstanceOf(
      Forbidden,
    );
    await expect(
      putRoomType(store, intruder, hotel.hotelId, 'suite', {
        name: 'Suite',
        totalRooms: 1,
        pricePerNight: price,
      }),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(deleteHotel(store, intruder, hotel.hotelId)).rejects.toBeInstanceOf(Forbidden);
    await expect(
      listHotelBookings(store, intruder, hotel.hotelId, {
        from: daysFromNow(0),
        to: daysFromNow(30),
        limit: 50,
      }),
    ).rejects.toBeInstanceOf(Forbidden);
    expect((await listMyHotels(store, intruder)).items).toEqual([]);
    expect((await store.hotels.getHotel(hotel.hotelId))?.name).toBe('Test Hotel');
  });

  it('refuses to lower capacity below a future night, names the nights, and changes nothing', async () => {
    const { hotel, ownerId } = await givenHotel(store, { totalRooms: 5 });
    await bookRooms(store, { hotelId: hotel.hotelId, ...stay(3, 5, 3) });
    await bookRooms(store, { hotelId: hotel.hotelId, ...stay(4, 6, 1) });
    const versionBefore = (await store.hotels.getRoomType(hotel.hotelId, 'deluxe-king', { consistent: true }))
      ?.version;
    const refused = await putRoomType(store, ownerId, hotel.hotelId, 'deluxe-king', {
      name: 'Deluxe King',
      totalRooms: 3,
      pricePerNight: price,
    }).catch((e) => e);
    expect(refused).toBeInstanceOf(Conflict);
    expect((refused as Conflict).details).toEqual({ nights: [{ night: daysFromNow(4), booked: 4 }] });
    const roomType = await store.hotels.getRoomType(hotel.hotelId, 'deluxe-king', { consistent: true });
    expect(roomType).toMatchObject({
      totalRooms: 5,
      pricePerNight: { amount: 12_000 },
      version: versionBefore,
    });
    expect(roomType?.pendingTotalRooms).toBeUndefined();
    // Lowering to exactly the busiest night is fine; raising is always fine.
    const lowered = await putRoomType(store, ownerId, hotel.hotelId, 'deluxe-king', {
      name: 'Deluxe King',
      totalRooms: 4,
      pricePerNight: price,
    });
    expect(lowered).toMatchObject({ created: false, roomType: { totalRooms: 4 } });
    await expect(bookRooms(store, { hotelId: hotel.hotelId, ...stay(4, 5, 1) })).rejects.toBeInstanceOf(
      SoldOut,
    );
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
  });

  it('never overbooks while capacity is lowered during a booking rush', async () => {
    const { hotel, ownerId } = await givenHotel(store, { totalRooms: 10 });
    const stores = Array.from({ length: 6 }, () => testStore('us-east-1'));
    const rush = Array.from({ length: 30 }, (_, i) =>
      bookRooms(stores[i % stores.length] ?? store, { hotelId: hotel.hotelId, ...stay(8, 9, 1) }),
    );
    const lowering = putRoomType(stores[0] ?? store, ownerId, hotel.hotelId, 'deluxe-king', {
      name: 'Deluxe King',
      totalRooms: 4,
      pricePerNight: price,
    });
    const [bookings, change] = await Promise.all([
      Promise.allSettled(rush),
      lowering.then(
        () => 'lowered',
        (e) => e,
      ),
    ]);
    const confirmed = bookings.filter((b) => b.status === 'fulfilled').length;
    const roomType = await store.hotels.getRoomType(hotel.hotelId, 'deluxe-king', { consistent: true });
    if (change === 'lowered') {
      expect(roomType?.totalRooms).toBe(4);
      expect(confirmed).toBeLessThanOrEqual(4);
    } else {
      expect(change).toBeInstanceOf(Conflict);
      expect(roomType?.totalRooms).toBe(10);
      expect(confirmed).toBeGreaterThan(4);
      expect(confirmed).toBeLessThanOrEqual(10);
    }
    const [availability] = await availabilityFor(store, hotel.hotelId, daysFromNow(8), daysFromNow(9));
    expect(availability?.available).toBe((roomType?.totalRooms ?? 0) - confirmed);
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
  });

  it('refuses to delete a hotel with future confirmed bookings, then deletes it once they are cancelled', async () => {
    const { hotel, ownerId } = await givenHotel(store, { totalRooms: 2 });
    const first = await bookRooms(store, { hotelId: hotel.hotelId, ...stay(15, 17) });
    const hotelVersion = (await store.hotels.getHotel(hotel.hotelId, { consistent: true }))?.version;
    const refused = await deleteHotel(store, ownerId, hotel.hotelId).catch((e) => e);
    // Refused before anything was written: not even closed and reopened.
    expect((await store.hotels.getHotel(hotel.hotelId, { consistent: true }))?.version).toBe(hotelVersion);
    expect(refused).toBeInstanceOf(Conflict);
    expect((refused as Conflict).details).toEqual({
      nights: [15, 16].map((d) => ({ roomTypeId: 'deluxe-king', night: daysFromNow(d), booked: 1 })),
    });
    // The refusal reopened the hotel: it still takes bookings.
    const second = await bookRooms(store, { hotelId: hotel.hotelId, ...stay(15, 17) });
    await cancelBookingForGuest(store, hotel.hotelId, first.booking.bookingId, first.accessToken);
    await expect(deleteHotel(store, ownerId, hotel.hotelId)).rejects.toBeInstanceOf(Conflict);
    await cancelBookingForGuest(store, hotel.hotelId, second.booking.bookingId, second.accessToken);
    await deleteHotel(store, ownerId, hotel.hotelId);
    expect(await store.hotels.getHotel(hotel.hotelId, { consistent: true })).toBeUndefined();
    expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
  });

  it('deletes a hotel without future bookings; it is gone and takes no bookings', async () => {
    const { hotel, ownerId } = await givenHotel(store, { totalRooms: 2 });
    await deleteHotel(store, ownerId, hotel.hotelId);
    expect(await store.hotels.getHotel(hotel.hotelId, { consistent: true })).toBeUndefined();
    await expect(bookRooms(store, { hotelId: hotel.hotelId, ...stay(3, 4) })).rejects.toBeInstanceOf(
      NotFound,
    );
    expect((await listMyHotels(store, ownerId)).items).toEqual([]);
  });

  it('lists bookings whose stays overlap [from, to)', async () => {
    const { hotel, ownerId } = await givenHotel(store, { totalRooms: 5 });
    const early = await bookRooms(store, { hotelId: hotel.hotelId, ...stay(2, 4) });
    const long = await bookRooms(store, { hotelId: hotel.hotelId, ...stay(1, 31) });
    const late = await bookRooms(store, { hotelId: hotel.hotelId, ...stay(40, 41) });
    const ids = async (from: number, to: number) =>
      (
        await listHotelBookings(store, ownerId, hotel.hotelId, {
          from: daysFromNow(from),
          to: daysFromNow(to),
          limit: 50,
        })
      ).items
        .map((b) => b.bookingId)
        .sort();
    // GSI reads are eventually consistent: give the index a moment on DynamoDB Local.
    await expect.poll(() => ids(0, 60)).toEqual([early, long, late].map((b) => b.booking.bookingId).sort());
    expect(await ids(4, 40)).toEqual([long.booking.bookingId]);
    expect(await ids(30, 31)).toEqual([long.booking.bookingId]);
    expect(await ids(31, 40)).toEqual([]);
  });

  it('creates a room type once (201), then updates it (200)', async () => {
    const { hotel, ownerId } = await givenHotel(store);
    const created = await putRoomType(store, ownerId, hotel.hotelId, 'family', {
      name: 'Family',
      totalRooms: 3,
      pricePerNight: price,
    });
    expect(created.created).toBe(true);
    const updated = await putRoomType(store, ownerId, hotel.hotelId, 'family', {
      name: 'Family Room',
      totalRooms: 6,
      pricePerNight: price,
    });
    expect(updated).toMatchObject({
      created: false,
      roomType: { name: 'Family Room', totalRooms: 6, version: 2 },
    });
    expect((await store.hotels.getHotel(hotel.hotelId, { consistent: true }))?.roomTypeCount).toBe(2);
  });
});
