/**
 * Booking benchmarks on the local environment: the API against the database's
 * own floor (a bare TransactWriteItems of the same shape on the same DynamoDB
 * Local, in the same run), forwarded bookings, and contention on last rooms.
 */
import { randomUUID } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { issueHotelierToken } from '../lambdas/adapters/auth/local-jwt';
import { createDocumentClient, createDynamoClient } from '../lambdas/adapters/dynamodb/client';
import { ensureTable } from '../lambdas/adapters/dynamodb/create-table';
import { REGIONS, type Region } from '../lambdas/domain/regions';
import { addDays, todayUtc } from '../lambdas/domain/stay';
import type { LocalEnvironment } from '../local/environment';
import { percentile } from '../local/percentile';

/** The bare baseline's own table, with the product table's key schema. */
const FLOOR_TABLE = 'bench_floor';

export const summarize = (values: number[]) => ({
  n: values.length,
  p50: percentile(values, 0.5) ?? Number.NaN,
  p99: percentile(values, 0.99) ?? Number.NaN,
});
export type Summary = ReturnType<typeof summarize>;

const day = (n: number) => addDays(todayUtc(new Date()), n);
const guest = { name: 'Bench Guest', email: 'bench@example.com' };

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started };
}

async function hotelIn(env: LocalEnvironment, owner: Region, totalRooms: number): Promise<string> {
  const token = await issueHotelierToken(env.jwtKeys, 'bench-hotelier');
  const auth = { authorization: `Bearer ${token}` };
  const country = owner === 'us-east-1' ? 'US' : 'SG';
  const made = await fetch(`${env.urls[owner]}/v1/manage/hotels`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ name: `Bench ${randomUUID().slice(0, 8)}`, city: 'Chicago', country }),
  });
  const hotelId = ((await made.json()) as { hotelId: string }).hotelId;
  await fetch(`${env.urls[owner]}/v1/manage/hotels/${hotelId}/room-types/std`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({
      name: 'Standard',
      totalRooms,
      pricePerNight: { amount: 10_000, currency: 'USD' },
    }),
  });
  await env.settle();
  return hotelId;
}

export interface FloorResult {
  readonly api: Summary;
  readonly bare: Summary;
  readonly forwarded: Summary;
  readonly ratio50: number;
  readonly ratio99: number;
}

/** Sequential two-night bookings: through the owner region's API, bare, and forwarded from the other region. */
export async function benchBookingFloor(env: LocalEnvironment, count = 300): Promise<FloorResult> {
  const hotelId = await hotelIn(env, 'us-east-1', 10_000);
  const url = (region: Region) => `${env.urls[region]}/v1/hotels/${hotelId}/bookings`;
  const stay = (i: number) => ({
    roomTypeId: 'std',
    checkIn: day(1 + (i % 300)),
    checkOut: day(3 + (i % 300)),
    rooms: 1,
    guest,
  });
  const client = createDynamoClient({ region: 'us-east-1', endpoint: env.urls.dynamodb });
  // A table of its own on the same DynamoDB Local, so the baseline never mixes with product data.
  await ensureTable(client, FLOOR_TABLE);
  const doc = createDocumentClient(client);
  // The same shape as a booking: guard the room type, take two nights, put the booking.
  const bareHotel = `bench-bare-${randomUUID()}`;
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: FLOOR_TABLE,
            Item: {
              pk: `HOTEL#${bareHotel}`,
              sk: 'ROOMTYPE#std',
              status: 'ACTIVE',
              version: 1,
              managedIn: 'us-east-1',
            },
          },
        },
      ],
    }),
  );
  const bare = async (i: number) => {
    const started = performance.now();
    const nights = [day(1 + (i % 300)), day(2 + (i % 300))];
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: FLOOR_TABLE,
              Key: { pk: `HOTEL#${bareHotel}`, sk: 'ROOMTYPE#std' },
              ConditionExpression: '#s = :a AND #v = :v AND managedIn = :r',
              ExpressionAttributeNames: { '#s': 'status', '#v': 'version' },
              ExpressionAttributeValues: { ':a': 'ACTIVE', ':v': 1, ':r': 'us-east-1' },
            },
          },
          ...nights.map((night) => ({
            Update: {
              TableName: FLOOR_TABLE,
              Key: { pk: `HOTEL#${bareHotel}`, sk: `NIGHT#std#${night}` },
              UpdateExpression: 'SET booked = if_not_exists(booked, :z) + :n ADD version :one',
              ConditionExpression: 'attribute_not_exists(booked) OR booked <= :limit',
              ExpressionAttributeValues: { ':z': 0, ':n': 1, ':limit': 9_999, ':one': 1 },
            },
          })),
          {
            Put: {
              TableName: FLOOR_TABLE,
              Item: {
                pk: `HOTEL#${bareHotel}`,
                sk: `BOOKING#${randomUUID()}`,
                rooms: 1,
                status: 'CONFIRMED',
                guest,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    return performance.now() - started;
  };
  // Warm both paths, then interleave them so that both see the same machine.
  for (let i = 0; i < 20; i++) {
    await post(url('us-east-1'), stay(i));
    await bare(i);
  }
  const api: number[] = [];
  const bareTimes: number[] = [];
  const forwarded: number[] = [];
  for (let i = 0; i < count; i++) {
    const a = await post(url('us-east-1'), stay(i));
    if (a.status !== 201) throw new Error(`booking answered ${a.status}`);
    api.push(a.ms);
    bareTimes.push(await bare(i));
  }
  for (let i = 0; i < Math.min(count, 150); i++) {
    const f = await post(url('ap-southeast-1'), stay(i));
    if (f.status !== 201) throw new Error(`forwarded booking answered ${f.status}`);
    forwarded.push(f.ms);
  }
  doc.destroy();
  const apiS = summarize(api);
  const bareS = summarize(bareTimes);
  return {
    api: apiS,
    bare: bareS,
    forwarded: summarize(forwarded),
    ratio50: apiS.p50 / bareS.p50,
    ratio99: apiS.p99 / bareS.p99,
  };
}

export interface ContentionRow {
  readonly clients: number;
  readonly hotels: number;
  readonly capacity: number;
  readonly confirmed: number;
  readonly soldOut: number;
  readonly other: number;
  readonly throughput: number;
  readonly p50: number;
  readonly p99: number;
}

/** `clients` concurrent bookings spread over `hotels` hotels (half sent to each region) for `capacity` last rooms each. */
export async function benchContention(
  env: LocalEnvironment,
  clients: number,
  hotels = 1,
  capacity = 5,
): Promise<ContentionRow> {
  const ids = await Promise.all(
    Array.from({ length: hotels }, (_, i) => hotelIn(env, REGIONS[i % 2] as Region, capacity)),
  );
  const stay = { roomTypeId: 'std', checkIn: day(40), checkOut: day(42), rooms: 1, guest };
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: clients }, (_, i) =>
      post(`${env.urls[REGIONS[i % 2] as Region]}/v1/hotels/${ids[i % hotels]}/bookings`, stay),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const confirmed = results.filter((r) => r.status === 201).length;
  const soldOut = results.filter((r) => r.status === 409).length;
  const times = results.map((r) => r.ms);
  return {
    clients,
    hotels,
    capacity,
    confirmed,
    soldOut,
    other: clients - confirmed - soldOut,
    throughput: clients / seconds,
    p50: percentile(times, 0.5) ?? Number.NaN,
    p99: percentile(times, 0.99) ?? Number.NaN,
  };
}
