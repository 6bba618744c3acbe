/**
 * `npm run bench:search`: the embedded engine at 10k and 100k hotels, p50 and
 * p95 per query type, 200 queries each (after a warm-up); then searches with
 * and without dates end to end through the API, against a server in its own
 * process (`search-server.ts`: 100,000 hotels, a third of each searched city's
 * hotels full on the searched nights), with the DynamoDB reads per page.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { EmbeddedHotelSearch } from '../lambdas/adapters/search/embedded-search';
import { READ_BUDGET } from '../lambdas/domain/available-search';
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
  /** Medians of the server's own account (`Server-Timing`): its total, and DynamoDB and search time summed over calls. */
  readonly server: { total: number; db: number; search: number };
}

/** The durations of a `Server-Timing` value by name (`total`, `db`, `search`), 0 where absent. */
function serverTimingOf(header: string | null): { total: number; db: number; search: number } {
  const dur = (name: string) =>
    Number(new RegExp(`(?:^|, )${name};dur=([\\d.]+)`).exec(header ?? '')?.[1] ?? 0);
  return { total: dur('total'), db: dur('db'), search: dur('search') };
}

/** A read-bounded request: latency and items read (table keys, hits from the engine, hotels a cursor names). */
export interface BoundedBench {
  readonly fullCity: { name: string; hotels: number; full: number };
  /** Per dated page in the mostly sold-out city, following cursors, limit 20. */
  readonly soldOut: Array<{
    sort: string;
    p50: number;
    p95: number;
    readsP50: number;
    readsMax: number;
    pages: number;
    shortPages: number;
  }>;
  /** A walk by price to the end of the walk city, limit 20: page 1 against page 50 (medians of the walks). */
  readonly walk: {
    pages: number;
    hotels: number;
    firstMs: number;
    lastMs: number;
    firstReads: number;
    lastReads: number;
    longestCursor: number;
  };
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
  readonly bounded: BoundedBench;
}

/** How a dated run is made: the checkout whose server it measures, and how many requests. */
export interface DatedBenchOptions {
  /** Another checkout's `bench/search-server.ts` (a before and after in one run); else this one's. */
  readonly productDir?: string;
  /** Timed requests per search type (200 for the published numbers). */
  readonly perType?: number;
  /** Timed pages per order in the sold-out city (200 for the published numbers). */
  readonly soldOutPages?: number;
  /** Extra Node flags for the server, e.g. `--cpu-prof`. */
  readonly serverFlags?: readonly string[];
}

/** End-to-end search latency through the API, the load client here and the server in its own process. */
export async function benchDatedSearch(
  hotels = 100_000,
  { productDir, perType = 200, soldOutPages = 200, serverFlags = [] }: DatedBenchOptions = {},
): Promise<DatedBench> {
  const checkIn = addDays(todayUtc(new Date()), 30);
  const checkOut = addDays(checkIn, 2);
  const cities = ['New York', 'Singapore'];
  const serverPath = productDir
    ? join(productDir, 'bench/search-server.ts')
    : new URL('./search-server.ts', import.meta.url).pathname;
  const server = fork(serverPath, [], {
    cwd: productDir,
    execArgv: ['--import', 'tsx', '--expose-gc', ...serverFlags],
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
      fullCity: { name: string; hotels: number; full: number };
      walkCity: { name: string; hotels: number };
      tableItems: number;
      indexHeapMb: number;
    }>('ready');
    console.log(
      `\nDated search: ${hotels} hotels indexed, ${ready.inCities} in ${cities.join(' and ')} (${ready.full} full on ${checkIn}..${checkOut}), ` +
        `${ready.tableItems} room type and night items in DynamoDB Local; set up in ${Math.round((performance.now() - setupStart) / 1000)} s; ` +
        `embedded engine heap ${ready.indexHeapMb.toFixed(0)} MB`,
    );
    const stats = async () => {
      server.send('stats');
      return next<{ reads: number; items: number }>('stats');
    };
    const reads = async () => (await stats()).reads;
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
      const timings: Array<ReturnType<typeof serverTimingOf>> = [];
      const get = async () => {
        const res = await fetch(`${ready.url}/v1/hotels/search?${query()}`);
        const body = (await res.json()) as { items: unknown[] };
        if (res.status !== 200 || body.items.length !== 20)
          throw new Error(`${type}: ${res.status}, ${body.items?.length} items`);
        timings.push(serverTimingOf(res.headers.get('server-timing')));
      };
      for (let i = 0; i < 20; i++) await get();
      timings.length = 0;
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
        server: {
          total: median(timings.map((t) => t.total)),
          db: median(timings.map((t) => t.db)),
          search: median(timings.map((t) => t.search)),
        },
      });
    }
    console.log(
      '\nend to end, limit 20            p50 ms   p95 ms   BatchGetItem calls per page   server p50: total, db (summed), search',
    );
    for (const r of rows)
      console.log(
        `${r.type.padEnd(30)} ${r.p50.toFixed(2).padStart(7)} ${r.p95.toFixed(2).padStart(8)} ${r.readsPerPage.toFixed(1).padStart(10)}` +
          `   ${r.server.total.toFixed(1).padStart(20)} ${r.server.db.toFixed(1).padStart(6)} ${r.server.search.toFixed(1).padStart(6)}`,
      );
    const bounded = await benchBounded(
      ready.url,
      stay,
      ready.fullCity,
      ready.walkCity.name,
      stats,
      soldOutPages,
    );
    return {
      hotels,
      cities,
      inCities: ready.inCities,
      full: ready.full,
      indexHeapMb: ready.indexHeapMb,
      rows,
      bounded,
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

const median = (values: number[]) => percentile(values, 0.5) ?? 0;

/** The read-bound part of BENCHMARKS.md, from its measurements. */
export function boundedMarkdown(b: BoundedBench, readBudget: number): string {
  const rows = b.soldOut
    .map(
      (r) =>
        `| ${r.sort} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.readsP50} | ${r.readsMax} | ${r.shortPages} of ${r.pages} |`,
    )
    .join('\n');
  return `A city of ${b.fullCity.hotels.toLocaleString('en-US')} hotels, ${b.fullCity.full.toLocaleString('en-US')} of them full on the searched nights, among the same
100,000: each request reads at most ${readBudget.toLocaleString('en-US')} items (candidates from the engine, keys from the
table, hotels a cursor names), and a page cut short there says so with its cursor. Pages
followed from the first, limit 20. Goal: p95 ≤ 100 ms, items read ≤ the bound.

| order | p50 ms | p95 ms | items read, p50 | items read, max | short pages |
| --- | --- | --- | --- | --- | --- |
${rows}

A walk by price to the end of a city of 1,000 bookable hotels, one in five with its cheapest
room type full (its price floor below its offer), limit 20: ${b.walk.pages} pages showing ${b.walk.hotels.toLocaleString('en-US')} hotels, medians of 5 walks.

| page | ms | items read |
| --- | --- | --- |
| 1 | ${b.walk.firstMs.toFixed(1)} | ${b.walk.firstReads} |
| 50 | ${b.walk.lastMs.toFixed(1)} | ${b.walk.lastReads} |

The longest cursor of the walks: ${b.walk.longestCursor.toLocaleString('en-US')} characters (the API accepts 2,048).`;
}

/** The read bound in a mostly sold-out city, and a walk to the end by price (see `search-server.ts`). */
async function benchBounded(
  url: string,
  stay: string,
  fullCity: { name: string; hotels: number; full: number },
  walkCity: string,
  stats: () => Promise<{ reads: number; items: number }>,
  timedPages: number,
): Promise<BoundedBench> {
  const page = async (query: string) => {
    const before = (await stats()).items;
    const start = performance.now();
    const res = await fetch(`${url}/v1/hotels/search?${query}`);
    const ms = performance.now() - start;
    const body = (await res.json()) as { items: unknown[]; nextCursor: string | null };
    if (res.status !== 200) throw new Error(`${query}: ${res.status} ${JSON.stringify(body)}`);
    return { ms, items: (await stats()).items - before, body };
  };
  const soldOut: BoundedBench['soldOut'] = [];
  for (const sort of ['relevance', 'price']) {
    const base = `city=${encodeURIComponent(fullCity.name)}&${stay}&limit=20${sort === 'price' ? '&sort=price' : ''}`;
    const times: number[] = [];
    const items: number[] = [];
    let shortPages = 0;
    // Walks from the first page, following cursors, until `timedPages` are timed (after 20 untimed).
    let cursor: string | null = null;
    for (let i = 0; i < 20 + timedPages; i++) {
      const got = await page(cursor ? `${base}&cursor=${encodeURIComponent(cursor)}` : base);
      cursor = got.body.nextCursor;
      if (i < 20) continue;
      times.push(got.ms);
      items.push(got.items);
      if (got.body.items.length < 20 && cursor) shortPages++;
    }
    soldOut.push({
      sort,
      p50: median(times),
      p95: percentile(times, 0.95) ?? 0,
      readsP50: median(items),
      readsMax: Math.max(...items),
      pages: times.length,
      shortPages,
    });
  }
  // Five walks to the end by price: page 1 against page 50, each the median over the walks.
  const walks: Array<Array<{ ms: number; items: number; cursorLength: number }>> = [];
  const shown = new Set<string>();
  for (let w = 0; w < 5; w++) {
    const base = `city=${encodeURIComponent(walkCity)}&${stay}&limit=20&sort=price`;
    const pages: Array<{ ms: number; items: number; cursorLength: number }> = [];
    let cursor: string | null = null;
    do {
      const got = await page(cursor ? `${base}&cursor=${encodeURIComponent(cursor)}` : base);
      cursor = got.body.nextCursor;
      for (const item of got.body.items as Array<{ hotelId: string }>) shown.add(item.hotelId);
      pages.push({ ms: got.ms, items: got.items, cursorLength: cursor?.length ?? 0 });
    } while (cursor && pages.length < 200);
    walks.push(pages);
  }
  const at = (i: number, key: 'ms' | 'items') => median(walks.map((p) => p[i]?.[key] ?? 0));
  const pages = walks[0]?.length ?? 0;
  const walk = {
    pages,
    hotels: shown.size,
    firstMs: at(0, 'ms'),
    lastMs: at(49, 'ms'),
    firstReads: at(0, 'items'),
    lastReads: at(49, 'items'),
    longestCursor: Math.max(...walks.flat().map((p) => p.cursorLength)),
  };
  console.log(
    `\n${fullCity.name}: ${fullCity.hotels} hotels, ${fullCity.full} full on the nights; read bound per request, limit 20, following cursors`,
  );
  console.log('order        p50 ms   p95 ms   items read p50   max   short pages');
  for (const r of soldOut)
    console.log(
      `${r.sort.padEnd(12)} ${r.p50.toFixed(1).padStart(6)} ${r.p95.toFixed(1).padStart(8)} ${String(r.readsP50).padStart(16)} ${String(r.readsMax).padStart(5)} ${`${r.shortPages}/${r.pages}`.padStart(13)}`,
    );
  console.log(
    `\nwalk by price to the end of ${walkCity} (1,000 bookable hotels, limit 20): ${pages} pages, ${shown.size} hotels; ` +
      `page 1: ${walk.firstMs.toFixed(1)} ms, ${walk.firstReads} items read; page 50: ${walk.lastMs.toFixed(1)} ms, ${walk.lastReads} items read; longest cursor ${walk.longestCursor} characters`,
  );
  return { fullCity, soldOut, walk };
}

/** The dated rows of two runs side by side: p95 before, p95 after, and their ratio. */
function compareMarkdown(after: DatedBench, before: DatedBench): string {
  const lines = [
    '| search, limit 20 | before p50 | before p95 | after p50 | after p95 | after ÷ before (p95) |',
  ];
  lines.push('| --- | --- | --- | --- | --- | --- |');
  for (const a of after.rows) {
    const b = before.rows.find((r) => r.type === a.type);
    if (!b) continue;
    lines.push(
      `| ${a.type} | ${b.p50.toFixed(1)} | ${b.p95.toFixed(1)} | ${a.p50.toFixed(1)} | ${a.p95.toFixed(1)} | ${(a.p95 / b.p95).toFixed(2)} |`,
    );
  }
  for (const a of after.bounded.soldOut) {
    const b = before.bounded.soldOut.find((r) => r.sort === a.sort);
    if (!b) continue;
    lines.push(
      `| sold-out city, ${a.sort} | ${b.p50.toFixed(1)} | ${b.p95.toFixed(1)} | ${a.p50.toFixed(1)} | ${a.p95.toFixed(1)} | ${(a.p95 / b.p95).toFixed(2)} |`,
    );
  }
  return lines.join('\n');
}

// Options: --dated-only; BENCH_BEFORE_DIR=<checkout> also runs that checkout's server right after
// this one's (a before and after in one run); BENCH_PRODUCT_DIR=<checkout> measures only that one;
// BENCH_PER_TYPE and BENCH_SOLD_OUT_PAGES (200 each) for shorter runs; BENCH_SERVER_FLAGS
// (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") for the server's Node.
if (import.meta.url === `file://${process.argv[1]}`) {
  if (!process.argv.includes('--dated-only')) await benchSearch();
  const hotels = Number(process.env.BENCH_HOTELS ?? 100_000);
  const options: DatedBenchOptions = {
    perType: Number(process.env.BENCH_PER_TYPE ?? 200),
    soldOutPages: Number(process.env.BENCH_SOLD_OUT_PAGES ?? 200),
    serverFlags: process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? [],
  };
  const dated = await benchDatedSearch(hotels, {
    ...options,
    productDir: process.env.BENCH_PRODUCT_DIR || undefined,
  });
  console.log(`\n${boundedMarkdown(dated.bounded, READ_BUDGET)}`);
  const beforeDir = process.env.BENCH_BEFORE_DIR;
  if (beforeDir) {
    console.log(`\nBefore: the same benchmark on ${beforeDir}'s server`);
    const before = await benchDatedSearch(hotels, { ...options, productDir: beforeDir });
    console.log(`\n${compareMarkdown(dated, before)}`);
  }
}
