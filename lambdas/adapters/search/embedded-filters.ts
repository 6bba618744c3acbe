/**
 * The embedded engine's filters: what it keeps of each hotel for them (`HotelFilterValues`,
 * in the hotel's record) and one test per field of `SearchFilters` (`FILTER_TESTS`; the
 * compiler refuses a filter without one). The OpenSearch adapter's `FILTER_CLAUSES` (opensearch-queries.ts) say the same.
 */
import type { IndexedHotel } from '../../domain/ports';
import { type SearchFilters, starsOf } from '../../domain/search-filters';
import { fold } from '../../domain/text-fold';
import { rateAttributes } from '../dynamodb/items/hotel';
import { floorKey, NO_PRICE_KEY, priceKey, UNKNOWN_FLOOR_KEY } from './price-key';

/** The values of one hotel that the filters test, as the index reads them off the hotel item. */
export interface HotelFilterValues {
  /** The city, folded. */
  readonly cityKey: string;
  readonly ownerId: string | undefined;
  /** The largest room type; Infinity when unknown (the second stage reads it). */
  readonly maxRooms: number;
  readonly stars: number | undefined;
  readonly fromPriceKey: string;
  readonly priceFloorKey: string;
}

/** The filter values of a hotel as indexed. */
export function filterValuesOf(hotel: IndexedHotel): HotelFilterValues {
  const derived = hotel.rates ? rateAttributes(hotel.rates) : undefined;
  return {
    cityKey: fold(hotel.city.trim()),
    ownerId: hotel.ownerId,
    // Unknown rooms never filter a hotel out: the second stage reads them.
    maxRooms: derived ? Number(derived.maxRooms) : Number.POSITIVE_INFINITY,
    stars: starsOf(hotel.attributes),
    fromPriceKey: derived ? String(derived.fromPriceKey) : NO_PRICE_KEY,
    priceFloorKey: derived ? String(derived.priceFloorKey) : floorKey(undefined),
  };
}

type Test = (hotel: HotelFilterValues) => boolean;

/** True when a price key is of `max`'s currency and at most `max` (keys compare as the prices do). */
const atMost = (max: NonNullable<SearchFilters['maxFromPrice']>) => {
  const lowest = priceKey({ currency: max.currency, amount: 0 });
  const highest = priceKey(max);
  return (key: string) => key >= lowest && key <= highest;
};

/** One test per filter, made once per search from the filter's value. */
export const FILTER_TESTS: {
  readonly [K in keyof Required<SearchFilters>]: (value: NonNullable<SearchFilters[K]>) => Test;
} = {
  city: (city) => {
    const key = fold(city.trim());
    return (h) => h.cityKey === key;
  },
  ownerId: (ownerId) => (h) => h.ownerId === ownerId,
  minRooms: (rooms) => (h) => h.maxRooms >= rooms,
  minStars: (stars) => (h) => h.stars !== undefined && h.stars >= stars,
  maxFromPrice: (max) => {
    const within = atMost(max);
    return (h) => within(h.fromPriceKey);
  },
  maxFloor: (max) => {
    const within = atMost(max);
    // An unknown floor bounds nothing: the second stage decides.
    return (h) => h.priceFloorKey === UNKNOWN_FLOOR_KEY || within(h.priceFloorKey);
  },
};

/** One test for all of `filters` (true when there are none). */
export function testOf(filters: SearchFilters): Test {
  const tests = (Object.keys(filters) as Array<keyof SearchFilters>).flatMap((k) => {
    const value = filters[k];
    return value === undefined ? [] : [(FILTER_TESTS[k] as (v: unknown) => Test)(value)];
  });
  return (h) => tests.every((t) => t(h));
}
