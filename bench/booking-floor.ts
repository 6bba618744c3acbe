/**
 * `npm run bench:floor`: a booking through the API against the database's own
 * floor, measured so that it cannot flatter. `npm start` runs in a process of
 * its own; this process is only the client. Each pair is one booking through
 * the owner region's API and one bare TransactWriteItems of the same shape (a
 * room type guard, two night counters, the booking item with its index keys, the
 * claim of its reference), writing the same bytes as the booking's (its item with
 * night prices, its nights' attributes), on a floor table of the same shape (stream and indexes) in the same DynamoDB
 * Local, in alternating order. Quiet: a pause after each pair lets replication
 * and indexing finish. Loaded: no pause, so both sides run while the environment
 * replicates and indexes what came before.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoClient } from '../lambdas/adapters/dynamodb/client';
import { ensureTable } from '../lambdas/adapters/dynamodb/create-table';
import { ROOM_TYPE_ITEM } from '../lambdas/adapters/dynamodb/items/room-type';
import { addDays, todayUtc } from '../lambdas/domain/stay';
import { percentile } from '../local/percentile';
import { type ChildEnvironment, startChildEnvironment } from './child-environment';
import { bookingFor, FLOOR_TABLE, type Suspect, transactionOf } from './floor-transaction';
import { type RatioInterval, ratioInterval } from './ratio-interval';

/** What the floor writes beyond its bare shape: the same item bytes as a booking (see floor-transaction.ts). */
const FAIR_FLOOR: Suspect = { nightAttributes: true, fullBooking: true };
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
  /** The 95% bootstrap interval of `ratioP50`, over the rounds (see ratio-interval.ts). */
  readonly ratioP50Interval: Pick<RatioInterval, 'low' | 'high'>;
  readonly ratioP99: number;
  /** Where the API's time went, from its answers' Server-Timing (p50 of each part). */
  readonly serverTiming: string;
  /** Forwarded only: the p50 of direct bookings timed in the same rounds, so both meet the same database. */
  readonly directP50?: number;
  /** Forwarded only: forwarded ÷ direct over the same rounds, with its 95% bootstrap interval. */
  readonly sameRounds?: RatioInterval;
  /**
   * CPU the environment spent per round (a booking, its floor transaction and, forwarded, the direct
   * booking beside it), in ms: its Node processes, which also replicate, index and publish each
   * booking, and DynamoDB Local's JVM, which serves both sides and every stream poll.
   */
  readonly cpuPerRound?: { node: number; java: number };
}

const day = (n: number) => addDays(todayUtc(new Date()), n);
const guest = { name: 'Bench Guest', email: 'bench@example.com' };
const round = (n: number | undefined) => Math.round((n ?? Number.NaN) * 10) / 10;

/** Each Server-Timing part of an answer (`db`, `fwd`, `owner-db`, ...): its ms and, where it says, its calls. */
export function serverTimingParts(header: string | null): Record<string, { ms: number; calls?: number }> {
  const parts: Record<string, { ms: number; calls?: number }> = {};
  for (const entry of (header ?? '').split(',')) {
    const m = /^\s*([\w-]+);dur=([\d.]+)(?:;desc="[^"]*?(\d+) calls?")?/.exec(entry);
    if (m?.[1]) parts[m[1]] = { ms: Number(m[2]), ...(m[3] ? { calls: Number(m[3]) } : {}) };
  }
  return parts;
}

type Timings = Array<ReturnType<typeof serverTimingParts>>;

/**
 * The API side's HTTP client: node:http over kept-alive connections, the stack the floor's SDK
 * call goes through too, so that neither side carries a client the other does not (fetch's
 * costs ~0.3 ms more a request here, with a tail of several ms).
 */
// Idle connections close after 4 s, before the server's 5 s keep-alive timeout can close one under a request.
const apiAgent = new Agent({ keepAlive: true, timeout: 4_000 });

/** POSTs `body` as JSON; the status and the Server-Timing header once the whole answer is in. */
export function postJson(
  url: string,
  body: string,
): Promise<{ status: number; serverTiming: string | null }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        agent: apiAgent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.on('data', () => undefined);
        res.on('error', reject);
        res.on('end', () => {
          const timing = res.headers['server-timing'];
          resolve({ status: res.statusCode ?? 0, serverTiming: typeof timing === 'string' ? timing : null });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function timedPost(url: string, body: unknown, timings: Timings): Promise<number> {
  const started = performance.now();
  const res = await postJson(url, JSON.stringify(body));
  const ms = performance.now() - started;
  if (res.status !== 201) throw new Error(`booking answered ${res.status}`);
  timings.push(serverTimingParts(res.serverTiming));
  return ms;
}

/** The p50 of each Server-Timing part, with its median number of calls: `total 20.1, db 19.0 (1 call)`. */
function timingSummary(timings: Timings): string {
  const names = [...new Set(timings.flatMap((t) => Object.keys(t)))];
  return names
    .map((name) => {
      const ms =
        percentile(
          timings.map((t) => t[name]?.ms ?? 0),
          0.5,
        ) ?? Number.NaN;
      const calls = percentile(
        timings.map((t) => t[name]?.calls ?? 0),
        0.5,
      );
      return `${name} ${round(ms)}${calls ? ` (${calls} call${calls === 1 ? '' : 's'})` : ''}`;
    })
    .join(', ');
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
    // The same bytes as the product's transaction writes: its booking item (night prices,
    // full-length fingerprint and token hash) and its nights' attributes; the floor's conditions stay bare.
    const input = transactionOf(hotelId, bookingFor(hotelId, checkIn, true), FAIR_FLOOR);
    const started = performance.now();
    await doc.send(new TransactWriteCommand(input));
    return performance.now() - started;
  };
}

const hundredths = ({ ratio, low, high }: RatioInterval): RatioInterval => ({
  ratio: Math.round(ratio * 100) / 100,
  low: Math.round(low * 100) / 100,
  high: Math.round(high * 100) / 100,
});
/** `1.18 (1.15–1.21)`: a ratio and its 95% interval. */
const withInterval = (r: Pick<RatioInterval, 'low' | 'high'> & { ratio?: number }, ratio = r.ratio) =>
  `${ratio} (${r.low}–${r.high})`;

function row(mode: FloorRow['mode'], api: number[], bare: number[], timings: Timings): FloorRow {
  const p = (xs: number[], q: number) => percentile(xs, q) ?? Number.NaN;
  return {
    mode,
    pairs: api.length,
    apiP50: round(p(api, 0.5)),
    apiP99: round(p(api, 0.99)),
    bareP50: round(p(bare, 0.5)),
    bareP99: round(p(bare, 0.99)),
    ratioP50: Math.round((p(api, 0.5) / p(bare, 0.5)) * 100) / 100,
    ratioP50Interval: hundredths(ratioInterval(api, bare)),
    ratioP99: Math.round((p(api, 0.99) / p(bare, 0.99)) * 100) / 100,
    serverTiming: timingSummary(timings),
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
      const direct: number[] = [];
      const timings: Timings = [];
      const cpuBefore = env.cpuMs();
      const pause = () => (pauseMs ? new Promise((r) => setTimeout(r, pauseMs)) : Promise.resolve());
      for (let i = 0; i < pairs; i++, n++) {
        if (mode === 'forwarded') {
          // A direct booking in the same round, so that forwarded ÷ direct compares bookings that met
          // the same database, not phases minutes apart. Each comes after a pause, and they take
          // turns at being the one the floor's transaction follows: neither meets other conditions.
          const forwarded = async () => api.push(await timedPost(url('ap-southeast-1'), stay(n), timings));
          const directly = async () => direct.push(await timedPost(url('us-east-1'), stay(n + 10_000), []));
          const [first, second] = i % 2 === 0 ? [forwarded, directly] : [directly, forwarded];
          await first();
          floor.push(await bare(n));
          await pause();
          await second();
        } else if (i % 2 === 0) {
          // Alternate which goes first, so neither always follows the other's background work.
          api.push(await timedPost(url('us-east-1'), stay(n), timings));
          floor.push(await bare(n));
        } else {
          floor.push(await bare(n));
          api.push(await timedPost(url('us-east-1'), stay(n), timings));
        }
        await pause();
      }
      const cpuAfter = env.cpuMs();
      const perRound = (kind: 'node' | 'java') => round((cpuAfter[kind] - cpuBefore[kind]) / pairs);
      const result = {
        ...row(mode, api, floor, timings),
        cpuPerRound: { node: perRound('node'), java: perRound('java') },
      };
      if (!direct.length) return result;
      return {
        ...result,
        directP50: round(percentile(direct, 0.5)),
        sameRounds: hundredths(ratioInterval(api, direct)),
      };
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
    '| mode | pairs | API p50 ms | API p99 ms | floor p50 ms | floor p99 ms | ratio p50 (95% interval) | ratio p99 | CPU a round: Node / Java ms |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.mode} | ${r.pairs} | ${r.apiP50} | ${r.apiP99} | ${r.bareP50} | ${r.bareP99} | ${withInterval(r.ratioP50Interval, r.ratioP50)} | ${r.ratioP99} | ${r.cpuPerRound ? `${r.cpuPerRound.node} / ${r.cpuPerRound.java}` : '–'} |`,
    ),
  ].join('\n');
}

/** Where each mode's API time went (Server-Timing p50s), and a forwarded booking against a direct one. */
export function floorTimingTable(rows: readonly FloorRow[]): string {
  const quiet = rows.find((r) => r.mode === 'quiet');
  const forwarded = rows.find((r) => r.mode === 'forwarded');
  const sameRounds =
    forwarded?.directP50 && forwarded.sameRounds
      ? `; in the same rounds (direct p50 ${forwarded.directP50} ms): ${withInterval(forwarded.sameRounds)}`
      : '';
  const ratio =
    quiet && forwarded
      ? `\n\nForwarded ÷ direct (quiet), p50: ${Math.round((forwarded.apiP50 / quiet.apiP50) * 100) / 100}${sameRounds}`
      : '';
  return (
    [
      '| mode | Server-Timing p50 ms (calls) |',
      '| --- | --- |',
      ...rows.map((r) => `| ${r.mode} | ${r.serverTiming} |`),
    ].join('\n') + ratio
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { rows, calendar } = await benchBookingFloor(Number(process.argv[2] ?? 200));
  process.stdout.write(`${floorTable(rows)}\n\n${floorTimingTable(rows)}\n\n${calendarTable(calendar)}\n`);
}
