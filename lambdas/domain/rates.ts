/**
 * What a hotel tells search about its room types: each room type's capacity,
 * price and rate plans, and a floor under every nightly price it has ever had
 * under any plan. It is kept on the hotel itself and rewritten in the same
 * transaction as every room type and plan change, so the search index (fed one
 * item at a time) sees it with the hotel.
 */
import type { RoomType } from './model';
import type { Money } from './money';
import { adjustedPrice, type PriceAdjustment, type RatePlan } from './rate-plans';

/** What search needs of a hotelier's plan: how it prices, whether it refunds, which arrivals it sells. */
export interface PlanRate {
  readonly ratePlanId: string;
  readonly priceAdjustment?: PriceAdjustment;
  /** False for a non-refundable plan (no free cancellation at all). */
  readonly refundable: boolean;
  readonly minAdvanceDays?: number;
  readonly maxAdvanceDays?: number;
}

/**
 * One room type as search sees it. `name` is absent in a summary written before it carried
 * the offer's fields: search then reads the room type itself (`hasOfferFields`).
 */
export interface RoomTypeRate
  extends Partial<Pick<RoomType, 'name' | 'maxOccupancy' | 'standardOccupancy' | 'extraGuestPerNight'>> {
  readonly roomTypeId: string;
  readonly totalRooms: number;
  readonly pricePerNight: Money;
  /** The hotelier's plans on sale besides standard, by id; absent when there are none. */
  readonly plans?: readonly PlanRate[];
}

/** True when `rate` carries every field an offer needs (a summary written since it does). */
export function hasOfferFields(rate: RoomTypeRate): rate is RoomTypeRate & { readonly name: string } {
  return rate.name !== undefined;
}

/** `roomType` as search sees it: what an offer is made of, besides the nights and plans. */
function rateOf(roomType: RoomType): RoomTypeRate {
  const { roomTypeId, name, totalRooms, pricePerNight, maxOccupancy, standardOccupancy, extraGuestPerNight } =
    roomType;
  return {
    roomTypeId,
    name,
    totalRooms,
    pricePerNight,
    ...(maxOccupancy !== undefined ? { maxOccupancy } : {}),
    ...(standardOccupancy !== undefined ? { standardOccupancy } : {}),
    ...(extraGuestPerNight !== undefined ? { extraGuestPerNight } : {}),
  };
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

/** The least a night priced `price` can cost under any of `plans` (or standard): the floor's share of it. */
export function lowestPlanPrice(price: Money, plans: readonly PlanRate[] | undefined): Money {
  let lowest = price;
  for (const plan of plans ?? []) {
    const adjustment = plan.priceAdjustment;
    // An amount in another currency is refused when the plan is written; it never prices a night.
    if (adjustment && 'amount' in adjustment && adjustment.amount.currency !== price.currency) continue;
    lowest = lowerPrice(lowest, adjustedPrice(price, adjustment)) as Money;
  }
  return lowest;
}

/** The rate summary after `roomTypes` became the hotel's room types; plans and the floor keep everything before. */
export function summarizeRates(
  roomTypes: readonly RoomType[],
  previous: RateSummary | undefined,
): RateSummary {
  const plans = new Map(previous?.roomTypes.map((r) => [r.roomTypeId, r.plans]));
  const active = roomTypes
    .filter((r) => r.status === 'ACTIVE')
    .map((roomType) => {
      const kept = plans.get(roomType.roomTypeId);
      return { ...rateOf(roomType), ...(kept?.length ? { plans: kept } : {}) };
    })
    .sort((a, b) => (a.roomTypeId < b.roomTypeId ? -1 : 1));
  // A hotel from before summaries may have calendar prices below every base price.
  let priceFloor: PriceFloor = previous ? previous.priceFloor : 'UNKNOWN';
  for (const r of active) priceFloor = lowerFloor(priceFloor, lowestPlanPrice(r.pricePerNight, r.plans));
  return { roomTypes: active, priceFloor };
}

/** What search keeps of a hotelier's plan. */
export function planRateOf(plan: RatePlan): PlanRate {
  const { ratePlanId, priceAdjustment, minAdvanceDays, maxAdvanceDays } = plan;
  return {
    ratePlanId,
    ...(priceAdjustment ? { priceAdjustment } : {}),
    refundable: plan.cancellation.freeUntilHoursBefore !== null,
    ...(minAdvanceDays !== undefined ? { minAdvanceDays } : {}),
    ...(maxAdvanceDays !== undefined ? { maxAdvanceDays } : {}),
  };
}

/**
 * The rate summary after `roomTypeId`'s plans became `plans` (stopped ones are left out).
 * The floor is lowered by the deepest discount among them: every night of the room type
 * costs at least the floor, so under a plan at least the floor so adjusted.
 */
export function withPlanRates(
  summary: RateSummary,
  roomTypeId: string,
  plans: readonly RatePlan[],
): RateSummary {
  const onSale = plans
    .filter((p) => p.status === 'ACTIVE')
    .sort((a, b) => (a.ratePlanId < b.ratePlanId ? -1 : 1))
    .map(planRateOf);
  const roomTypes = summary.roomTypes.map((r) => {
    if (r.roomTypeId !== roomTypeId) return r;
    const { plans: _old, ...rest } = r;
    return onSale.length ? { ...rest, plans: onSale } : rest;
  });
  const floor = summary.priceFloor;
  const priceFloor = floor && floor !== 'UNKNOWN' ? lowerFloor(floor, lowestPlanPrice(floor, onSale)) : floor;
  return { roomTypes, priceFloor };
}

/** The lowest nightly base price among the room types; null when there are none. */
export function fromPriceOf(rates: RateSummary): Money | null {
  return rates.roomTypes.reduce<Money | null>((low, r) => lowerPrice(low, r.pricePerNight), null);
}

/** The most rooms any one room type has: a stay for more rooms than this cannot be booked. */
export function maxRoomsOf(rates: RateSummary): number {
  return Math.max(0, ...rates.roomTypes.map((r) => r.totalRooms));
}
