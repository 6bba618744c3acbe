/**
 * More access tokens for a booking that has one: what finding a booking again and
 * each guest message hand out. A booking keeps a bounded set of token hashes.
 */
import { MAX_ACCESS_TOKENS } from './booking';
import type { DomainContext } from './context';
import { MAX_STALE_RETRIES } from './context';
import { NotFound, StaleRead, StoreBusy } from './errors';
import type { Booking } from './model';
import type { GuestAccessStore } from './ports';
import { hashAccessToken, newAccessToken } from './secrets';

/**
 * The hashes after adding `hash`, at most `max` of them. Past the bound, the
 * oldest tokens handed out later give way, never the first: the booking's own
 * token, which the traveller's saved link (the confirmation page) holds.
 */
export function withTokenHash(hashes: readonly string[], hash: string, max = MAX_ACCESS_TOKENS): string[] {
  if (hashes.length < max) return [...hashes, hash];
  const [first, ...later] = hashes;
  return [...(first === undefined ? [] : [first]), ...later.slice(later.length - (max - 2)), hash];
}

/**
 * A fresh access token for `booking`, its hash added to the booking's set; the
 * other tokens keep working (within the bound). A write: it runs in the owner region.
 */
export async function issueAccessToken(
  ctx: DomainContext,
  store: GuestAccessStore,
  booking: Booking,
): Promise<string> {
  const accessToken = newAccessToken();
  const hash = hashAccessToken(accessToken);
  let current: Booking | undefined = booking;
  for (let attempt = 0; attempt < MAX_STALE_RETRIES && current; attempt++) {
    try {
      await store.replaceAccessTokenHashes(current, withTokenHash(current.accessTokenHashes, hash));
      return accessToken;
    } catch (error) {
      if (!(error instanceof StaleRead)) throw error;
      // Another token, a cancellation or a check-in got there first: add ours to what it left.
      current = await ctx.bookings.getBooking(booking.hotelId, booking.bookingId, { consistent: true });
    }
  }
  if (!current) throw new NotFound('No such booking');
  throw new StoreBusy();
}
