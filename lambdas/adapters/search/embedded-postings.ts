/**
 * The embedded engine's word index and scoring: terms in MiniSearch's radix tree
 * (`SearchableMap`: prefix and fuzzy lookups), postings as plain arrays appended as hotels
 * arrive, and BM25 over name (boost 2) and city (boost 1) computed into scratch arrays, because
 * MiniSearch's own search scores, allocates and sorts every match (measured at 100k hotels, a
 * two-letter prefix took ~57 ms there). Scoring is synchronous: its scratch state is only read
 * before `score` returns a result's values to the caller.
 */
import SearchableMap from 'minisearch/SearchableMap';
import { autoFuzziness, type QueryPlan, RANKING, tokenize } from './ranking';

export const FIELDS = ['name', 'city'] as const;
export type Field = (typeof FIELDS)[number];
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

/** How a dictionary term counts for a query word. */
interface Expansion {
  readonly weight: number;
  /** True for the word itself and its typos: they share the word's blended idf. */
  readonly blended: boolean;
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

/** What a scoring pass needs to know of the documents. */
export interface ScoringScope {
  /** Live documents (for idf and average lengths). */
  readonly live: number;
  readonly isLive: (ordinal: number) => boolean;
  /** Passes the search's filters (city, owner): the fallback's word count is decided among these. */
  readonly accepts: (ordinal: number) => boolean;
  /** Hotels of the cities the query names: results whatever words they match. */
  readonly namedCityDocs: readonly Iterable<number>[];
}

/** The matches of a query: who, how they score, and how many required words each had to match. */
export interface Scored {
  readonly ordinals: Iterable<number>;
  readonly scoreOf: (ordinal: number) => number;
  /** How many required words each result matches (1 at least); absent for a listing without text. */
  readonly minimumMatch?: number;
}

/** Postings of hotel names and cities, and the scoring of queries over them. */
export class PostingsIndex {
  private readonly terms = new SearchableMap<TermEntry>();
  private lengths: Record<Field, number[]> = { name: [], city: [] };
  private totalLength: Record<Field, number> = { name: 0, city: 0 };
  // Scratch space reused by every query, sized to the number of ordinals.
  private scores = new Float64Array(0);
  private best = new Float64Array(0);
  private current = new Float64Array(0);
  private matched = new Uint16Array(0);
  private queryStamp = new Uint32Array(0);
  private wordStamp = new Uint32Array(0);
  private termStamp = new Uint32Array(0);
  private generation = 0;

  /** Adds the words of a hotel's name and city under `ordinal` (the next one). */
  add(ordinal: number, texts: Record<Field, string>): void {
    for (const field of FIELDS) {
      const words = tokenize(texts[field]);
      this.lengths[field][ordinal] = words.length;
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

  /** Takes a removed hotel out of the average lengths; its postings stay until `clear`. */
  forget(ordinal: number): void {
    for (const field of FIELDS) this.totalLength[field] -= this.lengths[field][ordinal] ?? 0;
  }

  clear(): void {
    this.terms.clear();
    this.lengths = { name: [], city: [] };
    this.totalLength = { name: 0, city: 0 };
  }

  /**
   * BM25 over name and city: each query word adds its best-matching expansion, name and city
   * added; generic words at `RANKING.genericWeight`. Results match the most required words any
   * accepted hotel matches (`minimumMatch`, or all when some hotel has them all), and every
   * hotel of a named city is a result too.
   */
  score(
    plan: QueryPlan,
    scope: ScoringScope,
    minimumMatch: number | undefined,
  ): Scored & { minimumMatch: number } {
    // Every word first, pruning as it goes (the common case, and as cheap as an AND);
    // only when no accepted hotel has them all, every word's matches in full.
    if (minimumMatch === undefined || minimumMatch >= plan.required.length) {
      const all = this.scoreWords(plan, scope, plan.required.length);
      // Whether any hotel has every word is decided by words alone, never by a named city's hotels.
      if (all.wordMatches.some(scope.accepts) || minimumMatch !== undefined) return all.scored;
    }
    return this.scoreWords(plan, scope, minimumMatch).scored;
  }

  private ensureScratch(n: number): void {
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
   * One scoring pass. Required words come first; with `minimumMatch` equal to their number
   * (and no city named) a document is only scored for a word when it matched every earlier one.
   * Then the named cities' hotels join, and generic words only add to documents already in.
   */
  private scoreWords(
    plan: QueryPlan,
    scope: ScoringScope,
    minimumMatch: number | undefined,
  ): { scored: Scored & { minimumMatch: number }; wordMatches: number[] } {
    const { words, required } = plan;
    const requireAll = minimumMatch === required.length && scope.namedCityDocs.length === 0;
    this.ensureScratch(this.lengths.name.length);
    const live = Math.max(1, scope.live);
    const average: Record<Field, number> = {
      name: Math.max(1, this.totalLength.name / live),
      city: Math.max(1, this.totalLength.city / live),
    };
    const idfOf = (df: number) => Math.log(1 + (live - df + 0.5) / (df + 0.5));
    const queryGeneration = ++this.generation;
    const touched: number[] = [];
    const requiredSet = new Set(required);
    // Required words first (in query order), then generic ones; each knows whether it is the last typed.
    const order = words
      .map((word, at) => ({ word, isLast: at === words.length - 1, isRequired: requiredSet.has(word) }))
      .sort((a, b) => Number(b.isRequired) - Number(a.isRequired));
    let requiredSoFar = 0;
    let citiesIn = false;
    for (const { word, isLast, isRequired } of order) {
      if (!isRequired && !citiesIn) {
        this.admitCities(scope, queryGeneration, touched);
        citiesIn = true;
      }
      const weightFactor = isRequired ? 1 : RANKING.genericWeight;
      const wordGeneration = ++this.generation;
      const wordTouched: number[] = [];
      const expansions = this.expansions(word, isLast);
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
          const factor = weightFactor * weight * FIELD_BOOST[field] * idf * (K1 + 1);
          for (let p = 0; p < docs.length; p++) {
            const d = docs[p] as number;
            // A generic word only ranks what is already in; with every word required, a word only scores what matched the earlier ones.
            if (!isRequired && this.queryStamp[d] !== queryGeneration) continue;
            if (
              requireAll &&
              requiredSoFar > 0 &&
              (this.queryStamp[d] !== queryGeneration || this.matched[d] !== requiredSoFar)
            )
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
        if (!scope.isLive(d)) continue;
        this.stamp(d, queryGeneration, touched);
        this.scores[d] = (this.scores[d] as number) + (this.best[d] as number);
        if (isRequired) this.matched[d] = (this.matched[d] as number) + 1;
      }
      if (isRequired) requiredSoFar++;
    }
    if (!citiesIn) this.admitCities(scope, queryGeneration, touched);
    let wanted = minimumMatch ?? 0;
    if (minimumMatch === undefined)
      for (const d of touched)
        if ((this.matched[d] as number) > wanted && scope.accepts(d)) wanted = this.matched[d] as number;
    wanted = Math.max(1, wanted);
    const inNamedCity = new Set<number>();
    for (const docs of scope.namedCityDocs) for (const d of docs) inNamedCity.add(d);
    const wordMatches = touched.filter((d) => (this.matched[d] as number) >= wanted);
    const candidates = touched.filter((d) => (this.matched[d] as number) >= wanted || inNamedCity.has(d));
    const scores = this.scores;
    const matched = this.matched;
    return {
      scored: {
        ordinals: candidates,
        minimumMatch: wanted,
        scoreOf: (o) => (scores[o] as number) + RANKING.wordBonus * (matched[o] as number),
      },
      wordMatches,
    };
  }

  /** Brings the named cities' hotels into the query (with nothing scored yet if no word matched them). */
  private admitCities(scope: ScoringScope, queryGeneration: number, touched: number[]): void {
    for (const docs of scope.namedCityDocs)
      for (const d of docs) if (scope.isLive(d)) this.stamp(d, queryGeneration, touched);
  }

  private stamp(d: number, queryGeneration: number, touched: number[]): void {
    if (this.queryStamp[d] === queryGeneration) return;
    this.queryStamp[d] = queryGeneration;
    this.scores[d] = 0;
    this.matched[d] = 0;
    touched.push(d);
  }
}
