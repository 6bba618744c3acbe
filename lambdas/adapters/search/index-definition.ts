/**
 * The hotel search index, defined once: the OSIS pipeline installs it as its
 * index template in AWS, the OpenSearch adapter creates it when missing, and
 * the embedded engine mirrors its analysis (words split at `WORD_GAPS`, then the one text
 * fold, `FOLD_FILTERS`) and fields. Plain data, so the CDK can import it.
 */
import { FOLD_FILTERS } from '../../domain/text-fold';
import { hotelPk } from '../dynamodb/keys';
import { HOTEL_TABLE } from '../dynamodb/table-definition';
import { WORD_GAPS } from './ranking';

/** The fields a hotel document has in the index; `nameCity` is filled by copy_to, never sent. */
export const INDEXED_FIELDS = ['hotelId', 'name', 'city', 'country', 'managedIn'] as const;
/** What a hit brings back: the summary and the hotel's rates (room types for the second stage of a dated search). */
export const SOURCE_FIELDS = [...INDEXED_FIELDS, 'rates'] as const;

export const HOTEL_INDEX_BODY = {
  settings: {
    index: { number_of_shards: 1, number_of_replicas: 1 },
    analysis: {
      // Words split where `tokenize` splits them, then folded as `fold` folds them.
      tokenizer: { word_gaps: { type: 'pattern', pattern: WORD_GAPS.source } },
      analyzer: {
        folded: { type: 'custom', tokenizer: 'word_gaps', filter: [...FOLD_FILTERS] },
      },
      char_filter: {
        // Runs of spaces, punctuation and symbols become one space, as `tokenize` splits words.
        word_gaps: { type: 'pattern_replace', pattern: WORD_GAPS.source, replacement: ' ' },
      },
      normalizer: {
        // A whole text folded as `fold` folds it: the name sort and the city filter.
        folded_keyword: { type: 'custom', filter: [...FOLD_FILTERS] },
        // A whole name as its folded words joined by single spaces: what `nameKey` computes.
        name_words: {
          type: 'custom',
          char_filter: ['word_gaps'],
          filter: [...FOLD_FILTERS, 'trim'],
        },
      },
    },
  },
  mappings: {
    // Only these fields are indexed: whatever else the stream carries (keys, versions) is ignored.
    dynamic: false,
    properties: {
      hotelId: { type: 'keyword' },
      name: {
        type: 'text',
        analyzer: 'folded',
        copy_to: 'nameCity',
        fields: {
          sort: { type: 'keyword', normalizer: 'folded_keyword' },
          // The whole name, matched against runs of query words: the hotel a query names comes first.
          words: { type: 'keyword', normalizer: 'name_words' },
        },
      },
      city: {
        type: 'text',
        analyzer: 'folded',
        copy_to: 'nameCity',
        fields: {
          exact: { type: 'keyword', normalizer: 'folded_keyword' },
          // The whole city as its folded words: a query names a city when a run of its words is this (or a typo of it).
          words: { type: 'keyword', normalizer: 'name_words' },
        },
      },
      // Name and city words together, so "bangkok orchid" matches across both, as you type.
      nameCity: { type: 'search_as_you_type', analyzer: 'folded' },
      country: { type: 'keyword' },
      managedIn: { type: 'keyword' },
      // Filters a hotelier's own list; never returned (results carry only INDEXED_FIELDS).
      ownerId: { type: 'keyword' },
      // Read off the hotel's rate summary (`rateAttributes`): shown, sorted by and filtered on.
      fromPrice: { properties: { amount: { type: 'long' }, currency: { type: 'keyword' } } },
      fromPriceKey: { type: 'keyword' },
      priceFloorKey: { type: 'keyword' },
      maxRooms: { type: 'integer' },
      // The hotel's attributes as stored; only `stars` is indexed (the minStars filter), and a
      // value that is not a number is left out rather than failing the document.
      attributes: {
        dynamic: false,
        properties: { stars: { type: 'float', ignore_malformed: true } },
      },
      // The room types themselves: returned for the second stage, never searched.
      rates: { type: 'object', enabled: false },
    },
  },
} as const;

/**
 * A hotel's document id in the index: the hotel item's partition key
 * (`HOTEL#<hotelId>`). `index()` and `remove()` use it, and the pipeline's
 * `document_id` below reads the same key from each stream record.
 */
export const searchDocumentId = (hotelId: string): string => hotelPk(hotelId);

/**
 * The OSIS pipeline's `document_id`, as a Data Prepper expression: the item's
 * partition key attribute. It agrees with `searchDocumentId` because a hotel
 * item is stored with `pk: hotelPk(hotelId)` (see `hotelItem`), the key is in
 * every stream record (removals included), and the pipeline never deletes it.
 */
export const SEARCH_DOCUMENT_ID_EXPRESSION = `\${/${HOTEL_TABLE.partitionKey.name}}`;

/** Sort order for both engines: relevance, then name, then the unique id as tiebreaker. */
export const SORT_ORDER = [{ _score: 'desc' }, { 'name.sort': 'asc' }, { hotelId: 'asc' }] as const;

/**
 * By price, a price key takes the score's place. A hotel indexed without rates sorts last by
 * `fromPriceKey` and first by `priceFloorKey` (an unknown floor bounds nothing).
 */
export const PRICE_SORT_ORDER = {
  fromPrice: [{ fromPriceKey: { order: 'asc', missing: '~' } }, { 'name.sort': 'asc' }, { hotelId: 'asc' }],
  priceFloor: [{ priceFloorKey: { order: 'asc', missing: '!' } }, { 'name.sort': 'asc' }, { hotelId: 'asc' }],
} as const;
