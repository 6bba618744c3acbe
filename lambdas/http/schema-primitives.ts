/**
 * The API's shared building blocks (zod): trimmed text, dates, ids, money, country, region, a
 * hotel's time zone and times of day, the Idempotency-Key header and a management list's page.
 */
import * as z from 'zod';
import { isTimeZone } from '../domain/hotel-clock';
import { COUNTRY_CODES, isCountryCode, REGIONS } from '../domain/regions';
import { isCalendarDate } from '../domain/stay';

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const characters = (s: string) => [...s].length;

/**
 * What `String.prototype.trim` removes (ECMAScript WhiteSpace and LineTerminator), spelled out
 * rather than as `\s`, whose meaning differs between the regex engines that read the document.
 */
const TRIMMED = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
/**
 * Characters of the Basic Multilingual Plane that show nothing on their own: format characters
 * (zero-width spaces and joiners, direction marks, the soft hyphen, interlinear annotation
 * marks), variation selectors, and the fillers that render blank (Hangul, Braille, Khmer's
 * inherent vowels). Beyond that plane (tag characters, the supplementary variation selectors) a
 * character is two UTF-16 units to both the server's and the document's pattern, so one of those
 * alone still passes.
 */
const INVISIBLE =
  '\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\u2800\\u3164\\ufe00-\\ufe0f\\uffa0\\ufff9-\\ufffb';
/** Holds a character that trimming keeps and that shows: a required text cannot be blank, nor only invisible. */
const NOT_BLANK = `[^${TRIMMED}${INVISIBLE}]`;
const notBlank = new RegExp(NOT_BLANK);

/**
 * A trimmed string of `min..max` characters (code points, not UTF-16 units). The document
 * states the bounds too (JSON Schema counts code points), so that a client, or a fuzzer, can
 * know what is accepted without sending it.
 */
export const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .refine((s) => characters(s) >= min && characters(s) <= max, {
      message: min > 0 ? `must be ${min} to ${max} characters` : `must be at most ${max} characters`,
      abort: true,
    })
    .refine((s) => min === 0 || notBlank.test(s), {
      message: 'must hold a visible character: letters, digits or signs, not only spaces or invisible ones',
    })
    .meta({
      maxLength: max,
      ...(min > 0 ? { minLength: min, pattern: NOT_BLANK } : {}),
      description: 'Leading and trailing white space is removed',
    });

/** Control characters (C0, DEL, C1) and the line and paragraph separators: what one line of text never holds. */
const LINE_BREAKING = '\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029';
/**
 * One line of `1..max` characters as the server takes it: white space at either end is
 * trimmed away, and what is left holds a character that shows (as a required text does) and
 * no control character. The check and the document read this one pattern.
 */
const ONE_LINE = `^[${TRIMMED}]*(?:[^${TRIMMED}${LINE_BREAKING}][^${LINE_BREAKING}]*)?[^${TRIMMED}${LINE_BREAKING}${INVISIBLE}](?:[^${LINE_BREAKING}]*[^${TRIMMED}${LINE_BREAKING}])?[${TRIMMED}]*$`;
const oneLinePattern = new RegExp(ONE_LINE);

/** Trimmed text of `1..max` characters on one line: no line breaks, tabs or other control characters. */
export const oneLineText = (max: number) =>
  z
    .string()
    .trim()
    .refine((s) => characters(s) >= 1 && characters(s) <= max, {
      message: `must be 1 to ${max} characters`,
      // A blank one is not also said to break the line.
      abort: true,
    })
    .refine((s) => oneLinePattern.test(s), {
      message: 'must be one line, without line breaks, tabs or other control characters',
    })
    .meta({
      minLength: 1,
      maxLength: max,
      pattern: ONE_LINE,
      description: 'One line; leading and trailing white space is removed',
    });

export const dateSchema = z
  .string()
  .refine(isCalendarDate, { message: 'must be a calendar date YYYY-MM-DD' })
  .meta({ format: 'date', example: '2027-03-14' });

export const roomTypeIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must match ^[a-z0-9][a-z0-9-]{0,63}$')
  .meta({ example: 'deluxe-king' });

/** Ids we issue are UUIDs; anything else cannot name a hotel or booking (404, not 400). */
export const resourceIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);

export const moneySchema = z
  .strictObject({
    amount: z.number().int().min(0).max(1_000_000_000_000).meta({ description: 'minor units' }),
    currency: z
      .string()
      .refine((c) => CURRENCIES.has(c), { message: 'must be an ISO 4217 currency code' })
      // The same list the check reads, so that a client knows every code it accepts.
      .meta({ example: 'USD', enum: [...CURRENCIES].sort() }),
  })
  .meta({ id: 'Money' });

export const countrySchema = z
  .string()
  .transform((c) => c.toUpperCase())
  .refine(isCountryCode, { message: 'must be an ISO 3166-1 alpha-2 country code' })
  // Lower case is accepted too; the document names the codes as ISO writes them.
  .meta({ example: 'SG', enum: COUNTRY_CODES });

export const regionSchema = z.enum(REGIONS);

/** An IANA zone name that the zone database knows; anything else is a 400. */
export const timeZoneSchema = z
  .string()
  .max(64)
  .refine(isTimeZone, { message: 'must be an IANA time zone name, such as America/Los_Angeles' })
  .meta({
    example: 'Asia/Singapore',
    description: "The hotel's IANA time zone; every date rule reads the hotel's local date and time in it",
  });

/** A local time of day, 24-hour `HH:MM`. */
export const timeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a local time HH:MM (00:00..23:59)' })
  .meta({ example: '15:00' });

export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'must be 1 to 128 visible ASCII characters');

/** A page of a management list: `limit` 1..100 (default 50) and the previous page's cursor. */
export const managementPage = {
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2_048).optional(),
};
export const noQuery = z.object({});
