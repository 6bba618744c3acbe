/** The hotel store's domain records, free of any storage detail. */
import type { StayPolicy } from './cancellation-policy';
import type { HotelClock } from './hotel-clock';
import type { Money } from './money';
import type { BookedRatePlan } from './rate-plans';
import type { RateSummary } from './rates';
import type { Region } from './regions';

/** Schemaless hotel attributes: strings, numbers, booleans or lists of strings. */
export type AttributeValue = string | number | boolean | string[];
export type Attributes = Record<string, AttributeValue>;

export type HotelStatus = 'ACTIVE' | 'CLOSING';

/** The longest street address a hotel may give, in characters (code points), after trimming. */
export const MAX_ADDRESS_CHARACTERS = 200;

/**
 * A hotel fenced for a handover to another region: while it is set, every write
 * for the hotel is refused, so the target region can catch up before it takes over.
 */
export interface HandoverFence {
  readonly handoverId: string;
  readonly state: 'FENCED';
  readonly from: Region;
  readonly to: Region;
  readonly fencedAt: string;
}

/** A hotel, with its clock: its zone and local check-in and check-out times. */
export interface Hotel extends HotelClock {
  readonly hotelId: string;
  /** The hotelier (JWT `sub`) who owns the hotel. */
  readonly ownerId: string;
  readonly name: string;
  readonly city: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  /**
   * One line of street address ("10 Bayfront Avenue"; a postal code may be part of it),
   * shown to travellers with the city and country; absent when the hotelier gave none.
   */
  readonly address?: string;
  readonly description: string;
  readonly attributes: Attributes;
  /** The only region where this hotel's data is written. */
  readonly managedIn: Region;
  readonly status: HotelStatus;
  readonly roomTypeCount: number;
  /** Room types' capacities and prices for search; absent on hotels stored before it existed. */
  readonly rates?: RateSummary;
  /** Fingerprint of the create request, when it was made with an idempotency key. */
  readonly requestHash?: string;
  /** Present while a handover has fenced the hotel. */
  readonly handover?: HandoverFence;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type RoomTypeStatus = 'ACTIVE' | 'CLOSED';

export interface RoomType {
  readonly hotelId: string;
  readonly roomTypeId: string;
  readonly name: string;
  readonly totalRooms: number;
  readonly pricePerNight: Money;
  /** Guests one room holds (adults and children); absent: the default (occupancy.ts). */
  readonly maxOccupancy?: number;
  /** Guests the price includes; absent: the default (occupancy.ts). */
  readonly standardOccupancy?: number;
  /** Added per night for each guest above `standardOccupancy`; absent: nothing. */
  readonly extraGuestPerNight?: Money;
  /** A capacity reduction being checked against bookings; until it settles, bookings use the lower of the two. */
  readonly pendingTotalRooms?: number;
  readonly status: RoomTypeStatus;
  readonly managedIn: Region;
  /** The hotel's fence, copied onto each room type so that a booking's own guard sees it. */
  readonly handover?: HandoverFence;
  readonly version: number;
}

/** Every status a booking can be in, and be listed by. */
export const BOOKING_STATUSES = ['CONFIRMED', 'CANCELLED', 'CHECKED_IN', 'CHECKED_OUT', 'NO_SHOW'] as const;

/** Where a booking is in its life: made, then cancelled, or checked in and out, or a no-show. */
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** Who stays. Phone and requests are for the hotel and the guest only, never for search. */
export interface Guest {
  readonly name: string;
  readonly email: string;
  readonly phone?: string;
  /** What the guest asks of the hotel, trimmed; never blank (a blank request is dropped). */
  readonly requests?: string;
}

/** Who made and pays for a booking, when another person stays. */
export interface Booker {
  readonly name: string;
  readonly email: string;
}

/** What one room cost on one night of a stay, fixed when the night was booked. */
export interface NightPrice {
  readonly night: string;
  readonly price: Money;
}

/** An idempotency key a modification of the booking was made under, and the fingerprint of its request. */
export interface ModificationKey {
  readonly key: string;
  readonly requestHash: string;
}

export interface Booking {
  readonly bookingId: string;
  /** What the traveller quotes to find the booking again (see booking-reference.ts); none on bookings made before references. */
  readonly reference?: string;
  readonly hotelId: string;
  readonly roomTypeId: string;
  readonly checkIn: string;
  readonly checkOut: string;
  readonly rooms: number;
  readonly status: BookingStatus;
  readonly guest: Guest;
  /** Who pays, when another person stays; absent when the guest booked for themselves. */
  readonly booker?: Booker;
  readonly totalPrice: Money;
  /**
   * Each night's price for one room, as booked: a change keeps these for the nights it
   * keeps. Absent on bookings made before it was kept (see `nightPricesOf`).
   */
  readonly nightPrices?: readonly NightPrice[];
  /**
   * The rate plan it was sold under, as the plan stood then: a later change to the
   * plan changes nothing here. Absent on bookings made before plans (the standard plan's).
   */
  readonly ratePlan?: BookedRatePlan;
  /** Guests per room; absent on bookings made before occupancy. */
  readonly adults?: number;
  readonly children?: number;
  /** The plan's cancellation policy for this stay, fixed when booked (and when its stay changes). */
  readonly cancellation?: StayPolicy['cancellation'];
  /** What a no-show costs: fixed when booked (and when its stay changes), or set at the no-show. */
  readonly noShowFee?: Money;
  /** What the cancel cost (zero when free), set when cancelled. */
  readonly cancellationFee?: Money;
  readonly createdAt: string;
  /** When the stay's dates or rooms last changed. */
  readonly modifiedAt?: string;
  /** The latest modifications' idempotency keys (at most MAX_MODIFICATION_KEYS), so a retry applies once. */
  readonly modificationKeys?: readonly ModificationKey[];
  readonly cancelledAt?: string;
  readonly checkedInAt?: string;
  readonly checkedOutAt?: string;
  readonly noShowAt?: string;
  /**
   * Set by an early check-out or a no-show: the first night given back. The stay
   * still holds the nights before it; none when it equals `checkIn`.
   */
  readonly releasedFrom?: string;
  readonly managedIn: Region;
  /** Fingerprint of the request that created it, to tell an idempotent replay from a key reused for another request. */
  readonly requestHash: string;
  /** SHA-256 hashes of the access tokens handed out for this booking; the tokens themselves are never stored. */
  readonly accessTokenHashes: readonly string[];
  readonly version: number;
}

/** Rooms of one room type booked on one night. */
export interface NightCount {
  readonly roomTypeId: string;
  readonly night: string;
  readonly booked: number;
}

/**
 * One night of a room type's calendar: the rooms booked and the hotelier's
 * settings for that night. A setting left out means the room type's default:
 * its price, open, and no stay limits.
 */
export interface CalendarNight extends NightCount {
  /** Overrides the room type's price on this night. */
  readonly price?: Money;
  readonly closed?: boolean;
  /** The shortest stay that may arrive on this night. */
  readonly minStay?: number;
  /** The longest stay that may arrive on this night. */
  readonly maxStay?: number;
}

/** True when the hotelier set anything on the night (a price, a closing, a stay limit), not just booked it. */
export function hasCalendarSettings(night: CalendarNight): boolean {
  return (
    night.price !== undefined ||
    night.closed === true ||
    night.minStay !== undefined ||
    night.maxStay !== undefined
  );
}

/** The capacity that bookings must respect right now. */
export function effectiveCapacity(roomType: Pick<RoomType, 'totalRooms' | 'pendingTotalRooms'>): number {
  return Math.min(roomType.totalRooms, roomType.pendingTotalRooms ?? Number.POSITIVE_INFINITY);
}

/** Rooms free on every night of `calendar` (a stay's nights that have an item): what availability shows. */
export function roomsFree(
  roomType: Pick<RoomType, 'totalRooms' | 'pendingTotalRooms'>,
  calendar: readonly Pick<CalendarNight, 'booked'>[],
): number {
  return Math.max(0, effectiveCapacity(roomType) - Math.max(0, ...calendar.map((c) => c.booked)));
}

/** How a handover ended, written once in the target region; its key makes a switch and an abort exclusive. */
export interface HandoverRecord {
  readonly hotelId: string;
  readonly handoverId: string;
  readonly outcome: 'SWITCHED' | 'ABORTED';
  readonly from: Region;
  readonly to: Region;
  /** True for an evacuation: the target took over without draining. */
  readonly forced: boolean;
  readonly fencedAt?: string;
  readonly endedAt: string;
  /**
   * Forced only: the newest write from the old region that the target's copy of
   * the hotel held when it took over (epoch ms). Anything written there later is at risk.
   */
  readonly watermark?: number;
}

/** One stored item of a hotel's partition, as a drain or an at-risk report compares it. */
export interface StoredItem {
  readonly key: string;
  readonly entity: string;
  readonly version: number;
  readonly writtenAt: number;
  readonly writtenBy: string;
  /** The owner region the item names, where it names one. */
  readonly managedIn?: string;
  /** Set when the item is a booking. */
  readonly booking?: Booking;
}
