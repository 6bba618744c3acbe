/**
 * The request bodies the OpenSearch adapter sends: a query's words as clauses (exact, typo,
 * prefix), the clause of each filter, and the page and words-exist requests built from them.
 * Pure: no I/O, so what a search asks OpenSearch is testable without a cluster.
 */
import type { Money } from '../../domain/money';
import type { SearchQuery } from '../../domain/ports';
import { filtersOf, type SearchFilters } from '../../domain/search-filters';
import { fold } from '../../domain/text-fold';
import type { SortKey } from './cursor';
import { PRICE_SORT_ORDER, SORT_ORDER, SOURCE_FIELDS } from './index-definition';
import { priceKey, UNKNOWN_FLOOR_KEY } from './price-key';
import { type QueryPlan, queryPlan, RANKING } from './ranking';

/**
 * One query word's clause: its best match counts (dis_max), whether exact (in
 * the name, boost 2, or the city), a typo (first letter right, on the root
 * field, where the default `top_terms_blended_freqs` rewrite gives typos the
 * word's blended frequency), or, for the last word, a prefix as you type.
 * A generic word's clause counts `RANKING.genericWeight` of that.
 */
function wordClause(word: string, isLast: boolean, weight = 1): Record<string, unknown> {
  return {
    dis_max: {
      queries: [
        {
          multi_match: {
            query: word,
            type: 'most_fields',
            fields: ['name^2', 'city'],
            boost: RANKING.exactBoost,
          },
        },
        {
          match: {
            nameCity: {
              query: word,
              fuzziness: 'AUTO',
              prefix_length: RANKING.prefixLength,
              max_expansions: 50,
              boost: RANKING.fuzzyWeight,
            },
          },
        },
        ...(isLast
          ? [{ match_bool_prefix: { nameCity: { query: word, boost: RANKING.prefixWeight } } }]
          : []),
      ],
      ...(weight === 1 ? {} : { boost: weight }),
    },
  };
}

/** The query's required words, at least `minimumMatch` of them: what decides which hotels match by words. */
function requiredWords(plan: QueryPlan, minimumMatch: number): Record<string, unknown> {
  const last = plan.words.length - 1;
  return {
    bool: {
      should: plan.words.flatMap((word, i) =>
        plan.generic.includes(word) ? [] : [wordClause(word, i === last)],
      ),
      minimum_should_match: minimumMatch,
    },
  };
}

/** A run of query words naming a city, exactly or with a typo (as `withinTypos` decides in the embedded engine). */
const namesCity = (span: string) => ({
  fuzzy: {
    'city.words': {
      value: span,
      fuzziness: 'AUTO',
      prefix_length: RANKING.prefixLength,
      transpositions: true,
      max_expansions: 50,
    },
  },
});

/** The range of price keys of `max`'s currency up to `max` (keys compare as the prices do). */
const priceKeysUpTo = (max: Money) => ({
  gte: priceKey({ currency: max.currency, amount: 0 }),
  lte: priceKey(max),
});

/** Matches documents that lack `field`: indexed before rate summaries, so the second stage decides. */
const missing = (field: string) => ({ bool: { must_not: { exists: { field } } } });

/** One clause per filter (the compiler refuses a filter without one); the embedded engine's `FILTER_TESTS` say the same. */
export const FILTER_CLAUSES: {
  readonly [K in keyof Required<SearchFilters>]: (
    value: NonNullable<SearchFilters[K]>,
  ) => Record<string, unknown>;
} = {
  city: (city) => ({ term: { 'city.exact': fold(city.trim()) } }),
  // The hotelier's own list: only their hotels, whatever the text matches.
  ownerId: (ownerId) => ({ term: { ownerId } }),
  // A room type big enough, or rooms not known yet (indexed before rates): the second stage decides.
  minRooms: (rooms) => ({
    bool: { should: [{ range: { maxRooms: { gte: rooms } } }, missing('maxRooms')], minimum_should_match: 1 },
  }),
  minStars: (stars) => ({ range: { 'attributes.stars': { gte: stars } } }),
  maxFromPrice: (max) => ({ range: { fromPriceKey: priceKeysUpTo(max) } }),
  // An unknown floor bounds nothing: the second stage decides.
  maxFloor: (max) => ({
    bool: {
      should: [
        { range: { priceFloorKey: priceKeysUpTo(max) } },
        { term: { priceFloorKey: UNKNOWN_FLOOR_KEY } },
        missing('priceFloorKey'),
      ],
      minimum_should_match: 1,
    },
  }),
};

/** The clauses of a search's filters, in `SearchFilters` order. */
function filterClauses(filters: SearchFilters): Record<string, unknown>[] {
  const present = filtersOf(filters);
  return (Object.keys(present) as Array<keyof SearchFilters>).map((k) =>
    (FILTER_CLAUSES[k] as (v: unknown) => Record<string, unknown>)(present[k]),
  );
}

/**
 * The search request for a query: results match at least `shape.minimumMatch` of its
 * required words (all by default) or lie in a city it names, in `shape.order`, with a room
 * type of at least `shape.minRooms` rooms, continuing after `searchAfter` when paging.
 * Every word ranks (generic ones a little), each required word matched adds
 * `RANKING.wordBonus`, and the hotel and the city the query names exactly add their bonuses.
 */
export function searchRequestBody(
  q: string | undefined,
  filters: SearchFilters,
  limit: number,
  searchAfter?: SortKey,
  shape: Pick<SearchQuery, 'order'> & { readonly minimumMatch?: number } = {},
): Record<string, unknown> {
  const plan = queryPlan(q);
  const { words } = plan;
  const last = words.length - 1;
  const ownerId = filters.ownerId;
  const filterList = filterClauses(filters);
  const matching = words.length
    ? {
        bool: {
          filter: [
            {
              bool: {
                should: [
                  requiredWords(plan, shape.minimumMatch ?? plan.required.length),
                  ...plan.citySpans.map(namesCity),
                ],
                minimum_should_match: 1,
              },
            },
            ...filterList,
          ],
          should: [
            ...words.map((word, i) =>
              wordClause(word, i === last, plan.generic.includes(word) ? RANKING.genericWeight : 1),
            ),
            ...words.flatMap((word, i) =>
              plan.generic.includes(word)
                ? []
                : [{ constant_score: { filter: wordClause(word, i === last), boost: RANKING.wordBonus } }],
            ),
            // The hotel the query names, and the hotels of the city it names, come first.
            { terms: { 'name.words': [...plan.spans], boost: RANKING.namedBonus } },
            { terms: { 'city.words': [...plan.spans], boost: RANKING.cityBonus } },
          ],
        },
      }
    : { bool: { must: [{ match_all: {} }], filter: filterList } };
  return {
    size: limit + 1, // one more than asked, to know whether a next page exists
    track_total_hits: false,
    _source: [...SOURCE_FIELDS],
    // A hotelier's own list is ordered by name: every match scores the same, so the sort's name decides.
    query: ownerId ? { constant_score: { filter: matching } } : matching,
    sort: shape.order && shape.order !== 'relevance' ? PRICE_SORT_ORDER[shape.order] : SORT_ORDER,
    ...(searchAfter ? { search_after: searchAfter } : {}),
  };
}

/**
 * Whether any hotel matches at least `minimumMatch` of the query's required words within the
 * city and owner filters (never the room filter, and never a named city's hotels): the text
 * alone decides how many words a query's results must match.
 */
export function wordsExistBody(
  q: string | undefined,
  filters: SearchFilters,
  minimumMatch: number,
): Record<string, unknown> {
  const matchFilters = filtersOf({ city: filters.city, ownerId: filters.ownerId });
  return {
    // One hit at most, in index order: the answer is only whether there is one.
    size: 1,
    terminate_after: 1,
    track_total_hits: false,
    _source: false,
    sort: ['_doc'],
    query: {
      bool: {
        filter: [requiredWords(queryPlan(q), minimumMatch), ...filterClauses(matchFilters)],
      },
    },
  };
}
