/** What the handlers of one region run with: its stores, search, forwarding, and readiness. */
import type { GuestAccess } from '../domain/booking-lookup';
import type { DomainContext } from '../domain/context';
import type { DrainOptions, HandoverContext } from '../domain/handover';
import type { CursorSeal, HotelierTokenVerifier, HotelSearch, RegionForwarder } from '../domain/ports';

/** Everything a handler may use: the domain context plus the search and forwarding ports. */
export interface RegionServices extends DomainContext {
  readonly search: HotelSearch;
  /** Seals every cursor the API hands out, under the deployment's cursor key. */
  readonly cursors: CursorSeal;
  readonly forwarder: RegionForwarder;
  /**
   * Checks the token a forwarded hotelier write carries, as the authorizer checked it where it
   * arrived. Without it, this region refuses every forwarded hotelier write (401).
   */
  readonly hotelierTokens?: HotelierTokenVerifier;
  /** False until the region can serve (seeded, index loaded); `/health` reports it. */
  readonly isReady?: () => boolean;
  /** What must be done once before the first request (reading the cursor key in AWS). */
  readonly prepare?: () => Promise<void>;
  /** The reference map, token writes and attempt counters that finding a booking again uses. */
  readonly guestAccess?: GuestAccess;
  /** Every region's store, for the operators' handover routes; absent where they are not served. */
  readonly handover?: HandoverContext & { readonly drain?: DrainOptions };
}
