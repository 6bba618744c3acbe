/**
 * `npm run bench:suspects`: what a booking's transaction carries beyond the floor's,
 * one suspect at a time. `npm start` runs in a process of its own (its streams,
 * replication and indexing load DynamoDB Local as in `bench:floor`); this process
 * sends, in rotating order, the floor's bare transaction and variants of it that
 * each add one thing the product's transaction has, the product's own transaction
 * (its adapter, called from here on the floor table), and a booking through the
 * API with its `Server-Timing`. Every variant writes to the same floor table, one
 * new stay per call, and each round ends with a quiet pause.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { DynamoDbBookingStore } from '../lambdas/adapters/dynamodb/booking-store';
import { createDocumentClient, createDynamoClient } from '../lambdas/adapters/dynamodb/client';
import { ensureTable } from '../lambdas/adapters/dynamodb/create-table';
import { BOOKING_ITEM } from '../lambdas/adapters/dynamodb/items/booking';
import { NIGHT_ITEM } from '../lambdas/adapters/dynamodb/items/night';
import { claimReference } from '../lambdas/adapters/dynamodb/items/reference';
import { ROOM_TYPE_ITEM } from '../lambdas/adapters/dynamodb/items/room-type';
import { reserveCondition } from '../lambdas/adapters/dynamodb/night-calendar';
import { HotelTableClient } from '../lambdas/adapters/dynamodb/table-client';
import { newReference } from '../lambdas/domain/booking-reference';
import type { Booking } from '../lambdas/domain/model';
import { hashAccessToken, newAccessToken, requestFingerprint } from '../lambdas/domain/secrets';
import { addDays, todayUtc } from '../lambdas/domain/stay';
import { percentile } from '../local/percentile';
import { benchHotel } from './booking-floor';
import { startChildEnvironment } from './child-environment';

const FLOOR_TABLE = 'bench_floor';
const NIGHTS = 2;
const day = (n: number) => addDays(todayUtc(new Date()), n);
const guest = { name: 'Bench Guest', email: 'bench@example.com' };

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/** What a variant adds to the floor's transaction. */
interface Suspect {
  /** The night updates set every descriptive attribute (entity, hotel, room type, night, owner, stamp). */
  nightAttributes?: boolean;
  /** The night updates commit under the calendar's condition (open, unpriced, the arrival's stay limits). */
  nightCalendar?: boolean;
  /** The booking item as the product writes it (night prices, a fingerprint and token hash of full length). */
  fullBooking?: boolean;
  /** Every conditional item asks for the old item on a failed condition. */
  returnOld?: boolean;
  /** The transaction carries a client request token. */
  token?: boolean;
  /** No reference item (the transaction as it was before references). */
  noReference?: boolean;
}

const VARIANTS: Record<string, Suspect> = {
  floor: {},
  '+night attributes': { nightAttributes: true },
  '+night calendar condition': { nightCalendar: true },
  '+full booking item': { fullBooking: true },
  '+ALL_OLD on failure': { returnOld: true },
  '+client request token': { token: true },
  'floor without reference': { noReference: true },
  'all suspects': {
    nightAttributes: true,
    nightCalendar: true,
    fullBooking: true,
    returnOld: true,
    token: true,
  },
};

function bookingFor(hotelId: string, checkIn: string, full: boolean): Booking {
  const base: Booking = {
    bookingId: randomUUID(),
    reference: newReference('us-east-1'),
    hotelId,
    roomTypeId: 'std',
    checkIn,
    checkOut: addDays(checkIn, NIGHTS),
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
  if (!full) return base;
  return {
    ...base,
    nightPrices: Array.from({ length: NIGHTS }, (_, i) => ({
      night: addDays(checkIn, i),
      price: { amount: 10_000, currency: 'USD' },
    })),
    requestHash: requestFingerprint({ checkIn, guest }),
    accessTokenHashes: [hashAccessToken(newAccessToken())],
  };
}

function transactionOf(hotelId: string, booking: Booking, s: Suspect): TransactWriteCommandInput {
  const at = Date.now();
  const stamp = { writtenBy: 'us-east-1' as const, writtenAt: at };
  const nights = Array.from({ length: NIGHTS }, (_, i) => addDays(booking.checkIn, i));
  const items: TransactItems = [
    {
      ConditionCheck: {
        TableName: FLOOR_TABLE,
        Key: ROOM_TYPE_ITEM.key(hotelId, 'std'),
        ConditionExpression: '#s = :a AND managedIn = :r AND attribute_not_exists(handover) AND #v = :v',
        ExpressionAttributeNames: { '#s': 'status', '#v': 'version' },
        ExpressionAttributeValues: { ':a': 'ACTIVE', ':r': 'us-east-1', ':v': 1 },
      },
    },
    ...nights.map((night, index) => {
      const calendar = s.nightCalendar
        ? reserveCondition(index === 0 ? NIGHTS : undefined, undefined)
        : {
            expression: 'attribute_not_exists(booked) OR booked <= :limit',
            names: {},
            values: {},
          };
      const set = s.nightAttributes
        ? 'SET booked = if_not_exists(booked, :z) + :n, entity = :entity, hotelId = :hotelId, ' +
          'roomTypeId = :roomTypeId, night = :night, #managedIn = :region, writtenBy = :by, writtenAt = :at ' +
          'ADD version :one'
        : 'SET booked = if_not_exists(booked, :z) + :n, writtenAt = :at ADD version :one';
      return {
        Update: {
          TableName: FLOOR_TABLE,
          Key: NIGHT_ITEM.key(hotelId, 'std', night),
          UpdateExpression: set,
          ConditionExpression: calendar.expression,
          ...(s.nightAttributes || Object.keys(calendar.names).length
            ? {
                ExpressionAttributeNames: {
                  ...(s.nightAttributes ? { '#managedIn': 'managedIn' } : {}),
                  ...calendar.names,
                },
              }
            : {}),
          ExpressionAttributeValues: {
            ':z': 0,
            ':n': 1,
            ':limit': 9_999,
            ':one': 1,
            ':at': at,
            ...(s.nightAttributes
              ? {
                  ':entity': NIGHT_ITEM.entity,
                  ':hotelId': hotelId,
                  ':roomTypeId': 'std',
                  ':night': night,
                  ':region': 'us-east-1',
                  ':by': 'us-east-1',
                }
              : {}),
            ...calendar.values,
          },
        },
      };
    }),
    {
      Put: {
        TableName: FLOOR_TABLE,
        Item: BOOKING_ITEM.toItem(booking, stamp),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...(s.noReference
      ? []
      : claimReference({ tableName: FLOOR_TABLE, writeStamp: () => stamp }, booking).map((c) => c.item)),
  ];
  const withOld = s.returnOld
    ? items.map((item) => {
        const [kind, body] = Object.entries(item)[0] as [string, Record<string, unknown>];
        return 'ConditionExpression' in body
          ? ({ [kind]: { ...body, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } } as TransactItems[number])
          : item;
      })
    : items;
  return {
    TransactItems: withOld,
    ...(s.token ? { ClientRequestToken: randomUUID() } : {}),
  };
}

export async function benchSuspects(rounds = 100, pauseMs = 100) {
  const env = await startChildEnvironment(50);
  try {
    const hotelId = await benchHotel(env);
    const client = createDynamoClient({ region: 'us-east-1', endpoint: env.dynamodb });
    await ensureTable(client, FLOOR_TABLE);
    const doc = createDocumentClient(client);
    const floorHotel = `floor-${randomUUID()}`;
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: FLOOR_TABLE,
              Item: ROOM_TYPE_ITEM.toItem(
                {
                  hotelId: floorHotel,
                  roomTypeId: 'std',
                  name: 'Standard',
                  totalRooms: 10_000,
                  pricePerNight: { amount: 10_000, currency: 'USD' },
                  status: 'ACTIVE',
                  managedIn: 'us-east-1',
                  version: 1,
                },
                { writtenBy: 'us-east-1', writtenAt: Date.now() },
              ),
            },
          },
        ],
      }),
    );
    // The product's own adapter on the floor table: the same bytes as the API's transaction.
    const store = new DynamoDbBookingStore(
      new HotelTableClient({ doc, tableName: FLOOR_TABLE, region: 'us-east-1' }),
    );
    let n = 0;
    const runs: Record<string, () => Promise<number>> = {};
    for (const [name, suspect] of Object.entries(VARIANTS)) {
      runs[name] = async () => {
        const checkIn = day(1 + (n++ % 300));
        const input = transactionOf(
          floorHotel,
          bookingFor(floorHotel, checkIn, suspect.fullBooking === true),
          suspect,
        );
        const started = performance.now();
        await doc.send(new TransactWriteCommand(input));
        return performance.now() - started;
      };
    }
    runs['product adapter'] = async () => {
      const checkIn = day(1 + (n++ % 300));
      const booking = bookingFor(floorHotel, checkIn, true);
      const started = performance.now();
      await store.createBooking(booking, {
        nights: Array.from({ length: NIGHTS }, (_, i) => addDays(checkIn, i)),
        capacity: 10_000,
        roomTypeVersion: 1,
        overrides: {},
      });
      return performance.now() - started;
    };
    const serverTimings: Record<string, Array<Record<string, number>>> = { API: [], 'API forwarded': [] };
    const viaApi = (region: 'us-east-1' | 'ap-southeast-1', name: string) => async () => {
      const checkIn = day(1 + (n++ % 300));
      const started = performance.now();
      const res = await fetch(`${env.api[region]}/v1/hotels/${hotelId}/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          roomTypeId: 'std',
          checkIn,
          checkOut: addDays(checkIn, NIGHTS),
          rooms: 1,
          guest,
        }),
      });
      await res.arrayBuffer();
      const ms = performance.now() - started;
      if (res.status !== 201) throw new Error(`booking answered ${res.status}`);
      const parts: Record<string, number> = { client: ms };
      for (const entry of (res.headers.get('server-timing') ?? '').split(',')) {
        const m = /^\s*([\w-]+);dur=([\d.]+)/.exec(entry);
        if (m?.[1]) parts[m[1]] = Number(m[2]);
      }
      serverTimings[name]?.push(parts);
      return ms;
    };
    runs.API = viaApi('us-east-1', 'API');
    runs['API forwarded'] = viaApi('ap-southeast-1', 'API forwarded');
    const names = Object.keys(runs);
    const times: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
    /** Per round, each variant's time less the floor's in that round: the machine's drift cancels. */
    const overFloor: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
    for (let r = -10; r < rounds; r++) {
      // Rotate the order, so that no variant always follows the same one.
      const round: Record<string, number> = {};
      for (let k = 0; k < names.length; k++) {
        const name = names[(k + r + 10) % names.length] as string;
        round[name] = await (runs[name] as () => Promise<number>)();
      }
      if (r >= 0)
        for (const name of names) {
          times[name]?.push(round[name] as number);
          overFloor[name]?.push((round[name] as number) - (round.floor as number));
        }
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
    const floorP50 = percentile(times.floor ?? [], 0.5) ?? Number.NaN;
    const lines = [
      '| transaction | calls | p50 ms | p90 ms | ÷ floor p50 | median of (it − floor) per round, ms |',
      '| --- | --- | --- | --- | --- | --- |',
      ...names.map((name) => {
        const xs = times[name] ?? [];
        const p50 = percentile(xs, 0.5) ?? Number.NaN;
        const paired = percentile(overFloor[name] ?? [], 0.5) ?? Number.NaN;
        return `| ${name} | ${xs.length} | ${p50.toFixed(1)} | ${(percentile(xs, 0.9) ?? Number.NaN).toFixed(1)} | ${(p50 / floorP50).toFixed(2)} | ${paired.toFixed(1)} |`;
      }),
    ];
    const timing = Object.entries(serverTimings).map(([name, rows]) => {
      const keys = [...new Set(rows.flatMap((t) => Object.keys(t)))];
      const parts = keys.map((k) => {
        const p50 =
          percentile(
            rows.map((t) => t[k] ?? 0),
            0.5,
          ) ?? Number.NaN;
        return `${k} p50 ${p50.toFixed(1)} ms`;
      });
      return `${name} Server-Timing: ${parts.join(', ')}`;
    });
    return `${lines.join('\n')}\n\n${timing.join('\n')}\n`;
  } finally {
    await env.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(await benchSuspects(Number(process.argv[2] ?? 100)));
}
