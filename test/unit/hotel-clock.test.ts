/**
 * Every date rule judged by the hotel's local date and time, pinned at its
 * boundaries (23:59 and 00:01 local) for a hotel at UTC−8 and one at UTC+8.
 * The instant is always injected: nothing here depends on today's real date.
 */
import { describe, expect, it } from 'vitest';
import {
  clockOf,
  type HotelClock,
  hotelLocalTime,
  isTimeZone,
  todayAnywhere,
  zonedInstant,
} from '../../lambdas/domain/hotel-clock';
import type { Booking } from '../../lambdas/domain/model';
import { COUNTRY_CODES } from '../../lambdas/domain/regions';
import { addDays, stayProblems } from '../../lambdas/domain/stay';
import { nightsHeld, planStayChange } from '../../lambdas/domain/stay-lifecycle';
import { COUNTRIES_WITH_DEFAULT_ZONE, defaultTimeZoneFor } from '../../lambdas/domain/time-zones';
import { DEMO_CITIES } from '../../local/demo-cities';
import { generateDemoHotels } from '../../local/demo-hotels';

const LA: HotelClock = { timeZone: 'America/Los_Angeles', checkInTime: '15:00', checkOutTime: '11:00' };
const SG: HotelClock = { timeZone: 'Asia/Singapore', checkInTime: '15:00', checkOutTime: '11:00' };
/** January: Los Angeles keeps standard time, UTC−8; Singapore is always UTC+8. */
const HOTELS = [
  { name: 'Los Angeles (UTC−8)', clock: LA, offset: '-08:00' },
  { name: 'Singapore (UTC+8)', clock: SG, offset: '+08:00' },
] as const;

/** The instant of a local wall-clock time at a hotel whose offset is `offset`. */
const local = (offset: string, date: string, time: string) => new Date(`${date}T${time}:00${offset}`);

const ARRIVAL = '2030-01-15';
const booking = (over: Partial<Booking> = {}): Booking => ({
  bookingId: 'b-1',
  hotelId: 'h-1',
  roomTypeId: 'double',
  checkIn: ARRIVAL,
  checkOut: '2030-01-18',
  rooms: 1,
  status: 'CONFIRMED',
  guest: { name: 'Ada', email: 'ada@example.com' },
  totalPrice: { amount: 30000, currency: 'USD' },
  createdAt: '2030-01-01T00:00:00.000Z',
  managedIn: 'us-east-1',
  requestHash: 'x',
  accessTokenHashes: [],
  version: 1,
  ...over,
});

describe('the hotel clock', () => {
  it('reads the local date and time in the hotel zone, not UTC', () => {
    const instant = new Date('2030-01-15T07:30:00Z');
    expect(hotelLocalTime(LA, instant)).toEqual({ date: '2030-01-14', time: '23:30' });
    expect(hotelLocalTime(SG, instant)).toEqual({ date: '2030-01-15', time: '15:30' });
  });

  it('writes a local time as an instant with its UTC offset, across daylight saving', () => {
    expect(zonedInstant('America/Los_Angeles', '2027-03-14', '15:00')).toBe('2027-03-14T15:00:00-07:00');
    expect(zonedInstant('America/Los_Angeles', '2027-01-14', '15:00')).toBe('2027-01-14T15:00:00-08:00');
    expect(zonedInstant('Asia/Singapore', '2027-03-14', '15:00')).toBe('2027-03-14T15:00:00+08:00');
    expect(zonedInstant('Asia/Kolkata', '2027-03-14', '00:00')).toBe('2027-03-14T00:00:00+05:30');
  });

  it('knows IANA zones and refuses others', () => {
    expect(isTimeZone('America/Los_Angeles')).toBe(true);
    expect(isTimeZone('Asia/Singapore')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  it('gives every country a default zone that exists, and names the multi-zone defaults', () => {
    expect([...COUNTRIES_WITH_DEFAULT_ZONE].sort()).toEqual([...COUNTRY_CODES]);
    for (const country of COUNTRY_CODES) expect(isTimeZone(defaultTimeZoneFor(country)), country).toBe(true);
    expect(defaultTimeZoneFor('US')).toBe('America/New_York');
    expect(defaultTimeZoneFor('sg')).toBe('Asia/Singapore');
  });

  it('reads a hotel stored without a clock with its country defaults', () => {
    expect(clockOf({ country: 'TH' })).toEqual({
      timeZone: 'Asia/Bangkok',
      checkInTime: '15:00',
      checkOutTime: '11:00',
    });
    expect(clockOf({ country: 'US', timeZone: 'America/Denver', checkInTime: '14:00' }).timeZone).toBe(
      'America/Denver',
    );
  });

  it('bounds "today anywhere" by the earliest and latest zones', () => {
    expect(todayAnywhere(new Date('2030-01-15T11:59:00Z'))).toEqual({
      earliest: '2030-01-14',
      latest: '2030-01-16',
    });
    expect(todayAnywhere(new Date('2030-01-15T12:00:00Z'))).toEqual({
      earliest: '2030-01-15',
      latest: '2030-01-16',
    });
    expect(todayAnywhere(new Date('2030-01-15T09:59:00Z'))).toEqual({
      earliest: '2030-01-14',
      latest: '2030-01-15',
    });
  });
});

describe.each(HOTELS)('date rules at a hotel in $name', ({ clock, offset }) => {
  const today = (date: string, time: string) => hotelLocalTime(clock, local(offset, date, time)).date;

  it('a stay may start on the local today, never before: 23:59 and 00:01', () => {
    expect(stayProblems('2030-01-14', '2030-01-15', today('2030-01-14', '23:59'))).toEqual({});
    expect(stayProblems('2030-01-14', '2030-01-15', today('2030-01-15', '00:01')).checkIn).toMatch(/past/);
    expect(stayProblems('2030-01-15', '2030-01-16', today('2030-01-15', '00:01'))).toEqual({});
  });

  it('a stay may start at most 365 days after the local today', () => {
    const far = addDays('2030-01-14', 366);
    expect(stayProblems(far, addDays(far, 1), today('2030-01-14', '23:59')).checkIn).toMatch(/365/);
    expect(stayProblems(far, addDays(far, 1), today('2030-01-15', '00:01'))).toEqual({});
  });

  it('check-in opens the local day before arrival and closes at check-out', () => {
    const at = (date: string, time: string) => () =>
      planStayChange(booking(), 'check-in', clock, local(offset, date, time));
    expect(at('2030-01-13', '23:59')).toThrow(/opens the day before/);
    expect(at('2030-01-14', '00:01')().to).toBe('CHECKED_IN');
    expect(at('2030-01-17', '23:59')().to).toBe('CHECKED_IN');
    expect(at('2030-01-18', '00:01')).toThrow(/ended/);
  });

  it('a no-show only once the local arrival date has begun, freeing every night not begun', () => {
    expect(() => planStayChange(booking(), 'no-show', clock, local(offset, '2030-01-14', '23:59'))).toThrow(
      /not due until 2030-01-15/,
    );
    const plan = planStayChange(booking(), 'no-show', clock, local(offset, ARRIVAL, '00:01'));
    expect(plan.release).toEqual(['2030-01-15', '2030-01-16', '2030-01-17']);
  });

  it('an early check-out frees nights from the local date of leaving on, never a night slept', () => {
    const checkedIn = booking({ status: 'CHECKED_IN' });
    // 23:59 on the 16th: the night of the 15th was slept; the 16th is not yet.
    expect(
      planStayChange(checkedIn, 'check-out', clock, local(offset, '2030-01-16', '23:59')).release,
    ).toEqual(['2030-01-16', '2030-01-17']);
    // 00:01 on the 17th: the night of the 16th is being slept; only the 17th is given back.
    expect(
      planStayChange(checkedIn, 'check-out', clock, local(offset, '2030-01-17', '00:01')).release,
    ).toEqual(['2030-01-17']);
    // 07:00 on the 16th, leaving in the morning: the night of the 15th stays held.
    const morning = planStayChange(checkedIn, 'check-out', clock, local(offset, '2030-01-16', '07:00'));
    expect(morning.fields.releasedFrom).toBe('2030-01-16');
  });

  it('the guest may cancel until the local check-in time of the arrival day', () => {
    const at = (date: string, time: string) => () =>
      planStayChange(booking(), 'cancel', clock, local(offset, date, time));
    expect(at('2030-01-14', '23:59')().release).toEqual(['2030-01-15', '2030-01-16', '2030-01-17']);
    expect(at(ARRIVAL, '00:01')().to).toBe('CANCELLED');
    expect(at(ARRIVAL, '14:59')().to).toBe('CANCELLED');
    expect(at(ARRIVAL, '15:00')).toThrow(/cancellation closed at 15:00 local time/);
    expect(at('2030-01-16', '00:01')).toThrow(/cancellation closed/);
  });
});

describe('the lifecycle table', () => {
  it('refuses a change from a status it does not start from, naming the status', () => {
    expect(() =>
      planStayChange(booking({ status: 'CHECKED_IN' }), 'cancel', SG, local('+08:00', '2030-01-01', '10:00')),
    ).toThrow(/checked in \(CHECKED_IN\)/);
    expect(() =>
      planStayChange(booking({ status: 'NO_SHOW' }), 'check-in', SG, local('+08:00', '2030-01-15', '10:00')),
    ).toThrow(/NO_SHOW/);
  });

  it('says which nights each status holds', () => {
    expect(nightsHeld(booking())).toHaveLength(3);
    expect(nightsHeld(booking({ status: 'CANCELLED' }))).toEqual([]);
    expect(nightsHeld(booking({ status: 'NO_SHOW', releasedFrom: '2030-01-16' }))).toEqual(['2030-01-15']);
  });
});

describe('the demo hotels', () => {
  it('carry their cities’ real zones: at least 8 distinct, every one known', () => {
    const zones = new Set(DEMO_CITIES.map((c) => c.timeZone));
    expect(zones.size).toBeGreaterThanOrEqual(8);
    for (const zone of zones) expect(isTimeZone(zone), zone).toBe(true);
    expect(DEMO_CITIES.find((c) => c.city === 'Los Angeles')?.timeZone).toBe('America/Los_Angeles');
    expect(
      generateDemoHotels(76).every(
        (h) => h.timeZone === DEMO_CITIES.find((c) => c.city === h.city)?.timeZone,
      ),
    ).toBe(true);
  });
});
