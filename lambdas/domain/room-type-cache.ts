/**
 * Recently read room types, for the booking hot path. Serving a stale one is
 * safe: the booking transaction checks the room type's exact version, so a
 * changed capacity, price or status fails that check and the booking re-reads.
 */
import type { HotelClock } from './hotel-clock';
import type { RoomType } from './model';

export class RoomTypeCache {
  private readonly entries = new Map<string, { roomType: RoomType; until: number }>();
  /** Room types seen with calendar settings on some night: their bookings read the nights first. */
  private readonly withCalendar = new Map<string, number>();
  /** Hotels' clocks (zone, check-in and check-out times), which bookings judge their dates by. */
  private readonly clocks = new Map<string, { clock: HotelClock; until: number }>();

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

  /** Notes that the room type has calendar settings, for a while. */
  noteCalendar(hotelId: string, roomTypeId: string): void {
    const key = RoomTypeCache.key(hotelId, roomTypeId);
    this.withCalendar.delete(key);
    if (this.withCalendar.size >= this.maxEntries)
      this.withCalendar.delete(this.withCalendar.keys().next().value as string);
    this.withCalendar.set(key, this.clock() + this.ttlMs * 12);
  }

  /** True when a booking may assume the nights carry no settings (the transaction checks it). */
  mayAssumeNoCalendar(hotelId: string, roomTypeId: string): boolean {
    if (!this.get(hotelId, roomTypeId)) return false;
    const until = this.withCalendar.get(RoomTypeCache.key(hotelId, roomTypeId));
    return until === undefined || until < this.clock();
  }

  /** The hotel's clock, if read lately. */
  clockOf(hotelId: string): HotelClock | undefined {
    const entry = this.clocks.get(hotelId);
    if (!entry || entry.until < this.clock()) return undefined;
    return entry.clock;
  }

  setClock(hotelId: string, clock: HotelClock): void {
    if (this.clocks.size >= this.maxEntries) this.clocks.delete(this.clocks.keys().next().value as string);
    this.clocks.set(hotelId, { clock, until: this.clock() + this.ttlMs });
  }

  forget(hotelId: string, roomTypeId: string): void {
    this.entries.delete(RoomTypeCache.key(hotelId, roomTypeId));
  }
}
