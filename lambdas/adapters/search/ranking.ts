/**
 * The ranking rules both search engines follow, defined once: how a query is
 * split into words, how much each kind of match counts, and when the query names
 * a hotel. The OpenSearch adapter turns them into clauses; the embedded engine
 * computes the same sums itself.
 *
 * A hotel's score is the sum, over the query's words, of each word's best match
 * (exact, a typo, or a prefix of the last word), plus a bonus when the query names
 * the hotel. Only the hotels matching the most words are results: every word when
 * some hotel has them all, else as many as any hotel has.
 */
import { fold } from '../../domain/text-fold';

/**
 * What separates words: spaces, punctuation and symbols. The index's `word_gaps` tokenizer and
 * char filter use the same source as a Java regex, so it names only classes that mean the same
 * in both (Java's `\s` is ASCII-only, JavaScript's is not: `\p{Z}` and the controls say it once).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII whitespace controls are word gaps, named so Java reads them too.
export const WORD_GAPS = /[\t\n\x0B\f\r\x1C-\x1F\p{Z}\p{P}\p{S}]+/u;

/** Words of a text, split then folded (as the index's analyzer does): what both fields are indexed as and queries are split into. */
export const tokenize = (text: string): string[] => text.split(WORD_GAPS).filter(Boolean).map(fold);

/** Words beyond this many are ignored: they bound a query's cost in both engines. */
export const QUERY_WORD_LIMIT = 10;

/** The words of a traveller's query, as both engines match them. */
export const queryWords = (q: string | undefined): string[] => tokenize(q ?? '').slice(0, QUERY_WORD_LIMIT);

export const RANKING = {
  /**
   * An exact word counts this much more than itself matched as a typo, so a
   * whole city name ("manila") beats a rarer name one typo away ("Marina").
   * Typos also share the word's idf (blended frequencies), so rarity cannot
   * lift a typo above an exact word.
   */
  exactBoost: 2,
  /** A typo counts this much of an exact word (the embedded engine scales it down further by edit distance). */
  fuzzyWeight: 0.45,
  /** A prefix of the last word, as you type, counts this much (the embedded engine scales it by how much is typed). */
  prefixWeight: 0.6,
  /** A typo's first letter must be right ("bangkok" never matches "Angkor"), as OpenSearch's `prefix_length: 1`. */
  prefixLength: 1,
  /** Added when the query names the hotel: that hotel comes first. */
  namedBonus: 100,
  /**
   * Added when the query names the hotel's city in full ("grand hotel singapore"):
   * when no hotel matches every word, the named city's hotels come before hotels
   * elsewhere that match as many words.
   */
  cityBonus: 20,
  /**
   * A word that describes no particular hotel (`GENERIC_WORDS`) never narrows a result, and
   * counts this much of an ordinary word when it matches: "hotels in manila" puts Manila's
   * hotels named "Hotel" a little ahead, never a "Marina … Hotel" elsewhere.
   */
  genericWeight: 0.25,
  /**
   * Added for each required word a hotel matches: when a query names a city, every hotel there
   * is a result, and those that also match the query's other words come first ("harbour boston").
   */
  wordBonus: 10,
} as const;

/**
 * Words that describe no particular hotel: they never narrow a result (a hotel need not have
 * them), and only rank it a little. A query made only of them ("hotel") still needs them.
 */
export const GENERIC_WORDS: ReadonlySet<string> = new Set([
  'hotel',
  'hotels',
  'in',
  'near',
  'cheap',
  'best',
  'the',
]);

/** A city's name is at most this many words ("ho chi minh city"): longer runs of query words never name one. */
export const CITY_SPAN_WORDS = 4;

/** How both engines read a traveller's query. */
export interface QueryPlan {
  /** Every word, folded, in order (at most `QUERY_WORD_LIMIT`). */
  readonly words: readonly string[];
  /** The words a result must match (as many as any hotel matches, all when one does). */
  readonly required: readonly string[];
  /** Generic words: they only rank, at `RANKING.genericWeight`. */
  readonly generic: readonly string[];
  /** Runs of words that may name a hotel (whole name): the named bonus. */
  readonly spans: readonly string[];
  /**
   * Runs of words that may name a city, exactly or with a typo (`autoFuzziness` of the run,
   * first letter right): every hotel of a city named so is a result, whatever its other words.
   */
  readonly citySpans: readonly string[];
}

/** The plan of a query: which words are required, which only rank, and which runs may name a hotel or city. */
export function queryPlan(q: string | undefined): QueryPlan {
  const words = queryWords(q);
  const allGeneric = words.every((w) => GENERIC_WORDS.has(w));
  const required = allGeneric ? words : words.filter((w) => !GENERIC_WORDS.has(w));
  const generic = allGeneric ? [] : words.filter((w) => GENERIC_WORDS.has(w));
  const citySpans: string[] = [];
  for (let from = 0; from < words.length; from++)
    for (let to = from + 1; to <= Math.min(words.length, from + CITY_SPAN_WORDS); to++) {
      const run = words.slice(from, to);
      if (!run.every((w) => GENERIC_WORDS.has(w))) citySpans.push(run.join(' '));
    }
  return { words, required, generic, spans: namedSpans(words), citySpans: [...new Set(citySpans)] };
}

/** OpenSearch's `fuzziness: AUTO`: 0 edits up to 2 characters, 1 up to 5, then 2. */
export function autoFuzziness(term: string): number {
  const length = [...term].length;
  return length <= 2 ? 0 : length <= 5 ? 1 : 2;
}

/**
 * True when `key` is within `autoFuzziness(span)` edits of `span` (insertions, deletions,
 * substitutions and swaps of adjacent letters) with the first letter right: what OpenSearch's
 * `fuzzy` query with `fuzziness: AUTO`, `prefix_length: 1` and `transpositions` matches.
 */
export function withinTypos(span: string, key: string): boolean {
  const a = [...span];
  const b = [...key];
  const limit = autoFuzziness(span);
  if (Math.abs(a.length - b.length) > limit) return false;
  if (a[0] !== b[0]) return false;
  if (limit === 0) return span === key;
  // Optimal string alignment distance, with an early exit once a row exceeds the limit.
  let before = Array.from({ length: b.length + 1 }, (_, j) => j);
  let previous = before;
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(
        (previous[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] as number) + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return false;
    before = previous;
    previous = row;
  }
  return (previous[b.length] as number) <= limit;
}

/** A hotel name as one key: its folded words joined by single spaces ("Hôtel de la Paix" -> "hotel de la paix"). */
export const nameKey = (name: string): string => tokenize(name).join(' ');

/**
 * Every run of consecutive query words, as name keys: the query names a hotel
 * (or a city) when its whole name is one of them ("grand hotel singapore" names
 * "Grand Hotel", "Hotel Singapore" and the city Singapore).
 */
export function namedSpans(words: readonly string[]): string[] {
  const spans: string[] = [];
  for (let from = 0; from < words.length; from++)
    for (let to = from + 1; to <= words.length; to++) spans.push(words.slice(from, to).join(' '));
  return spans;
}
