/**
 * A guest's own booking: found by its access token (this region's copy, or the owner
 * region's when this copy cannot refuse for certain), read, and cancelled under the
 * hotel's clock and the booking's lifecycle.
 */
import { hotelClockFor } from './booking';
import type { DomainContext } from './context';
import {
  AskOwnerRegion,
  Conflict,
  NotFound,
  NotFoundHere,
  NotOwnerRegion,
  StaleRead,
  Unauthorized,
} from './errors';
import type { Booking } from './model';
import type { Region } from './regions';
import { accessTokenMatches } from './secrets';
import { illegalChange, planStayChange } from './stay-lifecycle';

/** The region that owns writes to the booking's hotel, as this region's copy says. */
export async function ownerOf(
  ctx: DomainContext,
  hotelId: string,
  roomTypeId?: string,
): Promise<Region | undefined> {
  // Writes to a booking are guarded by its room type, which a handover moves with the hotel.
  const roomType = roomTypeId ? await ctx.hotels.getRoomType(hotelId, roomTypeId) : undefined;
  return roomType?.managedIn ?? (await ctx.hotels.getHotel(hotelId))?.managedIn;
}

/**
 * Where this region's copy cannot refuse for certain (a token handed out by a
 * replay in the owner region may not have replicated here yet), the owner decides:
 * a write is forwarded there, a read asks it first.
 */
async function refusalFor(
  ctx: DomainContext,
  refusal: Unauthorized | NotFound,
  forWrite: boolean,
  hotelId: string,
  roomTypeId?: string,
): Promise<Error> {
  const owner = await ownerOf(ctx, hotelId, roomTypeId);
  if (!owner || owner === ctx.region) return refusal;
  return forWrite ? new NotOwnerRegion(owner) : new AskOwnerRegion(owner, refusal);
}

/** The booking, if `accessToken` opens it; a write reads it from the leader copy. */
export async function bookingForGuest(
  ctx: DomainContext,
  hotelId: string,
  bookingId: string,
  accessToken: string | undefined,
  forWrite: boolean,
): Promise<Booking> {
  if (!accessToken) throw new Unauthorized('A booking access token is required');
  const booking = await ctx.bookings.getBooking(hotelId, bookingId, { consistent: forWrite });
  // A cancellation may reach a region the booking has not replicated to yet: the other region decides.
  if (!booking && forWrite) throw new NotFoundHere('No such booking');
  if (!booking) throw await refusalFor(ctx, new NotFound('No such booking'), false, hotelId);
  if (!accessTokenMatches(accessToken, booking.accessTokenHashes))
    throw await refusalFor(
      ctx,
      new Unauthorized('The access token does not match this booking'),
      forWrite,
      hotelId,
      booking.roomTypeId,
    );
  return booking;
}

/** The booking, for the guest holding its access token. */
export async function getBookingForGuest(
  ctx: DomainContext,
  hotelId: string,
  bookingId: string,
  accessToken: string | undefined,
): Promise<Booking> {
  return bookingForGuest(ctx, hotelId, bookingId, accessToken, false);
}

/**
 * Cancels the booking and gives its rooms back on every night. Cancelling again
 * returns the cancelled booking and frees nothing more. A stay that was checked
 * in, checked out or marked a no-show can no longer be cancelled, nor one whose
 * arrival day has reached the hotel's local check-in time.
 */
export async function cancelBookingForGuest(
  ctx: DomainContext,
  hotelId: string,
  bookingId: string,
  accessToken: string | undefined,
): Promise<Booking> {
  const booking = await bookingForGuest(ctx, hotelId, bookingId, accessToken, true);
  if (booking.status === 'CANCELLED') return booking;
  const plan = planStayChange(booking, 'cancel', await hotelClockFor(ctx, hotelId), ctx.now());
  try {
    return await ctx.bookings.changeBookingStatus(booking, plan);
  } catch (error) {
    if (!(error instanceof StaleRead)) throw error;
    // Someone else cancelled it in between: a second cancel frees nothing more.
    const current = await ctx.bookings.getBooking(hotelId, bookingId, { consistent: true });
    if (current?.status === 'CANCELLED') return current;
    // The front desk got there first (a check-in racing the guest's cancel): its change stands.
    if (current) throw illegalChange(current.status, 'cancelled');
    throw new Conflict('The booking changed while it was being cancelled; please retry');
  }
}
