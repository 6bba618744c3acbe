/**
 * Calendar rules for stays: `[checkIn, checkOut)`, at most 30 nights, within a
 * year of the hotel's local today (see hotel-clock.ts, which supplies "today").
 */

export const MAX_NIGHTS = 30;
export const MAX_DAYS_AHEAD = 365;
const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (so `2027-02-29` is false). */
export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Days since the epoch of a `YYYY-MM-DD` date. */
export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** The `YYYY-MM-DD` date `days` after `date` (negative goes back). */
export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Today's date in UTC: for operators' scans and tools, never for a hotel's rules. */
export function todayUtc(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * The last night anything can be booked on, or have calendar settings: a stay
 * arrives at most MAX_DAYS_AHEAD days ahead and lasts at most MAX_NIGHTS. Every
 * read of "future nights" stops here, so nights written past it (by a client, or
 * before this bound existed) cost nothing. Counted from the day after UTC's, so it
 * lies beyond every hotel's local bound, whatever its zone (UTC+14 at most).
 */
export function lastBookableNight(now: Date): string {
  return addDays(todayUtc(now), 1 + MAX_DAYS_AHEAD + MAX_NIGHTS);
}

/** The end (exclusive) of "every future night": the night after the last bookable one. */
export function futureNightsEnd(now: Date): string {
  return addDays(lastBookableNight(now), 1);
}

/**
 * The nights of recent stays: a dated search quotes one stay for every room type and plan it
 * checks (hundreds a page), and date arithmetic was a few percent of its CPU. Bounded, and copied
 * out, so no caller can change what the next one gets.
 */
const recentStays = new Map<string, string[]>();
const RECENT_STAYS = 256;

/** The nights of a stay: checkIn up to, not including, checkOut. */
export function nightsOf(checkIn: string, checkOut: string): string[] {
  const key = `${checkIn}/${checkOut}`;
  let nights = recentStays.get(key);
  if (!nights) {
    const count = dayNumber(checkOut) - dayNumber(checkIn);
    nights = Array.from({ length: Math.max(0, count) }, (_, i) => addDays(checkIn, i));
    if (recentStays.size >= RECENT_STAYS) recentStays.clear();
    recentStays.set(key, nights);
  }
  return nights.slice();
}

/**
 * Problems with a stay, keyed by field; empty when the stay is acceptable. `today`
 * is the hotel's local date; where no one hotel is concerned yet (a search), the
 * earliest and latest local dates on Earth bound it instead.
 */
export function stayProblems(
  checkIn: string,
  checkOut: string,
  today: string,
  latestToday: string = today,
): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!isCalendarDate(checkIn)) problems.checkIn = 'must be a calendar date YYYY-MM-DD';
  if (!isCalendarDate(checkOut)) problems.checkOut = 'must be a calendar date YYYY-MM-DD';
  if (Object.keys(problems).length) return problems;
  const nights = dayNumber(checkOut) - dayNumber(checkIn);
  if (checkIn < today) problems.checkIn = `must not be in the past (the hotel's local date is ${today})`;
  else if (dayNumber(checkIn) > dayNumber(latestToday) + MAX_DAYS_AHEAD)
    problems.checkIn = `must be at most ${MAX_DAYS_AHEAD} days ahead`;
  if (nights < 1) problems.checkOut = 'must be after checkIn';
  else if (nights > MAX_NIGHTS) problems.checkOut = `a stay is at most ${MAX_NIGHTS} nights`;
  return problems;
}
