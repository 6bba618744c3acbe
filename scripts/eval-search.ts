/** `npm run eval:search`: recall@5, MRR and city-intent precision@10 of the relevance set on the embedded engine. */
import { readFileSync } from 'node:fs';
import { EmbeddedHotelSearch } from '../lambdas/adapters/search/embedded-search';
import type { HotelSummary } from '../lambdas/domain/ports';
import {
  demoHotelsSearch,
  destinationCases,
  evaluateDestinations,
  evaluateRelevance,
  type RelevanceCase,
} from '../local/relevance';

const read = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), 'utf8'));
const hotels = read<HotelSummary[]>('relevance-hotels.json');
const cases = read<RelevanceCase[]>('relevance-queries.json');
const search = new EmbeddedHotelSearch();
for (const hotel of hotels) search.indexNow(hotel);
const report = await evaluateRelevance(search, cases);
console.log(`relevance set: ${report.queries} queries over ${hotels.length} hotels (embedded engine)`);
console.log(
  `recall@5 ${report.recallAt5.toFixed(3)}   MRR ${report.mrr.toFixed(3)}   (${report.queries} queries for one hotel)`,
);
console.log(
  `city-intent precision@10 ${report.cityPrecisionAt10.toFixed(3)}   (${report.cityQueries} whole city names with typo-neighbours elsewhere)`,
);
for (const [kind, r] of Object.entries(report.byKind))
  console.log(
    `  ${kind.padEnd(11)} ${String(r.queries).padStart(3)} queries  recall@5 ${r.recallAt5.toFixed(3)}`,
  );
for (const miss of report.misses)
  console.log(
    `  miss [${miss.kind}] "${miss.q}" -> wanted ${miss.expected}, got ${miss.got.join(', ') || 'nothing'}`,
  );

// Destinations: every demo city named among generic words, or with a typo, over the demo hotels `npm start` seeds.
const { hotels: demo, search: demoSearch } = demoHotelsSearch();
const destinations = await evaluateDestinations(
  demoSearch,
  demo,
  destinationCases([...new Set(demo.map((h) => h.city))]),
);
console.log(
  `destinations: ${destinations.queries} queries over ${new Set(demo.map((h) => h.city)).size} cities, ${demo.length} demo hotels: city recall ${destinations.recall.toFixed(3)}   precision@city-size ${destinations.precision.toFixed(3)}`,
);
for (const [form, r] of Object.entries(destinations.byForm))
  console.log(
    `  ${form.padEnd(19)} ${String(r.queries).padStart(3)} queries  recall ${r.recall.toFixed(3)}  precision ${r.precision.toFixed(3)}`,
  );
for (const miss of destinations.misses.slice(0, 15))
  console.log(
    `  miss "${miss.q}" (${miss.city}): recall ${miss.recall.toFixed(2)}, precision ${miss.precision.toFixed(2)}`,
  );
