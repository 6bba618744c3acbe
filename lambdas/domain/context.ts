/** What every domain operation runs with. */
import type { BookingStore, HotelStore, OperationalSignals } from './ports';
import type { Region } from './regions';
import type { RoomTypeCache } from './room-type-cache';

/** The stores of the region it runs in, the region, and a clock. */
export interface DomainContext {
  readonly hotels: HotelStore;
  readonly bookings: BookingStore;
  readonly region: Region;
  readonly now: () => Date;
  /** Recently read room types for the booking path; without it every booking reads the store. */
  readonly roomTypes?: RoomTypeCache;
  /** Where stuck states are reported; without it they go to the log (`LOGGED_SIGNALS`). */
  readonly signals?: OperationalSignals;
}

/** Signals as structured log lines on stderr: the fallback wherever no metrics are wired. */
export const LOGGED_SIGNALS: OperationalSignals = {
  capacityHoldStuck({ error, ...where }) {
    console.error(
      JSON.stringify({ level: 'ERROR', signal: 'CapacityHoldStuck', ...where, error: String(error) }),
    );
  },
};

/** Re-reads after something changed under a conditional write, before giving up. */
export const MAX_STALE_RETRIES = 5;
