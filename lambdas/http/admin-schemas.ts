/** Request and response schemas of the operators' routes: handovers and their reports (zod). */
import * as z from 'zod';
import { regionSchema } from './schema-primitives';

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
