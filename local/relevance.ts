/** Search quality: recall@5 and MRR, and city-intent precision@10, of a relevance set over a fixed hotel list. */
import { EmbeddedHotelSearch } from '../lambdas/adapters/search/embedded-search';
import type { HotelSearch, HotelSummary } from '../lambdas/domain/ports';
import { generateDemoHotels } from './demo-hotels';

/** The demo hotels `npm start` seeds, as summaries, and an embedded engine holding them: what the city measures run on. */
export function demoHotelsSearch(count = 2000): { hotels: HotelSummary[]; search: EmbeddedHotelSearch } {
  const hotels = generateDemoHotels(count).map((h, i) => ({
    hotelId: `demo-${i}`,
    name: h.name,
    city: h.city,
    country: h.country,
    managedIn: 'us-east-1',
  }));
  const search = new EmbeddedHotelSearch();
  for (const hotel of hotels) search.indexNow(hotel);
  return { hotels, search };
}

export interface RelevanceCase {
  readonly kind: string;
  readonly q: string;
  /** The hotel the query means; empty for a city-intent query. */
  readonly expected: string;
  /** For a city-intent query: the city whose hotels the top 10 should be. */
  readonly city?: string;
}

export interface RelevanceReport {
  /** Queries that mean one hotel (recall@5 and MRR are over these). */
  readonly queries: number;
  /** City-intent queries, and the mean share of their top 10 in the named city. */
  readonly cityQueries: number;
  readonly cityPrecisionAt10: number;
  readonly recallAt5: number;
  readonly mrr: number;
  readonly byKind: Record<string, { queries: number; recallAt5: number }>;
  readonly misses: Array<RelevanceCase & { got: string[] }>;
}

/** Runs every case (top 5) against `search`, which must already hold the hotels. */
export async function evaluateRelevance(
  search: HotelSearch,
  cases: readonly RelevanceCase[],
): Promise<RelevanceReport> {
  let hits = 0;
  let reciprocal = 0;
  const byKind: Record<string, { queries: number; hits: number }> = {};
  const misses: RelevanceReport['misses'] = [];
  let precision = 0;
  const cityCases = cases.filter((c) => c.city !== undefined);
  for (const c of cityCases) {
    const top = (await search.search({ q: c.q, limit: 10 })).items;
    precision += top.filter((h) => h.city === c.city).length / 10;
  }
  const hotelCases = cases.filter((c) => c.city === undefined);
  for (const c of hotelCases) {
    const got = (await search.search({ q: c.q, limit: 5 })).items.map((h: HotelSummary) => h.hotelId);
    const rank = got.indexOf(c.expected);
    const kind = byKind[c.kind] ?? { queries: 0, hits: 0 };
    byKind[c.kind] = kind;
    kind.queries++;
    if (rank >= 0) {
      hits++;
      kind.hits++;
      reciprocal += 1 / (rank + 1);
    } else misses.push({ ...c, got });
  }
  return {
    queries: hotelCases.length,
    cityQueries: cityCases.length,
    cityPrecisionAt10: cityCases.length ? precision / cityCases.length : 1,
    recallAt5: hits / hotelCases.length,
    mrr: reciprocal / hotelCases.length,
    byKind: Object.fromEntries(
      Object.entries(byKind).map(([k, v]) => [k, { queries: v.queries, recallAt5: v.hits / v.queries }]),
    ),
    misses,
  };
}

/**
 * City intent on the demo hotels `npm start` seeds: each city's name as the
 * query, and the share of its top 10 that are in that city (mean, and the worst city).
 */
export async function cityPrecisionAt10(
  search: HotelSearch,
  hotels: readonly HotelSummary[],
): Promise<{ cities: number; mean: number; worst: { city: string; precision: number } }> {
  const cities = [...new Set(hotels.map((h) => h.city))];
  let total = 0;
  let worst = { city: '', precision: 1 };
  for (const city of cities) {
    const top = (await search.search({ q: city, limit: 10 })).items;
    const precision = top.filter((h) => h.city === city).length / 10;
    total += precision;
    if (precision < worst.precision) worst = { city, precision };
  }
  return { cities: cities.length, mean: total / cities.length, worst };
}

/** One destination query: a city's name among generic words, or with a typo, and the city it names. */
export interface DestinationCase {
  readonly form: string;
  readonly q: string;
  readonly city: string;
}

/** A typo of a city's name: its longest word with its second-to-last letter dropped ("denver" -> "denvr"), when that word has 5 letters or more. */
function typoOf(city: string): string | undefined {
  const words = city.split(' ');
  let longest = '';
  for (const word of words) if (Array.from(word).length > Array.from(longest).length) longest = word;
  const letters = [...longest];
  if (letters.length < 5) return undefined;
  const typo = [...letters.slice(0, -2), letters.at(-1)].join('');
  return words
    .map((w) => (w === longest ? typo : w))
    .join(' ')
    .toLowerCase();
}

/** The destination queries of every city: "hotels in <city>", "cheap hotel <city>", "best hotels near <city>", "<city> hotels", and typos of it. */
export function destinationCases(cities: readonly string[]): DestinationCase[] {
  return cities.flatMap((city) => {
    const name = city.toLowerCase();
    const typo = typoOf(city);
    return [
      { form: 'hotels in X', q: `hotels in ${name}`, city },
      { form: 'cheap hotel X', q: `cheap hotel ${name}`, city },
      { form: 'best hotels near X', q: `best hotels near ${name}`, city },
      { form: 'X hotels', q: `${name} hotels`, city },
      ...(typo
        ? [
            { form: 'typo', q: typo, city },
            { form: 'hotels in typo', q: `hotels in ${typo}`, city },
          ]
        : []),
    ];
  });
}

export interface DestinationReport {
  readonly queries: number;
  /** Mean share of the named city's hotels that the query finds (all pages). */
  readonly recall: number;
  /** Mean share of the first n results (n = the city's hotels) that are in the city. */
  readonly precision: number;
  /** Queries that missed a hotel of the city or ranked another city's hotel among the first n. */
  readonly misses: Array<DestinationCase & { recall: number; precision: number }>;
  readonly byForm: Record<string, { queries: number; recall: number; precision: number }>;
}

/** Runs every destination case against `search` (which must hold `hotels`), reading every page. */
export async function evaluateDestinations(
  search: HotelSearch,
  hotels: readonly HotelSummary[],
  cases: readonly DestinationCase[],
): Promise<DestinationReport> {
  const byCity = new Map<string, number>();
  for (const h of hotels) byCity.set(h.city, (byCity.get(h.city) ?? 0) + 1);
  const misses: DestinationReport['misses'] = [];
  const byForm: Record<string, { queries: number; recall: number; precision: number }> = {};
  let recallSum = 0;
  let precisionSum = 0;
  for (const c of cases) {
    const found: HotelSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await search.search({ q: c.q, limit: 100, cursor });
      found.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && found.length < 1000);
    const size = byCity.get(c.city) ?? 0;
    const recall = found.filter((h) => h.city === c.city).length / size;
    const precision = found.slice(0, size).filter((h) => h.city === c.city).length / size;
    recallSum += recall;
    precisionSum += precision;
    const form = byForm[c.form] ?? { queries: 0, recall: 0, precision: 0 };
    byForm[c.form] = form;
    form.queries++;
    form.recall += recall;
    form.precision += precision;
    if (recall < 1 || precision < 1) misses.push({ ...c, recall, precision });
  }
  for (const form of Object.values(byForm)) {
    form.recall /= form.queries;
    form.precision /= form.queries;
  }
  return {
    queries: cases.length,
    recall: recallSum / cases.length,
    precision: precisionSum / cases.length,
    misses,
    byForm,
  };
}
