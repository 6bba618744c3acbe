/** Request and response schemas of search and availability (zod); building blocks come from schema-primitives.ts. */
import * as z from 'zod';
import { MAX_ROOMS_PER_BOOKING } from '../domain/booking';
import { guestsQueryFields, offerOfPlanView } from './rate-plan-schemas';
import { dateSchema, moneySchema, regionSchema } from './schema-primitives';

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
  ...guestsQueryFields,
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

export const stayQuery = z.object({ checkIn: dateSchema, checkOut: dateSchema, ...guestsQueryFields });
// --- responses --------------------------------------------------------------

export const offerView = z
  .object({
    roomTypeId: z.string(),
    name: z.string(),
    available: z.number().int().meta({ description: 'Rooms free on every night of the stay' }),
    totalPrice: moneySchema.meta({
      description: 'What booking this room type under this plan for the stay, rooms and guests charges now',
    }),
    ratePlanId: z
      .string()
      .meta({ description: "The rate plan of that price (`standard`, or one of the hotel's own)" }),
    refundable: z.boolean().meta({ description: 'false: the plan never cancels for free' }),
  })
  .meta({
    id: 'Offer',
    description:
      'The cheapest room type and rate plan bookable for the stay with the rooms and guests asked for',
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
        offers: z.array(offerOfPlanView).meta({
          description:
            'Each rate plan that sells this stay, for one room and the guests: standard first, then by ratePlanId; none when the stay cannot be booked',
        }),
      }),
    ),
  })
  .meta({
    id: 'Availability',
    description: 'Room types too small for the adults and children asked for are left out',
  });
