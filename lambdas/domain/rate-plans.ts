/**
 * Rate plans: the ways a room type is sold. Every room type has the implicit
 * `standard` plan (its own price, free cancellation until the local check-in time
 * of the arrival day, a no-show fee of the first night); a hotelier adds others,
 * each with a price adjustment, inclusions, a cancellation policy and a no-show fee.
 * Plans share the room type's rooms: inventory stays one counter per night.
 *
 * The one pricing order, for every quote (availability, booking, a change of dates):
 * the night's calendar price (or the room type's), then the plan's adjustment
 * (never below zero), then each guest above the standard occupancy.
 */
import { NotFound, ValidationFailed } from './errors';
import type { CalendarNight, RoomType } from './model';
import { type Money, multiply } from './money';
import { type Occupancy, occupancyOf } from './occupancy';
import { type NightQuote, quoteStay, type StayQuote } from './quote';
import { dayNumber } from './stay';

/** The plan every room type sells under, which no hotelier writes. */
export const STANDARD_RATE_PLAN_ID = 'standard';

/** A change to the night's price: a percentage (−100..1000) or an amount in the room type's currency. */
export type PriceAdjustment = { readonly percent: number } | { readonly amount: Money };

/** A fee: the first `nights` nights' prices, or a percentage of the stay's total. */
export type FeeRule = { readonly nights: number } | { readonly percent: number };

/** When cancelling is free, and what it costs after. */
export interface CancellationRule {
  /** Hours before the local check-in time of the arrival day; null: never free (non-refundable). */
  readonly freeUntilHoursBefore: number | null;
  readonly fee: FeeRule;
}

/** What a plan sells under: the terms a booking copies and keeps. */
export interface RatePlanTerms {
  readonly ratePlanId: string;
  readonly name: string;
  readonly priceAdjustment?: PriceAdjustment;
  readonly cancellation: CancellationRule;
  readonly noShowFee: FeeRule;
  readonly includes: readonly string[];
  /** Arrivals at least this many days after the hotel's local today. */
  readonly minAdvanceDays?: number;
  /** Arrivals at most this many days after the hotel's local today. */
  readonly maxAdvanceDays?: number;
}

/** A plan as a booking keeps it: its terms, and the plan's version they were read at (0: standard). */
export interface BookedRatePlan extends RatePlanTerms {
  readonly version: number;
}

export type RatePlanStatus = 'ACTIVE' | 'STOPPED';

/** A hotelier's plan of one room type. A stopped plan (DELETE) sells no more; its item stays, so versions never repeat. */
export interface RatePlan extends RatePlanTerms {
  readonly hotelId: string;
  readonly roomTypeId: string;
  readonly status: RatePlanStatus;
  readonly version: number;
  readonly updatedAt: string;
}

/** The standard plan's terms. */
export const STANDARD_TERMS: BookedRatePlan = {
  ratePlanId: STANDARD_RATE_PLAN_ID,
  name: 'Standard',
  cancellation: { freeUntilHoursBefore: 0, fee: { nights: 1 } },
  noShowFee: { nights: 1 },
  includes: [],
  version: 0,
};

/** The terms a booking keeps of `plan`. */
export function bookedTermsOf(plan: RatePlan | BookedRatePlan): BookedRatePlan {
  const { ratePlanId, name, priceAdjustment, cancellation, noShowFee, includes, version } = plan;
  const { minAdvanceDays, maxAdvanceDays } = plan;
  return {
    ratePlanId,
    name,
    ...(priceAdjustment ? { priceAdjustment } : {}),
    cancellation,
    noShowFee,
    includes,
    // Kept so that a change of dates is held to the same window (an early-bird price stays early).
    ...(minAdvanceDays !== undefined ? { minAdvanceDays } : {}),
    ...(maxAdvanceDays !== undefined ? { maxAdvanceDays } : {}),
    version,
  };
}

/** True when the plan sells arrivals on `checkIn` when the hotel's local date is `today`. */
export function sellsArrival(
  plan: Pick<RatePlan, 'minAdvanceDays' | 'maxAdvanceDays'>,
  checkIn: string,
  today: string,
): boolean {
  const days = dayNumber(checkIn) - dayNumber(today);
  return days >= (plan.minAdvanceDays ?? 0) && days <= (plan.maxAdvanceDays ?? Number.POSITIVE_INFINITY);
}

/** A night's price under `adjustment`: the calendar price changed by it, never below zero. */
export function adjustedPrice(price: Money, adjustment: PriceAdjustment | undefined): Money {
  if (!adjustment) return price;
  const amount =
    'percent' in adjustment
      ? Math.round((price.amount * (100 + adjustment.percent)) / 100)
      : price.amount + adjustment.amount.amount;
  return { amount: Math.max(0, amount), currency: price.currency };
}

/** One night of a plan's quote: its price for the guests, and the calendar's quote it came from. */
export interface PlanNightQuote {
  readonly night: string;
  readonly price: Money;
  /** The calendar's night (the price the booking's transaction guards). */
  readonly calendar: NightQuote;
}

export interface PlanQuote extends Omit<StayQuote, 'nights'> {
  readonly nights: readonly PlanNightQuote[];
}

/** Guests in one room. */
export interface Guests {
  readonly adults: number;
  readonly children: number;
}

/** What a plan charges each night for one room, in the pricing order: calendar, adjustment, extra guests. */
export function planNightPrice(
  calendarPrice: Money,
  terms: Pick<RatePlanTerms, 'priceAdjustment'>,
  occupancy: Occupancy,
  guests: Guests,
): Money {
  const adjusted = adjustedPrice(calendarPrice, terms.priceAdjustment);
  const extra = Math.max(0, guests.adults + guests.children - occupancy.standardOccupancy);
  return {
    amount: adjusted.amount + extra * occupancy.extraGuestPerNight.amount,
    currency: adjusted.currency,
  };
}

/**
 * Quotes `rooms` rooms of `roomType` under `terms` for the guests: the calendar's
 * quote (its refusals too), each night priced in the pricing order. An amount
 * adjustment in another currency than the room type's cannot be summed: refused as
 * PRICE_CURRENCY on every night, as a calendar price in another currency is.
 */
export function quotePlanStay(
  roomType: Pick<RoomType, 'pricePerNight' | 'maxOccupancy' | 'standardOccupancy' | 'extraGuestPerNight'>,
  terms: Pick<RatePlanTerms, 'priceAdjustment'>,
  checkIn: string,
  checkOut: string,
  calendar: readonly CalendarNight[],
  rooms: number,
  guests: Guests,
): PlanQuote {
  const base = quoteStay(roomType, checkIn, checkOut, calendar, rooms);
  const occupancy = occupancyOf(roomType);
  const currency = roomType.pricePerNight.currency;
  const nights = base.nights.map((n) => ({
    night: n.night,
    price: planNightPrice(n.price, terms, occupancy, guests),
    calendar: n,
  }));
  const adjustment = terms.priceAdjustment;
  const foreign =
    (adjustment && 'amount' in adjustment && adjustment.amount.currency !== currency) ||
    occupancy.extraGuestPerNight.currency !== currency;
  const reasons = foreign
    ? [
        ...base.reasons.filter((r) => r.reason !== 'PRICE_CURRENCY'),
        { reason: 'PRICE_CURRENCY' as const, nights: nights.map((n) => n.night) },
      ]
    : base.reasons;
  const amount = nights.reduce((sum, n) => sum + (n.price.currency === currency ? n.price.amount : 0), 0);
  const perRoom = { amount, currency };
  return { nights, perRoom, total: multiply(perRoom, rooms), bookable: reasons.length === 0, reasons };
}

/**
 * The terms a booking of `ratePlanId` takes, from the plan as read (none for
 * standard): `NotFound` for a plan that does not exist or was stopped, and a 400 on
 * `ratePlanId` for an arrival outside the plan's advance window on the hotel's `today`.
 */
export function planForSale(
  ratePlanId: string,
  plan: RatePlan | undefined,
  checkIn: string,
  today: string,
): BookedRatePlan {
  if (ratePlanId === STANDARD_RATE_PLAN_ID) return STANDARD_TERMS;
  if (plan?.status !== 'ACTIVE') throw new NotFound('No such rate plan for this room type');
  assertSellsArrival(plan, checkIn, today, 'ratePlanId');
  return bookedTermsOf(plan);
}

/** Refuses (400 naming `field`) an arrival outside the plan's advance window on the hotel's `today`. */
export function assertSellsArrival(
  plan: Pick<RatePlanTerms, 'ratePlanId' | 'minAdvanceDays' | 'maxAdvanceDays'>,
  checkIn: string,
  today: string,
  field: string,
): void {
  if (!sellsArrival(plan, checkIn, today))
    throw new ValidationFailed('The rate plan does not sell this arrival', {
      [field]: `${plan.ratePlanId} sells arrivals ${plan.minAdvanceDays ?? 0} to ${plan.maxAdvanceDays ?? 'any number of'} days after the hotel's local date (${today})`,
    });
}
