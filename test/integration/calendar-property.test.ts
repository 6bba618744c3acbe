/**
 * A property on DynamoDB Local: whatever calendar changes race whatever
 * bookings, a booking is charged exactly the sum of its nights' prices in force
 * when it committed, and never commits on a closed night or outside the arrival
 * night's stay limits. Each step runs one calendar change and a few bookings
 * concurrently; a change is one transaction, so a booking committed either
 * before it or after it, and must be right for one of those two calendars.
 * Some bookings are held between their quote and their commit until the change
 * has settled, so the race is really lost, not merely possible.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookRooms } from '../../lambdas/domain/booking';
import { setRoomTypeCalendar } from '../../lambdas/domain/calendar';
import { NotBookable, PriceChanged, SoldOut, ValidationFailed } from '../../lambdas/domain/errors';
import type { BookingStore } from '../../lambdas/domain/ports';
import { daysFromNow, discrepanciesOf, givenHotel, guest, type TestStore, testStore } from '../support/store';

const store = testStore('us-east-1');
const clients = Array.from({ length: 4 }, () => testStore('us-east-1'));
const BASE_PRICE = 10_000;
const FIRST_DAY = 5;
const DAYS = 8;

interface NightModel {
  price?: number;
  closed?: boolean;
  minStay?: number;
  maxStay?: number;
}
type Calendar = Record<number, NightModel>;

interface Change {
  from: number;
  length: number;
  pricePerNight?: number | null;
  closed?: boolean;
  minStay?: number | null;
  maxStay?: number | null;
}
interface Stay {
  checkIn: number;
  nights: number;
  rooms: number;
  insist: boolean;
  /** Quotes at once, but commits only after the step's change has settled. */
  late: boolean;
}

const day = fc.integer({ min: FIRST_DAY, max: FIRST_DAY + DAYS - 1 });
const change = fc.record(
  {
    from: day,
    length: fc.integer({ min: 1, max: 4 }),
    pricePerNight: fc.option(fc.integer({ min: 0, max: 30_000 }), { nil: null }),
    closed: fc.boolean(),
    minStay: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
    maxStay: fc.option(fc.integer({ min: 2, max: 5 }), { nil: null }),
  },
  { requiredKeys: ['from', 'length'] },
);
const booking = fc.record({
  checkIn: day,
  nights: fc.integer({ min: 1, max: 4 }),
  rooms: fc.integer({ min: 1, max: 3 }),
  insist: fc.boolean(),
  late: fc.boolean(),
});
const steps = fc.array(fc.record({ change, bookings: fc.array(booking, { minLength: 1, maxLength: 4 }) }), {
  minLength: 1,
  maxLength: 4,
});

/** The calendar after `c`, as the contract says it applies (a null clears, false reopens). */
function applied(calendar: Calendar, c: Change): Calendar {
  const next: Calendar = structuredClone(calendar);
  for (let d = c.from; d < c.from + c.length; d++) {
    const night = { ...next[d] };
    if (c.pricePerNight !== undefined) night.price = c.pricePerNight ?? undefined;
    if (c.closed !== undefined) night.closed = c.closed;
    if (c.minStay !== undefined) night.minStay = c.minStay ?? undefined;
    if (c.maxStay !== undefined) night.maxStay = c.maxStay ?? undefined;
    next[d] = night;
  }
  return next;
}

/** What the stay costs under `calendar`, or undefined when it cannot be booked there; written apart from the quote. */
function expectedTotal(calendar: Calendar, s: Stay): number | undefined {
  const arrival = calendar[s.checkIn] ?? {};
  if (arrival.minStay !== undefined && s.nights < arrival.minStay) return undefined;
  if (arrival.maxStay !== undefined && s.nights > arrival.maxStay) return undefined;
  let sum = 0;
  for (let d = s.checkIn; d < s.checkIn + s.nights; d++) {
    if (calendar[d]?.closed) return undefined;
    sum += calendar[d]?.price ?? BASE_PRICE;
  }
  return sum * s.rooms;
}

/** A store whose bookings commit only once `gate` has settled: a booking that loses the race to a change. */
function committingAfter(base: TestStore, gate: Promise<unknown>): TestStore {
  const bookings: BookingStore = Object.create(base.bookings);
  bookings.createBooking = async (b, reservation) => {
    await gate.catch(() => undefined);
    return base.bookings.createBooking(b, reservation);
  };
  return { ...base, bookings };
}

describe('the calendar under random changes and bookings', () => {
  it('charges the sum of the committed nights and never sells a closed night', async () => {
    await fc.assert(
      fc.asyncProperty(steps, async (run) => {
        const { hotel, ownerId } = await givenHotel(store, { amount: BASE_PRICE, totalRooms: 6 });
        let calendar: Calendar = {};
        for (const step of run) {
          const before = calendar;
          const after = applied(calendar, step.change);
          const { from, length, ...settings } = step.change;
          const changing = setRoomTypeCalendar(store, ownerId, hotel.hotelId, 'deluxe-king', {
            from: daysFromNow(from),
            to: daysFromNow(from + length),
            ...settings,
            pricePerNight:
              settings.pricePerNight === undefined || settings.pricePerNight === null
                ? settings.pricePerNight
                : { amount: settings.pricePerNight, currency: 'USD' },
          }).then(
            () => true,
            (error) => {
              // A limit that would leave min above max on some night is refused whole.
              if (error instanceof ValidationFailed) return false;
              throw error;
            },
          );
          const late = (s: Stay, client: TestStore) => (s.late ? committingAfter(client, changing) : client);
          const booked = step.bookings.map((s, i) =>
            bookRooms(late(s, clients[i % clients.length] ?? store), {
              hotelId: hotel.hotelId,
              roomTypeId: 'deluxe-king',
              checkIn: daysFromNow(s.checkIn),
              checkOut: daysFromNow(s.checkIn + s.nights),
              rooms: s.rooms,
              guest,
              // An insisting traveller expects the price from before the change.
              ...(s.insist && expectedTotal(before, s) !== undefined
                ? { expectedTotalPrice: { amount: expectedTotal(before, s) ?? 0, currency: 'USD' } }
                : {}),
            }),
          );
          const [changed, ...outcomes] = await Promise.allSettled([changing, ...booked]);
          if (changed?.status === 'rejected') throw changed.reason;
          const candidates = changed?.value ? [before, after] : [before];
          for (const [i, outcome] of outcomes.entries()) {
            const s = step.bookings[i] as Stay;
            const totals = candidates.map((c) => expectedTotal(c, s));
            if (outcome.status === 'fulfilled' && s.late) {
              // A late booking committed after the change settled: only the calendar after it counts.
              const charged = (outcome.value as Awaited<ReturnType<typeof bookRooms>>).booking.totalPrice;
              expect(charged.amount, JSON.stringify({ s, calendar: candidates })).toBe(totals.at(-1));
            } else if (outcome.status === 'fulfilled') {
              const charged = (outcome.value as Awaited<ReturnType<typeof bookRooms>>).booking.totalPrice;
              // Bookable, at exactly that total, under the calendar before or after the change.
              expect(totals, JSON.stringify({ s, calendar: candidates })).toContain(charged.amount);
            } else {
              // A refusal is decided at the quote, which may come before or after the change.
              const error = outcome.reason;
              if (error instanceof NotBookable) expect(totals).toContain(undefined);
              else if (error instanceof PriceChanged) expect(s.insist).toBe(true);
              else expect(error).toBeInstanceOf(SoldOut);
            }
          }
          if (changed?.value) calendar = after;
        }
        expect(await discrepanciesOf(store, hotel.hotelId)).toEqual([]);
      }),
      { numRuns: 12 },
    );
    // Usually a few seconds; the bound leaves room for a busy machine and for shrinking a failure.
  }, 120_000);
});
