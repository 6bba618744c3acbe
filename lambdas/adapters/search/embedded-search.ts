/**
 * The local environment's `HotelSearch`: MiniSearch in memory, with the same
 * behaviour as the OpenSearch adapter. Prefix on the last word as you type,
 * fuzziness AUTO with transpositions, ASCII folding, name and city words mixed,
 * an exact city filter, and cursor paging sorted by (score, name, hotelId).
 */
import MiniSearch, { type Query, type SearchResult } from 'minisearch';
import { ValidationFailed } from '../../domain/errors';
import type { HotelSearch, HotelSummary, SearchPage, SearchQuery } from '../../domain/ports';
import { decodeCursor, encodeCursor, queryFingerprint } from './cursor';
import { foldToAscii } from './folding';

/** OpenSearch's `fuzziness: AUTO`: 0 edits up to 2 characters, 1 up to 5, then 2. */
export function autoFuzziness(term: string): number {
  return term.length <= 2 ? 0 : term.length <= 5 ? 1 : 2;
}

/** Spellings one swap of adjacent letters away: OpenSearch counts them as one edit, Levenshtein as two. */
function transpositions(term: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i + 1 < term.length; i++) {
    if (term[i] === term[i + 1]) continue;
    out.add(term.slice(0, i) + term[i + 1] + term[i] + term.slice(i + 2));
  }
  return [...out];
}

const tokenize = (text: string) =>
  foldToAscii(text)
    .split(/[\s\p{P}\p{S}]+/u)
    .filter(Boolean);

interface Ranked {
  readonly hotel: HotelSummary;
  readonly score: number;
  readonly sortName: string;
}

/** Strictly after the cursor's (score desc, name asc, id asc) position. */
function after(item: Ranked, score: number, sortName: string, hotelId: string): boolean {
  if (item.score !== score) return item.score < score;
  if (item.sortName !== sortName) return item.sortName > sortName;
  return item.hotel.hotelId > hotelId;
}

function compare(a: Ranked, b: Ranked): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.sortName !== b.sortName) return a.sortName < b.sortName ? -1 : 1;
  return a.hotel.hotelId < b.hotel.hotelId ? -1 : a.hotel.hotelId > b.hotel.hotelId ? 1 : 0;
}

/** MiniSearch-backed hotel search for the local environment. */
export class EmbeddedHotelSearch implements HotelSearch {
  private readonly engine = new MiniSearch<HotelSummary>({
    idField: 'hotelId',
    fields: ['name', 'city'],
    storeFields: ['hotelId', 'name', 'city', 'country', 'managedIn'],
    tokenize,
    processTerm: (term) => term || null,
  });
  /** Folded city -> hotel ids, so "a city, no text" does not scan the whole index. */
  private readonly byCity = new Map<string, Set<string>>();
  private readonly docs = new Map<string, HotelSummary>();

  /** Number of hotels in the index. */
  get size(): number {
    return this.docs.size;
  }

  async index(hotel: HotelSummary): Promise<void> {
    this.indexNow(hotel);
  }

  /** Synchronous add-or-replace, for bulk loads. */
  indexNow(hotel: HotelSummary): void {
    const doc: HotelSummary = {
      hotelId: hotel.hotelId,
      name: hotel.name,
      city: hotel.city,
      country: hotel.country,
      managedIn: hotel.managedIn,
    };
    if (this.docs.has(doc.hotelId)) this.removeNow(doc.hotelId);
    this.engine.add(doc);
    this.docs.set(doc.hotelId, doc);
    const city = foldToAscii(doc.city);
    const ids = this.byCity.get(city) ?? new Set<string>();
    ids.add(doc.hotelId);
    this.byCity.set(city, ids);
  }

  async remove(hotelId: string): Promise<void> {
    this.removeNow(hotelId);
  }

  private removeNow(hotelId: string): void {
    const doc = this.docs.get(hotelId);
    if (!doc) return;
    this.engine.discard(hotelId);
    this.docs.delete(hotelId);
    this.byCity.get(foldToAscii(doc.city))?.delete(hotelId);
  }

  async search(query: SearchQuery): Promise<SearchPage> {
    const terms = tokenize(query.q ?? '');
    const city = query.city ? foldToAscii(query.city.trim()) : undefined;
    const fingerprint = queryFingerprint(terms.join(' '), city);
    const position = query.cursor ? decodeCursor(query.cursor, fingerprint) : undefined;
    const [score, sortName, hotelId] = position ?? [];
    if (
      position &&
      (typeof score !== 'number' || typeof sortName !== 'string' || typeof hotelId !== 'string')
    )
      throw new ValidationFailed('The cursor is not valid for this search', { cursor: 'is not valid' });

    const ranked = terms.length ? this.matches(terms, city) : this.listing(city);
    const remaining = position
      ? ranked.filter((r) => after(r, score as number, sortName as string, hotelId as string))
      : ranked;
    remaining.sort(compare);
    const page = remaining.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor =
      remaining.length > query.limit && last
        ? encodeCursor(fingerprint, [last.score, last.sortName, last.hotel.hotelId])
        : null;
    return { items: page.map((r) => r.hotel), nextCursor };
  }

  /** Everything (or one city), all with the same score, so the order is by name. */
  private listing(city: string | undefined): Ranked[] {
    const ids = city ? [...(this.byCity.get(city) ?? [])] : [...this.docs.keys()];
    return ids.flatMap((id) => {
      const hotel = this.docs.get(id);
      return hotel ? [{ hotel, score: 1, sortName: foldToAscii(hotel.name) }] : [];
    });
  }

  private matches(terms: string[], city: string | undefined): Ranked[] {
    const last = terms.length - 1;
    // Each word must match in name or city: typed words fuzzily, the last one also as a prefix.
    const perTerm: Query[] = terms.map((term, i) => {
      const fuzzy = autoFuzziness(term);
      const variants: Query[] = [{ queries: [term], combineWith: 'OR', prefix: i === last, fuzzy }];
      if (fuzzy === 1)
        for (const swapped of transpositions(term))
          variants.push({ queries: [swapped], combineWith: 'OR', prefix: i === last, fuzzy: 0 });
      return { queries: variants, combineWith: 'OR' };
    });
    const results: SearchResult[] = this.engine.search(
      { queries: perTerm, combineWith: 'AND' },
      {
        boost: { name: 2, city: 1 },
        weights: { fuzzy: 0.45, prefix: 0.6 },
        filter: city ? (r) => foldToAscii(String(r.city)) === city : undefined,
      },
    );
    return results.map((r) => {
      const hotel = this.docs.get(String(r.id)) as HotelSummary;
      // Rounded so that a score survives the cursor's JSON round trip exactly.
      return { hotel, score: Math.round(r.score * 1e6) / 1e6, sortName: foldToAscii(hotel.name) };
    });
  }
}
