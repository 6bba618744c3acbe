/**
 * The local environment's `HotelSearch`, with the same behaviour as the
 * OpenSearch adapter: prefix on the last word as you type, fuzziness AUTO with
 * transpositions and the first letter right, ASCII folding, name and city words
 * mixed, the ranking rules of `ranking.ts` (exact words first, blended
 * frequencies, named hotels and cities first, fallback to most words), an exact
 * city filter, and cursor paging sorted by (score, name, hotelId).
 *
 * Terms are looked up in MiniSearch's radix tree (`SearchableMap`: prefix and
 * fuzzy lookups). Scoring is BM25 over typed-array postings with a top-k cut,
 * because MiniSearch's own search scores, allocates and sorts every match:
 * measured at 100k hotels, a two-letter prefix took ~57 ms there.
 */
import SearchableMap from 'minisearch/SearchableMap';
import type {
  HotelSearch,
  HotelSummary,
  IndexedHotel,
  SearchHit,
  SearchIndexChange,
  SearchIndexWriter,
  SearchPage,
  SearchQuery,
} from '../../domain/ports';
import type { RateSummary } from '../../domain/rates';
import { compareFolded, fold } from '../../domain/text-fold';
import { rateAttributes } from '../dynamodb/items/hotel';
import { decodeCursorAmong, encodeCursor, matchFingerprints, orderVariant, type SortKey } from './cursor';
import { floorKey } from './price-key';
import { namedSpans, nameKey, queryWords, RANKING, tokenize } from './ranking';

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

const FIELDS = ['name', 'city'] as const;
type Field = (typeof FIELDS)[number];
const FIELD_BOOST: Record<Field, number> = { name: 2, city: 1 };
const { exactBoost: EXACT_BOOST, fuzzyWeight: FUZZY_WEIGHT, prefixWeight: PREFIX_WEIGHT } = RANKING;
/** OpenSearch expands a prefix to at most 50 terms (`max_expansions`); so do we. */
const MAX_EXPANSIONS = 50;
const K1 = 1.2;
const B = 0.7;

/** Documents of one term in one field: ordinals and term frequencies, appended as hotels arrive. */
interface Postings {
  docs: number[];
  tfs: number[];
}
type TermEntry = Record<Field, Postings>;

/** In-memory hotel search for the local environment. */
export class EmbeddedHotelSearch implements HotelSearch, SearchIndexWriter {
  private readonly terms = new SearchableMap<TermEntry>();
  private docs: Array<HotelSummary | undefined> = [];
  private sortNames: string[] = [];
  /** Each document's hotelier, for the management list's filter; never part of a result. */
  private owners: Array<string | undefined> = [];
  private cityIds: number[] = [];
  /** Each document's rate summary (undefined: unknown), its price sort keys and its largest room type. */
  private rates: Array<RateSummary | undefined> = [];
  private priceKeys: { fromPrice: string[]; priceFloor: string[] } = { fromPrice: [], priceFloor: [] };
  private maxRooms: number[] = [];
  private lengths: Record<Field, number[]> = { name: [], city: [] };
  private readonly ordinalOf = new Map<string, number>();
  private readonly cityIdOf = new Map<string, number>();
  private readonly byCity = new Map<number, Set<number>>();
  /** Hotels by their whole name as one key, to find the hotels a query names. */
  private readonly byNameKey = new Map<string, Set<number>>();
  private nameKeys: string[] = [];
  private totalLength: Record<Field, number> = { name: 0, city: 0 };
  private dead = 0;
  // Scratch space reused by every query, sized to the number of ordinals.
  private scores = new Float64Array(0);
  private best = new Float64Array(0);
  private current = new Float64Array(0);
  private matched = new Uint16Array(0);
  private queryStamp = new Uint32Array(0);
  private wordStamp = new Uint32Array(0);
  private termStamp = new Uint32Array(0);
  private generation = 0;

  async index(hotel: IndexedHotel): Promise<void> {
    this.indexNow(hotel);
  }

  async remove(hotelId: string): Promise<void> {
    this.removeNow(hotelId);
  }

  async write(changes: readonly SearchIndexChange[]): Promise<void> {
    for (const change of changes) {
      if (change.op === 'index') this.indexNow(change.hotel);
      else this.removeNow(change.hotelId);
    }
  }

  /** Synchronous add-or-replace, for bulk loads. */
  indexNow(hotel: IndexedHotel): void {
    const doc: HotelSummary = {
      hotelId: hotel.hotelId,
      name: hotel.name,
      city: hotel.city,
      country: hotel.country,
      managedIn: hotel.managedIn,
    };
    this.removeNow(doc.hotelId);
    const ordinal = this.docs.length;
    this.docs.push(doc);
    this.sortNames.push(fold(doc.name));
    this.owners.push(hotel.ownerId);
    this.addRates(hotel.rates);
    const cityKey = fold(doc.city.trim());
    let cityId = this.cityIdOf.get(cityKey);
    if (cityId === undefined) {
      cityId = this.cityIdOf.size;
      this.cityIdOf.set(cityKey, cityId);
    }
    this.cityIds.push(cityId);
    const inCity = this.byCity.get(cityId) ?? new Set<number>();
    inCity.add(ordinal);
    this.byCity.set(cityId, inCity);
    this.ordinalOf.set(doc.hotelId, ordinal);
    const key = nameKey(doc.name);
    this.nameKeys.push(key);
    const named = this.byNameKey.get(key) ?? new Set<number>();
    named.add(ordinal);
    this.byNameKey.set(key, named);
    for (const field of FIELDS) {
      const words = tokenize(doc[field]);
      this.lengths[field].push(words.length);
      this.totalLength[field] += words.length;
      const counts = new Map<string, number>();
      for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
      for (const [word, tf] of counts) {
        let entry = this.terms.get(word);
        if (!entry) {
          entry = { name: { docs: [], tfs: [] }, city: { docs: [], tfs: [] } };
          this.terms.set(word, entry);
        }
        entry[field].docs.push(ordinal);
        entry[field].tfs.push(tf);
      }
    }
  }

  /** The same fields the index reads off a hotel item (`rateAttributes`), for this ordinal. */
  private addRates(rates: RateSummary | undefined): void {
    this.rates.push(rates);
    const derived = rates ? rateAttributes(rates) : undefined;
    this.priceKeys.fromPrice.push(derived ? String(derived.fromPriceKey) : '~');
    this.priceKeys.priceFloor.push(derived ? String(derived.priceFloorKey) : floorKey(undefined));
    // Unknown rooms never filter a hotel out: the second stage reads them.
    this.maxRooms.push(derived ? Number(derived.maxRooms) : Number.POSITIVE_INFINITY);
  }

  private removeNow(hotelId: string): void {
    const ordinal = this.ordinalOf.get(hotelId);
    if (ordinal === undefined) return;
    const doc = this.docs[ordinal];
    if (doc) for (const field of FIELDS) this.totalLength[field] -= this.lengths[field][ordinal] ?? 0;
    this.docs[ordinal] = undefined;
    this.ordinalOf.delete(hotelId);
    this.byCity.get(this.cityIds[ordinal] ?? -1)?.delete(ordinal);
    this.byNameKey.get(this.nameKeys[ordinal] ?? '')?.delete(ordinal);
    // Postings keep dead ordinals until there are many; then rebuild compactly.
    if (++this.dead > 1000 && this.dead > this.docs.length / 3) this.rebuild();
  }

  private rebuild(): void {
    const alive = this.docs.flatMap((d, o) =>
      d ? [{ ...d, ownerId: this.owners[o], rates: this.rates[o] }] : [],
    );
    this.terms.clear();
    this.docs = [];
    this.sortNames = [];
    this.owners = [];
    this.cityIds = [];
    this.nameKeys = [];
    this.byNameKey.clear();
    this.rates = [];
    this.priceKeys = { fromPrice: [], priceFloor: [] };
    this.maxRooms = [];
    this.lengths = { name: [], city: [] };
    this.totalLength = { name: 0, city: 0 };
    this.ordinalOf.clear();
    this.byCity.clear();
    this.dead = 0;
    for (const doc of alive) this.indexNow(doc);
  }

  async search(query: SearchQuery): Promise<SearchPage> {
    const words = queryWords(query.q);
    const cityKey = query.city?.trim() ? fold(query.city.trim()) : undefined;
    const order = query.order ?? 'relevance';
    const fingerprints = matchFingerprints(words, cityKey, query.ownerId, orderVariant(query));
    const resume = query.cursor
      ? decodeCursorAmong(query.cursor, fingerprints, order !== 'relevance')
      : undefined;
    // Text without a single word ("*", "(((") matches nothing, as in OpenSearch; only no text lists everything.
    if (!words.length && query.q?.trim()) return { items: [], nextCursor: null };
    const cityId = cityKey === undefined ? undefined : (this.cityIdOf.get(cityKey) ?? -1);
    // What the text matches is decided within the city and owner filters (the most-words fallback too)...
    const accepts = (o: number) =>
      (cityId === undefined || this.cityIds[o] === cityId) &&
      (query.ownerId === undefined || this.owners[o] === query.ownerId);
    // ...and only then narrowed to hotels with a room type big enough (unknown rooms are Infinity: the second stage reads them).
    const minRooms = query.minRooms;
    const shown =
      minRooms === undefined
        ? accepts
        : (o: number) => accepts(o) && (this.maxRooms[o] as number) >= minRooms;
    const scored = words.length
      ? this.scoreMatches(words, accepts, resume ? resume.variant + 1 : undefined)
      : this.listing(cityId);
    // A hotelier's own list is ordered by name: every match scores the same, as in OpenSearch.
    const { ordinals, scoreOf: relevanceOf } = query.ownerId ? { ...scored, scoreOf: () => 1 } : scored;
    // By price, the price key takes the score's place in the sort (text still decides what matches).
    const scoreOf = order === 'relevance' ? relevanceOf : (o: number) => this.priceKeys[order][o] as string;
    const top = this.topAfter(ordinals, scoreOf, query.limit + 1, shown, resume?.sortKey);
    const page = top.slice(0, query.limit);
    const last = page.at(-1);
    const fingerprint = fingerprints[(scored.minimumMatch ?? 1) - 1] as string;
    return {
      items: page.map(({ o, key }) => this.hitOf(o, fingerprint, key)),
      nextCursor: top.length > query.limit && last !== undefined ? encodeCursor(fingerprint, last.key) : null,
    };
  }

  /**
   * A hit, made with everything its cursor needs (its sort values, copied now): another
   * search or an index update while the caller awaits something else cannot change it.
   * Only the sealing waits until `after` is read, since an undated page never reads it.
   */
  private hitOf(ordinal: number, fingerprint: string, key: SortKey): SearchHit {
    const rates = this.rates[ordinal];
    let sealed: string | undefined;
    const hit = { ...(this.docs[ordinal] as HotelSummary), ...(rates ? { rates } : {}) };
    return Object.defineProperty(hit, 'after', {
      get: () => {
        sealed ??= encodeCursor(fingerprint, key);
        return sealed;
      },
      enumerable: false,
    }) as SearchHit;
  }

  private keyOf(ordinal: number, scoreOf: (o: number) => number | string): SortKey {
    return [
      scoreOf(ordinal),
      this.sortNames[ordinal] as string,
      (this.docs[ordinal] as HotelSummary).hotelId,
    ];
  }

  /** Every live hotel (or one city's), all with score 1, so the order is by name. */
  private listing(cityId: number | undefined): Scored {
    const ordinals =
      cityId === undefined
        ? this.ordinalOf.values()
        : (this.byCity.get(cityId) ?? new Set<number>()).values();
    return { ordinals, scoreOf: () => 1 };
  }

  private ensureScratch(): void {
    const n = this.docs.length;
    if (this.scores.length >= n) return;
    const size = Math.max(n, this.scores.length * 2, 1024);
    this.scores = new Float64Array(size);
    this.best = new Float64Array(size);
    this.current = new Float64Array(size);
    this.matched = new Uint16Array(size);
    this.queryStamp = new Uint32Array(size);
    this.wordStamp = new Uint32Array(size);
    this.termStamp = new Uint32Array(size);
  }

  /**
   * The dictionary terms a query word stands for, each with how much a match
   * counts and whether it shares the word's blended idf (the exact word and its
   * typos do, as in OpenSearch's fuzzy rewrite; prefix expansions keep their own).
   */
  private expansions(word: string, isLast: boolean): Map<string, Expansion> {
    const found = new Map<string, Expansion>();
    const offer = (term: string, weight: number, blended: boolean) => {
      if ((found.get(term)?.weight ?? 0) < weight) found.set(term, { weight, blended });
    };
    if (this.terms.has(word)) offer(word, EXACT_BOOST, true);
    const fuzziness = autoFuzziness(word);
    const head = word.slice(0, RANKING.prefixLength);
    if (fuzziness > 0)
      for (const [term, [, distance]] of this.terms.fuzzyGet(word, fuzziness))
        if (distance > 0 && term.startsWith(head))
          offer(term, FUZZY_WEIGHT * (1 - distance / (word.length + 1)), true);
    if (fuzziness === 1)
      for (const swapped of transpositions(word))
        if (swapped.startsWith(head) && this.terms.has(swapped)) offer(swapped, FUZZY_WEIGHT, true);
    if (isLast) {
      let count = 0;
      for (const term of this.terms.atPrefix(word).keys()) {
        if (term !== word) offer(term, PREFIX_WEIGHT * (word.length / term.length) ** 0.5, false);
        if (++count >= MAX_EXPANSIONS) break;
      }
    }
    return found;
  }

  /**
   * BM25 over name (boost 2) and city (boost 1): each query word adds its
   * best-matching expansion, name and city added. Results match the most words
   * any accepted hotel matches (`minimumMatch`, or all words when some hotel has
   * them all); a hotel the query names, or whose city it names, gets a bonus.
   */
  private scoreMatches(
    words: string[],
    accepts: (o: number) => boolean,
    minimumMatch: number | undefined,
  ): Scored & { minimumMatch: number } {
    // Every word first, pruning as it goes (the common case, and as cheap as an AND);
    // only when no accepted hotel has them all, every word's matches in full.
    if (minimumMatch === undefined || minimumMatch >= words.length) {
      const all = this.scoreWords(words, accepts, words.length);
      if (all.candidates.some(accepts) || minimumMatch !== undefined) return all.scored;
    }
    return this.scoreWords(words, accepts, minimumMatch).scored;
  }

  /**
   * One scoring pass: with `requireAll` set (= the number of words), a document
   * is only scored for a word when it matched every earlier word.
   */
  private scoreWords(
    words: string[],
    accepts: (o: number) => boolean,
    minimumMatch: number | undefined,
  ): { scored: Scored & { minimumMatch: number }; candidates: number[] } {
    const requireAll = minimumMatch === words.length;
    this.ensureScratch();
    const live = Math.max(1, this.ordinalOf.size);
    const average: Record<Field, number> = {
      name: Math.max(1, this.totalLength.name / live),
      city: Math.max(1, this.totalLength.city / live),
    };
    const idfOf = (df: number) => Math.log(1 + (live - df + 0.5) / (df + 0.5));
    const queryGeneration = ++this.generation;
    const touched: number[] = [];
    for (let i = 0; i < words.length; i++) {
      const wordGeneration = ++this.generation;
      const wordTouched: number[] = [];
      const expansions = this.expansions(words[i] as string, i === words.length - 1);
      // Blended frequencies: the word and its typos share the idf of the most frequent of them.
      let blendedDf = 0;
      for (const [term, { blended }] of expansions)
        if (blended)
          for (const field of FIELDS)
            blendedDf = Math.max(blendedDf, (this.terms.get(term) as TermEntry)[field].docs.length);
      for (const [term, { weight, blended }] of expansions) {
        const termGeneration = ++this.generation;
        const termTouched: number[] = [];
        const entry = this.terms.get(term) as TermEntry;
        for (const field of FIELDS) {
          const { docs, tfs } = entry[field];
          const idf = idfOf(blended ? blendedDf : docs.length);
          const lengths = this.lengths[field];
          const factor = weight * FIELD_BOOST[field] * idf * (K1 + 1);
          for (let p = 0; p < docs.length; p++) {
            const d = docs[p] as number;
            if (requireAll && i > 0 && (this.queryStamp[d] !== queryGeneration || this.matched[d] !== i))
              continue;
            const tf = tfs[p] as number;
            const s = (factor * tf) / (tf + K1 * (1 - B + (B * (lengths[d] as number)) / average[field]));
            if (this.termStamp[d] !== termGeneration) {
              this.termStamp[d] = termGeneration;
              this.current[d] = s;
              termTouched.push(d);
            } else this.current[d] = (this.current[d] as number) + s;
          }
        }
        for (const d of termTouched) {
          if (this.wordStamp[d] !== wordGeneration) {
            this.wordStamp[d] = wordGeneration;
            this.best[d] = this.current[d] as number;
            wordTouched.push(d);
          } else if ((this.current[d] as number) > (this.best[d] as number))
            this.best[d] = this.current[d] as number;
        }
      }
      for (const d of wordTouched) {
        if (this.docs[d] === undefined) continue;
        if (this.queryStamp[d] !== queryGeneration) {
          this.queryStamp[d] = queryGeneration;
          this.scores[d] = 0;
          this.matched[d] = 0;
          touched.push(d);
        }
        this.scores[d] = (this.scores[d] as number) + (this.best[d] as number);
        this.matched[d] = (this.matched[d] as number) + 1;
      }
    }
    let wanted = minimumMatch ?? 0;
    if (minimumMatch === undefined)
      for (const d of touched)
        if ((this.matched[d] as number) > wanted && accepts(d)) wanted = this.matched[d] as number;
    const candidates = touched.filter((d) => (this.matched[d] as number) >= wanted);
    const named = new Set<number>();
    const namedCities = new Set<number>();
    for (const span of namedSpans(words)) {
      for (const o of this.byNameKey.get(span) ?? []) named.add(o);
      const cityId = this.cityIdOf.get(span);
      if (cityId !== undefined) namedCities.add(cityId);
    }
    const scores = this.scores;
    const cityIds = this.cityIds;
    // Rounded, so that a score survives the cursor's JSON round trip exactly.
    const scoreOf =
      named.size || namedCities.size
        ? (o: number) =>
            Math.round(
              ((scores[o] as number) +
                (named.has(o) ? RANKING.namedBonus : 0) +
                (namedCities.has(cityIds[o] as number) ? RANKING.cityBonus : 0)) *
                1e6,
            ) / 1e6
        : (o: number) => Math.round((scores[o] as number) * 1e6) / 1e6;
    return { scored: { ordinals: candidates, minimumMatch: Math.max(1, wanted), scoreOf }, candidates };
  }

  /** The best `k` accepted ordinals strictly after the cursor, by (score desc, name asc, hotelId asc), in one pass. */
  private topAfter(
    ordinals: Iterable<number>,
    scoreOf: (o: number) => number | string,
    k: number,
    accepts: (o: number) => boolean,
    cursor: SortKey | undefined,
  ): Array<{ o: number; key: SortKey }> {
    const top: Array<{ o: number; key: SortKey }> = [];
    for (const o of ordinals) {
      if (this.docs[o] === undefined || !accepts(o)) continue;
      const key = this.keyOf(o, scoreOf);
      if (cursor && !comesBefore(cursor, key)) continue;
      if (top.length === k && !comesBefore(key, (top[k - 1] as { key: SortKey }).key)) continue;
      let at = top.length;
      while (at > 0 && comesBefore(key, (top[at - 1] as { key: SortKey }).key)) at--;
      top.splice(at, 0, { o, key });
      if (top.length > k) top.pop();
    }
    return top;
  }
}

/** How a dictionary term counts for a query word. */
interface Expansion {
  readonly weight: number;
  /** True for the word itself and its typos: they share the word's blended idf. */
  readonly blended: boolean;
}

interface Scored {
  readonly ordinals: Iterable<number>;
  readonly scoreOf: (ordinal: number) => number;
  /** How many query words each result matches; absent for a listing without text. */
  readonly minimumMatch?: number;
}

/** True when `a` sorts before `b`: higher score (or lower price key), then name, then id. */
function comesBefore(a: SortKey, b: SortKey): boolean {
  if (a[0] !== b[0]) return typeof a[0] === 'string' ? a[0] < b[0] : (a[0] as number) > (b[0] as number);
  // Names by code point, as OpenSearch sorts `name.sort`.
  if (a[1] !== b[1]) return compareFolded(a[1], b[1]) < 0;
  return a[2] < b[2];
}
