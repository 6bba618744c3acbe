/**
 * `npm run bench:freshness`: on a fresh local environment, how long a write
 * takes to reach the other region (replication lag) and to become searchable
 * in each region (search freshness), p50 and p99. Search freshness is measured
 * from the write's answer to the first search that finds it, polling every 2 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueHotelierToken } from '../lambdas/adapters/auth/local-jwt';
import { REGIONS, type Region } from '../lambdas/domain/regions';
import { freePorts, startLocalEnvironment } from '../local/environment';
import { percentile } from '../local/percentile';
import { quietLambdaOutput } from '../local/quiet-lambda-output';

quietLambdaOutput();

export interface FreshnessResult {
  readonly writes: number;
  readonly replication: Record<string, { p50: number; p99: number }>;
  readonly searchable: Record<string, { p50: number; p99: number }>;
}

/** Renames `writes` hotels through alternating regions and times replication and search. */
export async function benchFreshness(writes = 100, latencyMs = 0): Promise<FreshnessResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotels-bench-'));
  const env = await startLocalEnvironment({
    ...(await freePorts()),
    dataDir,
    seedHotels: 100,
    crossRegionLatencyMs: latencyMs,
  });
  try {
    const token = await issueHotelierToken(env.jwtKeys, 'bench-hotelier');
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const hotels: Array<{ id: string; region: Region }> = [];
    for (let i = 0; i < 20; i++) {
      const region = REGIONS[i % 2] as Region;
      const res = await fetch(`${env.urls[region]}/v1/manage/hotels`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          name: `Bench Hotel ${i}`,
          city: 'Seattle',
          country: region === 'us-east-1' ? 'US' : 'SG',
        }),
      });
      hotels.push({ id: ((await res.json()) as { hotelId: string }).hotelId, region });
    }
    await env.settle();
    for (const r of REGIONS) env.replicators[r].lag.reset();
    const searchable: Record<string, number[]> = { 'us-east-1': [], 'ap-southeast-1': [] };
    for (let i = 0; i < writes; i++) {
      const hotel = hotels[i % hotels.length] as { id: string; region: Region };
      const word = `zq${i.toString(36)}x${Math.floor(Math.random() * 1e6).toString(36)}`;
      const res = await fetch(`${env.urls[hotel.region]}/v1/manage/hotels/${hotel.id}`, {
        method: 'PATCH',
        headers: auth,
        body: JSON.stringify({ name: `Bench ${word}` }),
      });
      if (res.status !== 200) throw new Error(`rename failed: ${res.status}`);
      const written = performance.now();
      await Promise.all(
        REGIONS.map(async (region) => {
          for (;;) {
            const found = await fetch(`${env.urls[region]}/v1/hotels/search?q=${word}`);
            if (((await found.json()) as { items: unknown[] }).items.length) break;
            if (performance.now() - written > 10_000) throw new Error(`not searchable in ${region}`);
            await new Promise((r) => setTimeout(r, 2));
          }
          searchable[region]?.push(performance.now() - written);
        }),
      );
    }
    const summary = (values: number[]) => ({
      p50: percentile(values, 0.5) ?? Number.NaN,
      p99: percentile(values, 0.99) ?? Number.NaN,
    });
    const result: FreshnessResult = {
      writes,
      replication: Object.fromEntries(
        REGIONS.map((from) => {
          const lag = env.replicators[from].lag;
          return [
            `${from} -> ${from === 'us-east-1' ? 'ap-southeast-1' : 'us-east-1'}`,
            { p50: lag.percentile(0.5) ?? Number.NaN, p99: lag.percentile(0.99) ?? Number.NaN },
          ];
        }),
      ),
      searchable: Object.fromEntries(REGIONS.map((r) => [r, summary(searchable[r] ?? [])])),
    };
    return result;
  } finally {
    await env.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const latency = Number(process.env.LOCAL_CROSS_REGION_LATENCY_MS ?? 0);
  const r = await benchFreshness(100, latency);
  console.log(`${r.writes} hotel renames, alternating owner regions, cross-region latency ${latency} ms`);
  for (const [path, v] of Object.entries(r.replication))
    console.log(`replication lag ${path.padEnd(30)} p50 ${v.p50.toFixed(0)} ms  p99 ${v.p99.toFixed(0)} ms`);
  for (const [region, v] of Object.entries(r.searchable))
    console.log(`searchable in ${region.padEnd(16)} p50 ${v.p50.toFixed(1)} ms  p99 ${v.p99.toFixed(1)} ms`);
}
