/**
 * What a hotel tells search about its room types: each room type's capacity
 * and price, and a floor under every nightly price it has ever had. It is kept
 * on the hotel itself and rewritten in the same transaction as every room type
 * change, so the search index (fed one item at a time) sees it with the hotel.
 */
import type { RoomType } from './model';
import type { Money } from './money';

/** One room type as search sees it. */
export interface RoomTypeRate {
  readonly roomTypeId: string;
  readonly totalRooms: number;
  readonly pricePerNight: Money;
}

/**
 * A floor under every nightly price any room type of the hotel can charge:
 * `null` while nothing was ever priced, `UNKNOWN` for a hotel summarized
 * without reading its calendar (so no price may be assumed above anything).
 */
export type PriceFloor = Money | null | 'UNKNOWN';

export interface RateSummary {
  /** The hotel's active room types. */
  readonly roomTypes: readonly RoomTypeRate[];
  /** Only ever lowered (by a cheaper base price or a calendar override): a lower bound, never exact. */
  readonly priceFloor: PriceFloor;
}

/** The summary of a hotel with no room types yet. */
export const EMPTY_RATES: RateSummary = { roomTypes: [], priceFloor: null };

/** Orders money as the contract sorts prices: currency code first, then amount. */
export function compareMoney(a: Money, b: Money): number {
  if (a.currency !== b.currency) return a.currency < b.currency ? -1 : 1;
  return a.amount - b.amount;
}

/** The lower of two prices in that order; `null` is no price at all. */
export function lowerPrice(a: Money | null, b: Money | null): Money | null {
  if (!a) return b;
  if (!b) return a;
  return compareMoney(a, b) <= 0 ? a : b;
}

/** A floor lowered to admit `price` too. */
export function lowerFloor(floor: PriceFloor, price: Money): PriceFloor {
  return floor === 'UNKNOWN' ? floor : lowerPrice(floor, price);
}

/** The rate summary after `roomTypes` became the hotel's room types; the floor keeps everything before. */
export function summarizeRates(
  roomTypes: readonly RoomType[],
  previous: RateSummary | undefined,
): RateSummary {
  const active = roomTypes
    .filter((r) => r.status === 'ACTIVE')
    .map(({ roomTypeId, totalRooms, pricePerNight }) => ({ roomTypeId, totalRooms, pricePerNight }))
    .sort((a, b) => (a.roomTypeId < b.roomTypeId ? -1 : 1));
  // A hotel from before summaries may have calendar prices below every base price.
  let priceFloor: PriceFloor = previous ? previous.priceFloor : 'UNKNOWN';
  for (const r of active) priceFloor = lowerFloor(priceFloor, r.pricePerNight);
  return { roomTypes: active, priceFloor };
}

/** The lowest nightly base price among the room types; null when there are none. */
export function fromPriceOf(rates: RateSummary): Money | null {
  return rates.roomTypes.reduce<Money | null>((low, r) => lowerPrice(low, r.pricePerNight), null);
}

/** The most rooms any one room type has: a stay for more rooms than this cannot be booked. */
export function maxRoomsOf(rates: RateSummary): number {
  return Math.max(0, ...rates.roomTypes.map((r) => r.totalRooms));
}
