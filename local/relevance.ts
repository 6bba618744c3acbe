/** Search quality: recall@5 and MRR, and city-intent precision@10, of a relevance set over a fixed hotel list. */
import type { HotelSearch, HotelSummary } from '../lambdas/domain/ports';

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
