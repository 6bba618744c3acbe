/** Request and response schemas of rate plans and their offers (zod); building blocks come from schema-primitives.ts. */
import * as z from 'zod';
import { MAX_OCCUPANCY_LIMIT } from '../domain/occupancy';
import { STANDARD_RATE_PLAN_ID } from '../domain/rate-plans';
import { MAX_DAYS_AHEAD, MAX_NIGHTS } from '../domain/stay';
import { moneySchema, roomTypeIdSchema, text } from './schema-primitives';

/** A plan's id: like a room type's. */
export const ratePlanIdSchema = roomTypeIdSchema.meta({ example: 'non-refundable' });

/** Money that may be negative: an adjustment's amount. */
const signedMoneySchema = z
  .strictObject({
    amount: z
      .number()
      .int()
      .min(-1_000_000_000_000)
      .max(1_000_000_000_000)
      .meta({ description: 'minor units; negative lowers the price' }),
    currency: moneySchema.shape.currency,
  })
  .meta({ id: 'SignedMoney' });

export const priceAdjustmentSchema = z
  .union([
    z.strictObject({
      percent: z.number().int().min(-100).max(1_000).meta({ description: '-15 is 15% off' }),
    }),
    z.strictObject({ amount: signedMoneySchema }),
  ])
  .meta({
    id: 'PriceAdjustment',
    description:
      "Applied to each night's calendar price (the room type's, or the calendar's override), never below zero; extra guests are added after it",
  });

export const feeRuleSchema = z
  .union([
    z.strictObject({
      nights: z.number().int().min(0).max(MAX_NIGHTS).meta({ description: "The first n nights' prices" }),
    }),
    z.strictObject({
      percent: z.number().int().min(0).max(100).meta({ description: "A percentage of the stay's total" }),
    }),
  ])
  .meta({ id: 'FeeRule' });

export const cancellationRuleSchema = z
  .strictObject({
    freeUntilHoursBefore: z
      .number()
      .int()
      .min(0)
      .max(24 * MAX_DAYS_AHEAD)
      .nullable()
      .meta({
        description:
          'Free until this many hours before the local check-in time of the arrival day; null: non-refundable, the fee applies from booking',
      }),
    fee: feeRuleSchema,
  })
  .meta({ id: 'CancellationRule' });

const advanceDays = z.number().int().min(0).max(MAX_DAYS_AHEAD);

export const putRatePlanBody = z
  .strictObject({
    name: text(1, 200),
    priceAdjustment: priceAdjustmentSchema.optional(),
    cancellation: cancellationRuleSchema,
    noShowFee: feeRuleSchema,
    includes: z
      .array(text(1, 100))
      .max(20)
      .optional()
      .meta({ example: ['breakfast'] }),
    minAdvanceDays: advanceDays
      .optional()
      .meta({ description: "Sells arrivals at least this many days after the hotel's local today" }),
    maxAdvanceDays: advanceDays
      .optional()
      .meta({ description: "Sells arrivals at most this many days after the hotel's local today" }),
  })
  .refine(
    (b) =>
      b.minAdvanceDays === undefined ||
      b.maxAdvanceDays === undefined ||
      b.minAdvanceDays <= b.maxAdvanceDays,
    { message: 'must not be above maxAdvanceDays', path: ['minAdvanceDays'] },
  )
  .meta({ id: 'PutRatePlan' });

/** The terms a booking keeps of its plan. */
export const bookedRatePlanView = z
  .object({
    ratePlanId: z.string(),
    name: z.string(),
    priceAdjustment: priceAdjustmentSchema.optional(),
    cancellation: cancellationRuleSchema,
    noShowFee: feeRuleSchema,
    includes: z.array(z.string()),
    minAdvanceDays: z.number().int().optional(),
    maxAdvanceDays: z.number().int().optional(),
  })
  .meta({
    id: 'BookedRatePlan',
    description: 'The plan as it stood when booked: later changes to it change nothing here',
  });

export const ratePlanView = bookedRatePlanView
  .extend({ updatedAt: z.string().optional().meta({ description: 'Absent on the standard plan' }) })
  .meta({ id: 'RatePlan' });

export const ratePlanListView = z
  .object({ items: z.array(ratePlanView).meta({ description: 'The standard plan first, then by id' }) })
  .meta({ id: 'RatePlanList' });

/** A plan's policy for one stay: the deadline with the hotel's UTC offset, and the fees in money. */
export const cancellationView = z
  .object({
    freeUntil: z.string().nullable().meta({
      example: '2027-03-13T15:00:00-07:00',
      description:
        "Cancelling is free before this instant (the hotel's local time with its UTC offset); null: never (non-refundable)",
    }),
    feeAfter: moneySchema.meta({ description: 'What a cancel costs from freeUntil on' }),
  })
  .meta({ id: 'CancellationPolicy' });

export const offerOfPlanView = z
  .object({
    ratePlanId: z.string(),
    name: z.string(),
    totalPrice: moneySchema.meta({
      description:
        'One room for the whole stay, for the guests asked: calendar price, then the plan, then extra guests',
    }),
    includes: z.array(z.string()),
    cancellation: cancellationView,
    noShowFee: moneySchema,
  })
  .meta({ id: 'RatePlanOffer' });

/** Who stays in each room, as a query takes it (availability; search may take the same). */
export const guestsQueryFields = {
  adults: z.coerce.number().int().min(1).max(MAX_OCCUPANCY_LIMIT).optional().meta({
    description: 'Adults per room; default 2, or 1 for a room type that holds one',
  }),
  children: z.coerce.number().int().min(0).max(MAX_OCCUPANCY_LIMIT).optional().meta({
    description: 'Children per room; default 0. A room type too small for adults and children is not offered',
  }),
};

/** Who stays in each room, and the plan, as a booking takes them. */
export const bookingPlanFields = {
  ratePlanId: ratePlanIdSchema
    .optional()
    .meta({ description: `The rate plan; default ${STANDARD_RATE_PLAN_ID}` }),
  adults: z.number().int().min(1).max(MAX_OCCUPANCY_LIMIT).optional().meta({
    description:
      'Adults per room; default 2, or 1 for a room type that holds one. More guests than the room type holds: 400',
  }),
  children: z.number().int().min(0).max(MAX_OCCUPANCY_LIMIT).optional().meta({
    description: 'Children per room; default 0',
  }),
};

/** What a booking's view adds: its plan, guests, policy and fees. */
export const bookingPlanViewFields = {
  ratePlanId: z.string().meta({ description: 'standard for bookings made before rate plans' }),
  ratePlan: bookedRatePlanView,
  adults: z.number().int().optional().meta({ description: 'Absent on bookings made before occupancy' }),
  children: z.number().int().optional(),
  cancellation: cancellationView
    .optional()
    .meta({ description: 'The policy of this stay; absent on bookings made before rate plans (standard)' }),
  noShowFee: moneySchema.optional().meta({ description: 'What a no-show costs (after one: what it cost)' }),
  cancellationFee: moneySchema
    .optional()
    .meta({ description: 'On a cancelled booking: what the cancel cost, zero when it was free' }),
};
