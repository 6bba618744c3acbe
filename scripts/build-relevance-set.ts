/**
 * Builds the relevance set once (its output is committed and reviewed):
 * test/fixtures/relevance-hotels.json, a fixed list of 1,000 demo hotels, and
 * test/fixtures/relevance-queries.json, realistic queries with the hotel each
 * must find. A query is first made unambiguous the way a traveller would make
 * it (adding the city when the name alone is common), then typed imperfectly:
 * cut short, mistyped, letters swapped, accents dropped, city first. Then the
 * kinds the ranking rules answer: whole city names with typo-neighbours in other
 * cities (judged by the share of the top 10 in that city), exact names among
 * near names, and queries with a word no hotel has.
 */
import { writeFileSync } from 'node:fs';
import { fold } from '../lambdas/domain/text-fold';
import { generateDemoHotels, seededRandom } from '../local/demo-hotels';
import type { RelevanceCase } from '../local/relevance';

const random = seededRandom(5);
const hotels = generateDemoHotels(1000, 1234).map((h, i) => ({
  hotelId: `rel-${String(i).padStart(4, '0')}`,
  name: h.name,
  city: h.city,
  country: h.country,
  managedIn: ['US'].includes(h.country) ? 'us-east-1' : 'ap-southeast-1',
}));
const words = (s: string) =>
  fold(s)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
const tokens = hotels.map((h) => new Set([...words(h.name), ...words(h.city)]));

/** Hotels whose words contain every query word (the last as a prefix): those a person would call a match. */
function plausibleMatches(query: string[]): number {
  const last = query.length - 1;
  return tokens.filter((t) =>
    query.every((w, i) => (i === last ? [...t].some((x) => x.startsWith(w)) : t.has(w))),
  ).length;
}

const STOP = new Set(['the', 'hotel', 'inn', 'suites', 'house', 'and']);
const letters = 'abcdefghijklmnopqrstuvwxyz';
function typo(word: string): string {
  const i = 1 + Math.floor(random() * (word.length - 2));
  let c = word[i] as string;
  while (c === word[i]) c = letters[Math.floor(random() * 26)] as string;
  return word.slice(0, i) + c + word.slice(i + 1);
}
function swap(word: string): string {
  const i = 1 + Math.floor(random() * (word.length - 2));
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

/** The words a traveller types to mean this hotel unambiguously (at most 5 plausible matches). */
function intendedWords(index: number): string[] | undefined {
  const hotel = hotels[index];
  if (!hotel) return undefined;
  const nameWords = words(hotel.name).filter((w) => !STOP.has(w));
  for (const candidate of [nameWords, [...nameWords, ...words(hotel.city)]]) {
    if (candidate.length && plausibleMatches(candidate) <= 3) return candidate;
  }
  return undefined;
}

const kinds = ['prefix', 'typo', 'two-typos', 'swap', 'accents', 'city-first'] as const;
const cases: RelevanceCase[] = [];
for (let i = 0; i < hotels.length && cases.length < 180; i += 5) {
  const hotel = hotels[i];
  const intended = intendedWords(i);
  if (!hotel || !intended) continue;
  const kind = kinds[cases.length % kinds.length] as (typeof kinds)[number];
  const q = [...intended];
  const longest = () => q.reduce((best, w, j) => (w.length > (q[best] ?? '').length ? j : best), 0);
  switch (kind) {
    case 'prefix': {
      // Typing stopped 2 to 6 letters into the last word.
      const last = q.length - 1;
      const cut = Math.min((q[last] ?? '').length, 2 + Math.floor(random() * 5));
      q[last] = (q[last] ?? '').slice(0, cut);
      if (plausibleMatches(q) > 5) continue;
      break;
    }
    case 'typo': {
      const j = longest();
      if ((q[j] ?? '').length < 4) continue;
      q[j] = typo(q[j] as string);
      break;
    }
    case 'two-typos': {
      const j = longest();
      if ((q[j] ?? '').length < 6) continue;
      q[j] = typo(typo(q[j] as string));
      break;
    }
    case 'swap': {
      const j = longest();
      if ((q[j] ?? '').length < 4) continue;
      q[j] = swap(q[j] as string);
      break;
    }
    case 'accents': {
      // Accented names typed without accents ("cafe lumiere"), or accents typed where there are none ("hôtel").
      const written = `${hotel.name}${intended.some((w) => words(hotel.city).includes(w)) ? ` ${hotel.city}` : ''}`;
      const accented = fold(written) !== written.toLowerCase();
      const q2 = accented ? fold(written) : written.replace(/[eo]/, (c) => (c === 'e' ? 'é' : 'ô'));
      if (q2 === written) continue;
      cases.push({ kind, q: q2, expected: hotel.hotelId });
      continue;
    }
    case 'city-first': {
      const city = words(hotel.city);
      const name = q.filter((w) => !city.includes(w));
      if (!name.length) continue;
      cases.push({ kind, q: [...city, ...name].join(' '), expected: hotel.hotelId });
      continue;
    }
  }
  cases.push({ kind, q: q.join(' '), expected: hotel.hotelId });
}

// The kinds added with the ranking rules, from their own random stream so that the cases above never change.
const random2 = seededRandom(17);
const distance = (a: string, b: string): number => {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
};
const cityNames = [...new Set(hotels.map((h) => h.city))];
const wordsElsewhere = (city: string) =>
  new Set(hotels.filter((h) => h.city !== city).flatMap((h) => [...words(h.name), ...words(h.city)]));
// Whole city names that another city's hotels have a word a typo or two away from ("bangkok" / "Angkor").
for (const city of cityNames) {
  const q = words(city).join(' ');
  const elsewhere = wordsElsewhere(city);
  const neighbours = words(city).some((w) =>
    [...elsewhere].some((x) => x !== w && distance(x, w) <= (w.length <= 5 ? 1 : 2)),
  );
  if (neighbours) cases.push({ kind: 'city', q, expected: '', city });
}
// Exact names that share all but one word with another hotel's name ("Marina Bay Pearl Hotel" / "Imperial Marina Bay Hotel").
const nameWords = hotels.map((h) => words(h.name));
for (let i = 0, added = 0; i < hotels.length && added < 30; i += 7) {
  const mine = nameWords[i] as string[];
  if (mine.length < 2) continue;
  const near = nameWords.some(
    (other, j) => j !== i && other.filter((w) => mine.includes(w)).length >= mine.length - 1,
  );
  if (!near) continue;
  cases.push({
    kind: 'exact-name',
    q: (hotels[i] as (typeof hotels)[number]).name,
    expected: hotels[i]?.hotelId ?? '',
  });
  added++;
}
// A word the index has nowhere, as travellers add them ("cheap", "best"), anywhere in the query.
const unknownWords = ['cheap', 'best', 'quiet', 'luxury', 'affordable', 'cozy'];
for (let i = 3, added = 0; i < hotels.length && added < 30; i += 11) {
  const intended = intendedWords(i);
  if (!intended) continue;
  const extra = unknownWords[Math.floor(random2() * unknownWords.length)] as string;
  if (tokens.some((t) => t.has(extra))) continue;
  const q = [...intended];
  q.splice(Math.floor(random2() * (q.length + 1)), 0, extra);
  cases.push({ kind: 'unknown-word', q: q.join(' '), expected: hotels[i]?.hotelId ?? '' });
  added++;
}

writeFileSync(
  new URL('../test/fixtures/relevance-hotels.json', import.meta.url),
  `${JSON.stringify(hotels, null, 0)}\n`,
);
writeFileSync(
  new URL('../test/fixtures/relevance-queries.json', import.meta.url),
  `${JSON.stringify(cases, null, 1)}\n`,
);
console.log(
  `${hotels.length} hotels, ${cases.length} queries:`,
  Object.fromEntries(
    [...new Set(cases.map((c) => c.kind))].map((k) => [k, cases.filter((c) => c.kind === k).length]),
  ),
);
