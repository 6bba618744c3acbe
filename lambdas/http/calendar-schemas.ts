/** Request and response schemas of a room type's calendar (zod); shared building blocks come from schema-primitives.ts. */
import * as z from 'zod';
import { MAX_NIGHTS } from '../domain/stay';
import { dateSchema, moneySchema } from './schema-primitives';

const stayLimit = z
  .number()
  .int()
  .min(1)
  .max(MAX_NIGHTS)
  .nullable()
  .optional()
  .meta({ description: 'Applies to stays arriving on these nights; null clears it' });

export const putCalendarBody = z
  .strictObject({
    from: dateSchema.meta({ description: 'First night (today or later, UTC)' }),
    to: dateSchema.meta({ description: 'The night after the last; at most 366 nights after from' }),
    pricePerNight: moneySchema.nullable().optional().meta({
      description: "Overrides the room type's price on these nights, in its currency; null restores it",
    }),
    closed: z
      .boolean()
      .optional()
      .meta({ description: 'true stops selling these nights; false reopens them' }),
    minStay: stayLimit,
    maxStay: stayLimit,
  })
  .refine(
    (b) =>
      b.pricePerNight !== undefined ||
      b.closed !== undefined ||
      b.minStay !== undefined ||
      b.maxStay !== undefined,
    { message: 'give at least one of pricePerNight, closed, minStay, maxStay' },
  )
  .refine((b) => typeof b.minStay !== 'number' || typeof b.maxStay !== 'number' || b.minStay <= b.maxStay, {
    message: 'must not be above maxStay',
    path: ['minStay'],
  })
  // The first rule as the document can say it: no other keys are allowed, so a third is a setting.
  .meta({ id: 'PutCalendar', minProperties: 3 });

export const calendarQuery = z.object({ from: dateSchema, to: dateSchema });
export const calendarView = z
  .object({
    items: z.array(
      z.object({
        night: z.string(),
        pricePerNight: moneySchema,
        closed: z.boolean(),
        minStay: z.number().int().nullable(),
        maxStay: z.number().int().nullable(),
        booked: z.number().int(),
        available: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'Calendar' });
