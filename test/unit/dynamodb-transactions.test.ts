import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { isRetryable, withRetries } from '../../lambdas/adapters/dynamodb/retry';
import { dynamoDbStores } from '../../lambdas/adapters/dynamodb/stores';
import {
  DuplicateBooking,
  HotelMoving,
  NotOwnerRegion,
  SoldOut,
  StaleRead,
  StoreBusy,
} from '../../lambdas/domain/errors';
import type { Booking } from '../../lambdas/domain/model';
import { planStayChange } from '../../lambdas/domain/stay-lifecycle';

const doc = createDocumentClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:1' });
const ddb = mockClient(DynamoDBDocumentClient);
const noWait = { maxAttempts: 4, baseDelayMs: 0, maxDelayMs: 0 };
const repo = dynamoDbStores({
  doc,
  tableName: 'hotels',
  region: 'us-east-1',
  now: () => new Date('2030-01-01T00:00:00Z'),
  retryPolicy: noWait,
}).bookings;

const booking: Booking = {
  bookingId: 'b-1',
  hotelId: 'h-1',
  roomTypeId: 'twin',
  checkIn: '2030-03-01',
  checkOut: '2030-03-04',
  rooms: 2,
  status: 'CONFIRMED',
  guest: { name: 'G', email: 'g@example.com' },
  totalPrice: { amount: 600, currency: 'USD' },
  createdAt: '2030-01-01T00:00:00.000Z',
  managedIn: 'us-east-1',
  requestHash: 'rh',
  accessTokenHashes: ['th'],
  version: 1,
};
const reservation = { nights: ['2030-03-01', '2030-03-02', '2030-03-03'], capacity: 5, roomTypeVersion: 7 };

/** A cancelled transaction with one reason per item: guard, three nights, the booking put. */
function cancelled(codes: string[], items: Record<number, Record<string, unknown>> = {}) {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code, i) => ({
      Code,
      ...(items[i] ? { Item: marshall(items[i]) } : {}),
    })),
  });
}

beforeEach(() => ddb.reset());

describe('booking transaction', () => {
  it('checks the room type, reserves every night under capacity and puts the booking, in one call', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    await repo.createBooking(booking, reservation);
    const calls = ddb.commandCalls(TransactWriteCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    const items = input?.TransactItems ?? [];
    expect(items).toHaveLength(5);
    expect(items[0]?.ConditionCheck?.Key).toEqual({ pk: 'HOTEL#h-1', sk: 'ROOMTYPE#twin' });
    expect(items[0]?.ConditionCheck?.ConditionExpression).toContain('#version = :version');
    expect(items[0]?.ConditionCheck?.ExpressionAttributeValues?.[':version']).toBe(7);
    for (const [i, night] of reservation.nights.entries()) {
      const update = items[i + 1]?.Update;
      expect(update?.Key).toEqual({ pk: 'HOTEL#h-1', sk: `NIGHT#twin#${night}` });
      // Capacity, and the calendar as quoted: open, no price override, the arrival night's stay limits.
      expect(update?.ConditionExpression).toContain('(attribute_not_exists(booked) OR booked <= :limit)');
      expect(update?.ConditionExpression).toContain('(attribute_not_exists(#closed) OR #closed = :false)');
      expect(update?.ConditionExpression).toContain('attribute_not_exists(#price)');
      expect(update?.ConditionExpression?.includes(':stayLength')).toBe(i === 0);
      expect(update?.ExpressionAttributeValues?.[':limit']).toBe(3); // capacity 5 - 2 rooms
      expect(update?.ExpressionAttributeValues?.[':delta']).toBe(2);
      expect(update?.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
    }
    expect(items[4]?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(items[4]?.Put?.Item).toMatchObject({
      sk: 'BOOKING#b-1',
      staySk: 'STAY#2030-03-01#b-1',
      writtenBy: 'us-east-1',
    });
    expect(input?.ClientRequestToken).toMatch(/^[0-9a-f]{36}$/);
  });

  it('names the sold-out nights from the cancellation reasons', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(cancelled(['None', 'None', 'ConditionalCheckFailed', 'ConditionalCheckFailed', 'None']));
    const error = await repo.createBooking(booking, reservation).catch((e) => e);
    expect(error).toBeInstanceOf(SoldOut);
    expect((error as SoldOut).nights).toEqual(['2030-03-02', '2030-03-03']);
  });

  it('treats a failed booking put as a duplicate, even when nights are also sold out', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(cancelled(['None', 'ConditionalCheckFailed', 'None', 'None', 'ConditionalCheckFailed']));
    await expect(repo.createBooking(booking, reservation)).rejects.toBeInstanceOf(DuplicateBooking);
  });

  it('turns a changed room type into a stale read, and a moved one into NotOwnerRegion', async () => {
    const active = { status: 'ACTIVE', managedIn: 'us-east-1', version: 8 };
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled(['ConditionalCheckFailed', 'None', 'None', 'None', 'None'], { 0: active }));
    await expect(repo.createBooking(booking, reservation)).rejects.toBeInstanceOf(StaleRead);
    ddb.reset();
    ddb.on(TransactWriteCommand).rejectsOnce(
      cancelled(['ConditionalCheckFailed', 'None', 'None', 'None', 'None'], {
        0: { ...active, managedIn: 'ap-southeast-1' },
      }),
    );
    const moved = await repo.createBooking(booking, reservation).catch((e) => e);
    expect(moved).toBeInstanceOf(NotOwnerRegion);
    expect((moved as NotOwnerRegion).owner).toBe('ap-southeast-1');
  });

  it('retries a transaction conflict, then succeeds', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled(['None', 'TransactionConflict', 'None', 'None', 'None']))
      .rejectsOnce(cancelled(['TransactionConflict', 'None', 'None', 'None', 'None']))
      .resolves({});
    await repo.createBooking(booking, reservation);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('gives up on a throttling storm after the bounded attempts with StoreBusy', async () => {
    const throttled = Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
    ddb.on(TransactWriteCommand).rejects(throttled);
    await expect(repo.createBooking(booking, reservation)).rejects.toBeInstanceOf(StoreBusy);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(noWait.maxAttempts);
  });

  it('never retries a failed condition', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(cancelled(['None', 'ConditionalCheckFailed', 'TransactionConflict', 'None', 'None']));
    await expect(repo.createBooking(booking, reservation)).rejects.toBeInstanceOf(SoldOut);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});

/** The cancel transition of the lifecycle table, planned for a hotel in UTC before the arrival day. */
const cancel = (b: Booking, at: string) =>
  planStayChange(b, 'cancel', { timeZone: 'UTC', checkInTime: '15:00', checkOutTime: '11:00' }, new Date(at));

describe('cancellation transaction', () => {
  it('moves CONFIRMED to CANCELLED and gives back every night in one call', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const result = await repo.changeBookingStatus(booking, cancel(booking, '2030-01-02T00:00:00.000Z'));
    expect(result.status).toBe('CANCELLED');
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(5);
    // The room type, which a handover moves, says who may write the booking; the booking keeps its region.
    expect(items[0]?.ConditionCheck?.Key).toEqual({
      pk: `HOTEL#${booking.hotelId}`,
      sk: `ROOMTYPE#${booking.roomTypeId}`,
    });
    expect(items[0]?.ConditionCheck?.ConditionExpression).toBe(
      '#managedIn = :region AND attribute_not_exists(#handover)',
    );
    expect(items[1]?.Update?.ConditionExpression).toContain('#status = :from');
    expect(items[1]?.Update?.ExpressionAttributeValues?.[':from']).toBe('CONFIRMED');
    expect(items.slice(2).map((i) => i.Update?.ExpressionAttributeValues?.[':delta'])).toEqual([-2, -2, -2]);
    expect(items.slice(2).map((i) => i.Update?.ConditionExpression)).toEqual(
      Array(3).fill('booked >= :limit'),
    );
  });

  it('reports a booking cancelled meanwhile as a stale read', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(cancelled(['None', 'ConditionalCheckFailed', 'None', 'None', 'None']));
    await expect(
      repo.changeBookingStatus(booking, cancel(booking, '2030-01-02T00:00:00.000Z')),
    ).rejects.toBeInstanceOf(StaleRead);
  });

  it('reports a fenced room type as a hotel on the move, and a moved one as owned elsewhere', async () => {
    const fenced = { managedIn: 'us-east-1', handover: { state: 'FENCED' } };
    ddb
      .on(TransactWriteCommand)
      .rejects(cancelled(['ConditionalCheckFailed', 'None', 'None', 'None', 'None'], { 0: fenced }));
    await expect(
      repo.changeBookingStatus(booking, cancel(booking, '2030-01-02T00:00:00.000Z')),
    ).rejects.toBeInstanceOf(HotelMoving);
    ddb.on(TransactWriteCommand).rejects(
      cancelled(['ConditionalCheckFailed', 'None', 'None', 'None', 'None'], {
        0: { managedIn: 'ap-southeast-1' },
      }),
    );
    await expect(
      repo.changeBookingStatus(booking, cancel(booking, '2030-01-02T00:00:00.000Z')),
    ).rejects.toEqual(new NotOwnerRegion('ap-southeast-1'));
  });
});

describe('retry policy', () => {
  it('classifies errors', () => {
    expect(isRetryable(Object.assign(new Error(), { name: 'ProvisionedThroughputExceededException' }))).toBe(
      true,
    );
    expect(isRetryable(Object.assign(new Error(), { name: 'ConditionalCheckFailedException' }))).toBe(false);
    expect(isRetryable(Object.assign(new Error(), { name: 'ValidationException' }))).toBe(false);
    expect(isRetryable(cancelled(['ThrottlingError', 'None']))).toBe(true);
    expect(isRetryable(cancelled(['ValidationError', 'None']))).toBe(false);
  });

  it('waits a jittered, growing, capped delay between attempts', async () => {
    const waits: number[] = [];
    let calls = 0;
    const throttled = Object.assign(new Error(), { name: 'ThrottlingException' });
    await expect(
      withRetries(
        async () => {
          calls++;
          throw throttled;
        },
        {
          policy: { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 50 },
          sleep: async (ms) => {
            waits.push(ms);
          },
          random: () => 0.999,
        },
      ),
    ).rejects.toBeInstanceOf(StoreBusy);
    expect(calls).toBe(5);
    expect(waits).toEqual([9, 19, 39, 49]);
  });
});
