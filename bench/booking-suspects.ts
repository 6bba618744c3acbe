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
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbBookingStore } from '../lambdas/adapters/dynamodb/booking-store';
import { createDocumentClient, createDynamoClient } from '../lambdas/adapters/dynamodb/client';
import { ensureTable } from '../lambdas/adapters/dynamodb/create-table';
import { ROOM_TYPE_ITEM } from '../lambdas/adapters/dynamodb/items/room-type';
import { HotelTableClient } from '../lambdas/adapters/dynamodb/table-client';
import { addDays, todayUtc } from '../lambdas/domain/stay';
import { percentile } from '../local/percentile';
import { benchHotel } from './booking-floor';
import { startChildEnvironment } from './child-environment';
import { bookingFor, FLOOR_TABLE, NIGHTS, type Suspect, transactionOf } from './floor-transaction';

const day = (n: number) => addDays(todayUtc(new Date()), n);
const guest = { name: 'Bench Guest', email: 'bench@example.com' };

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
