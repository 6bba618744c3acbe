/**
 * `npm run bench:search`: the embedded engine at 10k and 100k hotels, p50 and
 * p95 per query type, 200 queries each (after a warm-up).
 */
import { EmbeddedHotelSearch } from '../lambdas/adapters/search/embedded-search';
import { foldToAscii } from '../lambdas/adapters/search/folding';
import type { SearchQuery } from '../lambdas/domain/ports';
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
      const words = foldToAscii(name)
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

if (import.meta.url === `file://${process.argv[1]}`) await benchSearch();
