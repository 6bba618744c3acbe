/**
 * Request and response schemas (zod). Handlers parse with them, and the OpenAPI
 * document is generated from them, so the two cannot disagree.
 */
import * as z from 'zod';
import { MAX_ROOMS_PER_BOOKING } from '../domain/booking';
import { normalizeReference, REFERENCE_LENGTH, REFERENCE_PATTERN } from '../domain/booking-reference';
import { MAX_REQUESTS_CHARACTERS, PHONE_PATTERN } from '../domain/guest-details';
import { isTimeZone } from '../domain/hotel-clock';
import { BOOKING_STATUSES } from '../domain/model';
import { COUNTRY_CODES, isCountryCode, REGIONS } from '../domain/regions';
import { isCalendarDate } from '../domain/stay';

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const characters = (s: string) => [...s].length;

/**
 * What `String.prototype.trim` removes (ECMAScript WhiteSpace and LineTerminator), spelled out
 * rather than as `\s`, whose meaning differs between the regex engines that read the document.
 */
const TRIMMED = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
/** Holds a character that trimming keeps: a required text cannot be blank. */
const NOT_BLANK = `[^${TRIMMED}]`;

/**
 * A trimmed string of `min..max` characters (code points, not UTF-16 units). The document
 * states the bounds too (JSON Schema counts code points), so that a client, or a fuzzer, can
 * know what is accepted without sending it.
 */
const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .refine((s) => characters(s) >= min && characters(s) <= max, {
      message: min > 0 ? `must be ${min} to ${max} characters` : `must be at most ${max} characters`,
    })
    .meta({
      maxLength: max,
      ...(min > 0 ? { minLength: min, pattern: NOT_BLANK } : {}),
      description: 'Leading and trailing white space is removed',
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

/** DynamoDB's smallest magnitude; anything closer to zero (but zero) is refused by the table. */
const SMALLEST_NUMBER = 1e-130;

/**
 * A number the table stores and gives back exactly: within ±(2^53 - 1), where a JSON number is
 * still an exact integer (the SDK refuses the rest), and zero or no closer to it than DynamoDB holds.
 */
const attributeNumber = z
  .number()
  .min(Number.MIN_SAFE_INTEGER, { message: `must be at least ${Number.MIN_SAFE_INTEGER}` })
  .max(Number.MAX_SAFE_INTEGER, { message: `must be at most ${Number.MAX_SAFE_INTEGER}` })
  .refine((n) => n === 0 || Math.abs(n) >= SMALLEST_NUMBER, {
    message: `must be 0 or at least ${SMALLEST_NUMBER} from it`,
  })
  .meta({
    not: { exclusiveMinimum: -SMALLEST_NUMBER, exclusiveMaximum: SMALLEST_NUMBER, not: { const: 0 } },
  });

const attributeValue = z.union([
  z.string().max(2_000),
  attributeNumber,
  z.boolean(),
  z.array(z.string().max(500)).max(100),
]);

export const attributesSchema = z
  .record(z.string().min(1).max(100), attributeValue)
  .refine((a) => Object.keys(a).length <= 50, { message: 'at most 50 keys' })
  .meta({
    id: 'Attributes',
    maxProperties: 50,
    description: 'Up to 50 keys; values are strings, numbers, booleans or lists of strings',
  });

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

const hotelClockFields = {
  timeZone: timeZoneSchema.optional(),
  checkInTime: timeOfDaySchema
    .optional()
    .meta({ description: 'Local time from which guests check in; default 15:00' }),
  checkOutTime: timeOfDaySchema
    .optional()
    .meta({ description: 'Local time by which guests check out; default 11:00' }),
};

// --- requests ---------------------------------------------------------------

export const createHotelBody = z
  .strictObject({
    name: text(1, 200),
    city: text(1, 100),
    country: countrySchema,
    description: text(0, 5_000).optional(),
    attributes: attributesSchema.optional(),
    managedIn: regionSchema.optional(),
    ...hotelClockFields,
  })
  .meta({ id: 'CreateHotel' });

export const patchHotelBody = z
  .strictObject({
    name: text(1, 200).optional(),
    city: text(1, 100).optional(),
    description: text(0, 5_000).optional(),
    attributes: attributesSchema.optional(),
    ...hotelClockFields,
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'change at least one field' })
  .meta({ id: 'PatchHotel', minProperties: 1 });

export const putRoomTypeBody = z
  .strictObject({
    name: text(1, 200),
    totalRooms: z.number().int().min(0).max(10_000),
    pricePerNight: moneySchema,
  })
  .meta({ id: 'PutRoomType' });

const emailSchema = z.email().max(254);

export const guestSchema = z
  .strictObject({
    name: text(1, 200),
    email: emailSchema,
    phone: z
      .string()
      .trim()
      .regex(
        PHONE_PATTERN,
        'must be a phone number such as +44 20 7946 0958: 6 to 20 digits, spaces, brackets and hyphens, at least 6 digits, optionally after a +',
      )
      .optional()
      .meta({
        description:
          'Trimmed; an optional `+`, then digits, spaces, brackets and hyphens (6 to 20 characters, at least 6 digits)',
        example: '+44 20 7946 0958',
      }),
    requests: text(0, MAX_REQUESTS_CHARACTERS).optional().meta({
      description:
        'What the guest asks of the hotel (a late arrival, a cot), trimmed, at most 500 characters; blank is the same as none',
    }),
  })
  .meta({
    id: 'Guest',
    description:
      "Who stays. Phone and requests are shown to the hotelier and to the holder of the booking's token, never in search",
  });

export const bookerSchema = z
  .strictObject({
    name: text(1, 200),
    email: emailSchema,
  })
  .meta({ id: 'Booker', description: 'Who made and pays for the booking, when another person stays' });

export const createBookingBody = z
  .strictObject({
    roomTypeId: roomTypeIdSchema,
    checkIn: dateSchema,
    checkOut: dateSchema,
    rooms: z.number().int().min(1).max(MAX_ROOMS_PER_BOOKING),
    guest: guestSchema,
    booker: bookerSchema.optional(),
    expectedTotalPrice: moneySchema.optional().meta({
      description:
        'The total the traveller was shown; if the stay now costs something else, 409 PRICE_CHANGED',
    }),
  })
  .meta({ id: 'CreateBooking' });

export const modifyBookingBody = z
  .strictObject({
    checkIn: dateSchema.optional(),
    checkOut: dateSchema.optional(),
    rooms: z.number().int().min(1).max(MAX_ROOMS_PER_BOOKING).optional(),
    expectedTotalPrice: moneySchema.optional().meta({
      description:
        'The new total the caller was shown; if the change now costs something else, 409 PRICE_CHANGED',
    }),
  })
  .refine((b) => b.checkIn !== undefined || b.checkOut !== undefined || b.rooms !== undefined, {
    message: 'change at least one of checkIn, checkOut, rooms',
  })
  .meta({
    id: 'ModifyBooking',
    anyOf: [{ required: ['checkIn'] }, { required: ['checkOut'] }, { required: ['rooms'] }],
    description:
      "New dates, rooms, or both; a field left out stays. Nights kept keep their booked price; nights added cost today's",
  });

export const lookupBookingBody = z
  .strictObject({
    reference: z
      .string()
      .max(32)
      // The reference's 8 characters (no 0/O, 1/I/L), in any case, with spaces or dashes anywhere.
      .regex(
        /^[ -]*(?:[2-9A-HJKMNP-Za-hjkmnp-z][ -]*){8}$/,
        `must be the ${REFERENCE_LENGTH}-character reference from the confirmation (letters and digits)`,
      )
      .transform(normalizeReference)
      .pipe(
        z
          .string()
          .regex(
            REFERENCE_PATTERN,
            `must be the ${REFERENCE_LENGTH}-character reference from the confirmation (letters and digits)`,
          ),
      )
      .meta({ description: 'The booking reference; case, spaces and dashes do not matter' }),
    email: z.email().max(254).meta({ description: "The guest's or the booker's address, in any case" }),
  })
  .meta({ id: 'LookupBooking' });

export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'must be 1 to 128 visible ASCII characters');

// Query strings tolerate unknown parameters (cache busters, tracking); bodies do not.
export const searchQuery = z.object({
  q: z.string().max(200).optional(),
  city: z.string().max(100).optional(),
  checkIn: dateSchema.optional().meta({ description: 'With checkOut: only hotels bookable for the stay' }),
  checkOut: dateSchema.optional(),
  rooms: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_ROOMS_PER_BOOKING)
    .default(1)
    .meta({ description: 'Rooms wanted for the stay (with dates)' }),
  sort: z.enum(['relevance', 'price']).default('relevance').meta({
    description:
      'price: by offer.totalPrice with dates, by fromPrice without; currency code first, then amount, ties by name',
  }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2_048).optional(),
  minStars: z.coerce
    .number()
    .int()
    .min(1)
    .max(5)
    .optional()
    .meta({ description: "Only hotels rated at least this many stars (the hotel's `stars` attribute)" }),
  maxPrice: z.coerce.number().int().min(0).max(1e12).optional().meta({
    description:
      "Only hotels at most this price, in minor units of `currency` (required with it): with dates the offer's totalPrice for the stay and rooms, without them fromPrice. Hotels priced in another currency are left out",
  }),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
    .optional()
    .meta({ description: 'The currency of maxPrice (ISO 4217)' }),
});

export const stayQuery = z.object({ checkIn: dateSchema, checkOut: dateSchema });
/** A page of a management list: `limit` 1..100 (default 50) and the previous page's cursor. */
const managementPage = {
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2_048).optional(),
};
export const myHotelsQuery = z.object({ q: z.string().max(200).optional(), ...managementPage });
export const hotelBookingsQuery = z.object({
  from: dateSchema,
  to: dateSchema,
  status: z.enum(BOOKING_STATUSES).optional(),
  ...managementPage,
});
export const noQuery = z.object({});

/** What crosses the internal channel; checked again on arrival. */
export const forwardedRequestSchema = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  path: z.string().startsWith('/').max(2_048),
  query: z.record(z.string(), z.string()),
  headers: z.record(z.string(), z.string()),
  body: z.string().optional(),
  hotelierId: z.string().min(1).max(256).optional(),
  servedRegion: regionSchema,
  deadline: z.number().int().positive(),
});

// --- responses --------------------------------------------------------------

export const errorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'VALIDATION' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

export const roomTypeView = z
  .object({
    roomTypeId: z.string(),
    name: z.string(),
    totalRooms: z.number().int(),
    pricePerNight: moneySchema,
  })
  .meta({ id: 'RoomType' });

const hotelFields = {
  hotelId: z.string(),
  name: z.string(),
  city: z.string(),
  country: z.string(),
  managedIn: regionSchema,
  description: z.string(),
  attributes: attributesSchema,
  timeZone: z.string().meta({ example: 'Asia/Singapore', description: "The hotel's IANA time zone" }),
  checkInTime: z.string().meta({ example: '15:00', description: 'Local time from which guests check in' }),
  checkOutTime: z.string().meta({ example: '11:00', description: 'Local time by which guests check out' }),
};

export const publicHotelView = z
  .object({ ...hotelFields, roomTypes: z.array(roomTypeView) })
  .meta({ id: 'HotelDetails' });

export const managedHotelView = z
  .object({
    ...hotelFields,
    status: z.enum(['ACTIVE', 'CLOSING']).meta({
      description: 'CLOSING: a deletion stopped half-way; repeat the DELETE to finish it',
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ManagedHotel' });

export const hotelListView = z
  .object({ items: z.array(managedHotelView), nextCursor: z.string().nullable() })
  .meta({ id: 'ManagedHotelList' });

export const offerView = z
  .object({
    roomTypeId: z.string(),
    name: z.string(),
    available: z.number().int().meta({ description: 'Rooms free on every night of the stay' }),
    totalPrice: moneySchema.meta({
      description: 'What booking this room type for the stay and rooms charges now',
    }),
  })
  .meta({
    id: 'Offer',
    description: 'The cheapest room type bookable for the stay with the rooms asked for',
  });

export const searchResultView = z
  .object({
    items: z.array(
      z.object({
        hotelId: z.string(),
        name: z.string(),
        city: z.string(),
        country: z.string(),
        managedIn: regionSchema,
        fromPrice: moneySchema.nullable().meta({
          description: "The lowest nightly price among the hotel's room types; null when it has none",
        }),
        offer: offerView.optional().meta({ description: 'Present with dates' }),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'SearchPage' });

export const stayRefusalView = z
  .object({
    reason: z.enum(['CLOSED', 'MIN_STAY', 'MAX_STAY', 'PRICE_CURRENCY']).meta({
      description:
        "CLOSED: nights not for sale; MIN_STAY / MAX_STAY: the stay's length breaks the arrival night's limit; " +
        "PRICE_CURRENCY: a night's price is in another currency than the room type's",
    }),
    nights: z.array(z.string()),
    limit: z.number().int().optional().meta({ description: "The arrival night's minimum or maximum stay" }),
  })
  .meta({ id: 'StayRefusal' });

export const availabilityView = z
  .object({
    hotelId: z.string(),
    checkIn: z.string(),
    checkOut: z.string(),
    roomTypes: z.array(
      z.object({
        roomTypeId: z.string(),
        available: z.number().int().meta({ description: 'Rooms free on every night of the stay' }),
        pricePerNight: moneySchema.meta({ description: "The room type's own price; nights may override it" }),
        totalPrice: moneySchema.meta({ description: 'One room for the whole stay, night by night' }),
        bookable: z.boolean().meta({ description: 'false: this stay cannot be booked, whatever the rooms' }),
        reasons: z.array(stayRefusalView),
      }),
    ),
  })
  .meta({ id: 'Availability' });

export const bookingView = z
  .object({
    bookingId: z.string(),
    reference: z.string().regex(REFERENCE_PATTERN).optional().meta({
      description:
        'What the traveller quotes to find the booking again: 8 characters without look-alikes (no 0/O, 1/I/L). Every booking made since references exist has one.',
    }),
    hotelId: z.string(),
    roomTypeId: z.string(),
    checkIn: z.string(),
    checkOut: z.string(),
    rooms: z.number().int(),
    status: z.enum(BOOKING_STATUSES),
    guest: guestSchema,
    booker: bookerSchema.optional(),
    totalPrice: moneySchema,
    createdAt: z.string(),
    cancelledAt: z.string().optional(),
    checkedInAt: z.string().optional(),
    checkedOutAt: z.string().optional(),
    noShowAt: z.string().optional(),
    releasedFrom: z.string().optional().meta({
      description: 'Early check-out or no-show: the first night given back (rooms free from it on)',
    }),
  })
  .meta({ id: 'Booking' });

export const newBookingView = bookingView
  .extend({ accessToken: z.string().meta({ description: 'Shown once; send as Bearer to view or cancel' }) })
  .meta({ id: 'NewBooking' });

export const bookingLookupView = z
  .object({
    hotelId: z.string(),
    bookingId: z.string(),
    accessToken: z.string().meta({
      description: "A fresh token, shown once; the booking's earlier tokens keep working",
    }),
  })
  .meta({ id: 'BookingLookup' });

export const bookingListView = z
  .object({ items: z.array(bookingView), nextCursor: z.string().nullable() })
  .meta({ id: 'BookingList' });

export const healthView = z.object({ status: z.literal('ok'), region: regionSchema }).meta({ id: 'Health' });

// --- operations (admin) -----------------------------------------------------

export const handoverBody = z
  .strictObject({
    toRegion: regionSchema,
    /**
     * handover: fence, drain, switch (resumes where it stopped); evacuate: take over without
     * draining, for an unreachable owner; abort: lift a fence that has not switched yet.
     */
    action: z.enum(['handover', 'evacuate', 'abort']).default('handover'),
  })
  .meta({ id: 'HandoverRequest' });

// Like every query string, unknown parameters are ignored.
export const handoverQuery = z.object({ toRegion: regionSchema });

const handoverRecordView = z.object({
  handoverId: z.string(),
  outcome: z.enum(['SWITCHED', 'ABORTED']),
  from: regionSchema,
  to: regionSchema,
  forced: z.boolean(),
  fencedAt: z.string().optional(),
  endedAt: z.string(),
  watermark: z
    .string()
    .optional()
    .meta({ description: 'Evacuations: the newest old-region write the target had' }),
});

export const handoverStatusView = z
  .object({
    hotelId: z.string(),
    phase: z.enum(['NONE', 'FENCED', 'SWITCHED', 'ABORTED']),
    managedIn: regionSchema,
    fence: z
      .object({ handoverId: z.string(), from: regionSchema, to: regionSchema, fencedAt: z.string() })
      .optional(),
    record: handoverRecordView.optional(),
    drain: z
      .object({
        drained: z.boolean(),
        lagMs: z.number().optional(),
        waitedMs: z.number(),
        pending: z.number(),
      })
      .optional(),
  })
  .meta({ id: 'HandoverStatus' });

export const atRiskReportView = z
  .object({
    hotelId: z.string(),
    handoverId: z.string(),
    from: regionSchema,
    to: regionSchema,
    watermark: z.string(),
    items: z.array(
      z.object({
        key: z.string(),
        entity: z.string(),
        writtenAt: z.string(),
        version: z.number(),
        afterWatermark: z.boolean(),
        inTarget: z.enum(['MISSING', 'DIFFERENT']),
        booking: z.record(z.string(), z.unknown()).optional(),
      }),
    ),
    bookingsAtRisk: z.number(),
    arrivedLate: z.number(),
    splitOwnership: z.array(
      z.object({ region: regionSchema, hotelId: z.string(), owners: z.record(z.string(), z.string()) }),
    ),
  })
  .meta({ id: 'AtRiskReport' });
