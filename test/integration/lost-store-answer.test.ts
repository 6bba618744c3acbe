/**
 * A booking whose transaction DynamoDB Local commits but whose answer never comes
 * back: an HTTP proxy between the API and DynamoDB Local passes each transaction
 * on and withholds the answer. The API must say so before its function's time is
 * up (504 OUTCOME_UNKNOWN, naming the key it ran under), never "nothing was
 * written", and the same request again under that key must book nothing more.
 */
import { createServer, request as httpRequest, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROCESS_CURSOR_SEAL } from '../../lambdas/adapters/cursor-seal';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { dynamoDbStores } from '../../lambdas/adapters/dynamodb/stores';
import { createApiHandler } from '../../lambdas/handlers/lambda-entry';
import type { RegionServices } from '../../lambdas/http/region-services';
import { apiGatewayEvent, localLambdaContext } from '../../local/api-gateway-event';
import { SubstringSearch, TestLink } from '../support/api';
import { daysFromNow, freshTable, givenHotel, guest, type TestStore, testStore } from '../support/store';

/** Whether the proxy withholds the answer to a transaction: given its body and its number (from 1). */
type Withholding = (transaction: { body: string; nth: number }) => boolean;
const passAll: Withholding = () => false;
const withholdAll: Withholding = () => true;
/** A booking's transaction puts its booking item; giving a booking a new access token only updates it. */
const withholdBookings: Withholding = ({ body }) => body.includes('"Put"');

/** A proxy to DynamoDB Local that counts the transactions it passes on and can withhold their answers. */
function withholdingProxy(target: string) {
  const proxy: { withholds: Withholding; transactions: number; url: string; close: () => void } = {
    withholds: passAll,
    transactions: 0,
    url: '',
    close: () => undefined,
  };
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const isTransaction = String(req.headers['x-amz-target']).endsWith('.TransactWriteItems');
      const upstream = httpRequest(
        new URL(req.url ?? '/', target),
        { method: req.method, headers: req.headers },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (part: Buffer) => parts.push(part));
          answer.on('end', () => {
            if (isTransaction) proxy.transactions++;
            const withhold =
              isTransaction &&
              proxy.withholds({ body: Buffer.concat(chunks).toString(), nth: proxy.transactions });
            // Committed (or refused) in DynamoDB Local; the API never hears which.
            if (withhold) return void held.push(res);
            res.writeHead(answer.statusCode ?? 500, answer.headers);
            res.end(Buffer.concat(parts));
          });
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  return new Promise<typeof proxy>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      proxy.close = () => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close();
      };
      resolve(proxy);
    });
  });
}

let table: string;
let store: TestStore;
let proxy: Awaited<ReturnType<typeof withholdingProxy>>;

/** The public API of us-east-1 on `table`, reaching DynamoDB Local through the proxy. */
function publicApi(attemptTimeoutMs: number) {
  const doc = createDocumentClient({ region: 'us-east-1', endpoint: proxy.url, attemptTimeoutMs });
  const services: RegionServices = {
    ...dynamoDbStores({ doc, tableName: table, region: 'us-east-1' }),
    region: 'us-east-1',
    now: () => new Date(),
    search: new SubstringSearch(),
    cursors: PROCESS_CURSOR_SEAL,
    forwarder: new TestLink(),
  };
  const handler = createApiHandler('public', () => services);
  return async (
    method: string,
    path: string,
    options: {
      body?: object;
      headers?: Record<string, string>;
      query?: Record<string, string>;
      functionTimeoutMs?: number;
    } = {},
  ) => {
    const { body, headers, query } = options;
    const result = await handler(
      apiGatewayEvent({ method, path, body, headers, query }),
      localLambdaContext('public-api', options.functionTimeoutMs),
    );
    return {
      status: result.statusCode ?? 0,
      headers: (result.headers ?? {}) as Record<string, string>,
      body: JSON.parse(result.body || '{}'),
    };
  };
}

/** The booking items of a hotel, read straight from DynamoDB Local. */
async function bookingsOf(hotelId: string) {
  const out = await store.doc.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :b)',
      ExpressionAttributeValues: { ':pk': `HOTEL#${hotelId}`, ':b': 'BOOKING#' },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

/**
 * The hotel holds `answered`'s booking and no other, its stay takes the booking's rooms once
 * (`available` left of 3), and the access token it came with opens it.
 */
async function expectTheOneBooking(
  api: ReturnType<typeof publicApi>,
  hotelId: string,
  stay: { checkIn: string; checkOut: string },
  answered: { body: { bookingId: string; accessToken: string } },
  available: number,
) {
  const stored = await bookingsOf(hotelId);
  expect(stored.map((b) => b.bookingId)).toEqual([answered.body.bookingId]);
  const availability = await api('GET', `/v1/hotels/${hotelId}/availability`, { query: stay });
  expect(availability.body.roomTypes[0].available).toBe(available);
  const seen = await api('GET', `/v1/hotels/${hotelId}/bookings/${answered.body.bookingId}`, {
    headers: { authorization: `Bearer ${answered.body.accessToken}` },
  });
  expect(seen.status).toBe(200);
}

/**
 * Books `rooms` rooms for `stay` at a fresh hotel of 3 rooms, each DynamoDB attempt given up after
 * `attemptTimeoutMs` (the function has its usual time), while the proxy `withholds` what it says.
 */
async function bookWhileWithholding(
  withholds: Withholding,
  attemptTimeoutMs: number,
  stay: { checkIn: string; checkOut: string },
  rooms: number,
) {
  const { hotel, roomType } = await givenHotel(store, { totalRooms: 3 });
  const api = publicApi(attemptTimeoutMs);
  proxy.withholds = withholds;
  proxy.transactions = 0;
  try {
    const body = { roomTypeId: roomType.roomTypeId, ...stay, rooms, guest };
    const booked = await api('POST', `/v1/hotels/${hotel.hotelId}/bookings`, { body });
    return { api, hotelId: hotel.hotelId, booked };
  } finally {
    proxy.withholds = passAll;
  }
}

beforeAll(async () => {
  table = await freshTable();
  store = testStore('us-east-1', () => new Date(), table);
  proxy = await withholdingProxy(inject('dynamoEndpoint'));
});

afterAll(() => proxy.close());

describe('a booking whose answer from DynamoDB is lost', () => {
  it('answers 504 OUTCOME_UNKNOWN with its key within its time; the same request under the key books nothing more', async () => {
    const { hotel, roomType } = await givenHotel(store, { totalRooms: 3 });
    const api = publicApi(5_000);
    const stay = { checkIn: daysFromNow(20), checkOut: daysFromNow(22) };
    const body = { roomTypeId: roomType.roomTypeId, ...stay, rooms: 1, guest };
    const path = `/v1/hotels/${hotel.hotelId}/bookings`;
    const functionTimeoutMs = 3_000;

    proxy.withholds = withholdAll;
    const started = performance.now();
    const lost = await api('POST', path, { body, functionTimeoutMs });
    const took = performance.now() - started;
    proxy.withholds = passAll;

    expect(lost.status).toBe(504);
    expect(lost.body.error.code).toBe('OUTCOME_UNKNOWN');
    // Answered before the function would have been cut off, with the key the caller never sent.
    expect(took).toBeLessThan(functionTimeoutMs);
    const key = lost.headers['idempotency-key'];
    expect(key).toMatch(/^[\x21-\x7e]{1,128}$/);
    expect(lost.headers['x-owner-region']).toBe('us-east-1');
    // DynamoDB Local did commit it.
    expect(await bookingsOf(hotel.hotelId)).toHaveLength(1);

    const retried = await api('POST', path, { body, headers: { 'idempotency-key': key as string } });
    expect(retried.status).toBe(200);
    await expectTheOneBooking(api, hotel.hotelId, stay, retried, 2);
  });

  it('tries again on a fresh attempt under the same client request token, and answers 201', async () => {
    // Only the first answer is withheld; each attempt is given up after 500 ms.
    const stay = { checkIn: daysFromNow(30), checkOut: daysFromNow(33) };
    const { api, hotelId, booked } = await bookWhileWithholding(({ nth }) => nth === 1, 500, stay, 2);
    expect(booked.status).toBe(201);
    expect(proxy.transactions).toBeGreaterThanOrEqual(2);
    await expectTheOneBooking(api, hotelId, stay, booked, 1);
  });

  it('looks for the booking once every attempt went unanswered, and answers 201 with it when it is there', async () => {
    // Every answer to the booking's transaction is withheld; each attempt is given up after 400 ms,
    // long before the deadline.
    const stay = { checkIn: daysFromNow(40), checkOut: daysFromNow(41) };
    const { api, hotelId, booked } = await bookWhileWithholding(withholdBookings, 400, stay, 1);
    // Its own booking, found: made by this request, so 201, not a replay's 200.
    expect(booked.status).toBe(201);
    expect(proxy.transactions).toBeGreaterThanOrEqual(2);
    await expectTheOneBooking(api, hotelId, stay, booked, 2);
  });
});
