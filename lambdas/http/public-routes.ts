/** Travellers' routes: search, hotel pages, availability, booking with its access token, and health. */
import { availabilityFor } from '../domain/availability';
import { bookRooms } from '../domain/booking';
import { findBookingByReference } from '../domain/booking-lookup';
import { hotelDetails, searchHotels } from '../domain/catalog';
import { StoreBusy } from '../domain/errors';
import { cancelBookingForGuest, getBookingForGuest } from '../domain/guest-booking';
import { type ModifiedBy, modifyBooking } from '../domain/modify-booking';
import { bookingParams, type HandlerInput, hotelParams, type Route, route } from './route';
import * as s from './schemas';
import { toBookingView, toPublicHotelView } from './views';

/** What booking rooms can answer besides its 201 (or a replay's 200). */
const BOOKING_ERRORS = [
  'VALIDATION',
  'NOT_FOUND',
  'SOLD_OUT',
  'NOT_BOOKABLE',
  'PRICE_CHANGED',
  'CONFLICT',
  'IDEMPOTENCY_MISMATCH',
  'OWNER_REGION_UNAVAILABLE',
  'OUTCOME_UNKNOWN',
];

/** What a change of a booking can answer besides 200: a new booking's refusals, and its token's. */
export const MODIFY_ERRORS = [...BOOKING_ERRORS, 'UNAUTHORIZED'];

/** How long `/health` waits for the table: well inside a Route 53 health check's 4 s timeout. */
export const HEALTH_STORE_BOUND_MS = 1_000;

export const PUBLIC_ROUTES: readonly Route[] = [
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
    async handle({ services }) {
      if (services.isReady && !services.isReady()) throw new StoreBusy(2, 'This region is still starting');
      // Latency routing trusts this answer: a region whose table does not answer must not say ok.
      if (!(await services.hotels.reachable(HEALTH_STORE_BOUND_MS)))
        throw new StoreBusy(5, 'This region cannot reach its table');
      return { status: 200, body: { status: 'ok', region: services.region } };
    },
  }),
  route({
    operationId: 'searchHotels',
    method: 'GET',
    path: '/v1/hotels/search',
    summary:
      'Search hotels by name or city as you type (prefixes and typos match); with dates, only hotels bookable for the stay',
    group: 'public',
    access: 'public',
    write: false,
    params: s.noQuery,
    query: s.searchQuery,
    responses: { 200: s.searchResultView },
    errors: ['VALIDATION'],
    async handle({ services, query }) {
      return { status: 200, body: await searchHotels(services, services.search, query) };
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
    async handle({ services, params }) {
      const { hotel, roomTypes } = await hotelDetails(services, params.hotelId);
      return { status: 200, body: toPublicHotelView(hotel, roomTypes) };
    },
  }),
  route({
    operationId: 'getAvailability',
    method: 'GET',
    path: '/v1/hotels/{hotelId}/availability',
    summary:
      "Rooms free on every night of a stay, per room type, with the stay's total and whether it can be booked",
    group: 'public',
    access: 'public',
    write: false,
    params: hotelParams,
    query: s.stayQuery,
    responses: { 200: s.availabilityView },
    errors: ['VALIDATION', 'NOT_FOUND'],
    async handle({ services, params, query }) {
      const { checkIn, checkOut, ...guests } = query;
      const roomTypes = await availabilityFor(services, params.hotelId, checkIn, checkOut, guests);
      return { status: 200, body: { hotelId: params.hotelId, checkIn, checkOut, roomTypes } };
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
    errors: BOOKING_ERRORS,
    async handle({ services, params, body, idempotencyKey }) {
      const result = await bookRooms(services, { hotelId: params.hotelId, ...body, idempotencyKey });
      return {
        status: result.replayed ? 200 : 201,
        body: { ...toBookingView(result.booking), accessToken: result.accessToken },
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
    async handle({ services, params, bearerToken }) {
      return {
        status: 200,
        body: toBookingView(
          await getBookingForGuest(services, params.hotelId, params.bookingId, bearerToken),
        ),
      };
    },
  }),
  modifyBookingRoute(
    {
      operationId: 'modifyBooking',
      path: '/v1/hotels/{hotelId}/bookings/{bookingId}',
      summary:
        'Change the dates or rooms of a booking: nights given up are freed, nights added taken as a new booking would',
      group: 'public',
      access: 'guest',
      errors: MODIFY_ERRORS,
    },
    ({ bearerToken }) => ({ guest: { accessToken: bearerToken } }),
  ),
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
    async handle({ services, params, bearerToken }) {
      return {
        status: 200,
        body: toBookingView(
          await cancelBookingForGuest(services, params.hotelId, params.bookingId, bearerToken),
        ),
      };
    },
  }),
  route({
    operationId: 'lookupBooking',
    method: 'POST',
    path: '/v1/bookings/lookup',
    summary: "Find a booking again by its reference and the guest's or booker's e-mail: a fresh access token",
    group: 'public',
    access: 'public',
    // Minting a token writes the booking: it runs in the hotel's owner region, forwarded there.
    write: true,
    params: s.noQuery,
    query: s.noQuery,
    body: s.lookupBookingBody,
    responses: { 200: s.bookingLookupView },
    errors: ['VALIDATION', 'NOT_FOUND', 'TOO_MANY_REQUESTS', 'OWNER_REGION_UNAVAILABLE', 'OUTCOME_UNKNOWN'],
    async handle({ services, body, caller, forwarded }) {
      if (!services.guestAccess) throw new Error('guest access is not wired in this function');
      const found = await findBookingByReference(services, services.guestAccess, {
        ...body,
        caller,
        forwarded,
      });
      return { status: 200, body: found };
    },
  }),
];

/**
 * A change of a booking's dates or rooms, under the same rules whoever asks: the guest's route
 * and the front desk's differ only in their path, who may call them, and who `by` names.
 */
export function modifyBookingRoute(
  spec: Pick<Route, 'operationId' | 'path' | 'summary' | 'group' | 'access' | 'errors'>,
  by: (caller: Pick<HandlerInput<unknown, unknown, unknown>, 'bearerToken' | 'hotelierId'>) => ModifiedBy,
): Route {
  return route({
    ...spec,
    method: 'PATCH',
    write: true,
    idempotent: true,
    params: bookingParams,
    query: s.noQuery,
    body: s.modifyBookingBody,
    responses: { 200: s.bookingView },
    async handle(input) {
      const { services, params, body, idempotencyKey } = input;
      const booking = await modifyBooking(
        services,
        by(input),
        params.hotelId,
        params.bookingId,
        body,
        idempotencyKey,
      );
      return { status: 200, body: toBookingView(booking) };
    },
  });
}
