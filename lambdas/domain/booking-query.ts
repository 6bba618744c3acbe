/**
 * What the front desk types to find a booking in its hotel's list: the reference the guest
 * quotes, or part of the guest's or booker's name or e-mail address.
 */
import { normalizeReference, REFERENCE_PATTERN } from './booking-reference';
import type { DomainContext } from './context';
import type { GuestAccessStore } from './guest-access-ports';
import type { Booking } from './model';
import { fold } from './text-fold';

/** The longest query the desk may type: a name or an address is shorter. */
export const MAX_BOOKING_QUERY_LENGTH = 100;

export interface BookingQuery {
  /** The query as typed, trimmed: what a cursor is bound to. */
  readonly text: string;
  matches(booking: Booking): boolean;
}

/**
 * Matches a booking whose reference is `typed` (as a guest may write it: any case, spaces or
 * hyphens), or whose guest's or booker's name or e-mail address holds it, case and accents
 * aside ("jose" finds "José Núñez").
 */
export function bookingQuery(typed: string): BookingQuery {
  const text = typed.trim();
  const needle = fold(text);
  const reference = normalizeReference(text);
  return {
    text,
    matches: (booking) =>
      booking.reference === reference ||
      [booking.guest.name, booking.guest.email, booking.booker?.name, booking.booker?.email].some(
        (value) => value !== undefined && fold(value).includes(needle),
      ),
  };
}

/**
 * The one booking of `hotelId` that `query` names by its reference, when it is in the list asked
 * for (its stay overlaps `[from, to)`, in `status` if given): found at once through the reference,
 * however many bookings the range holds. Undefined when the query is no reference of such a booking.
 */
export async function bookingNamedBy(
  ctx: DomainContext,
  references: Pick<GuestAccessStore, 'getReference'>,
  hotelId: string,
  query: BookingQuery,
  list: { readonly from: string; readonly to: string; readonly status?: string },
): Promise<Booking | undefined> {
  const reference = normalizeReference(query.text);
  if (!REFERENCE_PATTERN.test(reference)) return undefined;
  const found = await references.getReference(reference);
  if (found?.hotelId !== hotelId) return undefined;
  const booking = await ctx.bookings.getBooking(hotelId, found.bookingId);
  const listed =
    booking &&
    booking.checkIn < list.to &&
    booking.checkOut > list.from &&
    (!list.status || booking.status === list.status);
  return listed ? booking : undefined;
}
