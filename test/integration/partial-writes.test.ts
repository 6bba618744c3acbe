/**
 * Writes of several steps that stop half-way, on DynamoDB Local: a calendar
 * change over more nights than one transaction holds answers what it applied
 * and what it did not, never "nothing was written", and the same change sent
 * again completes it.
 */

import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROCESS_CURSOR_SEAL } from '../../lambdas/adapters/cursor-seal';
import { dynamoDbStores } from '../../lambdas/adapters/dynamodb/stores';
import { abortHandover, fenceHotel, type HandoverContext } from '../../lambdas/domain/handover';
import type { RegionStores } from '../../lambdas/domain/ports';
import { addDays } from '../../lambdas/domain/stay';
import { createApiHandler } from '../../lambdas/handlers/lambda-entry';
import type { RegionServices } from '../../lambdas/http/region-services';
import { apiEvent, lambdaContext, SubstringSearch, TestLink } from '../support/api';
import { daysFromNow, freshTable, givenHotel, type TestStore, testStore } from '../support/store';

let table: string;
let us: TestStore;
let asia: TestStore;
const usd = (amount: number) => ({ amount, currency: 'USD' });

beforeAll(async () => {
  table = await freshTable();
  us = testStore('us-east-1', () => new Date(), table);
  asia = testStore('ap-southeast-1', () => new Date(), table);
});

/** A doc client that runs `between` once, right after the first calendar transaction committed. */
function afterFirstTransaction(
  doc: DynamoDBDocumentClient,
  between: (send: (c: unknown) => Promise<unknown>) => Promise<void>,
) {
  let transactions = 0;
  const send = async (command: unknown): Promise<unknown> => {
    const out = await doc.send(command as never);
    if (command instanceof TransactWriteCommand && ++transactions === 1) await between(send);
    return out;
  };
  return { send } as unknown as DynamoDBDocumentClient;
}

/** The manage API of us-east-1 on `stores`. */
function manageApi(stores: RegionStores) {
  const services: RegionServices = {
    ...stores,
    region: 'us-east-1',
    now: () => new Date(),
    search: new SubstringSearch(),
    cursors: PROCESS_CURSOR_SEAL,
    forwarder: new TestLink(),
  };
  const handler = createApiHandler('manage', () => services);
  return async (hotelId: string, ownerId: string, body: object) => {
    const result = await handler(
      apiEvent({
        method: 'PUT',
        path: `/v1/manage/hotels/${hotelId}/room-types/deluxe-king/calendar`,
        claims: { sub: ownerId },
        body,
      }),
      lambdaContext(),
    );
    return { statusCode: result.statusCode, body: JSON.parse(result.body ?? '{}') };
  };
}

async function pricedNights(hotelId: string, from: string, to: string): Promise<string[]> {
  const nights = await us.bookings.calendarNights(hotelId, 'deluxe-king', from, to, { consistent: true });
  return nights.filter((n) => n.price?.amount === 15_000).map((n) => n.night);
}

describe('a calendar change over 200 nights that stops after the first chunk', () => {
  it('answers 409 naming the applied and the not-applied nights when a handover fences the hotel in between', async () => {
    const { hotel, ownerId } = await givenHotel(us);
    const handover: HandoverContext = {
      stores: { 'us-east-1': us, 'ap-southeast-1': asia },
      now: () => new Date(),
    };
    const faulty = dynamoDbStores({
      region: 'us-east-1',
      tableName: table,
      doc: afterFirstTransaction(us.doc, async () => {
        await fenceHotel(handover, hotel.hotelId, 'ap-southeast-1');
      }),
    });
    const from = daysFromNow(10);
    const to = daysFromNow(210);
    const change = { from, to, pricePerNight: usd(15_000) };
    const res = await manageApi(faulty)(hotel.hotelId, ownerId, change);
    expect(res.statusCode).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
    expect(res.body.error.details).toEqual({
      applied: [{ from, to: addDays(from, 99) }],
      notApplied: [{ from: addDays(from, 99), to }],
      reason: expect.objectContaining({ code: 'OWNER_REGION_UNAVAILABLE' }),
    });
    expect(await pricedNights(hotel.hotelId, from, to)).toHaveLength(99);

    // Once the handover is called off, the same change again completes it.
    await abortHandover(handover, hotel.hotelId, 'ap-southeast-1');
    const again = await manageApi(us)(hotel.hotelId, ownerId, change);
    expect(again.statusCode).toBe(200);
    expect(await pricedNights(hotel.hotelId, from, to)).toHaveLength(200);
  });

  it('answers 409, not 503 "nothing was written", when the store stays busy past the retries', async () => {
    const { hotel, ownerId } = await givenHotel(us);
    let busy = false;
    const throttling = afterFirstTransaction(us.doc, async () => {
      busy = true;
    });
    const doc = {
      async send(command: unknown) {
        if (busy && command instanceof TransactWriteCommand)
          throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
        return throttling.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const faulty = dynamoDbStores({
      region: 'us-east-1',
      tableName: table,
      doc,
      retryPolicy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    });
    const from = daysFromNow(20);
    const to = daysFromNow(220);
    const change = { from, to, pricePerNight: usd(15_000) };
    const res = await manageApi(faulty)(hotel.hotelId, ownerId, change);
    expect(res.statusCode).toBe(409);
    expect(res.body.error.details).toMatchObject({
      applied: [{ from, to: addDays(from, 99) }],
      notApplied: [{ from: addDays(from, 99), to }],
      reason: { code: 'SERVICE_UNAVAILABLE' },
    });
    expect(await pricedNights(hotel.hotelId, from, to)).toHaveLength(99);
    const again = await manageApi(us)(hotel.hotelId, ownerId, change);
    expect(again.statusCode).toBe(200);
    expect(await pricedNights(hotel.hotelId, from, to)).toHaveLength(200);
  });

  it('answers 200 with the nights as written when only the read-back after the last chunk fails', async () => {
    const { hotel, ownerId } = await givenHotel(us);
    const from = daysFromNow(20);
    const to = daysFromNow(220);
    // One night already closed and limited: the answer keeps what the change did not touch.
    await manageApi(us)(hotel.hotelId, ownerId, { from, to: addDays(from, 1), closed: true, minStay: 2 });
    let transactions = 0;
    let failedReads = 0;
    const doc = {
      async send(command: unknown) {
        // Two chunks of 99 and one of 2 commit; every read after that fails.
        if (transactions === 3 && command instanceof QueryCommand) {
          failedReads++;
          throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
        }
        const out = await us.doc.send(command as never);
        if (command instanceof TransactWriteCommand) transactions++;
        return out;
      },
    } as unknown as DynamoDBDocumentClient;
    const faulty = dynamoDbStores({
      region: 'us-east-1',
      tableName: table,
      doc,
      retryPolicy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    });
    const res = await manageApi(faulty)(hotel.hotelId, ownerId, { from, to, pricePerNight: usd(15_000) });
    expect(failedReads).toBeGreaterThan(0);
    expect(res.statusCode).toBe(200);
    expect(res.body.items).toHaveLength(200);
    expect(res.body.items[0]).toMatchObject({
      night: from,
      pricePerNight: usd(15_000),
      closed: true,
      minStay: 2,
      maxStay: null,
      booked: 0,
    });
    expect(res.body.items[199]).toMatchObject({ pricePerNight: usd(15_000), closed: false, minStay: null });
    // What it answered is what is stored.
    const stored = await manageApi(us)(hotel.hotelId, ownerId, { from, to, pricePerNight: usd(15_000) });
    expect(stored.body.items).toEqual(res.body.items);
  });
});
