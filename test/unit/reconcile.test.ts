import { describe, expect, it } from 'vitest';
import {
  compareRegions,
  findDiscrepancies,
  findSplitOwnership,
  findStuckChanges,
} from '../../lambdas/domain/reconcile';

const booking = (id: string, checkIn: string, checkOut: string, rooms: number, status = 'CONFIRMED') => ({
  hotelId: 'h',
  bookingId: id,
  roomTypeId: 'rt',
  checkIn,
  checkOut,
  rooms,
  status,
});
const night = (date: string, booked: number) => ({ hotelId: 'h', roomTypeId: 'rt', night: date, booked });
const capacity = [{ hotelId: 'h', roomTypeId: 'rt', totalRooms: 3 }];

describe('reconcile', () => {
  it('counts checked-in stays whole, and checked-out stays and no-shows only before their release', () => {
    const bookings = [
      booking('in', '2030-01-01', '2030-01-04', 1, 'CHECKED_IN'),
      { ...booking('out', '2030-01-01', '2030-01-04', 1, 'CHECKED_OUT'), releasedFrom: '2030-01-02' },
      { ...booking('gone', '2030-01-01', '2030-01-04', 1, 'NO_SHOW'), releasedFrom: '2030-01-01' },
    ];
    const nights = [night('2030-01-01', 2), night('2030-01-02', 1), night('2030-01-03', 1)];
    expect(findDiscrepancies(bookings, nights, capacity, () => '2029-12-01')).toEqual([]);
    // Counting the no-show's given-back night would be a mismatch: the counter proves it was freed.
    const stale = [night('2030-01-01', 3), night('2030-01-02', 1), night('2030-01-03', 1)];
    expect(findDiscrepancies(bookings, stale, capacity, () => '2029-12-01').map((d) => d.night)).toEqual([
      '2030-01-01',
    ]);
  });

  it('is clean when counters equal confirmed rooms, ignoring cancelled bookings', () => {
    const bookings = [
      booking('a', '2030-01-01', '2030-01-03', 2),
      booking('b', '2030-01-02', '2030-01-03', 1),
      booking('c', '2030-01-01', '2030-01-02', 1, 'CANCELLED'),
    ];
    const nights = [night('2030-01-01', 2), night('2030-01-02', 3)];
    expect(findDiscrepancies(bookings, nights, capacity, () => '2029-12-01')).toEqual([]);
  });

  it('reports a counter that differs, a counter with no booking and a booking with no counter', () => {
    const bookings = [booking('a', '2030-01-01', '2030-01-03', 2)];
    const nights = [night('2030-01-01', 1), night('2030-01-05', 1)];
    const found = findDiscrepancies(bookings, nights, capacity, () => '2029-12-01');
    expect(found.map((d) => [d.kind, d.night, d.counter, d.confirmedRooms])).toEqual([
      ['COUNTER_MISMATCH', '2030-01-01', 1, 2],
      ['COUNTER_MISMATCH', '2030-01-02', 0, 2],
      ['COUNTER_MISMATCH', '2030-01-05', 1, 0],
    ]);
  });

  it('reports future nights over capacity', () => {
    const bookings = [booking('a', '2030-01-01', '2030-01-02', 4)];
    const found = findDiscrepancies(bookings, [night('2030-01-01', 4)], capacity, () => '2029-12-01');
    expect(found).toEqual([
      expect.objectContaining({ kind: 'OVER_CAPACITY', night: '2030-01-01', counter: 4, capacity: 3 }),
    ]);
    expect(findDiscrepancies(bookings, [night('2030-01-01', 4)], capacity, () => '2030-02-01')).toEqual([]);
  });
});

describe('reconcile across regions', () => {
  const item = (key: string, writtenAt: number, extra: Record<string, unknown> = {}) => ({
    key,
    writtenAt,
    version: 1,
    managedIn: 'us-east-1',
    writtenBy: 'us-east-1',
    ...extra,
  });

  it('ignores differences younger than the lag, and reports older ones with where the newer copy is', () => {
    const now = 100_000;
    const report = compareRegions(
      'us-east-1',
      [
        item('same', 1),
        item('fresh', 99_500, { version: 2 }),
        item('stale', 50_000, { version: 3 }),
        item('only-us', 10),
      ],
      'ap-southeast-1',
      [item('same', 1), item('fresh', 1), item('stale', 40_000, { version: 2 })],
      now,
      1_000,
    );
    expect(report.inFlight).toBe(1);
    expect(report.differences).toEqual([
      { kind: 'DIFFERENT', key: 'stale', newerIn: 'us-east-1', writtenAt: 50_000 },
      { kind: 'MISSING', key: 'only-us', newerIn: 'us-east-1', writtenAt: 10 },
    ]);
    expect(report.nonOwnerWrites).toEqual([]);
  });

  it('counts every item last written outside its owner region', () => {
    const report = compareRegions(
      'us-east-1',
      [item('a', 1, { writtenBy: 'ap-southeast-1' })],
      'ap-southeast-1',
      [item('a', 1, { writtenBy: 'ap-southeast-1' })],
      10,
      5,
    );
    expect(report.nonOwnerWrites.map((w) => w.region)).toEqual(['us-east-1', 'ap-southeast-1']);
  });
});

describe('half-done changes and split ownership', () => {
  const now = 1_900_000_000_000;
  const parts = [
    {
      hotelId: 'a',
      entity: 'HOTEL' as const,
      status: 'CLOSING',
      managedIn: 'us-east-1',
      writtenAt: now - 600_000,
    },
    {
      hotelId: 'b',
      entity: 'HOTEL' as const,
      status: 'CLOSING',
      managedIn: 'us-east-1',
      writtenAt: now - 1_000,
    },
    {
      hotelId: 'c',
      entity: 'ROOM_TYPE' as const,
      roomTypeId: 'std',
      status: 'ACTIVE',
      managedIn: 'ap-southeast-1',
      pendingTotalRooms: 2,
      writtenAt: now - 600_000,
    },
    { hotelId: 'c', entity: 'HOTEL' as const, status: 'ACTIVE', managedIn: 'us-east-1', writtenAt: now },
  ];

  it('reports only changes older than the grace period as stuck', () => {
    expect(findStuckChanges(parts, now, 300_000)).toEqual([
      { kind: 'HOTEL_CLOSING', hotelId: 'a', since: now - 600_000 },
      { kind: 'CAPACITY_HOLD', hotelId: 'c', roomTypeId: 'std', since: now - 600_000 },
    ]);
    expect(findStuckChanges(parts, now, 10 * 60_000)).toEqual([]);
  });

  it('flags a hotel whose items name different owners, and only that hotel', () => {
    expect(findSplitOwnership(parts)).toEqual([
      { hotelId: 'c', owners: { std: 'ap-southeast-1', hotel: 'us-east-1' } },
    ]);
  });
});
