/**
 * The reconcile check's "from today on" is each hotel's own today: a night that is
 * still today in Los Angeles is checked for over-capacity even when it is already
 * yesterday in UTC.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ROOM_TYPE_ITEM } from '../../lambdas/adapters/dynamodb/items/room-type';
import { reconcileTable } from '../../lambdas/adapters/dynamodb/reconcile-scan';
import { bookRooms } from '../../lambdas/domain/booking';
import { hotelLocalTime } from '../../lambdas/domain/hotel-clock';
import { addDays, todayUtc } from '../../lambdas/domain/stay';
import { givenHotel, guest, testStore } from '../support/store';

describe('the reconcile check on the hotel clock', () => {
  it("reports over-capacity on the hotel's today when that is UTC's yesterday", async () => {
    // 03:00 UTC of the run's day: in Los Angeles it is still the evening before.
    const utcDay = todayUtc(new Date());
    const now = new Date(`${utcDay}T03:00:00Z`);
    const store = testStore('us-east-1', () => now);
    const { hotel, roomType } = await givenHotel(store, { totalRooms: 2, timeZone: 'America/Los_Angeles' });
    const localToday = hotelLocalTime(hotel, now).date;
    expect(localToday).toBe(addDays(utcDay, -1));
    await bookRooms(store, {
      hotelId: hotel.hotelId,
      roomTypeId: roomType.roomTypeId,
      checkIn: localToday,
      checkOut: addDays(localToday, 1),
      rooms: 2,
      guest,
    });
    // The room type shrinks under the booking (as a write that bypassed the guard would leave it).
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: ROOM_TYPE_ITEM.key(hotel.hotelId, roomType.roomTypeId),
        UpdateExpression: 'SET totalRooms = :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    const report = await reconcileTable(store.doc, store.tableName, { hotelId: hotel.hotelId, now });
    expect(report.discrepancies).toEqual([
      expect.objectContaining({ kind: 'OVER_CAPACITY', night: localToday, counter: 2, capacity: 1 }),
    ]);
    // The next day, in Los Angeles too, that night is past and no longer reported.
    const later = new Date(`${addDays(utcDay, 1)}T12:00:00Z`);
    expect(
      (await reconcileTable(store.doc, store.tableName, { hotelId: hotel.hotelId, now: later }))
        .discrepancies,
    ).toEqual([]);
  });
});
