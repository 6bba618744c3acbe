/** Operators' routes: moving a hotel between regions. */
import { StoreBusy } from '../domain/errors';
import {
  abortHandover,
  type DrainOptions,
  type HandoverContext,
  handoverStatus,
  runHandover,
} from '../domain/handover';
import { atRiskReport, evacuateHotel } from '../domain/handover-evacuation';
import type { RegionServices } from './region-services';
import { hotelParams, type Route, route } from './route';
import * as s from './schemas';
import { toHandoverView } from './views';

function handoverOf(services: RegionServices): HandoverContext & { readonly drain?: DrainOptions } {
  if (!services.handover) throw new StoreBusy(60, 'Handovers are not served in this deployment');
  return services.handover;
}

export const ADMIN_ROUTES: readonly Route[] = [
  route({
    operationId: 'runHandover',
    method: 'POST',
    path: '/v1/admin/hotels/{hotelId}/handover',
    summary:
      "Move a hotel's owner region: fence, drain, switch (resumable); evacuate an unreachable owner; or abort",
    group: 'admin',
    access: 'admin',
    write: false,
    params: hotelParams,
    query: s.noQuery,
    body: s.handoverBody,
    responses: { 200: s.handoverStatusView, 202: s.handoverStatusView },
    // 503 OWNER_REGION_UNAVAILABLE: the old region cannot be reached. 504: a step's write went
    // unanswered; each step is safe to run again.
    errors: [
      'VALIDATION',
      'UNAUTHORIZED',
      'FORBIDDEN',
      'NOT_FOUND',
      'CONFLICT',
      'SERVICE_UNAVAILABLE',
      'OWNER_REGION_UNAVAILABLE',
      'OUTCOME_UNKNOWN',
    ],
    async handle({ services, params, body }) {
      const ctx = handoverOf(services);
      const run = {
        handover: () => runHandover(ctx, params.hotelId, body.toRegion, ctx.drain),
        evacuate: () => evacuateHotel(ctx, params.hotelId, body.toRegion),
        abort: () => abortHandover(ctx, params.hotelId, body.toRegion),
      }[body.action];
      const status = await run();
      // Still fenced: the drain has not finished yet; call again to resume.
      return { status: status.phase === 'FENCED' ? 202 : 200, body: toHandoverView(status) };
    },
  }),
  route({
    operationId: 'getHandover',
    method: 'GET',
    path: '/v1/admin/hotels/{hotelId}/handover',
    summary: "Where a hotel's handover to toRegion stands",
    group: 'admin',
    access: 'admin',
    write: false,
    params: hotelParams,
    query: s.handoverQuery,
    responses: { 200: s.handoverStatusView },
    errors: ['VALIDATION', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'OWNER_REGION_UNAVAILABLE'],
    async handle({ services, params, query }) {
      return {
        status: 200,
        body: toHandoverView(await handoverStatus(handoverOf(services), params.hotelId, query.toRegion)),
      };
    },
  }),
  route({
    operationId: 'getAtRiskReport',
    method: 'GET',
    path: '/v1/admin/hotels/{hotelId}/handover/at-risk',
    summary:
      'After an evacuation to toRegion: what the old region wrote after the watermark and never replicated',
    group: 'admin',
    access: 'admin',
    write: false,
    params: hotelParams,
    query: s.handoverQuery,
    responses: { 200: s.atRiskReportView },
    errors: ['VALIDATION', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'OWNER_REGION_UNAVAILABLE'],
    async handle({ services, params, query }) {
      return { status: 200, body: await atRiskReport(handoverOf(services), params.hotelId, query.toRegion) };
    },
  }),
];
