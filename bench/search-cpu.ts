/**
 * `npm run bench:search-cpu`: where a dated search page's CPU goes on this machine, the
 * server's Node against DynamoDB Local's JVM, for relevance and price order. It starts
 * `search-server.ts` (100,000 hotels; see there) for this checkout and, with
 * `BENCH_BEFORE_DIR=<checkout>`, for that one too, both up at once, and sends blocks of
 * 25 searches to each in turn (the order swapped every block), so both sides meet the
 * same machine. CPU is read from `/proc` (Linux) for each server and its DynamoDB Local.
 * The load client is this process.
 */
import { execSync, fork } from 'node:child_process';
import { join } from 'node:path';
import { addDays, todayUtc } from '../lambdas/domain/stay';
import { percentile } from '../local/percentile';
import { cpuMs } from './process-cpu';

const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 16);
const PER_BLOCK = 25;
const ORDERS = ['relevance', 'price'] as const;
const CITIES = ['New York', 'Singapore'];

interface Side {
  readonly name: string;
  readonly server: ReturnType<typeof fork>;
  readonly url: string;
  /** DynamoDB Local's process: the server's only Java child. */
  readonly java: number;
}

async function startSide(name: string, dir: string, checkIn: string, checkOut: string): Promise<Side> {
  const server = fork(join(dir, 'bench/search-server.ts'), [], {
    cwd: dir,
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: {
      ...process.env,
      BENCH_HOTELS: '100000',
      BENCH_CITIES: CITIES.join(','),
      BENCH_CHECK_IN: checkIn,
      BENCH_CHECK_OUT: checkOut,
    },
  });
  const ready = await new Promise<{ url: string }>((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`the ${name} server exited (${code})`)));
    server.on('message', (m: { ready?: { url: string } }) => m.ready && resolve(m.ready));
  });
  const java = Number(execSync(`pgrep -P ${server.pid} java`).toString().trim().split('\n')[0]);
  return { name, server, url: ready.url, java };
}

const checkIn = addDays(todayUtc(new Date()), 30);
const checkOut = addDays(checkIn, 2);
const sides: Side[] = [];
const before = process.env.BENCH_BEFORE_DIR;
if (before) sides.push(await startSide('before', before, checkIn, checkOut));
sides.push(await startSide(before ? 'after' : 'this', join(import.meta.dirname, '..'), checkIn, checkOut));

let turn = 0;
const urlOf = (side: Side, order: string) =>
  `${side.url}/v1/hotels/search?city=${encodeURIComponent(CITIES[turn++ % CITIES.length] as string)}` +
  `&checkIn=${checkIn}&checkOut=${checkOut}&limit=20${order === 'price' ? '&sort=price' : ''}`;
const get = async (url: string) => {
  const res = await fetch(url);
  const body = (await res.json()) as { items?: unknown[] };
  if (res.status !== 200 || body.items?.length !== 20) throw new Error(`${url}: ${res.status}`);
};

try {
  // Both JVMs compile as they go: warm every kind of request first.
  for (const side of sides)
    for (let i = 0; i < 60; i++) for (const order of ORDERS) await get(urlOf(side, order));
  const rows = new Map<string, { times: number[]; node: number; java: number }>();
  for (let block = 0; block < BLOCKS; block++)
    for (const side of block % 2 ? [...sides].reverse() : sides)
      for (const order of ORDERS) {
        const row = rows.get(`${side.name}|${order}`) ?? { times: [], node: 0, java: 0 };
        rows.set(`${side.name}|${order}`, row);
        const node0 = cpuMs(side.server.pid as number);
        const java0 = cpuMs(side.java);
        for (let i = 0; i < PER_BLOCK; i++) {
          const start = performance.now();
          await get(urlOf(side, order));
          row.times.push(performance.now() - start);
        }
        row.node += cpuMs(side.server.pid as number) - node0;
        row.java += cpuMs(side.java) - java0;
      }
  console.log(
    '| server | order | pages | p50 ms | p95 ms | Node CPU ms a page | DynamoDB Local CPU ms a page |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [key, row] of rows) {
    const [name, order] = key.split('|');
    const n = row.times.length;
    console.log(
      `| ${name} | ${order} | ${n} | ${percentile(row.times, 0.5)?.toFixed(1)} | ${percentile(row.times, 0.95)?.toFixed(1)} | ${(row.node / n).toFixed(1)} | ${(row.java / n).toFixed(1)} |`,
    );
  }
} finally {
  for (const side of sides) side.server.kill('SIGTERM');
}
