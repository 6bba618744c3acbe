/** Ports: the store of hotels and their room types. */

import type { Attributes, Hotel, RoomType } from './model';
import type { Money } from './money';
import type { Page, PageRequest, ReadOptions } from './page-ports';
import type { RatePlan } from './rate-plans';
import type { RateSummary } from './rates';

/** Fields a hotelier may change on a hotel. */
export interface HotelChanges {
  readonly name?: string;
  readonly city?: string;
  /** A new street address; null removes it. */
  readonly address?: string | null;
  readonly description?: string;
  readonly attributes?: Attributes;
  readonly timeZone?: string;
  readonly checkInTime?: string;
  readonly checkOutTime?: string;
}

/** A hotel's new rate summary, written only if the hotel is still at the version it was computed from. */
export interface RatesWrite {
  readonly summary: RateSummary;
  readonly hotelVersion: number;
}

/**
 * The hotels and their room types. Every write is conditional and runs in the
 * hotel's owner region; a failed condition surfaces as a domain error
 * (`Conflict`, `NotFound`, `NotOwnerRegion`, `HotelMoving`, `StaleRead`), never as
 * a storage error.
 */
export interface HotelStore {
  /** True when the store answers a read within `timeoutMs`: what `/health` reports. */
  reachable(timeoutMs: number): Promise<boolean>;
  getHotel(hotelId: string, options?: ReadOptions): Promise<Hotel | undefined>;
  /** A hotelier's hotels, by name, a page at a time (one bounded query per page). */
  pageHotelsByOwner(ownerId: string, page: PageRequest): Promise<Page<Hotel>>;
  /**
   * A hotelier's hotels whose name sorts as `name` does (case and accents folded),
   * from the owner index (eventually consistent), at most `limit` of them in one read:
   * what recognises a retried create.
   */
  hotelsNamed(ownerId: string, name: string, limit: number): Promise<Hotel[]>;
  /** The hotels with these ids that exist in this region's copy (at most 100 ids). */
  getHotels(hotelIds: readonly string[]): Promise<Hotel[]>;
  /** Creates the hotel; fails if the id is taken. */
  createHotel(hotel: Hotel): Promise<void>;
  /** Applies changes to an ACTIVE hotel owned by this region. */
  updateHotel(hotelId: string, changes: HotelChanges, updatedAt: string): Promise<Hotel>;
  /** Marks the hotel CLOSING and its room types CLOSED, so no new booking can commit. */
  closeHotelForDeletion(hotel: Hotel, roomTypes: readonly RoomType[]): Promise<void>;
  /** Undoes `closeHotelForDeletion` when the deletion is refused. */
  reopenHotel(hotel: Hotel, roomTypes: readonly RoomType[]): Promise<void>;
  /** Deletes a CLOSING hotel and its room types; bookings and night counters stay as history. */
  deleteClosedHotel(hotelId: string, roomTypes: readonly RoomType[]): Promise<void>;

  getRoomType(hotelId: string, roomTypeId: string, options?: ReadOptions): Promise<RoomType | undefined>;
  listRoomTypes(hotelId: string, options?: ReadOptions): Promise<RoomType[]>;
  /**
   * Creates a room type under an ACTIVE hotel owned by this region, within the per-hotel limit,
   * with the hotel's new rate summary in the same transaction.
   */
  createRoomType(roomType: RoomType, maxRoomTypes: number, rates: RatesWrite): Promise<void>;
  /**
   * Replaces name, capacity and price if the room type is still at `expectedVersion`; clears any
   * capacity hold; writes the hotel's new rate summary in the same transaction.
   */
  replaceRoomType(roomType: RoomType, expectedVersion: number, rates: RatesWrite): Promise<RoomType>;
  /** Lowers the hotel's price floor to `price` if it is above it; otherwise does nothing. */
  lowerPriceFloor(hotelId: string, price: Money): Promise<void>;
  /** Starts a capacity reduction: bookings from now on respect `pendingTotalRooms`. */
  holdCapacity(
    hotelId: string,
    roomTypeId: string,
    pendingTotalRooms: number,
    expectedVersion: number,
  ): Promise<RoomType>;
  /** Abandons a capacity reduction started at `expectedVersion`. */
  releaseCapacityHold(hotelId: string, roomTypeId: string, expectedVersion: number): Promise<void>;

  /** One of a room type's rate plans, stopped or not. */
  getRatePlan(
    hotelId: string,
    roomTypeId: string,
    ratePlanId: string,
    options?: ReadOptions,
  ): Promise<RatePlan | undefined>;
  /** The rate plans of one room type, or (without it) of every room type of the hotel, stopped ones too. */
  listRatePlans(hotelId: string, roomTypeId?: string, options?: ReadOptions): Promise<RatePlan[]>;
  /**
   * Writes a plan if its room type is writable here and the plan is still at `expectedVersion`
   * (undefined: it must not exist yet), with the hotel's new rate summary when given (`rates`,
   * if the hotel is still at its version); `StaleRead` when the plan or the hotel moved in between.
   */
  putRatePlan(plan: RatePlan, expectedVersion: number | undefined, rates?: RatesWrite): Promise<void>;
  /** Deletes every rate plan of a hotel closed for deletion (its room types closed, so none is written meanwhile). */
  deleteRatePlans(hotelId: string): Promise<void>;
}
