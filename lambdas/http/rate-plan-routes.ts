/** Hoteliers' routes for a room type's rate plans: put, list, stop. Writes run in the hotel's owner region. */
import { listRatePlans, putRatePlan, stopRatePlan } from '../domain/rate-plan-management';
import { putRatePlanBody, ratePlanIdSchema, ratePlanListView, ratePlanView } from './rate-plan-schemas';
import { type Route, roomTypeParams, route } from './route';
import * as s from './schemas';

const ratePlanParams = roomTypeParams.extend({ ratePlanId: ratePlanIdSchema });
const PLAN_PATH = '/v1/manage/hotels/{hotelId}/room-types/{roomTypeId}/rate-plans';
const WRITE_ERRORS = [
  'VALIDATION',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'OWNER_REGION_UNAVAILABLE',
  'OUTCOME_UNKNOWN',
];

export const RATE_PLAN_ROUTES: readonly Route[] = [
  route({
    operationId: 'putRatePlan',
    method: 'PUT',
    path: `${PLAN_PATH}/{ratePlanId}`,
    summary:
      "Create or replace a rate plan of a room type (not standard, which is the room type's own); bookings made keep their terms",
    group: 'manage',
    access: 'hotelier',
    write: true,
    params: ratePlanParams,
    query: s.noQuery,
    body: putRatePlanBody,
    responses: { 201: ratePlanView, 200: ratePlanView },
    errors: WRITE_ERRORS,
    async handle({ services, params, body, hotelierId }) {
      const { hotelId, roomTypeId, ratePlanId } = params;
      const result = await putRatePlan(services, hotelierId, hotelId, roomTypeId, ratePlanId, body);
      const { hotelId: _h, roomTypeId: _r, status: _s, version: _v, ...plan } = result.plan;
      return { status: result.created ? 201 : 200, body: plan };
    },
  }),
  route({
    operationId: 'listRatePlans',
    method: 'GET',
    path: PLAN_PATH,
    summary: "A room type's rate plans on sale: standard first, then the hotelier's by id",
    group: 'manage',
    access: 'hotelier',
    write: false,
    params: roomTypeParams,
    query: s.noQuery,
    responses: { 200: ratePlanListView },
    errors: ['VALIDATION', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND'],
    async handle({ services, params, hotelierId }) {
      const items = await listRatePlans(services, hotelierId, params.hotelId, params.roomTypeId);
      return { status: 200, body: { items } };
    },
  }),
  route({
    operationId: 'stopRatePlan',
    method: 'DELETE',
    path: `${PLAN_PATH}/{ratePlanId}`,
    summary:
      "Stop selling a rate plan (again: no change; not standard, which is the room type's own); bookings made under it keep their terms",
    group: 'manage',
    access: 'hotelier',
    write: true,
    params: ratePlanParams,
    query: s.noQuery,
    responses: { 204: null },
    errors: WRITE_ERRORS,
    async handle({ services, params, hotelierId }) {
      await stopRatePlan(services, hotelierId, params.hotelId, params.roomTypeId, params.ratePlanId);
      return { status: 204 };
    },
  }),
];
