/**
 * Recently read room types, for the booking hot path. Serving a stale one is
 * safe: the booking transaction checks the room type's exact version, so a
 * changed capacity, price or status fails that check and the booking re-reads.
 */
import type { RoomType } from './model';

export class RoomTypeCache {
  private readonly entries = new Map<string, { roomType: RoomType; until: number }>();

  constructor(
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 10_000,
    private readonly clock: () => number = Date.now,
  ) {}

  private static key(hotelId: string, roomTypeId: string): string {
    return `${hotelId}\0${roomTypeId}`;
  }

  get(hotelId: string, roomTypeId: string): RoomType | undefined {
    const key = RoomTypeCache.key(hotelId, roomTypeId);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until < this.clock()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.roomType;
  }

  set(roomType: RoomType): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(RoomTypeCache.key(roomType.hotelId, roomType.roomTypeId), {
      roomType,
      until: this.clock() + this.ttlMs,
    });
  }

  forget(hotelId: string, roomTypeId: string): void {
    this.entries.delete(RoomTypeCache.key(hotelId, roomTypeId));
  }
}
