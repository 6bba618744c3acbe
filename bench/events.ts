/**
 * `npm run bench:events`: how soon a booking's event reaches a consumer, and how
 * fast the local publisher can go. `npm start` runs in a process of its own with
 * LOCAL_EVENT_TARGETS pointing at a consumer in this process, which is also the
 * load client. Lag is from the change's write stamp (taken just before its
 * transaction commits) to the consumer receiving the POST.
 * - steady: bookings at a fixed rate, half in each region, each in its owner region;
 * - max: as many clients as it takes to reach the database's highest booking rate,
 *   with the delivered rate next to the booking rate, and how long the backlog takes
 *   to clear once the load stops (0 when the publisher keeps up);
 * - backlog: the consumer refuses while bookings pile up, then accepts: the rate the
 *   publisher delivers a backlog at.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { REGIONS, type Region } from '../lambdas/domain/regions';
import { addDays, todayUtc } from '../lambdas/domain/stay';
import { eventSequence } from '../lambdas/events/booking-event';
import { percentile } from '../local/percentile';
import { type ChildEnvironment, startChildEnvironment } from './child-environment';

export interface EventsRow {
  readonly mode: string;
  readonly bookings: number;
  /** Bookings per second the load reached. */
  readonly bookingRate: number;
  /** Events per second the consumer received over the same stretch. */
  readonly deliveredRate: number;
  /** From the write stamp (taken just before the transaction commits) to arrival. */
  readonly lagP50: number;
  readonly lagP99: number;
  /** From the API's answer (the commit is behind it) to arrival; negative when the event came first. */
  readonly answerLagP50: number;
  readonly answerLagP99: number;
  /** After the last booking answered, how long until its events had all arrived. */
  readonly tailMs: number;
}

const day = (n: number) => addDays(todayUtc(new Date()), n);
const guest = { name: 'Event Bench', email: 'bench@example.com' };

/** The consumer: records when each event id first arrives, and its lag; refuses while `refusing`. */
function consumer() {
  const arrivals = new Map<string, { at: number; lag: number }>();
  const state = { refusing: false };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      if (state.refusing) return void res.writeHead(503).end();
      const event = JSON.parse(body) as { id: string; time: string };
      const now = Date.now();
      if (!arrivals.has(event.id)) arrivals.set(event.id, { at: now, lag: now - Date.parse(event.time) });
      res.writeHead(204).end();
    });
  });
  return { server, arrivals, state };
}

async function hotelIn(env: ChildEnvironment, region: Region, token: string): Promise<string> {
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const made = await fetch(`${env.api[region]}/v1/manage/hotels`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      name: `Events ${region}`,
      city: 'Springfield',
      country: region === 'us-east-1' ? 'US' : 'SG',
    }),
  });
  const hotelId = ((await made.json()) as { hotelId: string }).hotelId;
  await fetch(`${env.api[region]}/v1/manage/hotels/${hotelId}/room-types/std`, {
    method: 'PUT',
    headers: auth,
    body: JSON.stringify({
      name: 'Standard',
      totalRooms: 10_000,
      pricePerNight: { amount: 10_000, currency: 'USD' },
    }),
  });
  return hotelId;
}

export async function benchEvents(steadyRate = 20, seconds = 10): Promise<EventsRow[]> {
  const sink = consumer();
  await new Promise<void>((r) => sink.server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(sink.server.address() as AddressInfo).port}/events`;
  const env = await startChildEnvironment(20, { LOCAL_EVENT_TARGETS: url });
  try {
    const token = env.token('events-bench');
    const hotels = {
      'us-east-1': await hotelIn(env, 'us-east-1', token),
      'ap-southeast-1': await hotelIn(env, 'ap-southeast-1', token),
    } as Record<Region, string>;
    let n = 0;
    /** When each booking's 201 came back, by its event id. */
    const answered = new Map<string, number>();
    /** One booking in the owner region; its event id. */
    const book = async (): Promise<string> => {
      const i = n++;
      const region = REGIONS[i % 2] as Region;
      const res = await fetch(`${env.api[region]}/v1/hotels/${hotels[region]}/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          roomTypeId: 'std',
          checkIn: day(1 + (i % 20)),
          checkOut: day(2 + (i % 20)),
          rooms: 1,
          guest,
        }),
      });
      const body = (await res.json()) as { bookingId: string };
      if (res.status !== 201) throw new Error(`booking answered ${res.status}`);
      // The booking's first change, written in the region it was made in (the hotel's owner).
      const id = `${body.bookingId}:${eventSequence(1, region)}`;
      answered.set(id, Date.now());
      return id;
    };
    const untilArrived = async (ids: readonly string[], timeoutMs = 120_000) => {
      const deadline = Date.now() + timeoutMs;
      while (ids.some((id) => !sink.arrivals.has(id))) {
        if (Date.now() > deadline) throw new Error('events did not arrive');
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const rowOf = (mode: string, ids: string[], started: number, loadEnded: number): EventsRow => {
      const got = ids.map((id) => sink.arrivals.get(id) as { at: number; lag: number });
      const lastArrival = Math.max(...got.map((g) => g.at));
      const within = got.filter((g) => g.at <= loadEnded).length;
      const fromAnswer = ids.map((id, i) => (got[i]?.at ?? 0) - (answered.get(id) ?? 0));
      return {
        mode,
        bookings: ids.length,
        bookingRate: Math.round(ids.length / ((loadEnded - started) / 1000)),
        deliveredRate: Math.round(within / ((loadEnded - started) / 1000)),
        lagP50:
          percentile(
            got.map((g) => g.lag),
            0.5,
          ) ?? Number.NaN,
        lagP99:
          percentile(
            got.map((g) => g.lag),
            0.99,
          ) ?? Number.NaN,
        answerLagP50: percentile(fromAnswer, 0.5) ?? Number.NaN,
        answerLagP99: percentile(fromAnswer, 0.99) ?? Number.NaN,
        tailMs: Math.max(0, lastArrival - loadEnded),
      };
    };

    await untilArrived(await Promise.all(Array.from({ length: 20 }, book))); // warm-up

    // Steady: one booking every 1/rate s, open loop.
    const steady = async (rate: number) => {
      const ids: Promise<string>[] = [];
      const started = Date.now();
      for (let i = 0; i < rate * seconds; i++) {
        const due = started + (i * 1000) / rate;
        await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
        ids.push(book());
      }
      const done = await Promise.all(ids);
      const ended = Date.now();
      await untilArrived(done);
      return rowOf(`steady ${rate}/s`, done, started, ended);
    };
    // Max: closed loop with `clients` clients for `seconds`.
    const flat = async (clients: number, mode: string) => {
      const ids: string[] = [];
      const started = Date.now();
      const stopAt = started + seconds * 1000;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (Date.now() < stopAt) ids.push(await book());
        }),
      );
      const ended = Date.now();
      await untilArrived(ids);
      return rowOf(mode, ids, started, ended);
    };
    const rows = [await steady(steadyRate), await steady(steadyRate * 2), await flat(16, 'max (16 clients)')];

    // Backlog: the consumer refuses for the whole load; then the backlog's delivery rate.
    sink.state.refusing = true;
    const ids: string[] = [];
    const stopAt = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (Date.now() < stopAt) ids.push(await book());
      }),
    );
    await new Promise((r) => setTimeout(r, 3_000)); // backoff reaches its cap: the worst case to resume from
    const reopened = Date.now();
    sink.state.refusing = false;
    await untilArrived(ids);
    const times = ids.map((id) => sink.arrivals.get(id)?.at ?? 0);
    const first = Math.min(...times);
    const last = Math.max(...times);
    rows.push({
      mode: 'backlog after refusals',
      bookings: ids.length,
      bookingRate: Math.round(ids.length / seconds),
      // From the first to the last delivery of the backlog: the wait for the next retry is not delivery.
      deliveredRate: Math.round(ids.length / (Math.max(1, last - first) / 1000)),
      lagP50: Number.NaN,
      lagP99: Number.NaN,
      answerLagP50: Number.NaN,
      answerLagP99: Number.NaN,
      tailMs: last - reopened,
    });
    return rows;
  } finally {
    await env.stop();
    sink.server.closeAllConnections();
    sink.server.close();
  }
}

/** The rows as a Markdown table. */
export function eventsTable(rows: readonly EventsRow[]): string {
  const cell = (v: number) => (Number.isNaN(v) ? '–' : String(v));
  return [
    '| load | bookings | bookings/s | events delivered/s | lag p50 ms | lag p99 ms | after answer p50 ms | after answer p99 ms | tail after load ms |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.mode} | ${r.bookings} | ${r.bookingRate} | ${r.deliveredRate} | ${cell(r.lagP50)} | ${cell(r.lagP99)} | ${cell(r.answerLagP50)} | ${cell(r.answerLagP99)} | ${r.tailMs} |`,
    ),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await benchEvents(Number(process.argv[2] ?? 20), Number(process.argv[3] ?? 10));
  process.stdout.write(`${eventsTable(rows)}\n`);
}
