/** What the handlers of one region run with: its stores, search, forwarding, and readiness. */
import type { GuestAccess } from '../domain/booking-lookup';
import type { DomainContext } from '../domain/context';
import type { DrainOptions, HandoverContext } from '../domain/handover';
import type { HotelSearch, RegionForwarder } from '../domain/ports';

/** Everything a handler may use: the domain context plus the search and forwarding ports. */
export interface RegionServices extends DomainContext {
  readonly search: HotelSearch;
  readonly forwarder: RegionForwarder;
  /** False until the region can serve (seeded, index loaded); `/health` reports it. */
  readonly isReady?: () => boolean;
  /** The reference map, token writes and attempt counters that finding a booking again uses. */
  readonly guestAccess?: GuestAccess;
  /** Every region's store, for the operators' handover routes; absent where they are not served. */
  readonly handover?: HandoverContext & { readonly drain?: DrainOptions };
}
