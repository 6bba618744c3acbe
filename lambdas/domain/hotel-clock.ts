/**
 * The hotel's clock: every date rule judges "today", "tonight" and "the stay has
 * begun" by the hotel's local date and time in its `timeZone`, never by UTC's.
 * Pure functions of a zone and an instant (the caller's clock): nothing here reads
 * the machine's time. Built on Intl, which carries the IANA zone database.
 */
import { addDays } from './stay';
import { defaultTimeZoneFor } from './time-zones';

export const DEFAULT_CHECK_IN_TIME = '15:00';
export const DEFAULT_CHECK_OUT_TIME = '11:00';
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

/** What a hotel's clock needs of it. */
export interface HotelClock {
  /** IANA zone name, e.g. `America/Los_Angeles`. */
  readonly timeZone: string;
  /** Local `HH:MM` from which guests arrive. */
  readonly checkInTime: string;
  /** Local `HH:MM` by which guests leave. */
  readonly checkOutTime: string;
}

/** A local date and wall-clock time. */
export interface LocalMoment {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** `HH:MM`, 00:00..23:59. */
  readonly time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True for a zone name the IANA database (as Intl knows it) has. */
export function isTimeZone(name: string): boolean {
  if (!name || name.length > 64) return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/** True for a local time of day written `HH:MM` (24-hour). */
export function isTimeOfDay(value: string): boolean {
  return TIME_RE.test(value);
}

/** The local wall-clock fields of `instant` in `timeZone`. */
function wallClock(timeZone: string, instant: Date) {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The local date and time at `instant` in `timeZone`. */
export function localMomentIn(timeZone: string, instant: Date): LocalMoment {
  const w = wallClock(timeZone, instant);
  return { date: `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`, time: `${pad(w.hour)}:${pad(w.minute)}` };
}

/** The hotel's local date and time at `instant`: what every date rule reads. */
export function hotelLocalTime(hotel: Pick<HotelClock, 'timeZone'>, instant: Date): LocalMoment {
  return localMomentIn(hotel.timeZone, instant);
}

/** The zone's offset from UTC at `instant`, in minutes (east positive). */
export function utcOffsetMinutes(timeZone: string, instant: Date): number {
  const w = wallClock(timeZone, instant);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant of a local wall-clock time, written with its UTC offset
 * (`2027-03-14T15:00:00-07:00`): how deadlines are shown. A time the zone skips
 * (a spring-forward gap) resolves to the instant just after the gap.
 */
export function zonedInstant(timeZone: string, date: string, time: string): string {
  return withOffset(timeZone, localInstant(timeZone, date, time));
}

/**
 * The instant (epoch ms) of a local wall-clock time in `timeZone`; a time the zone skips
 * (a spring-forward gap) resolves to the instant just after the gap.
 */
export function localInstant(timeZone: string, date: string, time: string): number {
  const wall = Date.parse(`${date}T${time}:00Z`);
  const instant = wall - utcOffsetMinutes(timeZone, new Date(wall)) * 60_000;
  return wall - utcOffsetMinutes(timeZone, new Date(instant)) * 60_000;
}

/** `instant` (epoch ms, whole seconds) written as the zone's local time with its UTC offset then. */
export function withOffset(timeZone: string, instant: number): string {
  const offset = utcOffsetMinutes(timeZone, new Date(instant));
  const local = new Date(instant + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  return `${local}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/** True once the local moment `at` has reached `date` at `time` (both local to the same zone). */
export function reached(at: LocalMoment, date: string, time: string): boolean {
  return at.date > date || (at.date === date && at.time >= time);
}

/**
 * The range of "today" across every zone at `instant` (UTC−12 to UTC+14): a rule
 * that must hold for hotels it cannot name yet (a search over many) allows this range,
 * and each hotel's own today narrows it.
 */
export function todayAnywhere(instant: Date): { readonly earliest: string; readonly latest: string } {
  const utc = instant.toISOString().slice(0, 10);
  const hour = instant.getUTCHours();
  return { earliest: hour < 12 ? addDays(utc, -1) : utc, latest: hour >= 10 ? addDays(utc, 1) : utc };
}

/** A hotel's clock settings, with the defaults for any it was stored without (before the hotel's clock existed). */
export function clockOf(hotel: { readonly country: string } & Partial<HotelClock>): HotelClock {
  return {
    timeZone: hotel.timeZone ?? defaultTimeZoneFor(hotel.country),
    checkInTime: hotel.checkInTime ?? DEFAULT_CHECK_IN_TIME,
    checkOutTime: hotel.checkOutTime ?? DEFAULT_CHECK_OUT_TIME,
  };
}
