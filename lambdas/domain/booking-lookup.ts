/**
 * Finding a booking again: a traveller without the saved link gives the booking's
 * reference and their e-mail address and gets a fresh access token. Attempts are
 * limited per caller and per reference, and a wrong reference and a wrong address
 * get the same answer after the same work.
 */

import { emailMatches } from './booking-reference';
import type { DomainContext } from './context';
import { NotFound, NotOwnerRegion, TooManyRequests } from './errors';
import { ownerOf } from './guest-booking';
import { issueAccessToken } from './guest-tokens';
import type { AttemptCounter, GuestAccessStore } from './ports';

/** At most `attempts` in each fixed window of `windowSeconds`. */
export interface AttemptLimit {
  readonly attempts: number;
  readonly windowSeconds: number;
}

export interface LookupLimits {
  /** Per caller (the client's IP address). */
  readonly perCaller: AttemptLimit;
  /** Per reference, whoever asks: what stops a reference from being tried with many addresses. */
  readonly perReference: AttemptLimit;
}

/**
 * The documented limits: a traveller who mistypes a few times is never stopped, a
 * guesser is. With 10 attempts an hour per reference, trying addresses against one
 * reference is hopeless; with 30 an hour per caller, so is trying references (about
 * 4.4e11 per region, each needing its address as well).
 */
export const LOOKUP_LIMITS: LookupLimits = {
  perCaller: { attempts: 30, windowSeconds: 3_600 },
  perReference: { attempts: 10, windowSeconds: 3_600 },
};

/** What the lookup needs besides the domain context. */
export interface GuestAccess {
  readonly store: GuestAccessStore;
  readonly attempts: AttemptCounter;
  /** @default LOOKUP_LIMITS */
  readonly limits?: LookupLimits;
}

export interface LookupRequest {
  /** Normalised (see `normalizeReference`). */
  readonly reference: string;
  readonly email: string;
  /** Who is asking (the client's IP address), as the receiving region saw it. */
  readonly caller?: string;
  /** True when another region received the request, counted it and forwarded it here. */
  readonly forwarded: boolean;
}

export interface LookupResult {
  readonly hotelId: string;
  readonly bookingId: string;
  /** Fresh, shown once; the booking's other tokens keep working. */
  readonly accessToken: string;
}

const NO_MATCH = 'No booking has this reference with this e-mail address';

/** Counts one attempt against `limit`; the seconds to wait when it is over, else 0. */
async function overBy(counter: AttemptCounter, key: string, limit: AttemptLimit, nowMs: number) {
  const windowMs = limit.windowSeconds * 1_000;
  const startMs = Math.floor(nowMs / windowMs) * windowMs;
  const count = await counter.hit(key, { startMs, endMs: startMs + windowMs });
  return count > limit.attempts ? Math.max(1, Math.ceil((startMs + windowMs - nowMs) / 1_000)) : 0;
}

/** Counts the attempt per caller and per reference (both, always); `TooManyRequests` past either limit. */
async function admit(ctx: DomainContext, access: GuestAccess, request: LookupRequest): Promise<void> {
  const limits = access.limits ?? LOOKUP_LIMITS;
  const now = ctx.now().getTime();
  const waits = await Promise.all([
    overBy(access.attempts, `caller#${request.caller ?? 'unknown'}`, limits.perCaller, now),
    overBy(access.attempts, `reference#${request.reference}`, limits.perReference, now),
  ]);
  const wait = Math.max(...waits);
  if (wait)
    throw new TooManyRequests(wait, 'Too many attempts to find a booking; please wait before trying again');
}

/**
 * The booking that `reference` names, if `email` is its guest's (or booker's), with a
 * fresh access token. The reference is read from this region's copy; minting the
 * token writes the booking, so it runs in the owner region (`NotOwnerRegion`
 * forwards it there, where it is not counted again).
 */
export async function findBookingByReference(
  ctx: DomainContext,
  access: GuestAccess,
  request: LookupRequest,
): Promise<LookupResult> {
  if (!request.forwarded) await admit(ctx, access, request);
  const found = await access.store.getReference(request.reference);
  // The comparison runs whether or not the reference exists: the two refusals cost the same.
  const matched = emailMatches(request.email, found?.emailFingerprints);
  if (!found || !matched) throw new NotFound(NO_MATCH);
  const owner = await ownerOf(ctx, found.hotelId, found.roomTypeId);
  if (owner && owner !== ctx.region) throw new NotOwnerRegion(owner);
  const booking = await ctx.bookings.getBooking(found.hotelId, found.bookingId, { consistent: true });
  if (!booking) throw new NotFound(NO_MATCH);
  const accessToken = await issueAccessToken(ctx, access.store, booking);
  return { hotelId: booking.hotelId, bookingId: booking.bookingId, accessToken };
}
