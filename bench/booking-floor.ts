/**
 * `npm run bench:floor`: a booking through the API against the database's own
 * floor, measured so that it cannot flatter. `npm start` runs in a process of
 * its own; this process is only the client. Each pair is one booking through
 * the owner region's API and one bare TransactWriteItems of the same shape (a
 * room type guard, two night counters, the booking item with its index keys, the
 * claim of its reference) on a floor table of the same shape (stream and indexes) in the same DynamoDB
 * Local, in alternating order. Quiet: a pause after each pair lets replication
 * and indexing finish. Loaded: no pause, so both sides run while the environment
 * replicates and indexes what came before.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoClient } from '../lambdas/adapters/dynamodb/client';
import { ensureTable } from '../lambdas/adapters/dynamodb/create-table';
import { BOOKING_ITEM } from '../lambdas/adapters/dynamodb/items/booking';
import { NIGHT_ITEM } from '../lambdas/adapters/dynamodb/items/night';
import { claimReference } from '../lambdas/adapters/dynamodb/items/reference';
import { ROOM_TYPE_ITEM } from '../lambdas/adapters/dynamodb/items/room-type';
import { newReference } from '../lambdas/domain/booking-reference';
import type { Booking } from '../lambdas/domain/model';
import { addDays, todayUtc } from '../lambdas/domain/stay';
import { percentile } from '../local/percentile';
import { type ChildEnvironment, startChildEnvironment } from './child-environment';

/** The floor's own table, made from the product table's definition. */
const FLOOR_TABLE = 'bench_floor';
const QUIET_PAUSE_MS = 150;

/** How long a hotelier's calendar write of a whole year (366 nights) takes through the API. */
export interface CalendarWriteRow {
  readonly nights: number;
  readonly writes: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
}

export interface FloorRow {
  readonly mode: 'quiet' | 'loaded' | 'forwarded';
  readonly pairs: number;
  readonly apiP50: number;
  readonly apiP99: number;
  readonly bareP50: number;
  readonly bareP99: number;
  readonly ratioP50: number;
  readonly ratioP99: number;
}

const day = (n: number) => addDays(todayUtc(new Date()), n);
const guest = { name: 'Bench Guest', email: 'bench@example.com' };
const round = (n: number | undefined) => Math.round((n ?? Number.NaN) * 10) / 10;

async function timedPost(url: string, body: unknown): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  if (res.status !== 201) throw new Error(`booking answered ${res.status}`);
  return performance.now() - started;
}

/** A US hotel with 10,000 rooms, through the API, seen by both regions. */
export async function benchHotel(env: ChildEnvironment): Promise<string> {
  const auth = { authorization: `Bearer ${env.token('bench-hotelier')}`, 'content-type': 'application/json' };
  const us = env.api['us-east-1'];
  const made = await fetch(`${us}/v1/manage/hotels`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ name: `Floor ${randomUUID().slice(0, 8)}`, city: 'Chicago', country: 'US' }),
  });
  const hotelId = ((await made.json()) as { hotelId: string }).hotelId;
  await fetch(`${us}/v1/manage/hotels/${hotelId}/room-types/std`, {
    method: 'PUT',
    headers: auth,
    body: JSON.stringify({
      name: 'Standard',
      totalRooms: 10_000,
      pricePerNight: { amount: 10_000, currency: 'USD' },
    }),
  });
  for (let i = 0; i < 100; i++) {
    if ((await fetch(`${env.api['ap-southeast-1']}/v1/hotels/${hotelId}`)).status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return hotelId;
}

/** The bare transaction of a booking's shape on the floor table. */
export async function floorBooking(env: ChildEnvironment) {
  const client = createDynamoClient({ region: 'us-east-1', endpoint: env.dynamodb });
  await ensureTable(client, FLOOR_TABLE);
  const doc = createDocumentClient(client);
  const hotelId = `floor-${randomUUID()}`;
  const stamp = () => ({ writtenBy: 'us-east-1' as const, writtenAt: Date.now() });
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: FLOOR_TABLE,
            Item: ROOM_TYPE_ITEM.toItem(
              {
                hotelId,
                roomTypeId: 'std',
                name: 'Standard',
                totalRooms: 10_000,
                pricePerNight: { amount: 10_000, currency: 'USD' },
                status: 'ACTIVE',
                managedIn: 'us-east-1',
                version: 1,
              },
              stamp(),
            ),
          },
        },
      ],
    }),
  );
  return async (i: number) => {
    const checkIn = day(1 + (i % 300));
    const nights = [checkIn, addDays(checkIn, 1)];
    const booking: Booking = {
      bookingId: randomUUID(),
      reference: newReference('us-east-1'),
      hotelId,
      roomTypeId: 'std',
      checkIn,
      checkOut: addDays(checkIn, 2),
      rooms: 1,
      status: 'CONFIRMED',
      guest,
      totalPrice: { amount: 20_000, currency: 'USD' },
      createdAt: new Date().toISOString(),
      managedIn: 'us-east-1',
      requestHash: 'floor',
      accessTokenHashes: ['floor'],
      version: 1,
    };
    const started = performance.now();
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: FLOOR_TABLE,
              Key: ROOM_TYPE_ITEM.key(hotelId, 'std'),
              ConditionExpression:
                '#s = :a AND managedIn = :r AND attribute_not_exists(handover) AND #v = :v',
              ExpressionAttributeNames: { '#s': 'status', '#v': 'version' },
              ExpressionAttributeValues: { ':a': 'ACTIVE', ':r': 'us-east-1', ':v': 1 },
            },
          },
          ...nights.map((night) => ({
            Update: {
              TableName: FLOOR_TABLE,
              Key: NIGHT_ITEM.key(hotelId, 'std', night),
              UpdateExpression:
                'SET booked = if_not_exists(booked, :z) + :n, writtenAt = :at ADD version :one',
              ConditionExpression: 'attribute_not_exists(booked) OR booked <= :limit',
              ExpressionAttributeValues: { ':z': 0, ':n': 1, ':limit': 9_999, ':one': 1, ':at': Date.now() },
            },
          })),
          {
            Put: {
              TableName: FLOOR_TABLE,
              Item: BOOKING_ITEM.toItem(booking, stamp()),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          // The booking's reference, claimed in the same transaction as the product does.
          ...claimReference({ tableName: FLOOR_TABLE, writeStamp: stamp }, booking).map((c) => c.item),
        ],
      }),
    );
    return performance.now() - started;
  };
}

function row(mode: FloorRow['mode'], api: number[], bare: number[]): FloorRow {
  const p = (xs: number[], q: number) => percentile(xs, q) ?? Number.NaN;
  return {
    mode,
    pairs: api.length,
    apiP50: round(p(api, 0.5)),
    apiP99: round(p(api, 0.99)),
    bareP50: round(p(bare, 0.5)),
    bareP99: round(p(bare, 0.99)),
    ratioP50: Math.round((p(api, 0.5) / p(bare, 0.5)) * 100) / 100,
    ratioP99: Math.round((p(api, 0.99) / p(bare, 0.99)) * 100) / 100,
  };
}

/** `writes` calendar PUTs of 366 nights each (alternating prices), timed from this process. */
async function calendarWrites(
  env: ChildEnvironment,
  hotelId: string,
  writes: number,
): Promise<CalendarWriteRow> {
  const url = `${env.api['us-east-1']}/v1/manage/hotels/${hotelId}/room-types/std/calendar`;
  const headers = {
    authorization: `Bearer ${env.token('bench-hotelier')}`,
    'content-type': 'application/json',
  };
  const times: number[] = [];
  for (let i = 0; i < writes; i++) {
    const started = performance.now();
    const res = await fetch(url, {
      method: 'PUT',
      headers,
      body: JSON.stringify({
        from: day(1),
        to: day(367),
        pricePerNight: { amount: 10_000 + (i % 2) * 500, currency: 'USD' },
      }),
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`calendar write answered ${res.status}`);
    times.push(performance.now() - started);
  }
  return { nights: 366, writes, p50Ms: round(percentile(times, 0.5)), p95Ms: round(percentile(times, 0.95)) };
}

/** Interleaved pairs, quiet and loaded, and forwarded bookings against the same floor; then calendar writes. */
export async function benchBookingFloor(
  pairs = 200,
): Promise<{ rows: FloorRow[]; calendar: CalendarWriteRow }> {
  const env = await startChildEnvironment(50);
  try {
    const hotelId = await benchHotel(env);
    const bare = await floorBooking(env);
    const url = (region: 'us-east-1' | 'ap-southeast-1') =>
      `${env.api[region]}/v1/hotels/${hotelId}/bookings`;
    const stay = (i: number) => ({
      roomTypeId: 'std',
      checkIn: day(1 + (i % 300)),
      checkOut: day(3 + (i % 300)),
      rooms: 1,
      guest,
    });
    let n = 0;
    const run = async (mode: FloorRow['mode'], pauseMs: number) => {
      const api: number[] = [];
      const floor: number[] = [];
      for (let i = 0; i < pairs; i++, n++) {
        const viaApi = () => timedPost(url(mode === 'forwarded' ? 'ap-southeast-1' : 'us-east-1'), stay(n));
        // Alternate which goes first, so neither always follows the other's background work.
        if (i % 2 === 0) {
          api.push(await viaApi());
          floor.push(await bare(n));
        } else {
          floor.push(await bare(n));
          api.push(await viaApi());
        }
        if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
      }
      return row(mode, api, floor);
    };
    await run('quiet', QUIET_PAUSE_MS); // warm-up, discarded
    const rows = [
      await run('quiet', QUIET_PAUSE_MS),
      await run('loaded', 0),
      await run('forwarded', QUIET_PAUSE_MS),
    ];
    return { rows, calendar: await calendarWrites(env, hotelId, 10) };
  } finally {
    await env.stop();
  }
}

/** The calendar writes as a Markdown table. */
export function calendarTable(row: CalendarWriteRow): string {
  return [
    '| calendar write | writes | p50 ms | p95 ms |',
    '| --- | --- | --- | --- |',
    `| ${row.nights} nights, one PUT | ${row.writes} | ${row.p50Ms} | ${row.p95Ms} |`,
  ].join('\n');
}

/** The rows as a Markdown table. */
export function floorTable(rows: readonly FloorRow[]): string {
  return [
    '| mode | pairs | API p50 ms | API p99 ms | floor p50 ms | floor p99 ms | ratio p50 | ratio p99 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.mode} | ${r.pairs} | ${r.apiP50} | ${r.apiP99} | ${r.bareP50} | ${r.bareP99} | ${r.ratioP50} | ${r.ratioP99} |`,
    ),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { rows, calendar } = await benchBookingFloor(Number(process.argv[2] ?? 200));
  process.stdout.write(`${floorTable(rows)}\n\n${calendarTable(calendar)}\n`);
}
