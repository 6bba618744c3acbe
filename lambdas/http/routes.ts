/**
 * Every route of the contract, declared once: the dispatcher routes and parses
 * with it, the Lambda entries pick their group from it, and the OpenAPI document
 * is generated from it. Each handler calls one domain function.
 */
import type { z } from 'zod';
import {
  availabilityFor,
  bookRooms,
  cancelBookingForGuest,
  type DomainContext,
  getBookingForGuest,
} from '../domain/booking';
import { hotelDetails, searchHotels } from '../domain/catalog';
import { StoreBusy } from '../domain/errors';
import {
  abortHandover,
  atRiskReport,
  type DrainOptions,
  evacuateHotel,
  type HandoverContext,
  handoverStatus,
  runHandover,
} from '../domain/handover';
import {
  createHotel,
  deleteHotel,
  listHotelBookings,
  listMyHotels,
  putRoomType,
  updateHotel,
} from '../domain/hotels';
import type { HotelSearch, RegionForwarder } from '../domain/ports';
import * as s from './schemas';
import { bookingView, handoverView, managedHotelView, publicHotelView, roomTypeView } from './views';

/** Everything a handler may use: the domain context plus the search and forwarding ports. */
export interface App extends DomainContext {
  readonly search: HotelSearch;
  readonly forwarder: RegionForwarder;
  /** False until the region can serve (seeded, index loaded); `/health` reports it. */
  readonly isReady?: () => boolean;
  /** Every region's store, for the operators' handover routes; absent where they are not served. */
  readonly handover?: HandoverContext & { readonly drain?: DrainOptions };
}

function handoverOf(app: App): HandoverContext & { readonly drain?: DrainOptions } {
  if (!app.handover) throw new StoreBusy(60, 'Handovers are not served in this deployment');
  return app.handover;
}

/** How long `/health` waits for the table: well inside a Route 53 health check's 4 s timeout. */
export const HEALTH_STORE_BOUND_MS = 1_000;

/**
 * Who may call a route: anyone, the guest holding a booking's token, an
 * authenticated hotelier, or an operator (a hotelier token in the `admins` group).
 */
export type Access = 'public' | 'guest' | 'hotelier' | 'admin';
export type RouteGroup = 'public' | 'manage' | 'admin';

export interface HandlerInput<P, Q, B> {
  readonly app: App;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** The authenticated hotelier (`sub`), on hotelier routes. */
  readonly hotelierId: string;
  /** The guest's `Authorization: Bearer` token, on guest routes. */
  readonly bearerToken?: string;
  readonly idempotencyKey?: string;
}

export interface HandlerOutput {
  readonly status: number;
  readonly body?: unknown;
}

export interface Route<P = unknown, Q = unknown, B = unknown> {
  readonly operationId: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly summary: string;
  readonly group: RouteGroup;
  readonly access: Access;
  /** A write runs in the hotel's owner region only; its responses carry the region headers. */
  readonly write: boolean;
  readonly params: z.ZodType<P>;
  readonly query: z.ZodType<Q>;
  readonly body?: z.ZodType<B>;
  /** Success statuses and the schema of their bodies (null: no body). */
  readonly responses: Readonly<Record<number, z.ZodType | null>>;
  /** Error codes this route can answer with, besides the ones every route can. */
  readonly errors: readonly string[];
  /** Reads the `Idempotency-Key` header. */
  readonly idempotent?: boolean;
  handle(input: HandlerInput<P, Q, B>): Promise<HandlerOutput>;
}

function route<PS extends z.ZodType, QS extends z.ZodType, BS extends z.ZodType = z.ZodUndefined>(
  spec: Omit<Route<z.output<PS>, z.output<QS>, z.output<BS>>, 'params' | 'query' | 'body'> & {
    params: PS;
    query: QS;
    body?: BS;
  },
): Route {
  return spec as unknown as Route;
}

const hotelParams = s.noQuery.extend({ hotelId: s.resourceIdSchema });
const bookingParams = hotelParams.extend({ bookingId: s.resourceIdSchema });
const roomTypeParams = hotelParams.extend({ roomTypeId: s.roomTypeIdSchema });

export const ROUTES: readonly Route[] = [
  route({
    operationId: 'health',
    method: 'GET',
    path: '/health',
    summary: 'Whether this region can serve',
    group: 'public',
    access: 'public',
    write: false,
    params: s.noQuery,
    query: s.noQuery,
    responses: { 200: s.healthView },
    errors: ['SERVICE_UNAVAILABLE'],
    async handle({ app }) {
      if (app.isReady && !app.isReady()) throw new StoreBusy(2, 'This region is still starting');
      // Latency routing trusts this answer: a region whose table does not answer must not say ok.
      if (!(await app.repo.reachable(HEALTH_STORE_BOUND_MS)))
        throw new StoreBusy(5, 'This region cannot reach its table');
      return { status: 200, body: { status: 'ok', region: app.region } };
    },
  }),
  route({
    operationId: 'searchHotels',
    method: 'GET',
    path: '/v1/hotels/search',
    summary: 'Search hotels by name or city as you type (prefixes and typos match)',
    group: 'public',
    access: 'public',
    write: false,
    params: s.noQuery,
    query: s.searchQuery,
    responses: { 200: s.searchResultView },
    errors: ['VALIDATION'],
    async handle({ app, query }) {
      return { status: 200, body: await searchHotels(app.search, query) };
    },
  }),
  route({
    operationId: 'getHotel',
    method: 'GET',
    path: '/v1/hotels/{hotelId}',
    summary: "A hotel's page: details, attributes and room types",
    group: 'public',
    access: 'public',
    write: false,
    params: hotelParams,
    query: s.noQuery,
    responses: { 200: s.publicHotelView },
    errors: ['NOT_FOUND'],
    async handle({ app, params }) {
      const { hotel, roomTypes } = await hotelDetails(app, params.hotelId);
      return { status: 200, body: publicHotelView(hotel, roomTypes) };
    },
  }),
  route({
    operationId: 'getAvailability',
    method: 'GET',
    path: '/v1/hotels/{hotelId}/availability',
    summary: 'Rooms free on every night of a stay, per room type',
    group: 'public',
    access: 'public',
    write: false,
    params: hotelParams,
    query: s.stayQuery,
    responses: { 200: s.availabilityView },
    errors: ['VALIDATION', 'NOT_FOUND'],
    async handle({ app, params, query }) {
      const roomTypes = await availabilityFor(app, params.hotelId, query.checkIn, query.checkOut);
      return { status: 200, body: { hotelId: params.hotelId, ...query, roomTypes } };
    },
  }),
  route({
    operationId: 'createBooking',
    method: 'POST',
    path: '/v1/hotels/{hotelId}/bookings',
    summary: 'Book rooms of one type for every night of a stay, or nothing',
    group: 'public',
    access: 'public',
    write: true,
    idempotent: true,
    params: hotelParams,
    query: s.noQuery,
    body: s.createBookingBody,
    responses: { 201: s.newBookingView, 200: s.newBookingView },
    errors: [
      'VALIDATION',
      'NOT_FOUND',
      'SOLD_OUT',
      'CONFLICT',
      'IDEMPOTENCY_MISMATCH',
      'OWNER_REGION_UNAVAILABLE',
      'OUTCOME_UNKNOWN',
    ],
    async handle({ app, params, body, idempotencyKey }) {
      const result = await bookRooms(app, { hotelId: params.hotelId, ...body, idempotencyKey });
      return {
        status: result.replayed ? 200 : 201,
        body: { ...bookingView(result.booking), accessToken: result.accessToken },
      };
    },
  }),
  route({
    operationId: 'getBooking',
    method: 'GET',
    path: '/v1/hotels/{hotelId}/bookings/{bookingId}',
    summary: 'A booking, for the guest holding its access token',
    group: 'public',
    access: 'guest',
    write: false,
    params: bookingParams,
    query: s.noQuery,
    responses: { 200: s.bookingView },
    errors: ['UNAUTHORIZED', 'NOT_FOUND'],
    async handle({ app, params, bearerToken }) {
      return {
        status: 200,
        body: bookingView(await getBookingForGuest(app, params.hotelId, params.bookingId, bearerToken)),
      };
    },
  }),
  route({
    operationId: 'cancelBooking',
    method: 'DELETE',
    path: '/v1/hotels/{hotelId}/bookings/{bookingId}',
    summary: 'Cancel a booking; its rooms are free again on every night',
    group: 'public',
    access: 'guest',
    write: true,
    params: bookingParams,
    query: s.noQuery,
    responses: { 200: s.bookingView },
    errors: ['UNAUTHORIZED', 'NOT_FOUND', 'CONFLICT', 'OWNER_REGION_UNAVAILABLE', 'OUTCOME_UNKNOWN'],
    async handle({ app, params, bearerToken }) {
      return {
        status: 200,
        body: bookingView(await cancelBookingForGuest(app, params.hotelId, params.bookingId, bearerToken)),
      };
    },
  }),
  route({
    operationId: 'createHotel',
    method: 'POST',
    path: '/v1/manage/hotels',
    summary: 'Create a hotel; it is owned by managedIn, or by the region of its country',
    group: 'manage',
    access: 'hotelier',
    write: true,
    params: s.noQuery,
    query: s.noQuery,
    idempotent: true,
    body: s.createHotelBody,
    responses: { 201: s.managedHotelView },
    errors: [
      'VALIDATION',
      'UNAUTHORIZED',
      'IDEMPOTENCY_MISMATCH',
      'OWNER_REGION_UNAVAILABLE',
      'OUTCOME_UNKNOWN',
    ],
    async handle({ app, body, hotelierId, idempotencyKey }) {
      // A replay answers as the first create did: 201 with the same hotel.
      return {
        status: 201,
        body: managedHotelView(await createHotel(app, hotelierId, body, idempotencyKey)),
      };
    },
  }),
  route({
    operationId: 'listMyHotels',
    method: 'GET',
    path: '/v1/manage/hotels',
    summary: "The caller's hotels",
    group: 'manage',
    access: 'hotelier',
    write: false,
    params: s.noQuery,
    query: s.noQuery,
    responses: { 200: s.hotelListView },
    errors: ['UNAUTHORIZED'],
    async handle({ app, hotelierId }) {
      return { status: 200, body: { items: (await listMyHotels(app, hotelierId)).map(managedHotelView) } };
    },
  }),
  route({
    operationId: 'updateHotel',
    method: 'PATCH',
    path: '/v1/manage/hotels/{hotelId}',
    summary: "Change a hotel's name, city, description or attributes",
    group: 'manage',
    access: 'hotelier',
    write: true,
    params: hotelParams,
    query: s.noQuery,
    body: s.patchHotelBody,
    responses: { 200: s.managedHotelView },
    errors: [
      'VALIDATION',
      'UNAUTHORIZED',
      'FORBIDDEN',
      'NOT_FOUND',
      'OWNER_REGION_UNAVAILABLE',
      'OUTCOME_UNKNOWN',
    ],
    async handle({ app, params, body, hotelierId }) {
      return {
        status: 200,
        body: managedHotelView(await updateHotel(app, hotelierId, params.hotelId, body)),
      };
    },
  }),
  route({
    operationId: 'deleteHotel',
    method: 'DELETE',
    path: '/v1/manage/hotels/{hotelId}',
    summary: 'Delete a hotel without confirmed bookings for future nights; it leaves search',
    group: 'manage',
    access: 'hotelier',
    write: true,
    params: hotelParams,
    query: s.noQuery,
    responses: { 204: null },
    errors: [
      'UNAUTHORIZED',
      'FORBIDDEN',
      'NOT_FOUND',
      'CONFLICT',
      'OWNER_REGION_UNAVAILABLE',
      'OUTCOME_UNKNOWN',
    ],
    async handle({ app, params, hotelierId }) {
      await deleteHotel(app, hotelierId, params.hotelId);
      return { status: 204 };
    },
  }),
  route({
    operationId: 'putRoomType',
    method: 'PUT',
    path: '/v1/manage/hotels/{hotelId}/room-types/{roomTypeId}',
    summary: 'Create or replace a room type; capacity cannot go below what future nights have booked',
    group: 'manage',
    access: 'hotelier',
    write: true,
    params: roomTypeParams,
    query: s.noQuery,
    body: s.putRoomTypeBody,
    responses: { 201: s.roomTypeView, 200: s.roomTypeView },
    errors: [
      'VALIDATION',
      'UNAUTHORIZED',
      'FORBIDDEN',
      'NOT_FOUND',
      'CONFLICT',
      'OWNER_REGION_UNAVAILABLE',
      'OUTCOME_UNKNOWN',
    ],
    async handle({ app, params, body, hotelierId }) {
      const result = await putRoomType(app, hotelierId, params.hotelId, params.roomTypeId, body);
      return { status: result.created ? 201 : 200, body: roomTypeView(result.roomType) };
    },
  }),
  route({
    operationId: 'listHotelBookings',
    method: 'GET',
    path: '/v1/manage/hotels/{hotelId}/bookings',
    summary: 'Bookings whose stays overlap [from, to)',
    group: 'manage',
    access: 'hotelier',
    write: false,
    params: hotelParams,
    query: s.rangeQuery,
    responses: { 200: s.bookingListView },
    errors: ['VALIDATION', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND'],
    async handle({ app, params, query, hotelierId }) {
      const bookings = await listHotelBookings(app, hotelierId, params.hotelId, query.from, query.to);
      return { status: 200, body: { items: bookings.map(bookingView) } };
    },
  }),
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
    errors: ['VALIDATION', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'SERVICE_UNAVAILABLE'],
    async handle({ app, params, body }) {
      const ctx = handoverOf(app);
      const run = {
        handover: () => runHandover(ctx, params.hotelId, body.toRegion, ctx.drain),
        evacuate: () => evacuateHotel(ctx, params.hotelId, body.toRegion),
        abort: () => abortHandover(ctx, params.hotelId, body.toRegion),
      }[body.action];
      const status = await run();
      // Still fenced: the drain has not finished yet; call again to resume.
      return { status: status.phase === 'FENCED' ? 202 : 200, body: handoverView(status) };
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
    errors: ['VALIDATION', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND'],
    async handle({ app, params, query }) {
      return {
        status: 200,
        body: handoverView(await handoverStatus(handoverOf(app), params.hotelId, query.toRegion)),
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
    errors: ['VALIDATION', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND'],
    async handle({ app, params, query }) {
      return { status: 200, body: await atRiskReport(handoverOf(app), params.hotelId, query.toRegion) };
    },
  }),
];

/** The routes of one Lambda entry. */
export function routesOf(group: RouteGroup): Route[] {
  return ROUTES.filter((r) => r.group === group);
}
