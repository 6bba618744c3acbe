/**
 * The stay itself: the front desk checks a guest in and out, or marks a no-show.
 * Each change is one conditional transaction that guards the booking's current
 * status and the owner region; an early check-out or a no-show gives back the
 * nights not used in that same transaction.
 */
import type { DomainContext } from './context';
import { Conflict, NotFound, StaleRead } from './errors';
import { hotelOwnedBy } from './hotels';
import type { Booking, BookingStatus } from './model';
import type { StatusChange } from './ports';
import { addDays, nightsOf, todayUtc } from './stay';

/** What the front desk can do to a booking. */
export type StayAction = 'check-in' | 'check-out' | 'no-show';

const TRANSITIONS: Record<StayAction, { readonly from: BookingStatus; readonly to: BookingStatus }> = {
  'check-in': { from: 'CONFIRMED', to: 'CHECKED_IN' },
  'check-out': { from: 'CHECKED_IN', to: 'CHECKED_OUT' },
  'no-show': { from: 'CONFIRMED', to: 'NO_SHOW' },
};

const STATUS_WORDS: Record<BookingStatus, string> = {
  CONFIRMED: 'confirmed',
  CANCELLED: 'cancelled',
  CHECKED_IN: 'checked in',
  CHECKED_OUT: 'checked out',
  NO_SHOW: 'a no-show',
};

const ACTION_WORDS: Record<StayAction, string> = {
  'check-in': 'checked in',
  'check-out': 'checked out',
  'no-show': 'marked as a no-show',
};

/** The refusal of a change the lifecycle does not allow from `status`: 409 naming the status. */
export function illegalChange(status: BookingStatus, what: string, reason?: string): Conflict {
  return new Conflict(
    `The booking is ${STATUS_WORDS[status]} (${status}), so it cannot be ${what}${reason ? `: ${reason}` : ''}`,
    { status },
  );
}

/**
 * The nights a booking still holds on its room type's counters: every night of a
 * confirmed or checked-in stay, the nights before `releasedFrom` of a checked-out
 * stay or a no-show, and none of a cancelled one. Reconcile counts exactly these.
 */
export function nightsHeld(
  booking: Pick<Booking, 'status' | 'checkIn' | 'checkOut' | 'releasedFrom'>,
): string[] {
  switch (booking.status) {
    case 'CONFIRMED':
    case 'CHECKED_IN':
      return nightsOf(booking.checkIn, booking.checkOut);
    case 'CHECKED_OUT':
    case 'NO_SHOW':
      return nightsOf(booking.checkIn, booking.releasedFrom ?? booking.checkOut);
    default:
      return [];
  }
}

/** The first night not yet begun on `today`, clamped to the stay: nights from it on are given back. */
function firstUnusedNight(booking: Booking, today: string): string {
  if (today <= booking.checkIn) return booking.checkIn;
  if (today >= booking.checkOut) return booking.checkOut;
  return today;
}

/**
 * The transaction's plan for `action` on `booking` today (UTC), or the refusal:
 * a status the action does not start from, or a day outside its window.
 */
export function planStayChange(booking: Booking, action: StayAction, now: Date): StatusChange {
  const { from, to } = TRANSITIONS[action];
  const what = ACTION_WORDS[action];
  if (booking.status !== from) throw illegalChange(booking.status, what);
  const at = now.toISOString();
  const today = todayUtc(now);
  switch (action) {
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
        fields: { noShowAt: at, releasedFrom },
        release: nightsOf(releasedFrom, booking.checkOut),
      };
    }
    case 'check-out': {
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
  await hotelOwnedBy(ctx, ownerId, hotelId, { consistent: true, forWrite: true });
  const booking = await ctx.bookings.getBooking(hotelId, bookingId, { consistent: true });
  if (!booking) throw new NotFound('No such booking');
  const plan = planStayChange(booking, action, ctx.now());
  try {
    return await ctx.bookings.changeBookingStatus(booking, plan);
  } catch (error) {
    if (!(error instanceof StaleRead)) throw error;
    const current = await ctx.bookings.getBooking(hotelId, bookingId, { consistent: true });
    if (!current) throw new NotFound('No such booking');
    throw illegalChange(current.status, ACTION_WORDS[action]);
  }
}
