/**
 * Booking events after an evacuation's split writes, on DynamoDB Local with one database per
 * region: the old owner, cut off, and the new owner each change the same booking from the same
 * version. Each change must still be its own event, with its own id.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { BOOKING_ITEM } from '../../lambdas/adapters/dynamodb/items/booking';
import { bookRooms, hotelClockFor } from '../../lambdas/domain/booking';
import type { HandoverContext } from '../../lambdas/domain/handover';
import { evacuateHotel } from '../../lambdas/domain/handover-evacuation';
import { changeStay, planStayChange } from '../../lambdas/domain/stay-lifecycle';
import { type BookingEvent, bookingEventOf } from '../../lambdas/events/booking-event';
import { daysFromNow, givenHotel, guest, replicateHotel, type TestStore, testStore } from '../support/store';

const us = testStore('us-east-1');
const asia = testStore('ap-southeast-1');
const ctx: HandoverContext = { stores: { 'us-east-1': us, 'ap-southeast-1': asia }, now: () => new Date() };

async function bookingItem(store: TestStore, hotelId: string, bookingId: string) {
  const { Item } = await store.doc.send(
    new GetCommand({
      TableName: store.tableName,
      Key: BOOKING_ITEM.key(hotelId, bookingId),
      ConsistentRead: true,
    }),
  );
  if (!Item) throw new Error(`no booking ${bookingId} in ${store.region}`);
  return Item;
}

/** Runs `write` in `store`'s region and returns the event its stream record stands for there. */
async function eventOf(store: TestStore, hotelId: string, bookingId: string, write: () => Promise<unknown>) {
  const oldImage = await bookingItem(store, hotelId, bookingId);
  await write();
  const newImage = await bookingItem(store, hotelId, bookingId);
  const event = bookingEventOf({ oldImage, newImage }, store.region);
  if (!event) throw new Error('the change published no event');
  return event;
}

describe('events after an evacuation', () => {
  it('gives two changes written from the same version in two regions two ids, and later changes a greater sequence', async () => {
    const { hotel, roomType, ownerId } = await givenHotel(us, { totalRooms: 5 });
    const hotelId = hotel.hotelId;
    const { booking } = await bookRooms(us, {
      hotelId,
      roomTypeId: roomType.roomTypeId,
      checkIn: daysFromNow(1),
      checkOut: daysFromNow(3),
      rooms: 1,
      guest,
    });
    const confirmed = bookingEventOf(
      { newImage: await bookingItem(us, hotelId, booking.bookingId) },
      'us-east-1',
    ) as BookingEvent;
    await replicateHotel(us, asia, hotelId);

    // us-east-1 is cut off: the operator evacuates the hotel to ap-southeast-1, while us-east-1,
    // which has not heard of it, still takes the guest's cancellation.
    await evacuateHotel(ctx, hotelId, 'ap-southeast-1');
    const inOld = await eventOf(us, hotelId, booking.bookingId, async () =>
      us.bookings.changeBookingStatus(
        booking,
        planStayChange(booking, 'cancel', await hotelClockFor(us, hotelId), new Date()),
      ),
    );
    // The desk of the new owner checks the guest in on the day of arrival.
    const atArrival = { ...asia, now: () => new Date(`${booking.checkIn}T12:00:00Z`) };
    const inNew = await eventOf(asia, hotelId, booking.bookingId, () =>
      changeStay(atArrival, ownerId, hotelId, booking.bookingId, 'check-in'),
    );

    // Two different changes, each from the booking's same version, in two regions.
    expect([inOld.region, inOld.type]).toEqual(['us-east-1', 'booking.cancelled']);
    expect([inNew.region, inNew.type]).toEqual(['ap-southeast-1', 'booking.checked_in']);
    expect(inNew.id).not.toBe(inOld.id);
    for (const event of [inOld, inNew]) {
      expect(event.id).toBe(`${booking.bookingId}:${event.sequence}`);
      expect(event.sequence).toBeGreaterThan(confirmed.sequence);
    }

    // The new owner's next change comes after both.
    const atDeparture = { ...asia, now: () => new Date(`${booking.checkOut}T09:00:00Z`) };
    const checkedOut = await eventOf(asia, hotelId, booking.bookingId, () =>
      changeStay(atDeparture, ownerId, hotelId, booking.bookingId, 'check-out'),
    );
    expect(checkedOut.type).toBe('booking.checked_out');
    expect(checkedOut.sequence).toBeGreaterThan(Math.max(inOld.sequence, inNew.sequence));
  });
});
