/** Request and response schemas of hotels and their room types (zod); building blocks come from schema-primitives.ts. */
import * as z from 'zod';
import { MAX_ADDRESS_CHARACTERS } from '../domain/model';
import { DEFAULT_MAX_OCCUPANCY, MAX_OCCUPANCY_LIMIT } from '../domain/occupancy';
import {
  countrySchema,
  managementPage,
  moneySchema,
  oneLineText,
  regionSchema,
  text,
  timeOfDaySchema,
  timeZoneSchema,
} from './schema-primitives';

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

const hotelClockFields = {
  timeZone: timeZoneSchema.optional(),
  checkInTime: timeOfDaySchema
    .optional()
    .meta({ description: 'Local time from which guests check in; default 15:00' }),
  checkOutTime: timeOfDaySchema
    .optional()
    .meta({ description: 'Local time by which guests check out; default 11:00' }),
};

/** What the hotelier writes as the hotel's street address: the one rule for create, change and view. */
const addressSchema = oneLineText(MAX_ADDRESS_CHARACTERS).meta({
  example: '10 Bayfront Avenue',
  description: `The hotel's street address, one line (a postal code may be part of it), shown to travellers with the city and country; 1 to ${MAX_ADDRESS_CHARACTERS} characters after trimming, no line breaks or control characters`,
});

// --- requests ---------------------------------------------------------------

export const createHotelBody = z
  .strictObject({
    name: text(1, 200),
    city: text(1, 100),
    country: countrySchema,
    address: addressSchema.optional(),
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
    address: addressSchema
      .nullable()
      .optional()
      .meta({ description: 'A new street address; null removes it' }),
    description: text(0, 5_000).optional(),
    attributes: attributesSchema.optional(),
    ...hotelClockFields,
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'change at least one field' })
  .meta({ id: 'PatchHotel', minProperties: 1 });

const occupancyFields = {
  maxOccupancy: z
    .number()
    .int()
    .min(1)
    .max(MAX_OCCUPANCY_LIMIT)
    .meta({
      description: `Guests one room holds, adults and children; default ${DEFAULT_MAX_OCCUPANCY}`,
    }),
  standardOccupancy: z
    .number()
    .int()
    .min(1)
    .max(MAX_OCCUPANCY_LIMIT)
    .meta({
      description: `Guests the price includes; default the smaller of maxOccupancy and ${DEFAULT_MAX_OCCUPANCY}`,
    }),
  extraGuestPerNight: moneySchema.meta({
    description:
      "Added per night for each guest above standardOccupancy, in the room type's currency; default zero",
  }),
};

export const putRoomTypeBody = z
  .strictObject({
    name: text(1, 200),
    totalRooms: z.number().int().min(0).max(10_000),
    pricePerNight: moneySchema,
    maxOccupancy: occupancyFields.maxOccupancy
      .optional()
      .meta({ description: 'Left out: as the room type had it (a new one: the default)' }),
    standardOccupancy: occupancyFields.standardOccupancy.optional(),
    extraGuestPerNight: occupancyFields.extraGuestPerNight.optional(),
  })
  .refine(
    (b) =>
      b.maxOccupancy === undefined ||
      b.standardOccupancy === undefined ||
      b.standardOccupancy <= b.maxOccupancy,
    { message: 'must not be above maxOccupancy', path: ['standardOccupancy'] },
  )
  .meta({
    id: 'PutRoomType',
    description:
      'Occupancy fields left out keep what the room type had (a new room type: the defaults), so a client that does not know them never resets them',
  });

export const myHotelsQuery = z.object({ q: z.string().max(200).optional(), ...managementPage });
// --- responses --------------------------------------------------------------

export const roomTypeView = z
  .object({
    roomTypeId: z.string(),
    name: z.string(),
    totalRooms: z.number().int(),
    pricePerNight: moneySchema,
    ...occupancyFields,
  })
  .meta({ id: 'RoomType' });

const hotelFields = {
  hotelId: z.string(),
  name: z.string(),
  city: z.string(),
  country: z.string(),
  address: z.string().optional().meta({
    example: '10 Bayfront Avenue',
    description: "The hotel's street address, one line; absent when the hotelier gave none",
  }),
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
