/**
 * The stay itself: the guest cancels, the front desk checks a guest in and out
 * or marks a no-show. Every change is planned from the one lifecycle table
 * (lifecycle-table.ts) and judged by the hotel's local date and time
 * (hotel-clock.ts); each is one conditional transaction that guards the
 * booking's current status and the owner region, and gives back the nights the
 * booking no longer holds in that same transaction.
 */
import { bookingPolicy, cancellationFeeAt } from './cancellation-policy';
import type { DomainContext } from './context';
import { Conflict, NotFound, StaleRead } from './errors';
import { type HotelClock, hotelLocalTime, type LocalMoment, reached } from './hotel-clock';
import { hotelOwnedBy } from './hotels';
import { type BookingAction, LIFECYCLE, STATUS_WORDS, type StayAction } from './lifecycle-table';
import type { Booking, BookingStatus } from './model';
import type { StatusChange } from './ports';
import { addDays, nightsOf } from './stay';

export type { StayAction } from './lifecycle-table';

/** The refusal of a change the lifecycle does not allow from `status`: 409 naming the status. */
export function illegalChange(status: BookingStatus, what: string, reason?: string): Conflict {
  return new Conflict(
    `The booking is ${STATUS_WORDS[status]} (${status}), so it cannot be ${what}${reason ? `: ${reason}` : ''}`,
    { status },
  );
}

/** Refuses `action` unless the table lets it start from the booking's status. */
export function assertTransitionAllowed(booking: Pick<Booking, 'status'>, action: BookingAction): void {
  const transition = LIFECYCLE[action];
  if (!(transition.from as readonly BookingStatus[]).includes(booking.status))
    throw illegalChange(booking.status, transition.done);
}

/**
 * The nights a booking still holds on its room type's counters: every night of a
 * confirmed or checked-in stay, the nights before `releasedFrom` of a checked-out
 * stay or a no-show, and none of a cancelled one. Reconcile counts exactly these.
 * Exhaustive: a new status does not compile until it says which nights it holds.
 */
export function nightsHeld(
  booking: Pick<Booking, 'status' | 'checkIn' | 'checkOut' | 'releasedFrom'>,
): string[] {
  const status = booking.status;
  switch (status) {
    case 'CONFIRMED':
    case 'CHECKED_IN':
      return nightsOf(booking.checkIn, booking.checkOut);
    case 'CHECKED_OUT':
    case 'NO_SHOW':
      return nightsOf(booking.checkIn, booking.releasedFrom ?? booking.checkOut);
    case 'CANCELLED':
      return [];
    default: {
      const unknown: never = status;
      throw new Error(`No rule for the nights a ${String(unknown)} booking holds`);
    }
  }
}

/** The first night not yet begun on the local date `today`, clamped to the stay: nights from it on are given back. */
function firstUnusedNight(booking: Booking, today: string): string {
  if (today <= booking.checkIn) return booking.checkIn;
  if (today >= booking.checkOut) return booking.checkOut;
  return today;
}

/** True once the local check-in time of the arrival day has passed at the hotel: the stay has begun. */
export function stayHasBegun(
  booking: Pick<Booking, 'checkIn'>,
  clock: HotelClock,
  local: LocalMoment,
): boolean {
  return reached(local, booking.checkIn, clock.checkInTime);
}

/**
 * The transaction's plan for `action` on `booking` at the hotel's local moment
 * `local` (`at` is the same instant, recorded on the booking), or the refusal:
 * a status the action does not start from, or a moment outside its window.
 */
export function planStatusChange(
  booking: Booking,
  action: Exclude<BookingAction, 'modify'>,
  clock: HotelClock,
  local: LocalMoment,
  at: string,
): StatusChange {
  assertTransitionAllowed(booking, action);
  const transition = LIFECYCLE[action];
  const from = booking.status;
  const to = transition.to;
  const what = transition.done;
  const today = local.date;
  switch (action) {
    case 'cancel':
      // Once the guest may arrive, the desk's check-out or no-show decides what the stay costs.
      if (stayHasBegun(booking, clock, local))
        throw illegalChange(
          booking.status,
          what,
          `cancellation closed at ${clock.checkInTime} local time (${clock.timeZone}) on ${booking.checkIn}, the arrival day; the front desk can mark a no-show or check out`,
        );
      return {
        from,
        to,
        at,
        // By the terms the booking keeps: free before its deadline, the fee from it on.
        fields: {
          cancelledAt: at,
          cancellationFee: cancellationFeeAt(bookingPolicy(booking, clock), new Date(at)),
        },
        release: nightsOf(booking.checkIn, booking.checkOut),
      };
    case 'check-in':
      if (today < addDays(booking.checkIn, -1))
        throw illegalChange(booking.status, what, `check-in opens the day before ${booking.checkIn}`);
      if (today >= booking.checkOut)
        throw illegalChange(booking.status, what, `the stay ended on ${booking.checkOut}`);
      return { from, to, at, fields: { checkedInAt: at }, release: [] };
    case 'no-show': {
      if (today < booking.checkIn)
        throw illegalChange(booking.status, what, `the guest is not due until ${booking.checkIn}`);
      const releasedFrom = firstUnusedNight(booking, today);
      return {
        from,
        to,
        at,
        fields: { noShowAt: at, releasedFrom, noShowFee: bookingPolicy(booking, clock).noShowFee },
        release: nightsOf(releasedFrom, booking.checkOut),
      };
    }
    case 'check-out': {
      // Leaving on the local date D: the night before D was slept; nights from D on are given back.
      const releasedFrom = firstUnusedNight(booking, today);
      return {
        from,
        to,
        at,
        fields: { checkedOutAt: at, releasedFrom },
        release: nightsOf(releasedFrom, booking.checkOut),
      };
    }
  }
}

/** Plans `action` at the instant `now`, judged by the hotel's clock. */
export function planStayChange(
  booking: Booking,
  action: Exclude<BookingAction, 'modify'>,
  clock: HotelClock,
  now: Date,
): StatusChange {
  return planStatusChange(booking, action, clock, hotelLocalTime(clock, now), now.toISOString());
}

/**
 * Checks a guest in or out, or marks a no-show, for the hotelier who owns the
 * hotel. Runs in the owner region only (elsewhere `NotOwnerRegion` forwards it).
 * A change that lost a race to another is refused naming the status it lost to.
 */
export async function changeStay(
  ctx: DomainContext,
  ownerId: string,
  hotelId: string,
  bookingId: string,
  action: StayAction,
): Promise<Booking> {
  const hotel = await hotelOwnedBy(ctx, ownerId, hotelId, { consistent: true, forWrite: true });
  const booking = await ctx.bookings.getBooking(hotelId, bookingId, { consistent: true });
  if (!booking) throw new NotFound('No such booking');
  const plan = planStayChange(booking, action, hotel, ctx.now());
  try {
    return await ctx.bookings.changeBookingStatus(booking, plan);
  } catch (error) {
    if (!(error instanceof StaleRead)) throw error;
    const current = await ctx.bookings.getBooking(hotelId, bookingId, { consistent: true });
    if (!current) throw new NotFound('No such booking');
    throw illegalChange(current.status, LIFECYCLE[action].done);
  }
}
