/** The AWS publisher's batch: stream records to bus entries in order, partial failures reported from the first. */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { BOOKING_ITEM } from '../../lambdas/adapters/dynamodb/items/booking';
import type { Booking } from '../../lambdas/domain/model';
import { type BusEntry, publishStreamBatch } from '../../lambdas/events/stream-batch';

const base: Booking = {
  bookingId: 'b-0',
  hotelId: 'h-1',
  roomTypeId: 'king',
  checkIn: '2030-01-01',
  checkOut: '2030-01-03',
  rooms: 1,
  status: 'CONFIRMED',
  guest: { name: 'Ada', email: 'ada@example.com' },
  totalPrice: { amount: 100, currency: 'USD' },
  createdAt: '2029-12-01T10:00:00.000Z',
  managedIn: 'us-east-1',
  requestHash: 'x',
  accessTokenHashes: ['y'],
  version: 1,
};

/** A new booking's stream record, written by `by`. */
function inserted(n: number, by = 'us-east-1'): DynamoDBRecord {
  const item = BOOKING_ITEM.toItem(
    { ...base, bookingId: `b-${n}` },
    { writtenBy: by as Booking['managedIn'], writtenAt: 1_900_000_000_000 + n },
  );
  return {
    eventName: 'INSERT',
    dynamodb: {
      SequenceNumber: String(100 + n),
      NewImage: marshall(item, { removeUndefinedValues: true }) as never,
    },
  };
}

describe('publishing a stream batch to the bus', () => {
  it('puts one entry per status change, in stream order, source hotel-booking and the type as detail-type', async () => {
    const calls: BusEntry[][] = [];
    const records = [...Array.from({ length: 12 }, (_, i) => inserted(i)), inserted(99, 'ap-southeast-1')];
    const out = await publishStreamBatch(records, 'us-east-1', 'hotel-booking-events', async (entries) => {
      calls.push([...entries]);
      return entries.map(() => ({ failed: false }));
    });
    expect(out).toEqual({ batchItemFailures: [], published: 12 });
    expect(calls.map((c) => c.length)).toEqual([10, 2]);
    const first = calls[0]?.[0] as BusEntry;
    expect(first).toMatchObject({
      Source: 'hotel-booking',
      DetailType: 'booking.confirmed',
      EventBusName: 'hotel-booking-events',
    });
    expect(JSON.parse(first.Detail)).toMatchObject({ id: 'b-0:1', region: 'us-east-1', sequence: 1 });
    expect(calls.flat().map((e) => JSON.parse(e.Detail).bookingId)).toEqual(
      Array.from({ length: 12 }, (_, i) => `b-${i}`),
    );
  });

  it('reports the first record whose entry failed, and puts nothing after it', async () => {
    const records = Array.from({ length: 15 }, (_, i) => inserted(i));
    let calls = 0;
    const out = await publishStreamBatch(records, 'us-east-1', 'bus', async (entries) => {
      calls++;
      return entries.map((_, j) => ({ failed: calls === 1 && j >= 3 }));
    });
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: '103' }], published: 3 });
    expect(calls).toBe(1);
    const thrown = await publishStreamBatch(records, 'us-east-1', 'bus', async () => {
      throw new Error('throttled');
    });
    expect(thrown.batchItemFailures).toEqual([{ itemIdentifier: '100' }]);
  });
});
