/**
 * Request and response schemas (zod). Handlers parse with them, and the OpenAPI
 * document is generated from them, so the two cannot disagree. Each job's schemas live in
 * a module of their own (shared building blocks, hotels, bookings, search, operators';
 * a room type's calendar in calendar-schemas.ts); this module gathers them with the
 * API-wide shapes: the error body, health and the internal channel's envelope.
 */
import * as z from 'zod';
import { regionSchema } from './schema-primitives';

export * from './admin-schemas';
export * from './booking-schemas';
export * from './hotel-schemas';
export * from './rate-plan-schemas';
export * from './schema-primitives';
export * from './search-schemas';

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

export const errorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'VALIDATION' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

export const healthView = z.object({ status: z.literal('ok'), region: regionSchema }).meta({ id: 'Health' });
