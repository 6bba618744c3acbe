/**
 * `npm run bench:handover`: how long a handover keeps a hotel's writes refused,
 * on the local environment, by hotel size (items in its partition) and by
 * simulated cross-region latency, while two clients in each region keep booking
 * it (retrying 100 ms after a 503).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { issueHotelierToken } from '../lambdas/adapters/auth/local-jwt';
import { createDocumentClient } from '../lambdas/adapters/dynamodb/client';
import { reconcileTable } from '../lambdas/adapters/dynamodb/reconcile-scan';
import { differingKeys, runHandover } from '../lambdas/domain/handover';
import { otherRegion, REGIONS, type Region } from '../lambdas/domain/regions';
import { addDays, todayUtc } from '../lambdas/domain/stay';
import { freePorts, type LocalEnvironment, startLocalEnvironment, TABLE_NAME } from '../local/environment';
import { quietLambdaOutput } from '../local/quiet-lambda-output';

quietLambdaOutput();

export interface HandoverRow {
  readonly latencyMs: number;
  /** Items in the hotel's partition when the handover started. */
  readonly items: number;
  /** Replication lag the drain's probe observed. */
  readonly lagMs: number;
  /** From the fence to the switch: how long writes for the hotel were refused. */
  readonly fencedMs: number;
  /** Bookings confirmed during the run, and 503 answers clients saw. */
  readonly confirmed: number;
  readonly refused: number;
  /** The reconcile check after everything settled, both regions. */
  readonly discrepancies: number;
}

const day = (n: number) => addDays(todayUtc(new Date()), n);
const guest = { name: 'Bench Guest', email: 'bench@example.com' };

async function post(env: LocalEnvironment, region: Region, path: string, body: unknown, headers = {}) {
  const res = await fetch(`${env.urls[region]}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** One handover of a hotel with `bookings` bookings, under booking load from both regions. */
async function oneHandover(env: LocalEnvironment, token: string, bookings: number, latencyMs: number) {
  const auth = { authorization: `Bearer ${token}` };
  const from: Region = 'us-east-1';
  const made = await post(
    env,
    from,
    '/v1/manage/hotels',
    { name: 'Bench Move', city: 'Reno', country: 'US' },
    auth,
  );
  const hotelId = made.body.hotelId as string;
  const put = await fetch(`${env.urls[from]}/v1/manage/hotels/${hotelId}/room-types/std`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ name: 'Std', totalRooms: 5_000, pricePerNight: { amount: 100, currency: 'USD' } }),
  });
  if (put.status !== 201) throw new Error(`room type: ${put.status}`);
  const book = (region: Region, i: number) =>
    post(env, region, `/v1/hotels/${hotelId}/bookings`, {
      roomTypeId: 'std',
      checkIn: day(1 + (i % 60)),
      checkOut: day(3 + (i % 60)),
      rooms: 1,
      guest,
    });
  // Fill the partition: each booking adds itself and touches two night counters.
  for (let i = 0; i < bookings; i += 8)
    await Promise.all(Array.from({ length: 8 }, (_, j) => book(from, i + j)));
  await env.settle();

  let running = true;
  let confirmed = 0;
  let refused = 0;
  let n = 0;
  const worker = async (region: Region) => {
    while (running) {
      // A connection the server closed between requests (keep-alive) is not an answer: try again.
      const answer = await book(region, n++).catch(() => undefined);
      if (!answer) continue;
      if (answer.status === 201) confirmed++;
      else if (answer.status === 503) {
        refused++;
        // An eager client: it waits 100 ms, not the 2 s Retry-After asks for.
        await new Promise((r) => setTimeout(r, 100));
      } else throw new Error(`booking: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
  };
  const load = REGIONS.flatMap((r) => [worker(r), worker(r)]);
  await new Promise((r) => setTimeout(r, 300));
  const ctx = env.regions[from].services.handover;
  if (!ctx) throw new Error('no handover context');
  const items = (await ctx.stores[from].handovers.partitionItems(hotelId)).length;
  const status = await runHandover(ctx, hotelId, otherRegion(from), { timeoutMs: 20_000 });
  if (status.phase !== 'SWITCHED' || !status.record?.fencedAt) {
    const [a, b] = await Promise.all([
      ctx.stores[from].handovers.partitionItems(hotelId),
      ctx.stores[otherRegion(from)].handovers.partitionItems(hotelId),
    ]);
    const keys = differingKeys(a, b);
    for (const key of keys)
      process.stderr.write(
        `DIFF ${key}: owner ${JSON.stringify(a.find((i) => i.key === key))} target ${JSON.stringify(b.find((i) => i.key === key))}\n`,
      );
    throw new Error(`handover: ${status.phase} ${JSON.stringify(status.drain)}`);
  }
  const fencedMs = Date.parse(status.record.endedAt) - Date.parse(status.record.fencedAt);
  await new Promise((r) => setTimeout(r, 300));
  running = false;
  await Promise.all(load);
  await env.settle();
  let discrepancies = 0;
  for (const region of REGIONS) {
    const doc = createDocumentClient({ region, endpoint: env.urls.dynamodb });
    const found = (await reconcileTable(doc, TABLE_NAME, { hotelId })).discrepancies;
    for (const d of found) process.stderr.write(`${region}: ${JSON.stringify(d)}\n`);
    discrepancies += found.length;
    doc.destroy();
  }
  return {
    latencyMs,
    items,
    lagMs: status.drain?.lagMs ?? Number.NaN,
    fencedMs,
    confirmed,
    refused,
    discrepancies,
  };
}

/** Handovers by hotel size, at each simulated cross-region latency. */
export async function benchHandover(
  sizes: readonly number[] = [0, 300, 1_000],
  latencies: readonly number[] = [0, 50],
): Promise<HandoverRow[]> {
  const rows: HandoverRow[] = [];
  for (const latencyMs of latencies) {
    const dataDir = mkdtempSync(join(tmpdir(), 'hotels-bench-'));
    const env = await startLocalEnvironment({
      ...(await freePorts()),
      dataDir,
      seedHotels: 10,
      crossRegionLatencyMs: latencyMs,
    });
    try {
      const token = await issueHotelierToken(env.jwtKeys, 'bench-mover');
      for (const bookings of sizes) {
        const row = await oneHandover(env, token, bookings, latencyMs);
        process.stderr.write(`handover: ${JSON.stringify(row)}\n`);
        rows.push(row);
      }
    } finally {
      await env.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return rows;
}

/** The rows as a Markdown table. */
export function handoverTable(rows: readonly HandoverRow[]): string {
  return [
    '| cross-region latency ms | items in the hotel | observed lag ms | writes refused for ms | bookings confirmed | 503s seen | reconcile differences |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.latencyMs} | ${r.items} | ${r.lagMs} | ${r.fencedMs} | ${r.confirmed} | ${r.refused} | ${r.discrepancies} |`,
    ),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await benchHandover();
  process.stdout.write(`${handoverTable(rows)}\n`);
  if (rows.some((r) => r.discrepancies)) process.exit(1);
}
