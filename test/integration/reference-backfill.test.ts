/**
 * Bookings stored before references existed: the one-off backfill gives each one
 * owned here a reference and its claim, once, resumably, and leaves alone a
 * booking that has one and a booking owned by the other region.
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { BOOKING_ITEM } from '../../lambdas/adapters/dynamodb/items/booking';
import type { ItemKey } from '../../lambdas/adapters/dynamodb/items/item-kind';
import { REFERENCE_ITEM } from '../../lambdas/adapters/dynamodb/items/reference';
import { backfillBookingReferences } from '../../lambdas/adapters/dynamodb/reference-backfill';
import { HotelTableClient } from '../../lambdas/adapters/dynamodb/table-client';
import { bookRooms } from '../../lambdas/domain/booking';
import { emailFingerprint, normalizeReference } from '../../lambdas/domain/booking-reference';
import { daysFromNow, freshTable, givenHotel, guest, testStore } from '../support/store';

describe('the references of bookings stored before them', () => {
  it('are written once, each with its claim, resumably, and only by the owner region', async () => {
    const tableName = await freshTable();
    const store = testStore('us-east-1', () => new Date(), tableName);
    const { hotel, roomType } = await givenHotel(store, { totalRooms: 10 });
    const booked = [];
    for (let i = 0; i < 4; i++)
      booked.push(
        (
          await bookRooms(store, {
            hotelId: hotel.hotelId,
            roomTypeId: roomType.roomTypeId,
            checkIn: daysFromNow(3 + i),
            checkOut: daysFromNow(5 + i),
            rooms: 1,
            guest: { ...guest, email: `guest${i}@example.com` },
            ...(i === 1 ? { booker: { name: 'Pat Booker', email: 'pat@example.com' } } : {}),
          })
        ).booking,
      );
    const raw = async (key: ItemKey) =>
      (await store.doc.send(new GetCommand({ TableName: tableName, Key: key }))).Item;
    // As stored before references: the first three lose theirs; the fourth keeps its own.
    const [a, b, c, kept] = booked as [
      (typeof booked)[0],
      (typeof booked)[0],
      (typeof booked)[0],
      (typeof booked)[0],
    ];
    for (const old of [a, b, c]) {
      await store.doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: BOOKING_ITEM.key(old.hotelId, old.bookingId),
          UpdateExpression: 'REMOVE #reference',
          ExpressionAttributeNames: { '#reference': 'reference' },
        }),
      );
      await store.doc.send(
        new DeleteCommand({ TableName: tableName, Key: REFERENCE_ITEM.key(old.reference ?? '') }),
      );
    }
    // A booking owned by the other region is left to that region's run.
    const foreignId = randomUUID();
    const { reference: _r, ...bare } = c;
    await store.doc.send(
      new PutCommand({
        TableName: tableName,
        Item: BOOKING_ITEM.toItem(
          { ...bare, bookingId: foreignId, managedIn: 'ap-southeast-1' },
          { writtenBy: 'ap-southeast-1', writtenAt: 1 },
        ),
      }),
    );
    const keptBefore = await raw(BOOKING_ITEM.key(kept.hotelId, kept.bookingId));

    const table = new HotelTableClient({ doc: store.doc, tableName, region: 'us-east-1' });
    expect(await backfillBookingReferences(table)).toEqual({ found: 3, written: 3, skipped: 0 });

    const references = new Set<string>();
    for (const [old, emails] of [
      [a, ['guest0@example.com']],
      [b, ['guest1@example.com', 'pat@example.com']],
      [c, ['guest2@example.com']],
    ] as const) {
      const item = await raw(BOOKING_ITEM.key(old.hotelId, old.bookingId));
      const reference = String(item?.reference);
      // A well-formed reference, new (not the one removed), with the next version and no status change.
      expect(normalizeReference(reference)).toBe(reference);
      expect(reference).not.toBe(old.reference);
      expect(item).toMatchObject({ status: 'CONFIRMED', version: old.version + 1 });
      references.add(reference);
      // Its claim names the booking and the e-mails that may find it.
      expect(REFERENCE_ITEM.fromItem((await raw(REFERENCE_ITEM.key(reference))) ?? {})).toEqual({
        reference,
        hotelId: old.hotelId,
        bookingId: old.bookingId,
        roomTypeId: old.roomTypeId,
        emailFingerprints: emails.map(emailFingerprint),
      });
    }
    expect(references.size).toBe(3);
    expect(await raw(BOOKING_ITEM.key(kept.hotelId, kept.bookingId))).toEqual(keptBefore);
    expect((await raw(BOOKING_ITEM.key(hotel.hotelId, foreignId)))?.reference).toBeUndefined();
    // Resumable: a second run finds nothing left.
    expect(await backfillBookingReferences(table)).toEqual({ found: 0, written: 0, skipped: 0 });
  });
});
