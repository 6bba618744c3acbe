/**
 * What availability offers for one room type: each plan on sale for the stay, its
 * total for one room and the guests, its inclusions, and its policy on the hotel's
 * clock. Priced and judged by the same rules a booking commits with (rate-plans.ts,
 * cancellation-policy.ts), so what is offered is what is charged.
 */
import { type StayPolicy, stayPolicy } from './cancellation-policy';
import type { HotelClock } from './hotel-clock';
import type { CalendarNight, RoomType } from './model';
import type { Money } from './money';
import {
  bookedTermsOf,
  type Guests,
  type PlanQuote,
  quotePlanStay,
  type RatePlan,
  type RatePlanTerms,
  STANDARD_TERMS,
  sellsArrival,
} from './rate-plans';

/** One plan's offer for a stay. */
export interface PlanOffer extends StayPolicy {
  readonly ratePlanId: string;
  readonly name: string;
  /** One room for the whole stay, for the guests. */
  readonly totalPrice: Money;
  readonly includes: readonly string[];
}

/** What a stay of one room type is offered at: the standard plan's quote and every plan's offer. */
export interface RoomTypeOffers {
  readonly standard: PlanQuote;
  /** The plans that sell the stay: standard first, then the hotelier's by id; none when it cannot be booked. */
  readonly offers: readonly PlanOffer[];
}

/** The offers of `roomType` for `[checkIn, checkOut)` and the guests, from its plans (any status) and calendar. */
export function offersFor(input: {
  readonly roomType: RoomType;
  readonly plans: readonly RatePlan[];
  readonly clock: HotelClock;
  /** The hotel's local date. */
  readonly today: string;
  readonly checkIn: string;
  readonly checkOut: string;
  readonly calendar: readonly CalendarNight[];
  readonly guests: Guests;
}): RoomTypeOffers {
  const { roomType, clock, checkIn, checkOut, calendar, guests } = input;
  const currency = roomType.pricePerNight.currency;
  const onSale: RatePlanTerms[] = [
    STANDARD_TERMS,
    ...input.plans
      .filter((p) => p.status === 'ACTIVE' && sellsArrival(p, checkIn, input.today))
      .sort((a, b) => (a.ratePlanId < b.ratePlanId ? -1 : 1))
      .map(bookedTermsOf),
  ];
  const quoted = onSale.map((terms) => ({
    terms,
    quote: quotePlanStay(roomType, terms, checkIn, checkOut, calendar, 1, guests),
  }));
  const standard = (quoted[0] as (typeof quoted)[number]).quote;
  const offers = quoted
    .filter(({ quote }) => quote.bookable)
    .map(({ terms, quote }) => ({
      ratePlanId: terms.ratePlanId,
      name: terms.name,
      totalPrice: quote.perRoom,
      includes: terms.includes,
      ...stayPolicy(terms, clock, checkIn, quote.nights, 1, currency),
    }));
  return { standard, offers };
}
