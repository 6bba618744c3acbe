/**
 * `npm run bench:hot`: one hot hotel, a flash sale. Sixteen clients book the
 * same nights of one room type as fast as they can, through the owner region's
 * API, against the floor: sixteen clients running the bare transaction of a
 * booking's shape on the same night items of a floor table in the same
 * DynamoDB Local. `npm start` runs in its own process; this one is only the
 * client. Floor and API alternate in blocks, so background work after one block
 * falls into the next of either kind.
 *
 * Where the time goes is read from each answer's `Server-Timing`: the time the
 * request spent in DynamoDB calls, and how many calls it made.
 */
import { fileURLToPath } from 'node:url';
import { addDays, todayUtc } from '../lambdas/domain/stay';
import { percentile } from '../local/percentile';
import { benchHotel, floorBooking, postJson } from './booking-floor';
import { startChildEnvironment } from './child-environment';

export interface HotRow {
  readonly side: 'API' | 'floor';
  readonly clients: number;
  readonly bookings: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** API only: mean time in DynamoDB per booking, and mean DynamoDB calls per booking. */
  readonly dynamoMs?: number;
  readonly dynamoCalls?: number;
  readonly failures: number;
}

const round = (n: number | undefined) => Math.round((n ?? Number.NaN) * 10) / 10;

/** `clients` closed loops of `once` for `ms`; each returns its latency and, for the API, its DynamoDB share. */
async function closedLoops(
  clients: number,
  ms: number,
  once: () => Promise<{ ms: number; dynamoMs?: number; dynamoCalls?: number }>,
) {
  const latencies: number[] = [];
  let dynamoMs = 0;
  let dynamoCalls = 0;
  let failures = 0;
  const started = performance.now();
  const deadline = started + ms;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        try {
          const r = await once();
          latencies.push(r.ms);
          dynamoMs += r.dynamoMs ?? 0;
          dynamoCalls += r.dynamoCalls ?? 0;
        } catch {
          failures++;
        }
      }
    }),
  );
  return { latencies, dynamoMs, dynamoCalls, failures, seconds: (performance.now() - started) / 1000 };
}

/** The DynamoDB part of a `Server-Timing` value: its duration and its number of calls. */
export function dynamoShare(serverTiming: string | null): { ms: number; calls: number } {
  const part = (serverTiming ?? '').split(',').find((p) => p.trim().startsWith('db;'));
  const ms = Number(/dur=([\d.]+)/.exec(part ?? '')?.[1] ?? 0);
  const calls = Number(/(\d+) calls?/.exec(part ?? '')?.[1] ?? 0);
  return { ms, calls };
}

/** Blocks of floor and API, alternating, `rounds` of each; one row per side. */
export async function benchHotHotel(clients = 16, blockMs = 5_000, rounds = 3): Promise<HotRow[]> {
  const env = await startChildEnvironment(50);
  try {
    const hotelId = await benchHotel(env);
    const bare = await floorBooking(env);
    const checkIn = addDays(todayUtc(new Date()), 20);
    const body = JSON.stringify({
      roomTypeId: 'std',
      checkIn,
      checkOut: addDays(checkIn, 2),
      rooms: 1,
      guest: { name: 'Flash Sale', email: 'flash@example.com' },
    });
    const url = `${env.api['us-east-1']}/v1/hotels/${hotelId}/bookings`;
    const viaApi = async () => {
      const started = performance.now();
      const res = await postJson(url, body);
      const elapsed = performance.now() - started;
      if (res.status !== 201) throw new Error(`booking answered ${res.status}`);
      const share = dynamoShare(res.serverTiming);
      return { ms: elapsed, dynamoMs: share.ms, dynamoCalls: share.calls };
    };
    // The floor books the same two nights every time: the same items, as hot as the API's.
    const viaFloor = async () => ({ ms: await bare(19) });
    await closedLoops(clients, 1_000, viaApi); // warm-up, discarded
    const sides = {
      API: [] as Awaited<ReturnType<typeof closedLoops>>[],
      floor: [] as Awaited<ReturnType<typeof closedLoops>>[],
    };
    for (let r = 0; r < rounds; r++) {
      sides.floor.push(await closedLoops(clients, blockMs, viaFloor));
      await new Promise((resolve) => setTimeout(resolve, 500));
      sides.API.push(await closedLoops(clients, blockMs, viaApi));
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return (['floor', 'API'] as const).map((side) => {
      const blocks = sides[side];
      const latencies = blocks.flatMap((b) => b.latencies);
      const seconds = blocks.reduce((s, b) => s + b.seconds, 0);
      const dynamoMs = blocks.reduce((s, b) => s + b.dynamoMs, 0);
      const dynamoCalls = blocks.reduce((s, b) => s + b.dynamoCalls, 0);
      return {
        side,
        clients,
        bookings: latencies.length,
        perSecond: round(latencies.length / seconds),
        p50: round(percentile(latencies, 0.5)),
        p99: round(percentile(latencies, 0.99)),
        ...(side === 'API'
          ? {
              dynamoMs: round(dynamoMs / latencies.length),
              dynamoCalls: round(dynamoCalls / latencies.length),
            }
          : {}),
        failures: blocks.reduce((s, b) => s + b.failures, 0),
      };
    });
  } finally {
    await env.stop();
  }
}

/** The rows as a Markdown table. */
export function hotTable(rows: readonly HotRow[]): string {
  return [
    '| side | clients | bookings | bookings/s | p50 ms | p99 ms | DynamoDB ms per booking | DynamoDB calls per booking | failures |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.side} | ${r.clients} | ${r.bookings} | ${r.perSecond} | ${r.p50} | ${r.p99} | ${r.dynamoMs ?? '–'} | ${r.dynamoCalls ?? '–'} | ${r.failures} |`,
    ),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await benchHotHotel(Number(process.argv[2] ?? 16));
  const [floor, api] = rows;
  process.stdout.write(
    `API against floor: ${round((api?.perSecond ?? 0) / (floor?.perSecond ?? 1))}× the rate, p99 ${api?.p99} ms (goal: at least 0.6 of the rate, p99 < 1000 ms)\n`,
  );
  process.stdout.write(`${hotTable(rows)}\n`);
}
