/** The booking invariant: every night counter equals the rooms of the stays that still hold it. */
import type { BookingStatus } from './model';
import { nightsHeld } from './stay-lifecycle';

export interface BookingFacts {
  readonly hotelId: string;
  readonly bookingId: string;
  readonly roomTypeId: string;
  readonly checkIn: string;
  readonly checkOut: string;
  readonly rooms: number;
  readonly status: string;
  /** An early check-out's or a no-show's first night given back. */
  readonly releasedFrom?: string;
}

export interface NightFacts {
  readonly hotelId: string;
  readonly roomTypeId: string;
  readonly night: string;
  readonly booked: number;
}

export interface CapacityFacts {
  readonly hotelId: string;
  readonly roomTypeId: string;
  readonly totalRooms: number;
}

export interface Discrepancy {
  readonly kind: 'COUNTER_MISMATCH' | 'OVER_CAPACITY';
  readonly hotelId: string;
  readonly roomTypeId: string;
  readonly night: string;
  /** What the night counter says. */
  readonly counter: number;
  /** Rooms of the stays still holding the night. */
  readonly confirmedRooms: number;
  readonly capacity?: number;
}

const nightKey = (hotelId: string, roomTypeId: string, night: string) => `${hotelId}|${roomTypeId}|${night}`;

/**
 * Every difference between night counters and confirmed bookings, and every
 * night from the hotel's own today (`todayOf`, on its clock) on whose bookings
 * exceed the room type's capacity.
 */
export function findDiscrepancies(
  bookings: readonly BookingFacts[],
  nights: readonly NightFacts[],
  capacities: readonly CapacityFacts[],
  todayOf: (hotelId: string) => string,
): Discrepancy[] {
  const expected = new Map<string, number>();
  for (const b of bookings) {
    // Confirmed and checked-in stays hold every night; a checked-out stay or a no-show the nights before its release.
    for (const night of nightsHeld({ ...b, status: b.status as BookingStatus })) {
      const key = nightKey(b.hotelId, b.roomTypeId, night);
      expected.set(key, (expected.get(key) ?? 0) + b.rooms);
    }
  }
  const counters = new Map(nights.map((n) => [nightKey(n.hotelId, n.roomTypeId, n.night), n.booked]));
  const capacity = new Map(capacities.map((c) => [`${c.hotelId}|${c.roomTypeId}`, c.totalRooms]));
  const found: Discrepancy[] = [];
  for (const key of new Set([...expected.keys(), ...counters.keys()])) {
    const [hotelId = '', roomTypeId = '', night = ''] = key.split('|');
    const counter = counters.get(key) ?? 0;
    const confirmedRooms = expected.get(key) ?? 0;
    if (counter !== confirmedRooms)
      found.push({ kind: 'COUNTER_MISMATCH', hotelId, roomTypeId, night, counter, confirmedRooms });
    const cap = capacity.get(`${hotelId}|${roomTypeId}`);
    if (night >= todayOf(hotelId) && cap !== undefined && Math.max(counter, confirmedRooms) > cap)
      found.push({
        kind: 'OVER_CAPACITY',
        hotelId,
        roomTypeId,
        night,
        counter,
        confirmedRooms,
        capacity: cap,
      });
  }
  return found.sort((a, b) =>
    `${a.hotelId}${a.roomTypeId}${a.night}`.localeCompare(`${b.hotelId}${b.roomTypeId}${b.night}`),
  );
}

/** One stored item as the cross-region comparison sees it. */
export interface ItemFacts {
  readonly key: string;
  readonly managedIn?: string;
  readonly writtenBy?: string;
  readonly writtenAt?: number;
  readonly version?: number;
}

export interface RegionDifference {
  readonly kind: 'MISSING' | 'DIFFERENT';
  readonly key: string;
  /** Where the newer (or only) copy is. */
  readonly newerIn: string;
  readonly writtenAt?: number;
}

export interface NonOwnerWrite {
  readonly region: string;
  readonly key: string;
  readonly managedIn?: string;
  readonly writtenBy?: string;
}

export interface CrossRegionReport {
  /** Copies that disagree although the newer write is older than the allowed lag. */
  readonly differences: RegionDifference[];
  /** Copies that disagree within the lag: replication in flight. */
  readonly inFlight: number;
  /**
   * Items whose last writer is not their owner region: a lost-update risk under
   * last-writer-wins, which the single-writer rule should make impossible.
   */
  readonly nonOwnerWrites: NonOwnerWrite[];
}

/**
 * Compares two regions' copies. A difference counts only when its newer write
 * is older than `lagMs`, so replication in flight is not reported as drift.
 */
export function compareRegions(
  regionA: string,
  itemsA: readonly ItemFacts[],
  regionB: string,
  itemsB: readonly ItemFacts[],
  now: number,
  lagMs: number,
): CrossRegionReport {
  const byKey = (items: readonly ItemFacts[]) => new Map(items.map((i) => [i.key, i]));
  const a = byKey(itemsA);
  const b = byKey(itemsB);
  const differences: RegionDifference[] = [];
  let inFlight = 0;
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const left = a.get(key);
    const right = b.get(key);
    if (left && right && left.writtenAt === right.writtenAt && left.version === right.version) continue;
    const newer = !right || (left && (left.writtenAt ?? 0) >= (right.writtenAt ?? 0)) ? regionA : regionB;
    const newest = newer === regionA ? left : right;
    if (now - (newest?.writtenAt ?? 0) <= lagMs) {
      inFlight++;
      continue;
    }
    differences.push({
      kind: left && right ? 'DIFFERENT' : 'MISSING',
      key,
      newerIn: newer,
      writtenAt: newest?.writtenAt,
    });
  }
  return {
    differences,
    inFlight,
    nonOwnerWrites: [...findNonOwnerWrites(regionA, itemsA), ...findNonOwnerWrites(regionB, itemsB)],
  };
}

/** Items of one region's copy last written by a region that does not own them. */
export function findNonOwnerWrites(region: string, items: readonly ItemFacts[]): NonOwnerWrite[] {
  return items
    .filter((i) => i.managedIn && i.writtenBy && i.managedIn !== i.writtenBy)
    .map((i) => ({ region, key: i.key, managedIn: i.managedIn, writtenBy: i.writtenBy }));
}

/** A hotel or room type item as the stuck-change and ownership checks read it. */
export interface HotelPartFacts {
  readonly hotelId: string;
  readonly entity: 'HOTEL' | 'ROOM_TYPE';
  readonly roomTypeId?: string;
  readonly status?: string;
  readonly managedIn?: string;
  readonly pendingTotalRooms?: number;
  readonly writtenAt?: number;
}

/** A change that stopped half-way: repeating the hotelier's request finishes or undoes it. */
export interface StuckChange {
  readonly kind: 'HOTEL_CLOSING' | 'CAPACITY_HOLD';
  readonly hotelId: string;
  readonly roomTypeId?: string;
  /** When the item was last written (epoch ms). */
  readonly since?: number;
}

/**
 * Hotels left CLOSING (a deletion that stopped after closing) and room types left
 * with a capacity hold, older than `graceMs`: younger ones may still be in progress.
 */
export function findStuckChanges(
  parts: readonly HotelPartFacts[],
  now: number,
  graceMs: number,
): StuckChange[] {
  const old = (p: HotelPartFacts) => now - (p.writtenAt ?? 0) > graceMs;
  return parts.flatMap<StuckChange>((p) => {
    if (!old(p)) return [];
    if (p.entity === 'HOTEL' && p.status === 'CLOSING')
      return [{ kind: 'HOTEL_CLOSING', hotelId: p.hotelId, since: p.writtenAt }];
    if (p.entity === 'ROOM_TYPE' && p.pendingTotalRooms !== undefined && p.status === 'ACTIVE')
      return [{ kind: 'CAPACITY_HOLD', hotelId: p.hotelId, roomTypeId: p.roomTypeId, since: p.writtenAt }];
    return [];
  });
}

/** A hotel whose own items disagree on which region owns it. */
export interface SplitOwnership {
  readonly hotelId: string;
  /** `hotel` or the room type id, and the owner region that item names. */
  readonly owners: Readonly<Record<string, string>>;
}

/**
 * Hotels whose hotel item and room type items name different owner regions. After
 * an evacuation, last-writer-wins can hand some of them back to the old region:
 * then no region can write all of the hotel, and an operator must hand it over again.
 */
export function findSplitOwnership(parts: readonly HotelPartFacts[]): SplitOwnership[] {
  const byHotel = new Map<string, Record<string, string>>();
  for (const p of parts) {
    if (!p.managedIn) continue;
    const owners = byHotel.get(p.hotelId) ?? {};
    owners[p.entity === 'HOTEL' ? 'hotel' : (p.roomTypeId ?? '?')] = p.managedIn;
    byHotel.set(p.hotelId, owners);
  }
  return [...byHotel]
    .filter(([, owners]) => new Set(Object.values(owners)).size > 1)
    .map(([hotelId, owners]) => ({ hotelId, owners }));
}
