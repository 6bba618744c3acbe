/** Ports: what a handover of a hotel between regions writes and compares. */

import type { HandoverFence, HandoverRecord, Hotel, RoomType, StoredItem } from './model';

/**
 * What a handover writes and compares in one region. The fence is written in the
 * owner region; the switch, or the abort, in the target region, where the
 * handover's record key lets only one of them happen.
 */
export interface HandoverStore {
  /** Fences an ACTIVE hotel owned here, and its room types, in one transaction. */
  fenceHotel(hotel: Hotel, roomTypes: readonly RoomType[], fence: HandoverFence): Promise<void>;
  /** Lifts the fence of `handoverId` from the hotel and its room types (an abort). */
  liftFence(hotel: Hotel, roomTypes: readonly RoomType[], handoverId: string): Promise<void>;
  /**
   * Makes this region the owner: the hotel and its room types in one transaction
   * with the record, conditioned on this copy still naming `record.from` as owner
   * (and, unless forced, carrying the fence of `record.handoverId`).
   */
  switchOwner(hotel: Hotel, roomTypes: readonly RoomType[], record: HandoverRecord): Promise<void>;
  /** Writes an ABORTED record; fails with `Conflict` if the handover already has a record. */
  recordAbort(record: HandoverRecord): Promise<void>;
  getHandoverRecord(hotelId: string, handoverId: string): Promise<HandoverRecord | undefined>;
  listHandoverRecords(hotelId: string): Promise<HandoverRecord[]>;
  /** Every item of the hotel's partition in this region's copy (strongly consistent). */
  partitionItems(hotelId: string): Promise<StoredItem[]>;
  /**
   * The items of the hotel that can still change: the hotel, its room types and their rate plans, the
   * night items in `[fromNight, toNight)` and the bookings whose stay ends after
   * `fromNight`. What a drain compares, so its cost grows neither with the hotel's
   * history nor with nights written past the last bookable one.
   */
  liveItems(hotelId: string, fromNight: string, toNight: string): Promise<StoredItem[]>;
  /** Writes a fresh replication probe in this region; returns its nonce. */
  writeProbe(): Promise<string>;
  /** The nonce of `source`'s probe as this region's copy holds it. */
  readProbe(source: string): Promise<string | undefined>;
}
