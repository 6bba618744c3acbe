/** The relevance set (test/fixtures, built by scripts/build-relevance-set.ts) on the embedded engine. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EmbeddedHotelSearch } from '../../lambdas/adapters/search/embedded-search';
import type { HotelSummary } from '../../lambdas/domain/ports';
import {
  cityPrecisionAt10,
  demoHotelsSearch,
  destinationCases,
  evaluateDestinations,
  evaluateRelevance,
  type RelevanceCase,
} from '../../local/relevance';

const read = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

describe('search relevance', () => {
  it('finds the intended hotel in the top 5 for at least 95% of 200+ realistic queries, and ranks whole city names by city', async () => {
    const hotels = read<HotelSummary[]>('relevance-hotels.json');
    const cases = read<RelevanceCase[]>('relevance-queries.json');
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(new Set(cases.map((c) => c.kind))).toEqual(
      new Set([
        'prefix',
        'typo',
        'two-typos',
        'swap',
        'accents',
        'city-first',
        'city',
        'exact-name',
        'unknown-word',
      ]),
    );
    const search = new EmbeddedHotelSearch();
    for (const hotel of hotels) search.indexNow(hotel);
    const report = await evaluateRelevance(search, cases);
    expect(report.misses.length, JSON.stringify(report.misses.slice(0, 5))).toBeLessThanOrEqual(
      Math.floor(cases.length * 0.05),
    );
    expect(report.recallAt5).toBeGreaterThanOrEqual(0.95);
    expect(report.mrr).toBeGreaterThan(0.9);
    expect(report.cityPrecisionAt10).toBeGreaterThanOrEqual(0.95);
    for (const kind of ['exact-name', 'unknown-word'])
      expect(report.byKind[kind]?.recallAt5, kind).toBeGreaterThanOrEqual(0.95);
  });

  it('ranks each city of the demo hotels first for its name: "bangkok" before Siem Reap\'s "Angkor" hotels', async () => {
    const { hotels: demo, search } = demoHotelsSearch();
    const precision = await cityPrecisionAt10(search, demo);
    expect(precision.cities).toBeGreaterThanOrEqual(30);
    expect(precision.worst, JSON.stringify(precision.worst)).toEqual({ city: '', precision: 1 });
  });

  it("finds every hotel of a demo city its name among generic words, or a typo of it, names, the city's first", async () => {
    const { hotels: demo, search } = demoHotelsSearch();
    const cities = [...new Set(demo.map((h) => h.city))];
    expect(cities.length).toBeGreaterThanOrEqual(38);
    const report = await evaluateDestinations(search, demo, destinationCases(cities));
    expect(report.queries).toBeGreaterThanOrEqual(200);
    // Every hotel of the named city, whatever the form of the query (before: 0.21 for "hotels in X").
    expect(report.recall).toBe(1);
    for (const form of ['hotels in X', 'cheap hotel X', 'best hotels near X', 'X hotels'])
      expect(report.byForm[form]?.precision, form).toBe(1);
    // A typo of the city finds it all too; a rare hotel name a typo away may come among them.
    expect(report.precision).toBeGreaterThanOrEqual(0.99);
    const denver = demo.filter((h) => h.city === 'Denver').map((h) => h.hotelId);
    expect(denver.length).toBeGreaterThan(40);
    const found = (await search.search({ q: 'hotels in denver', limit: 100 })).items.map((h) => h.hotelId);
    expect(found.sort()).toEqual(denver.sort());
    // Manila's hotels all come before any "Marina … Hotel" of San Francisco.
    const manila = (await search.search({ q: 'cheap hotel manila', limit: 100 })).items;
    const manilaCount = demo.filter((h) => h.city === 'Manila').length;
    expect(manila.slice(0, manilaCount).every((h) => h.city === 'Manila')).toBe(true);
  });
});
