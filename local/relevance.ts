/** Search quality: recall@5 and MRR of a relevance set over a fixed hotel list. */
import type { HotelSearch, HotelSummary } from '../lambdas/domain/ports';

export interface RelevanceCase {
  readonly kind: string;
  readonly q: string;
  readonly expected: string;
}

export interface RelevanceReport {
  readonly queries: number;
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
  for (const c of cases) {
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
    queries: cases.length,
    recallAt5: hits / cases.length,
    mrr: reciprocal / cases.length,
    byKind: Object.fromEntries(
      Object.entries(byKind).map(([k, v]) => [k, { queries: v.queries, recallAt5: v.hits / v.queries }]),
    ),
    misses,
  };
}
