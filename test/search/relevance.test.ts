/** The relevance set (test/fixtures, built by scripts/build-relevance-set.ts) on the embedded engine. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EmbeddedHotelSearch } from '../../lambdas/adapters/search/embedded-search';
import type { HotelSummary } from '../../lambdas/domain/ports';
import { evaluateRelevance, type RelevanceCase } from '../../local/relevance';

const read = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

describe('search relevance', () => {
  it('finds the intended hotel in the top 5 for at least 95% of 150+ realistic queries', async () => {
    const hotels = read<HotelSummary[]>('relevance-hotels.json');
    const cases = read<RelevanceCase[]>('relevance-queries.json');
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(cases.map((c) => c.kind))).toEqual(
      new Set(['prefix', 'typo', 'two-typos', 'swap', 'accents', 'city-first']),
    );
    const search = new EmbeddedHotelSearch();
    for (const hotel of hotels) search.indexNow(hotel);
    const report = await evaluateRelevance(search, cases);
    expect(report.misses.length, JSON.stringify(report.misses.slice(0, 5))).toBeLessThanOrEqual(
      Math.floor(cases.length * 0.05),
    );
    expect(report.recallAt5).toBeGreaterThanOrEqual(0.95);
    expect(report.mrr).toBeGreaterThan(0.8);
  });
});
