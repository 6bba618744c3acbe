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
} as const;

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
