/**
 * `npm run bench:modify`: a change of a booking's dates next to a new booking,
 * through the owner region's API. `npm start` runs in a process of its own; this
 * process is only the client. Each pair, in alternating order: one new two-night
 * booking, and one change that moves an existing two-night booking a night later
 * (one night freed, one taken: the same four-item transaction shape as the
 * booking, plus the reads a change makes). A pause after each pair lets
 * replication and indexing finish, so both are measured quiet. Also reported:
 * the item count of the longest change (30 nights moved to 30 other nights).
 */
import { fileURLToPath } from 'node:url';
import { nightChanges } from '../lambdas/domain/modify-booking';
import { addDays, MAX_NIGHTS, todayUtc } from '../lambdas/domain/stay';
import { percentile } from '../local/percentile';
import { benchHotel } from './booking-floor';
import { startChildEnvironment } from './child-environment';

const PAIRS = Number(process.env.BENCH_PAIRS ?? 150);
const PAUSE_MS = 150;
const day = (n: number) => addDays(todayUtc(new Date()), n);
const guest = { name: 'Bench Guest', email: 'bench@example.com' };
const round = (n: number | undefined) => Math.round((n ?? Number.NaN) * 10) / 10;

async function timed(url: string, method: string, body: unknown, headers: Record<string, string> = {}) {
  const started = performance.now();
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  const ms = performance.now() - started;
  if (res.status >= 300) throw new Error(`${method} answered ${res.status}: ${JSON.stringify(json)}`);
  return { ms, json };
}

export interface ModifyRow {
  readonly pairs: number;
  readonly bookP50: number;
  readonly bookP95: number;
  readonly changeP50: number;
  readonly changeP95: number;
  readonly ratioP50: number;
  readonly longestChangeItems: number;
}

/** Items of the longest change's transaction: the room type guard, the booking, one per night changed. */
export function longestChangeItems(): number {
  const stay = { checkIn: '2030-01-01', checkOut: addDays('2030-01-01', MAX_NIGHTS), rooms: 1 };
  const moved = {
    checkIn: addDays(stay.checkOut, 10),
    checkOut: addDays(stay.checkOut, 10 + MAX_NIGHTS),
    rooms: 10,
  };
  return 2 + nightChanges(stay, moved).length;
}

export async function benchModify(): Promise<ModifyRow> {
  const env = await startChildEnvironment(0);
  try {
    const hotelId = await benchHotel(env);
    const base = `${env.api['us-east-1']}/v1/hotels/${hotelId}/bookings`;
    const book: number[] = [];
    const change: number[] = [];
    for (let i = 0; i < PAIRS; i++) {
      const checkIn = 20 + (i % 200);
      const target = await timed(base, 'POST', {
        roomTypeId: 'std',
        checkIn: day(checkIn),
        checkOut: day(checkIn + 2),
        rooms: 1,
        guest,
      });
      const moveIt = () =>
        timed(
          `${base}/${target.json.bookingId}`,
          'PATCH',
          { checkIn: day(checkIn + 1), checkOut: day(checkIn + 3) },
          { authorization: `Bearer ${target.json.accessToken}` },
        );
      const bookOne = () =>
        timed(base, 'POST', {
          roomTypeId: 'std',
          checkIn: day(checkIn),
          checkOut: day(checkIn + 2),
          rooms: 1,
          guest,
        });
      await new Promise((r) => setTimeout(r, PAUSE_MS));
      // Alternate which goes first, so neither always meets a warmer cache.
      if (i % 2) {
        change.push((await moveIt()).ms);
        await new Promise((r) => setTimeout(r, PAUSE_MS));
        book.push((await bookOne()).ms);
      } else {
        book.push((await bookOne()).ms);
        await new Promise((r) => setTimeout(r, PAUSE_MS));
        change.push((await moveIt()).ms);
      }
      await new Promise((r) => setTimeout(r, PAUSE_MS));
    }
    const bookP50 = percentile(book, 0.5) ?? Number.NaN;
    const changeP50 = percentile(change, 0.5) ?? Number.NaN;
    return {
      pairs: PAIRS,
      bookP50: round(bookP50),
      bookP95: round(percentile(book, 0.95)),
      changeP50: round(changeP50),
      changeP95: round(percentile(change, 0.95)),
      ratioP50: Math.round((changeP50 / bookP50) * 100) / 100,
      longestChangeItems: longestChangeItems(),
    };
  } finally {
    await env.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const row = await benchModify();
  console.log(
    '| pairs | booking p50 ms | booking p95 ms | change p50 ms | change p95 ms | change/booking p50 | longest change, items |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  console.log(
    `| ${row.pairs} | ${row.bookP50} | ${row.bookP95} | ${row.changeP50} | ${row.changeP95} | ${row.ratioP50} | ${row.longestChangeItems} |`,
  );
}
