/**
 * A room type's calendar of rates and restrictions: per night, a price that
 * overrides the room type's, closed or open, and the minimum and maximum stay of
 * arrivals. Hoteliers set it over a range of nights; bookings quote from it.
 */
import { type DomainContext, MAX_STALE_RETRIES } from './context';
import {
  Conflict,
  DomainError,
  HotelMoving,
  NotFound,
  NotOwnerRegion,
  PartlyWritten,
  StaleRead,
  ValidationFailed,
} from './errors';
import { hotelLocalTime, todayAnywhere } from './hotel-clock';
import { hotelOwnedBy } from './hotels';
import { type CalendarNight, effectiveCapacity, type Hotel, type RoomType } from './model';
import type { Money } from './money';
import type { CalendarSettings } from './ports';
import { compareMoney, lowestPlanPrice } from './rates';
import { addDays, dayNumber, futureNightsEnd, isCalendarDate, MAX_NIGHTS, nightsOf } from './stay';

/** A calendar request covers at most this many nights (a year, leap or not). */
export const MAX_CALENDAR_NIGHTS = 366;

export interface CalendarChange extends CalendarSettings {
  /** First night. */
  readonly from: string;
  /** The night after the last. */
  readonly to: string;
}

/** One night of the calendar as a hotelier sees it: settings with defaults filled in. */
export interface CalendarDay {
  readonly night: string;
  readonly pricePerNight: Money;
  readonly closed: boolean;
  readonly minStay: number | null;
  readonly maxStay: number | null;
  readonly booked: number;
  readonly available: number;
}

/**
 * Problems with a range of nights `[from, to)`, keyed by field; with `now`, also nights
 * past or beyond booking. `today` is the hotel's local date (before the hotel is read,
 * the earliest date on Earth; the hotel's own date is checked once it is known).
 */
function rangeProblems(from: string, to: string, now?: Date, today?: string): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!isCalendarDate(from)) problems.from = 'must be a calendar date YYYY-MM-DD';
  if (!isCalendarDate(to)) problems.to = 'must be a calendar date YYYY-MM-DD';
  if (Object.keys(problems).length) return problems;
  const localToday = today ?? (now === undefined ? undefined : todayAnywhere(now).earliest);
  if (localToday !== undefined && from < localToday)
    problems.from = `must not be in the past (the hotel's local date is ${localToday})`;
  const nights = dayNumber(to) - dayNumber(from);
  if (nights < 1) problems.to = 'must be after from';
  else if (nights > MAX_CALENDAR_NIGHTS) problems.to = `the range is at most ${MAX_CALENDAR_NIGHTS} nights`;
  // No stay can reach a night past the last bookable one: settings there would only be junk to read.
  else if (now !== undefined && to > futureNightsEnd(now))
    problems.to = `must be at most ${futureNightsEnd(now)}: no stay can reach a later night yet`;
  return problems;
}

/** Problems with the settings themselves, before the room type is known. */
function settingsProblems(change: CalendarChange): Record<string, string> {
  const problems: Record<string, string> = {};
  const { pricePerNight: price, closed, minStay, maxStay } = change;
  if (price === undefined && closed === undefined && minStay === undefined && maxStay === undefined)
    problems.settings = 'give at least one of pricePerNight, closed, minStay, maxStay';
  if (price && (!Number.isInteger(price.amount) || price.amount < 0))
    problems.pricePerNight = 'must be a whole, non-negative number of minor units';
  for (const [field, limit] of [
    ['minStay', minStay],
    ['maxStay', maxStay],
  ] as const)
    if (
      limit !== undefined &&
      limit !== null &&
      (!Number.isInteger(limit) || limit < 1 || limit > MAX_NIGHTS)
    )
      problems[field] = `must be 1..${MAX_NIGHTS}, or null to clear`;
  if (typeof minStay === 'number' && typeof maxStay === 'number' && minStay > maxStay)
    problems.minStay = 'must not be above maxStay';
  return problems;
}

/** Nights where setting one stay limit alone would leave the minimum above the maximum. */
function limitClashes(change: CalendarChange, nights: readonly CalendarNight[]): Record<string, string> {
  const { minStay, maxStay } = change;
  if (typeof minStay === 'number' && maxStay === undefined) {
    const clash = nights.filter((n) => n.maxStay !== undefined && n.maxStay < minStay).map((n) => n.night);
    if (clash.length) return { minStay: `is above the maximum stay already set on ${clash.join(', ')}` };
  }
  if (typeof maxStay === 'number' && minStay === undefined) {
    const clash = nights.filter((n) => n.minStay !== undefined && n.minStay > maxStay).map((n) => n.night);
    if (clash.length) return { maxStay: `is below the minimum stay already set on ${clash.join(', ')}` };
  }
  return {};
}

/** The calendar of `[from, to)`: every night, with the room type's defaults where nothing is set. */
function calendarDays(
  roomType: RoomType,
  from: string,
  to: string,
  nights: readonly CalendarNight[],
): CalendarDay[] {
  const byNight = new Map(nights.map((n) => [n.night, n]));
  const capacity = effectiveCapacity(roomType);
  return nightsOf(from, to).map((night) => {
    const n = byNight.get(night);
    const booked = n?.booked ?? 0;
    return {
      night,
      pricePerNight: n?.price ?? roomType.pricePerNight,
      closed: n?.closed === true,
      minStay: n?.minStay ?? null,
      maxStay: n?.maxStay ?? null,
      booked,
      available: Math.max(0, capacity - booked),
    };
  });
}

/** `nights` as they were in `before`, with `settings` applied to each: what a calendar write leaves. */
function withSettings(
  roomTypeId: string,
  nights: readonly string[],
  before: readonly CalendarNight[],
  settings: CalendarSettings,
): CalendarNight[] {
  const byNight = new Map(before.map((n) => [n.night, n]));
  return nights.map((night) => {
    const { price, closed, minStay, maxStay, ...count } = byNight.get(night) ?? {
      roomTypeId,
      night,
      booked: 0,
    };
    const set = <T>(given: T | null | undefined, was: T | undefined): T | undefined =>
      given === undefined ? was : (given ?? undefined);
    return {
      ...count,
      price: set(settings.pricePerNight, price),
      closed: set(settings.closed, closed),
      minStay: set(settings.minStay, minStay),
      maxStay: set(settings.maxStay, maxStay),
    };
  });
}

/** The room type, active, owned by this region and not fenced: what a calendar write needs. */
async function writableRoomType(ctx: DomainContext, hotelId: string, roomTypeId: string): Promise<RoomType> {
  const roomType = await ctx.hotels.getRoomType(hotelId, roomTypeId, { consistent: true });
  if (roomType?.status !== 'ACTIVE') throw new NotFound('No such room type at this hotel');
  if (roomType.managedIn !== ctx.region) throw new NotOwnerRegion(roomType.managedIn);
  if (roomType.handover) throw new HotelMoving();
  return roomType;
}

/**
 * Applies price, closing and stay limits to every night in `[from, to)` of one
 * of the caller's room types, and returns the calendar of that range. Bookings
 * already made keep their price; `booked` is never touched.
 */
export async function setRoomTypeCalendar(
  ctx: DomainContext,
  ownerId: string,
  hotelId: string,
  roomTypeId: string,
  change: CalendarChange,
): Promise<CalendarDay[]> {
  const problems = {
    ...rangeProblems(change.from, change.to, ctx.now()),
    ...settingsProblems(change),
  };
  if (Object.keys(problems).length) throw new ValidationFailed('The calendar change is not valid', problems);
  const hotel = await hotelOwnedBy(ctx, ownerId, hotelId, { consistent: true, forWrite: true });
  // Now the hotel is known: its own local today, not the earliest on Earth.
  const local = rangeProblems(change.from, change.to, ctx.now(), hotelLocalTime(hotel, ctx.now()).date);
  if (local.from) throw new ValidationFailed('The calendar change is not valid', { from: local.from });
  const { from, to, pricePerNight, closed, minStay, maxStay } = change;
  const settings: CalendarSettings = { pricePerNight, closed, minStay, maxStay };
  // Nights are written in order, so what is applied is always the first `applied` of them.
  let applied = 0;
  for (let attempt = 0; attempt < MAX_STALE_RETRIES; attempt++) {
    try {
      const roomType = await writableRoomType(ctx, hotelId, roomTypeId);
      if (pricePerNight && pricePerNight.currency !== roomType.pricePerNight.currency)
        throw new ValidationFailed('The calendar change is not valid', {
          pricePerNight: `must be in the room type's currency, ${roomType.pricePerNight.currency}`,
        });
      const before = await ctx.bookings.calendarNights(hotelId, roomTypeId, from, to, { consistent: true });
      const clashes = limitClashes(change, before);
      if (Object.keys(clashes).length)
        throw new ValidationFailed('The calendar change is not valid', clashes);
      // Search's price floor first: a floor lowered for a write that then fails is merely loose, never wrong.
      if (pricePerNight) await lowerFloorFor(ctx, hotel, roomTypeId, pricePerNight);
      await ctx.bookings.setCalendar(roomType, nightsOf(from, to), settings);
      // Every night is written now: a read-back that fails must not turn that into an error
      // (which would say nothing, or too little, was written). Answer what was written instead.
      const after = await ctx.bookings
        .calendarNights(hotelId, roomTypeId, from, to, { consistent: true })
        .catch(() => withSettings(roomTypeId, nightsOf(from, to), before, settings));
      return calendarDays(roomType, from, to, after);
    } catch (error) {
      let cause = error;
      if (error instanceof PartlyWritten) {
        applied = Math.max(applied, error.applied);
        cause = error.cause;
      }
      // A stay limit changed under the min <= max check: read again.
      if (cause instanceof StaleRead) continue;
      if (applied > 0) throw partlyApplied(from, to, applied, cause);
      throw cause;
    }
  }
  if (applied > 0) throw partlyApplied(from, to, applied, new Conflict('The calendar kept changing'));
  throw new Conflict('The calendar kept changing; please retry');
}

/**
 * The answer to a calendar change that stopped after writing its first `applied`
 * nights: a 409 naming the nights applied and those not, never "nothing was
 * written". Sending the same change again applies the rest (each night is idempotent).
 */
function partlyApplied(from: string, to: string, applied: number, cause: unknown): Conflict {
  const boundary = addDays(from, applied);
  const reason =
    cause instanceof DomainError ? { code: cause.code, message: cause.message } : { code: 'INTERNAL' };
  return new Conflict(
    `The change was applied to the nights from ${from} to ${boundary} only; send the same change again to apply the rest`,
    { applied: [{ from, to: boundary }], notApplied: [{ from: boundary, to }], reason },
  );
}

/** The calendar of `[from, to)` of one of the caller's room types, from this region's copy. */
export async function roomTypeCalendar(
  ctx: DomainContext,
  ownerId: string,
  hotelId: string,
  roomTypeId: string,
  from: string,
  to: string,
): Promise<CalendarDay[]> {
  const problems = rangeProblems(from, to);
  if (Object.keys(problems).length) throw new ValidationFailed('The date range is not valid', problems);
  await hotelOwnedBy(ctx, ownerId, hotelId);
  const roomType = await ctx.hotels.getRoomType(hotelId, roomTypeId);
  if (roomType?.status !== 'ACTIVE') throw new NotFound('No such room type at this hotel');
  return calendarDays(roomType, from, to, await ctx.bookings.calendarNights(hotelId, roomTypeId, from, to));
}

/**
 * Lowers search's price floor for a calendar price, to that price under the room type's deepest
 * discount (so it bounds every plan's offer), with the plans as they stand after the lowering too:
 * a plan written meanwhile is either read again here, or (its transaction behind the hotel's
 * version, which the lowering moves) reads the lowered floor itself. So a discount written at the
 * same moment as the price is never left above the floor; search's offers and price order rely on it.
 */
async function lowerFloorFor(
  ctx: DomainContext,
  hotel: Hotel,
  roomTypeId: string,
  price: Money,
): Promise<void> {
  const plansOf = (h: Hotel | undefined) =>
    h?.rates?.roomTypes.find((r) => r.roomTypeId === roomTypeId)?.plans;
  const first = lowestPlanPrice(price, plansOf(hotel));
  await ctx.hotels.lowerPriceFloor(hotel.hotelId, first);
  const now = lowestPlanPrice(price, plansOf(await ctx.hotels.getHotel(hotel.hotelId, { consistent: true })));
  if (compareMoney(now, first) < 0) await ctx.hotels.lowerPriceFloor(hotel.hotelId, now);
}
