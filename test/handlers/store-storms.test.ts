/**
 * Contention and throttling storms: bounded retries, then a clear 503, and nothing half-done;
 * lost answers: a 504 that names the key to retry under, within the function's time.
 */

import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { PROCESS_CURSOR_SEAL } from '../../lambdas/adapters/cursor-seal';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { dynamoDbStores } from '../../lambdas/adapters/dynamodb/stores';
import { createApiHandler } from '../../lambdas/handlers/lambda-entry';
import type { RegionServices } from '../../lambdas/http/region-services';
import { apiGatewayEvent, localLambdaContext } from '../../local/api-gateway-event';
import { SubstringSearch, TestLink } from '../support/api';
import { daysFromNow, guest } from '../support/store';

const doc = createDocumentClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' });
const ddb = mockClient(doc);
const { hotels, bookings } = dynamoDbStores({
  doc,
  tableName: 'hotels',
  region: 'us-east-1',
  retryPolicy: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 },
});
const services: RegionServices = {
  hotels,
  bookings,
  region: 'us-east-1',
  now: () => new Date(),
  search: new SubstringSearch(),
  cursors: PROCESS_CURSOR_SEAL,
  forwarder: new TestLink(),
};
const handler = createApiHandler('public', () => services);
const roomType = {
  pk: 'HOTEL#h1',
  sk: 'ROOMTYPE#std',
  hotelId: 'h1',
  roomTypeId: 'std',
  name: 'Standard',
  totalRooms: 5,
  pricePerNight: { amount: 100, currency: 'USD' },
  status: 'ACTIVE',
  managedIn: 'us-east-1',
  version: 3,
};
/** The hotel item, for the booking's read of the hotel's clock. */
const hotelItem = {
  pk: 'HOTEL#h1',
  sk: 'HOTEL',
  entity: 'HOTEL',
  hotelId: 'h1',
  country: 'US',
  timeZone: 'UTC',
  status: 'ACTIVE',
  managedIn: 'us-east-1',
};
/** Answers each GetItem with the item it names: the room type, or the hotel. */
const storeItems = (input: { Key?: Record<string, unknown> }) => ({
  Item: String(input.Key?.sk).startsWith('ROOMTYPE') ? roomType : hotelItem,
});
/** A booking at h1, with `headers`, in a function with `timeoutMs` to run. */
const book = (headers: Record<string, string> = {}, timeoutMs?: number) =>
  handler(
    apiGatewayEvent({
      method: 'POST',
      path: '/v1/hotels/h1/bookings',
      headers,
      body: { roomTypeId: 'std', checkIn: daysFromNow(3), checkOut: daysFromNow(4), rooms: 1, guest },
    }),
    localLambdaContext('public-api', timeoutMs),
  );

beforeEach(() => {
  ddb.reset();
  // A booking reads its stay's night items (the calendar) next to the room type: none here.
  ddb.on(QueryCommand).resolves({ Items: [] });
});

describe('store storms', () => {
  it('answers 503 SERVICE_UNAVAILABLE with Retry-After after a bounded TransactionConflict storm', async () => {
    ddb.on(GetCommand).callsFake(storeItems);
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'conflict',
        $metadata: {},
        CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }, { Code: 'None' }],
      }),
    );
    const res = await book();
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body ?? '').error.code).toBe('SERVICE_UNAVAILABLE');
    expect(Number(res.headers?.['retry-after'])).toBeGreaterThan(0);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(4);
  });

  it('answers 503 when every read is throttled, after bounded retries', async () => {
    ddb.on(GetCommand).rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    ddb.on(QueryCommand).rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    const res = await book();
    expect(res.statusCode).toBe(503);
    // The hotel's clock, the room type and the stay's nights are read side by side, each with its
    // own bounded retries (4 attempts): the first to give up ends the booking, the others stop within theirs.
    const gets = ddb.commandCalls(GetCommand).length;
    const queries = ddb.commandCalls(QueryCommand).length;
    expect(gets).toBeLessThanOrEqual(2 * 4);
    expect(queries).toBeLessThanOrEqual(4);
    expect(Math.max(gets, queries)).toBeGreaterThanOrEqual(4);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers 503 when the store refuses connections', async () => {
    ddb.on(GetCommand).rejects(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const res = await book();
    expect(res.statusCode).toBe(503);
    expect(res.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  });

  it('answers 504 OUTCOME_UNKNOWN naming the key it ran under when every answer to the transaction is lost', async () => {
    // The room type and the hotel are found; the booking, looked for once the answers are lost, is not.
    ddb
      .on(GetCommand)
      .callsFake((input) => (String(input.Key?.sk).startsWith('BOOKING') ? {} : storeItems(input)));
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const res = await book();
    expect(res.statusCode).toBe(504);
    expect(JSON.parse(res.body ?? '').error.code).toBe('OUTCOME_UNKNOWN');
    expect(res.headers?.['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(res.headers?.['retry-after'])).toBeGreaterThan(0);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(4);
    // Every attempt carried the same client request token: DynamoDB commits at most one of them.
    const tokens = ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.ClientRequestToken);
    expect(new Set(tokens).size).toBe(1);

    const keyed = await book({ 'idempotency-key': 'my-key-1' });
    expect(keyed.statusCode).toBe(504);
    expect(keyed.headers?.['idempotency-key']).toBe('my-key-1');
  });

  it("answers within its function's time when the store never answers, and says the outcome is unknown", async () => {
    ddb
      .on(GetCommand)
      .callsFake((input) => (String(input.Key?.sk).startsWith('BOOKING') ? {} : storeItems(input)));
    // A transaction that hangs: the mock ignores the abort signal, so only the deadline's race ends it.
    ddb.on(TransactWriteCommand).callsFake(() => new Promise(() => undefined));
    const started = performance.now();
    const res = await book({}, 1_500);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(res.statusCode).toBe(504);
    expect(JSON.parse(res.body ?? '').error.code).toBe('OUTCOME_UNKNOWN');
    expect(res.headers?.['idempotency-key']).toBeTruthy();
  });

  it("names the caller's key when another idempotent write loses its answer: a hotel's create", async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).rejects(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const manage = createApiHandler('manage', () => services);
    const res = await manage(
      apiGatewayEvent({
        method: 'POST',
        path: '/v1/manage/hotels',
        headers: { 'idempotency-key': 'hotel-key-1' },
        body: { name: 'Lost Answer Inn', city: 'Boston', country: 'US' },
        claims: { sub: 'hotelier-1' },
      }),
      localLambdaContext('manage-api'),
    );
    expect(res.statusCode).toBe(504);
    expect(JSON.parse(res.body ?? '').error.code).toBe('OUTCOME_UNKNOWN');
    expect(res.headers?.['idempotency-key']).toBe('hotel-key-1');
    expect(ddb.commandCalls(PutCommand)).toHaveLength(4);
  });

  it('does not call a hotel "taken" when the retry of its lost create finds the id its first attempt wrote', async () => {
    ddb.on(GetCommand).resolves({});
    ddb
      .on(PutCommand)
      .rejectsOnce(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .rejects(
        Object.assign(new Error('The conditional request failed'), {
          name: 'ConditionalCheckFailedException',
        }),
      );
    const manage = createApiHandler('manage', () => services);
    const res = await manage(
      apiGatewayEvent({
        method: 'POST',
        path: '/v1/manage/hotels',
        body: { name: 'Lost Answer Inn', city: 'Boston', country: 'US' },
        claims: { sub: 'hotelier-1' },
      }),
      localLambdaContext('manage-api'),
    );
    expect(res.statusCode).toBe(504);
    expect(JSON.parse(res.body ?? '').error.code).toBe('OUTCOME_UNKNOWN');
    expect(ddb.commandCalls(PutCommand)).toHaveLength(2);
  });

  it('succeeds when the storm passes within the bound', async () => {
    ddb.on(GetCommand).callsFake(storeItems);
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }))
      .rejectsOnce(
        new TransactionCanceledException({
          message: 'c',
          $metadata: {},
          CancellationReasons: [{ Code: 'TransactionConflict' }],
        }),
      )
      .resolves({});
    const res = await book();
    expect(res.statusCode).toBe(201);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });
});
