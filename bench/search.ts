/**
 * `npm run bench:search`: the embedded engine at 10k and 100k hotels, p50 and
 * p95 per query type, 200 queries each (after a warm-up); then searches with
 * and without dates end to end through the API, against a server in its own
 * process (`search-server.ts`: 100,000 hotels, a third of each searched city's
 * hotels full on the searched nights), with the DynamoDB reads per page.
 */
import { fork } from 'node:child_process';
import { EmbeddedHotelSearch } from '../lambdas/adapters/search/embedded-search';
import type { SearchQuery } from '../lambdas/domain/ports';
import { addDays, todayUtc } from '../lambdas/domain/stay';
import { fold } from '../lambdas/domain/text-fold';
import { generateDemoHotels, seededRandom } from '../local/demo-hotels';
import { percentile } from '../local/percentile';

export interface SearchBenchRow {
  readonly hotels: number;
  readonly type: string;
  readonly p50: number;
  readonly p95: number;
}

/** Measures each query type at each size; prints a table and returns the rows. */
export async function benchSearch(
  sizes: number[] = [10_000, 100_000],
  perType = 200,
): Promise<SearchBenchRow[]> {
  const rows: SearchBenchRow[] = [];
  for (const size of sizes) {
    const hotels = generateDemoHotels(size, 99);
    const search = new EmbeddedHotelSearch();
    const loadStart = performance.now();
    hotels.forEach((h, i) => {
      search.indexNow({
        hotelId: `b-${i}`,
        name: h.name,
        city: h.city,
        country: h.country,
        managedIn: 'us-east-1',
      });
    });
    console.log(`${size} hotels indexed in ${Math.round(performance.now() - loadStart)} ms`);
    const random = seededRandom(size);
    const someHotel = () =>
      hotels[Math.floor(random() * hotels.length)] ?? (hotels[0] as (typeof hotels)[number]);
    const word = (name: string) => {
      const words = fold(name)
        .split(/\W+/)
        .filter((w) => w.length > 3);
      return words[Math.floor(random() * words.length)] ?? 'hotel';
    };
    const mistype = (w: string) => `${w.slice(0, 2)}${w[3] ?? ''}${w[2] ?? ''}${w.slice(4)}`;
    const types: Record<string, () => Promise<unknown>> = {
      'prefix 2 letters': () => search.search({ q: word(someHotel().name).slice(0, 2), limit: 20 }),
      'prefix 4 letters': () => search.search({ q: word(someHotel().name).slice(0, 4), limit: 20 }),
      'full name': () => search.search({ q: someHotel().name, limit: 20 }),
      'typo (swap)': () => search.search({ q: mistype(word(someHotel().name)), limit: 20 }),
      'city + name word': () => {
        const h = someHotel();
        return search.search({ q: `${h.city} ${word(h.name)}`, limit: 20 });
      },
      'city filter, no text': () => search.search({ city: someHotel().city, limit: 20 }),
      'next page': async () => {
        const q: SearchQuery = { q: word(someHotel().name).slice(0, 3), limit: 20 };
        const first = await search.search(q);
        if (first.nextCursor) await search.search({ ...q, cursor: first.nextCursor });
      },
    };
    for (const [type, run] of Object.entries(types)) {
      for (let i = 0; i < 20; i++) await run();
      const times: number[] = [];
      for (let i = 0; i < perType; i++) {
        const start = performance.now();
        await run();
        times.push(performance.now() - start);
      }
      rows.push({
        hotels: size,
        type,
        p50: percentile(times, 0.5) ?? 0,
        p95: percentile(times, 0.95) ?? 0,
      });
    }
  }
  console.log('\nhotels   query type              p50 ms   p95 ms');
  for (const r of rows)
    console.log(
      `${String(r.hotels).padEnd(8)} ${r.type.padEnd(22)} ${r.p50.toFixed(2).padStart(7)} ${r.p95.toFixed(2).padStart(8)}`,
    );
  return rows;
}

export interface DatedBenchRow {
  readonly type: string;
  readonly p50: number;
  readonly p95: number;
  /** BatchGetItem calls per page. */
  readonly readsPerPage: number;
}

/** What the dated search was measured on, and its rows. */
export interface DatedBench {
  readonly hotels: number;
  readonly cities: readonly string[];
  /** Hotels in the searched cities, and how many of them are full on the searched nights. */
  readonly inCities: number;
  readonly full: number;
  /** The embedded engine's heap with every hotel indexed. */
  readonly indexHeapMb: number;
  readonly rows: DatedBenchRow[];
}

/** End-to-end search latency through the API, the load client here and the server in its own process. */
export async function benchDatedSearch(hotels = 100_000, perType = 200): Promise<DatedBench> {
  const checkIn = addDays(todayUtc(new Date()), 30);
  const checkOut = addDays(checkIn, 2);
  const cities = ['New York', 'Singapore'];
  const server = fork(new URL('./search-server.ts', import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: {
      ...process.env,
      BENCH_HOTELS: String(hotels),
      BENCH_CITIES: cities.join(','),
      BENCH_CHECK_IN: checkIn,
      BENCH_CHECK_OUT: checkOut,
    },
  });
  const next = <T>(key: string) =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the search server exited (${code})`));
      const onMessage = (m: Record<string, T>) => {
        if (!(key in m)) return;
        server.off('message', onMessage);
        server.off('exit', onExit);
        resolve(m[key] as T);
      };
      server.on('message', onMessage);
      server.once('exit', onExit);
    });
  try {
    const setupStart = performance.now();
    const ready = await next<{
      url: string;
      inCities: number;
      full: number;
      tableItems: number;
      indexHeapMb: number;
    }>('ready');
    console.log(
      `\nDated search: ${hotels} hotels indexed, ${ready.inCities} in ${cities.join(' and ')} (${ready.full} full on ${checkIn}..${checkOut}), ` +
        `${ready.tableItems} room type and night items in DynamoDB Local; set up in ${Math.round((performance.now() - setupStart) / 1000)} s; ` +
        `embedded engine heap ${ready.indexHeapMb.toFixed(0)} MB`,
    );
    const reads = async () => {
      server.send('stats');
      return (await next<{ reads: number }>('stats')).reads;
    };
    let turn = 0;
    const city = () => cities[turn++ % cities.length] as string;
    const stay = `checkIn=${checkIn}&checkOut=${checkOut}`;
    const types: Record<string, () => string> = {
      'dated city, relevance': () => `city=${encodeURIComponent(city())}&${stay}&limit=20`,
      'dated city, price': () => `city=${encodeURIComponent(city())}&${stay}&sort=price&limit=20`,
      'dated text "<city>"': () => `q=${encodeURIComponent(city().toLowerCase())}&${stay}&limit=20`,
      'dated city, 3 rooms': () => `city=${encodeURIComponent(city())}&${stay}&rooms=3&limit=20`,
      'undated city, relevance': () => `city=${encodeURIComponent(city())}&limit=20`,
      'undated city, price': () => `city=${encodeURIComponent(city())}&sort=price&limit=20`,
    };
    const rows: DatedBenchRow[] = [];
    // DynamoDB Local's JVM compiles as it goes: warm every kind of request before timing any.
    for (let round = 0; round < 30; round++)
      for (const query of Object.values(types)) await fetch(`${ready.url}/v1/hotels/search?${query()}`);
    for (const [type, query] of Object.entries(types)) {
      const get = async () => {
        const res = await fetch(`${ready.url}/v1/hotels/search?${query()}`);
        const body = (await res.json()) as { items: unknown[] };
        if (res.status !== 200 || body.items.length !== 20)
          throw new Error(`${type}: ${res.status}, ${body.items?.length} items`);
      };
      for (let i = 0; i < 20; i++) await get();
      const before = await reads();
      const times: number[] = [];
      for (let i = 0; i < perType; i++) {
        const start = performance.now();
        await get();
        times.push(performance.now() - start);
      }
      rows.push({
        type,
        p50: percentile(times, 0.5) ?? 0,
        p95: percentile(times, 0.95) ?? 0,
        readsPerPage: ((await reads()) - before) / perType,
      });
    }
    console.log('\nend to end, limit 20            p50 ms   p95 ms   BatchGetItem calls per page');
    for (const r of rows)
      console.log(
        `${r.type.padEnd(30)} ${r.p50.toFixed(2).padStart(7)} ${r.p95.toFixed(2).padStart(8)} ${r.readsPerPage.toFixed(1).padStart(10)}`,
      );
    return {
      hotels,
      cities,
      inCities: ready.inCities,
      full: ready.full,
      indexHeapMb: ready.indexHeapMb,
      rows,
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!process.argv.includes('--dated-only')) await benchSearch();
  await benchDatedSearch(Number(process.env.BENCH_HOTELS ?? 100_000));
}
