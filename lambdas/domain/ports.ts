/**
 * Ports: what the domain needs from the outside world. Adapters implement them.
 * One module per family (stores, search, forwarding, guest access); this one
 * gathers them, with what ties a region together.
 */

import type { BookingStore } from './booking-ports';
import type { HandoverStore } from './handover-ports';
import type { HotelStore } from './hotel-ports';

export type * from './booking-ports';
export type * from './forwarding-ports';
export type * from './guest-access-ports';
export type * from './handover-ports';
export type * from './hotel-ports';
export type * from './page-ports';
export type * from './search-ports';

/**
 * What the domain tells operators about states it could not leave on its own.
 * In AWS each becomes a metric with an alarm on it; locally, a log line.
 */
export interface OperationalSignals {
  /**
   * A capacity cut failed and giving its hold back failed too, after retries:
   * bookings see the lower capacity until the hotelier repeats the change.
   */
  capacityHoldStuck(stuck: {
    readonly hotelId: string;
    readonly roomTypeId: string;
    readonly pendingTotalRooms: number;
    readonly error: unknown;
  }): void;
}

/** One region's stores, one per aggregate. */
export interface RegionStores {
  readonly hotels: HotelStore;
  readonly bookings: BookingStore;
  readonly handovers: HandoverStore;
}
