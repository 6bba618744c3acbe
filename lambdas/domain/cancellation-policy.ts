/**
 * A plan's policies, as money and instants: until when cancelling is free (an
 * instant written with the hotel's UTC offset), what it costs after, and what a
 * no-show costs. Judged on the hotel's clock: the deadline counts back from the
 * local check-in time of the arrival day. The booking keeps the outcome, so what
 * a guest was shown is what a cancel or a no-show charges.
 */
import type { HotelClock } from './hotel-clock';
import { localInstant, withOffset } from './hotel-clock';
import type { Booking, NightPrice } from './model';
import { type Money, multiply } from './money';
import { nightPricesOf } from './night-prices';
import { type FeeRule, type RatePlanTerms, STANDARD_TERMS } from './rate-plans';

const HOUR_MS = 3_600_000;

/** What a stay under a plan costs to cancel, and to miss: an offer's and a booking's terms. */
export interface StayPolicy {
  readonly cancellation: {
    /** Until this instant (exclusive) a cancel is free; null: never (non-refundable). */
    readonly freeUntil: string | null;
    /** What a cancel costs from then on. */
    readonly feeAfter: Money;
  };
  readonly noShowFee: Money;
}

/**
 * The free-cancellation deadline of a stay arriving on `checkIn`: the local check-in
 * time of that day, `hours` hours of elapsed time before it, with the hotel's offset
 * then; null when there is none.
 */
export function freeUntil(clock: HotelClock, checkIn: string, hours: number | null): string | null {
  if (hours === null) return null;
  return withOffset(
    clock.timeZone,
    localInstant(clock.timeZone, checkIn, clock.checkInTime) - hours * HOUR_MS,
  );
}

/** A fee for `rooms` rooms whose nights cost `nightPrices` each: the first n nights (at most the stay), or a percent of the total. */
export function feeOf(
  rule: FeeRule,
  nightPrices: readonly NightPrice[],
  rooms: number,
  currency: string,
): Money {
  const total = nightPrices.reduce((sum, n) => sum + n.price.amount, 0) * rooms;
  if ('percent' in rule) return { amount: Math.round((total * rule.percent) / 100), currency };
  const first = nightPrices.slice(0, rule.nights).reduce((sum, n) => sum + n.price.amount, 0);
  return multiply({ amount: first, currency }, rooms);
}

/** The policy of a stay under `terms`: its deadline on the hotel's clock and its fees in money. */
export function stayPolicy(
  terms: Pick<RatePlanTerms, 'cancellation' | 'noShowFee'>,
  clock: HotelClock,
  checkIn: string,
  nightPrices: readonly NightPrice[],
  rooms: number,
  currency: string,
): StayPolicy {
  return {
    cancellation: {
      freeUntil: freeUntil(clock, checkIn, terms.cancellation.freeUntilHoursBefore),
      feeAfter: feeOf(terms.cancellation.fee, nightPrices, rooms, currency),
    },
    noShowFee: feeOf(terms.noShowFee, nightPrices, rooms, currency),
  };
}

/** The booking's plan terms: the copy it keeps, or the standard plan's for a booking made before plans. */
export function termsOf(booking: Pick<Booking, 'ratePlan'>): RatePlanTerms {
  return booking.ratePlan ?? STANDARD_TERMS;
}

/** What cancelling at `now` costs under `policy`: nothing before the deadline, the fee from it on. */
export function cancellationFeeAt(policy: StayPolicy, now: Date): Money {
  const { freeUntil: deadline, feeAfter } = policy.cancellation;
  if (deadline !== null && now.getTime() < Date.parse(deadline))
    return { amount: 0, currency: feeAfter.currency };
  return feeAfter;
}

/** The booking's policy: as fixed when booked, or the standard plan's on the hotel's clock for a booking made before plans. */
export function bookingPolicy(booking: Booking, clock: HotelClock): StayPolicy {
  if (booking.cancellation && booking.noShowFee)
    return { cancellation: booking.cancellation, noShowFee: booking.noShowFee };
  const { checkIn, rooms, totalPrice } = booking;
  return stayPolicy(termsOf(booking), clock, checkIn, nightPricesOf(booking), rooms, totalPrice.currency);
}
