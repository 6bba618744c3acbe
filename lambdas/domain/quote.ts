/**
 * The one quote of a stay: each night's price, their sum, and whether the stay
 * can be booked at all. Availability, the booking and (later) search offers all
 * use it, so what is shown is what is charged. Pure: no store, no clock.
 */
import type { StayRefusal } from './errors';
import type { CalendarNight, RoomType } from './model';
import { type Money, multiply } from './money';
import { nightsOf } from './stay';

export interface NightQuote {
  readonly night: string;
  readonly price: Money;
  /** True when the calendar overrides the room type's price on this night. */
  readonly override: boolean;
}

export interface StayQuote {
  readonly nights: readonly NightQuote[];
  /** One room for the whole stay: the sum of the nights' prices. */
  readonly perRoom: Money;
  /** `rooms` rooms for the whole stay. */
  readonly total: Money;
  readonly bookable: boolean;
  /** Why not, when not bookable; empty otherwise. */
  readonly reasons: readonly StayRefusal[];
}

/**
 * Quotes `rooms` rooms of `roomType` for `[checkIn, checkOut)` from the calendar
 * nights of the stay (nights without an item take the room type's defaults).
 * The arrival night's `minStay` and `maxStay` bound the stay's length.
 */
export function quoteStay(
  roomType: Pick<RoomType, 'pricePerNight'>,
  checkIn: string,
  checkOut: string,
  calendar: readonly CalendarNight[],
  rooms = 1,
): StayQuote {
  const byNight = new Map(calendar.map((n) => [n.night, n]));
  const currency = roomType.pricePerNight.currency;
  const nights = nightsOf(checkIn, checkOut).map<NightQuote>((night) => {
    const price = byNight.get(night)?.price;
    return price
      ? { night, price, override: true }
      : { night, price: roomType.pricePerNight, override: false };
  });
  const reasons: StayRefusal[] = [];
  const closed = nights.filter((n) => byNight.get(n.night)?.closed === true).map((n) => n.night);
  if (closed.length) reasons.push({ reason: 'CLOSED', nights: closed });
  const arrival = byNight.get(checkIn);
  if (arrival?.minStay !== undefined && nights.length < arrival.minStay)
    reasons.push({ reason: 'MIN_STAY', nights: [checkIn], limit: arrival.minStay });
  if (arrival?.maxStay !== undefined && nights.length > arrival.maxStay)
    reasons.push({ reason: 'MAX_STAY', nights: [checkIn], limit: arrival.maxStay });
  // An override left in an old currency after the room type changed currency: never summed, never sold.
  const foreign = nights.filter((n) => n.price.currency !== currency).map((n) => n.night);
  if (foreign.length) reasons.push({ reason: 'PRICE_CURRENCY', nights: foreign });
  const amount = nights.reduce((sum, n) => sum + (n.price.currency === currency ? n.price.amount : 0), 0);
  const perRoom = { amount, currency };
  return { nights, perRoom, total: multiply(perRoom, rooms), bookable: reasons.length === 0, reasons };
}
