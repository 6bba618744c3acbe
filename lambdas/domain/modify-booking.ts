/**
 * Changing a booking: new dates, rooms, or both, by the guest (access token) or
 * the hotel's front desk, in one conditional transaction. Nights given up are
 * freed, nights added are taken and checked exactly like a new booking's (sold
 * out, closed, stay limits, price), and nothing changes on a refusal. Nights kept
 * keep the price they were booked at; nights added cost today's. Judged by the
 * hotel's clock: a confirmed stay may change until it begins (the local check-in
 * time of its arrival day); a checked-in one may change only its check-out.
 */
import { activeRoomType, assertValidStay, hotelClockFor, MAX_ROOMS_PER_BOOKING } from './booking';
import { stayPolicy, termsOf } from './cancellation-policy';
import { type DomainContext, MAX_STALE_RETRIES } from './context';
import {
  IdempotencyMismatch,
  NotBookable,
  NotFound,
  PriceChanged,
  SoldOut,
  StaleRead,
  type StayRefusal,
  StoreBusy,
  ValidationFailed,
} from './errors';
import { bookingForGuest } from './guest-booking';
import { clockOf, type HotelClock, hotelLocalTime, type LocalMoment } from './hotel-clock';
import { hotelOwnedBy } from './hotels';
import { LIFECYCLE } from './lifecycle-table';
import { type Booking, effectiveCapacity, type ModificationKey } from './model';
import { type Money, multiply, sameMoney } from './money';
import { nightPricesOf } from './night-prices';
import { occupancyOf } from './occupancy';
import type { NightChange, StayModification } from './ports';
import { assertSellsArrival, quotePlanStay } from './rate-plans';
import { requestFingerprint } from './secrets';
import { dayNumber, MAX_NIGHTS, nightsOf } from './stay';
import { assertTransitionAllowed, illegalChange, stayHasBegun } from './stay-lifecycle';

export { nightPricesOf } from './night-prices';

/** A booking remembers this many modification keys; a retry older than that is judged afresh. */
export const MAX_MODIFICATION_KEYS = 20;

/** What the caller asks to change; a field left out stays as it is. */
export interface StayChanges {
  readonly checkIn?: string;
  readonly checkOut?: string;
  readonly rooms?: number;
  /** What the caller was shown as the new total; another current total is refused with `PriceChanged`. */
  readonly expectedTotalPrice?: Money;
}

/** Who asks: the guest with the booking's token, or the hotelier who owns the hotel. */
export type ModifiedBy =
  | { readonly guest: { readonly accessToken: string | undefined } }
  | { readonly hotelier: { readonly ownerId: string } };

/** The stay the changes ask for, and the refusal of what the booking's status does not allow. */
export function targetStay(
  booking: Booking,
  changes: StayChanges,
  clock: HotelClock,
  local: LocalMoment,
): { checkIn: string; checkOut: string; rooms: number } {
  assertTransitionAllowed(booking, 'modify');
  const what = LIFECYCLE.modify.done;
  const target = {
    checkIn: changes.checkIn ?? booking.checkIn,
    checkOut: changes.checkOut ?? booking.checkOut,
    rooms: changes.rooms ?? booking.rooms,
  };
  if (!Number.isInteger(target.rooms) || target.rooms < 1 || target.rooms > MAX_ROOMS_PER_BOOKING)
    throw new ValidationFailed('The change is not valid', { rooms: `must be 1..${MAX_ROOMS_PER_BOOKING}` });
  if (booking.status === 'CHECKED_IN') {
    // In house: the arrival and the rooms are facts now; only the departure can move.
    if (target.checkIn !== booking.checkIn || target.rooms !== booking.rooms)
      throw illegalChange(booking.status, what, 'a stay in progress may change only its check-out date');
    const problems: Record<string, string> = {};
    const nights = dayNumber(target.checkOut) - dayNumber(target.checkIn);
    if (!(nights >= 1)) problems.checkOut = 'must be after checkIn';
    else if (nights > MAX_NIGHTS) problems.checkOut = `a stay is at most ${MAX_NIGHTS} nights`;
    else if (target.checkOut < local.date)
      problems.checkOut = `must not be before the hotel's local date (${local.date}): those nights were slept`;
    if (Object.keys(problems).length) throw new ValidationFailed('The change is not valid', problems);
    return target;
  }
  if (stayHasBegun(booking, clock, local))
    throw illegalChange(
      booking.status,
      what,
      `the stay began at ${clock.checkInTime} local time (${clock.timeZone}) on ${booking.checkIn}; the front desk can check the guest in, then change the check-out`,
    );
  assertValidStay(target.checkIn, target.checkOut, local.date);
  return target;
}

/** The counter changes that move `booking` to `target`, nights in order. */
export function nightChanges(
  booking: Pick<Booking, 'checkIn' | 'checkOut' | 'rooms'>,
  target: { checkIn: string; checkOut: string; rooms: number },
): Array<{ night: string; delta: number; added: boolean }> {
  const before = new Set(nightsOf(booking.checkIn, booking.checkOut));
  const after = new Set(nightsOf(target.checkIn, target.checkOut));
  const all = [...new Set([...before, ...after])].sort();
  return all.flatMap((night) => {
    const held = before.has(night) ? booking.rooms : 0;
    const wanted = after.has(night) ? target.rooms : 0;
    return held === wanted ? [] : [{ night, delta: wanted - held, added: !before.has(night) }];
  });
}

/**
 * Changes the booking's dates, rooms, or both, and answers it as it now stands.
 * With an idempotency key, a retry of a change already made answers the booking
 * and changes nothing more; the same key with another body is `IdempotencyMismatch`.
 */
export async function modifyBooking(
  ctx: DomainContext,
  by: ModifiedBy,
  hotelId: string,
  bookingId: string,
  changes: StayChanges,
  idempotencyKey?: string,
): Promise<Booking> {
  const requestHash = requestFingerprint({ bookingId, ...changes });
  for (let attempt = 0; attempt < MAX_STALE_RETRIES; attempt++) {
    const { booking, clock: known } = await bookingFor(ctx, by, hotelId, bookingId);
    if (idempotencyKey !== undefined) {
      const earlier = booking.modificationKeys?.find((k) => k.key === idempotencyKey);
      if (earlier && earlier.requestHash !== requestHash) throw new IdempotencyMismatch();
      if (earlier) return booking;
    }
    // One round of reads, in parallel: the hotel's clock (unless the front desk's owner check
    // read the hotel already), the room type, and the nights of the stay asked for (never more
    // than a stay's 30; nights only given up need no read).
    const asked = {
      checkIn: changes.checkIn ?? booking.checkIn,
      checkOut: changes.checkOut ?? booking.checkOut,
    };
    const askedNights = dayNumber(asked.checkOut) - dayNumber(asked.checkIn);
    const [clock, roomType, calendar] = await Promise.all([
      known ?? hotelClockFor(ctx, hotelId),
      activeRoomType(ctx, hotelId, booking.roomTypeId, true),
      askedNights >= 1 && askedNights <= MAX_NIGHTS
        ? ctx.bookings.calendarNights(hotelId, booking.roomTypeId, asked.checkIn, asked.checkOut, {
            consistent: true,
          })
        : Promise.resolve([]),
    ]);
    const now = ctx.now();
    const target = targetStay(booking, changes, clock, hotelLocalTime(clock, now));
    const changed = nightChanges(booking, target);
    if (!changed.length && target.checkIn === booking.checkIn) {
      // Nothing to change: the booking as it stands, at its price.
      if (changes.expectedTotalPrice && !sameMoney(changes.expectedTotalPrice, booking.totalPrice))
        throw new PriceChanged(booking.totalPrice);
      return booking;
    }
    const capacity = effectiveCapacity(roomType);
    // Nights added are priced under the plan the booking keeps, for its guests (a booking made
    // before occupancy: the standard occupancy, so nothing extra).
    const occupancy = occupancyOf(roomType);
    const guests = {
      adults: booking.adults ?? occupancy.standardOccupancy,
      children: booking.children ?? 0,
    };
    const terms = termsOf(booking);
    // A new arrival is held to the plan's advance window, as a new booking under it would be.
    if (target.checkIn !== booking.checkIn)
      assertSellsArrival(terms, target.checkIn, hotelLocalTime(clock, now).date, 'checkIn');
    const quote = quotePlanStay(roomType, terms, target.checkIn, target.checkOut, calendar, 1, guests);
    const byNight = new Map(calendar.map((n) => [n.night, n]));
    const added = new Set(changed.filter((c) => c.added).map((c) => c.night));

    // The same refusals as a new booking's, for what the change takes anew.
    const full = changed.filter(
      (c) => c.delta > 0 && (byNight.get(c.night)?.booked ?? 0) + c.delta > capacity,
    );
    if (full.length) throw new SoldOut(full.map((c) => c.night));
    const arrivalChecked = target.checkIn !== booking.checkIn || target.checkOut !== booking.checkOut;
    const reasons: StayRefusal[] = quote.reasons
      .map((r) => ({
        ...r,
        nights: r.nights.filter((n) =>
          r.reason === 'MIN_STAY' || r.reason === 'MAX_STAY' ? arrivalChecked : added.has(n),
        ),
      }))
      .filter((r) => r.nights.length > 0);
    if (reasons.length) throw new NotBookable(reasons);

    // Kept nights at their booked price; added nights at today's.
    const kept = new Map(nightPricesOf(booking).map((p) => [p.night, p.price]));
    const nightPrices = quote.nights.map(({ night, price }) => ({ night, price: kept.get(night) ?? price }));
    const currency = booking.totalPrice.currency;
    if (nightPrices.some((p) => p.price.currency !== currency))
      throw new NotBookable([
        {
          reason: 'PRICE_CURRENCY',
          nights: nightPrices.filter((p) => p.price.currency !== currency).map((p) => p.night),
        },
      ]);
    const perRoom = { amount: nightPrices.reduce((sum, p) => sum + p.price.amount, 0), currency };
    const totalPrice = multiply(perRoom, target.rooms);
    if (changes.expectedTotalPrice && !sameMoney(changes.expectedTotalPrice, totalPrice))
      throw new PriceChanged(totalPrice);

    const quoted = new Map(quote.nights.map((n) => [n.night, n]));
    const nights: NightChange[] = changed.map((c) => ({
      ...c,
      ...(c.added && quoted.get(c.night)?.calendar.override
        ? { override: quoted.get(c.night)?.calendar.price }
        : {}),
      ...(arrivalChecked && c.night === target.checkIn ? { stayLength: quote.nights.length } : {}),
    }));
    if (arrivalChecked && !nights.some((n) => n.night === target.checkIn)) {
      // The arrival night is kept, but the stay's length changed: its limits must admit the new length.
      const arrival = quoted.get(target.checkIn)?.calendar;
      const override = arrival?.override ? arrival.price : undefined;
      nights.unshift({
        night: target.checkIn,
        delta: 0,
        added: false,
        stayLength: quote.nights.length,
        override,
      });
    }
    const modificationKeys: ModificationKey[] | undefined =
      idempotencyKey === undefined
        ? booking.modificationKeys && [...booking.modificationKeys]
        : [...(booking.modificationKeys ?? []), { key: idempotencyKey, requestHash }].slice(
            -MAX_MODIFICATION_KEYS,
          );
    const after: Booking = {
      ...booking,
      ...target,
      totalPrice,
      nightPrices,
      // The same terms, on the new dates and prices: the deadline moves with the arrival.
      ...stayPolicy(terms, clock, target.checkIn, nightPrices, target.rooms, currency),
      modifiedAt: now.toISOString(),
      ...(modificationKeys ? { modificationKeys } : {}),
      version: booking.version + 1,
    };
    const change: StayModification = {
      before: booking,
      after,
      roomTypeVersion: roomType.version,
      capacity,
      nights,
    };
    try {
      return await ctx.bookings.modifyBooking(change);
    } catch (error) {
      // The booking, the room type or a night's calendar moved since it was read: read again.
      if (error instanceof StaleRead) continue;
      throw error;
    }
  }
  throw new StoreBusy();
}

/**
 * The booking, for whoever asks: the guest's token must open it, the hotelier must own the
 * hotel (whose read gives its clock too).
 */
async function bookingFor(
  ctx: DomainContext,
  by: ModifiedBy,
  hotelId: string,
  bookingId: string,
): Promise<{ booking: Booking; clock?: HotelClock }> {
  if ('guest' in by)
    return { booking: await bookingForGuest(ctx, hotelId, bookingId, by.guest.accessToken, true) };
  const hotel = await hotelOwnedBy(ctx, by.hotelier.ownerId, hotelId, { consistent: true, forWrite: true });
  const booking = await ctx.bookings.getBooking(hotelId, bookingId, { consistent: true });
  if (!booking) throw new NotFound('No such booking');
  return { booking, clock: clockOf(hotel) };
}
