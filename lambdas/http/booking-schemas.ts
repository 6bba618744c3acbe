/** Request and response schemas of bookings (zod); building blocks come from schema-primitives.ts. */
import * as z from 'zod';
import { MAX_ROOMS_PER_BOOKING } from '../domain/booking';
import { MAX_BOOKING_QUERY_LENGTH } from '../domain/booking-query';
import { normalizeReference, REFERENCE_LENGTH, REFERENCE_PATTERN } from '../domain/booking-reference';
import { MAX_REQUESTS_CHARACTERS, PHONE_PATTERN } from '../domain/guest-details';
import { BOOKING_STATUSES } from '../domain/model';
import { bookingPlanFields, bookingPlanViewFields } from './rate-plan-schemas';
import { dateSchema, managementPage, moneySchema, roomTypeIdSchema, text } from './schema-primitives';

// --- requests ---------------------------------------------------------------

export const emailSchema = z.email().max(254);

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
    ...bookingPlanFields,
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

export const hotelBookingsQuery = z.object({
  from: dateSchema,
  to: dateSchema,
  status: z.enum(BOOKING_STATUSES).optional(),
  q: z.string().trim().max(MAX_BOOKING_QUERY_LENGTH).optional().meta({
    description:
      "Only bookings with this reference (any case, spaces or hyphens), or whose guest's or booker's name or e-mail address holds it, case and accents aside. Blank: every booking.",
  }),
  ...managementPage,
});
// --- responses --------------------------------------------------------------

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
    ...bookingPlanViewFields,
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
