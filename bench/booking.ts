/**
 * Contention on the last rooms, against `npm start` running in its own process
 * (this process is only the client): many concurrent bookings, half sent to
 * each region, for a few rooms.
 */
import { randomUUID } from 'node:crypto';
import { REGIONS, type Region } from '../lambdas/domain/regions';
import { addDays, todayUtc } from '../lambdas/domain/stay';
import { percentile } from '../local/percentile';
import type { ChildEnvironment } from './child-environment';

/** The bare baseline's own table, with the product table's key schema. */
const _FLOOR_TABLE = 'bench_floor';

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

/**
 * A setup call, sent again when its connection drops before the answer. Right after a round of
 * 200 clients, a reused connection is sometimes closed under a new request ("other side
 * closed"); every setup call is safe to repeat (the hotel is created under an idempotency key).
 */
async function setupFetch(url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

/** A hotel owned by `owner` with `totalRooms` rooms, made through the API and visible in both regions. */
async function hotelIn(env: ChildEnvironment, owner: Region, totalRooms: number): Promise<string> {
  const auth = { authorization: `Bearer ${env.token('bench-hotelier')}` };
  const country = owner === 'us-east-1' ? 'US' : 'SG';
  const made = await setupFetch(`${env.api[owner]}/v1/manage/hotels`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...auth },
    body: JSON.stringify({ name: `Bench ${randomUUID().slice(0, 8)}`, city: 'Chicago', country }),
  });
  const hotelId = ((await made.json()) as { hotelId: string }).hotelId;
  await setupFetch(`${env.api[owner]}/v1/manage/hotels/${hotelId}/room-types/std`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({
      name: 'Standard',
      totalRooms,
      pricePerNight: { amount: 10_000, currency: 'USD' },
    }),
  });
  // Both regions take bookings for it: wait until the other region's copy has the room type.
  const other = REGIONS.find((r) => r !== owner) as Region;
  for (let i = 0; i < 200; i++) {
    const page = await setupFetch(`${env.api[other]}/v1/hotels/${hotelId}`, {});
    if (page.status === 200 && ((await page.json()) as { roomTypes: unknown[] }).roomTypes.length) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return hotelId;
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
  env: ChildEnvironment,
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
      post(`${env.api[REGIONS[i % 2] as Region]}/v1/hotels/${ids[i % hotels]}/bookings`, stay),
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
