/** The booking invariant: every night counter equals the rooms of the confirmed bookings that cover it. */
import { nightsOf } from './stay';

export interface BookingFacts {
  readonly hotelId: string;
  readonly bookingId: string;
  readonly roomTypeId: string;
  readonly checkIn: string;
  readonly checkOut: string;
  readonly rooms: number;
  readonly status: string;
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
  /** Rooms of the confirmed bookings covering the night. */
  readonly confirmedRooms: number;
  readonly capacity?: number;
}

const nightKey = (hotelId: string, roomTypeId: string, night: string) => `${hotelId}|${roomTypeId}|${night}`;

/**
 * Every difference between night counters and confirmed bookings, and every
 * night from `today` on whose bookings exceed the room type's capacity.
 */
export function findDiscrepancies(
  bookings: readonly BookingFacts[],
  nights: readonly NightFacts[],
  capacities: readonly CapacityFacts[],
  today: string,
): Discrepancy[] {
  const expected = new Map<string, number>();
  for (const b of bookings) {
    if (b.status !== 'CONFIRMED') continue;
    for (const night of nightsOf(b.checkIn, b.checkOut)) {
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
    if (night >= today && cap !== undefined && Math.max(counter, confirmedRooms) > cap)
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
