/** Ports: finding a booking again by its reference, and counting the attempts. */

import type { Booking } from './model';

/** A booking's reference as either region reads it: where the booking is, and who may find it. */
export interface BookingReference {
  readonly reference: string;
  readonly hotelId: string;
  readonly bookingId: string;
  readonly roomTypeId: string;
  /** `emailFingerprint`s of the addresses that may find the booking (the guest's, the booker's). */
  readonly emailFingerprints: readonly string[];
}

/**
 * What finding a booking again needs from the store: the reference map (this
 * region's copy) and a write of the booking's token hashes, guarded by the
 * booking's version and owner region (`StaleRead` when it changed since read).
 */
export interface GuestAccessStore {
  getReference(reference: string): Promise<BookingReference | undefined>;
  replaceAccessTokenHashes(booking: Booking, hashes: readonly string[]): Promise<Booking>;
}

/**
 * Counts attempts in fixed windows, in the region that receives them (never
 * replicated). `hit` adds one to `key`'s window and returns the window's count.
 */
export interface AttemptCounter {
  hit(key: string, window: { readonly startMs: number; readonly endMs: number }): Promise<number>;
}
