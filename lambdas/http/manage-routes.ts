/** Hoteliers' routes: their hotels, room types, room type calendars and bookings, and the front desk's stay changes. */
import { roomTypeCalendar, setRoomTypeCalendar } from '../domain/calendar';
import {
  createHotel,
  deleteHotel,
  listHotelBookings,
  listMyHotels,
  myHotel,
  updateHotel,
} from '../domain/hotels';
import { putRoomType } from '../domain/room-types';
import { changeStay, type StayAction } from '../domain/stay-lifecycle';
import { calendarQuery, calendarView, putCalendarBody } from './calendar-schemas';
import { MODIFY_ERRORS, modifyBookingRoute } from './public-routes';
import { RATE_PLAN_ROUTES } from './rate-plan-routes';
import { bookingParams, hotelParams, type Route, roomTypeParams, route } from './route';
import * as s from './schemas';
import { toBookingView, toManagedHotelView, toRoomTypeView } from './views';

export const MANAGE_ROUTES: readonly Route[] = [
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
    async handle({ services, body, hotelierId, idempotencyKey }) {
      // A replay answers as the first create did: 201 with the same hotel.
      return {
        status: 201,
        body: toManagedHotelView(await createHotel(services, hotelierId, body, idempotencyKey)),
      };
    },
  }),
  route({
    operationId: 'listMyHotels',
    method: 'GET',
    path: '/v1/manage/hotels',
    summary: "The caller's hotels by name, a page at a time; q narrows them by name or city as search does",
    group: 'manage',
    access: 'hotelier',
    write: false,
    params: s.noQuery,
    query: s.myHotelsQuery,
    responses: { 200: s.hotelListView },
    errors: ['VALIDATION', 'UNAUTHORIZED'],
    async handle({ services, query, hotelierId }) {
      const page = await listMyHotels(services, hotelierId, query, services.search);
      return {
        status: 200,
        body: { items: page.items.map(toManagedHotelView), nextCursor: page.nextCursor },
      };
    },
  }),
  route({
    operationId: 'getMyHotel',
    method: 'GET',
    path: '/v1/manage/hotels/{hotelId}',
    summary: "One of the caller's hotels, for its management page",
    group: 'manage',
    access: 'hotelier',
    write: false,
    params: hotelParams,
    query: s.noQuery,
    responses: { 200: s.managedHotelView },
    errors: ['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND'],
    async handle({ services, params, hotelierId }) {
      return { status: 200, body: toManagedHotelView(await myHotel(services, hotelierId, params.hotelId)) };
    },
  }),
  route({
    operationId: 'updateHotel',
    method: 'PATCH',
    path: '/v1/manage/hotels/{hotelId}',
    summary: "Change a hotel's name, city, street address, description, attributes or clock",
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
    async handle({ services, params, body, hotelierId }) {
      return {
        status: 200,
        body: toManagedHotelView(await updateHotel(services, hotelierId, params.hotelId, body)),
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
    async handle({ services, params, hotelierId }) {
      await deleteHotel(services, hotelierId, params.hotelId);
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
    async handle({ services, params, body, hotelierId }) {
      const result = await putRoomType(services, hotelierId, params.hotelId, params.roomTypeId, body);
      return { status: result.created ? 201 : 200, body: toRoomTypeView(result.roomType) };
    },
  }),
  route({
    operationId: 'putRoomTypeCalendar',
    method: 'PUT',
    path: '/v1/manage/hotels/{hotelId}/room-types/{roomTypeId}/calendar',
    summary:
      'Set price, closed, minimum or maximum stay on every night of [from, to); bookings already made keep their price',
    group: 'manage',
    access: 'hotelier',
    write: true,
    params: roomTypeParams,
    query: s.noQuery,
    body: putCalendarBody,
    responses: { 200: calendarView },
    errors: [
      'VALIDATION',
      'UNAUTHORIZED',
      'FORBIDDEN',
      'NOT_FOUND',
      'CONFLICT',
      'OWNER_REGION_UNAVAILABLE',
      'OUTCOME_UNKNOWN',
    ],
    async handle({ services, params, body, hotelierId }) {
      const items = await setRoomTypeCalendar(services, hotelierId, params.hotelId, params.roomTypeId, body);
      return { status: 200, body: { items } };
    },
  }),
  route({
    operationId: 'getRoomTypeCalendar',
    method: 'GET',
    path: '/v1/manage/hotels/{hotelId}/room-types/{roomTypeId}/calendar',
    summary: "A room type's calendar for [from, to) (at most 366 nights): price, closed, stay limits, booked",
    group: 'manage',
    access: 'hotelier',
    write: false,
    params: roomTypeParams,
    query: calendarQuery,
    responses: { 200: calendarView },
    errors: ['VALIDATION', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND'],
    async handle({ services, params, query, hotelierId }) {
      const items = await roomTypeCalendar(
        services,
        hotelierId,
        params.hotelId,
        params.roomTypeId,
        query.from,
        query.to,
      );
      return { status: 200, body: { items } };
    },
  }),
  ...RATE_PLAN_ROUTES,
  route({
    operationId: 'listHotelBookings',
    method: 'GET',
    path: '/v1/manage/hotels/{hotelId}/bookings',
    summary:
      'Bookings whose stays overlap [from, to), by check-in, a page at a time; status filters by one status, q finds a reference, a name or an e-mail address',
    group: 'manage',
    access: 'hotelier',
    write: false,
    params: hotelParams,
    query: s.hotelBookingsQuery,
    responses: { 200: s.bookingListView },
    errors: ['VALIDATION', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND'],
    async handle({ services, params, query, hotelierId }) {
      const page = await listHotelBookings(
        services,
        hotelierId,
        params.hotelId,
        query,
        services.guestAccess?.store,
      );
      return { status: 200, body: { items: page.items.map(toBookingView), nextCursor: page.nextCursor } };
    },
  }),
  stayRoute(
    'checkInBooking',
    'check-in',
    'Check the guest in: from CONFIRMED, from the day before check-in until check-out',
  ),
  stayRoute(
    'checkOutBooking',
    'check-out',
    'Check the guest out: from CHECKED_IN; leaving before the check-out date frees the nights not yet stayed',
  ),
  stayRoute(
    'markBookingNoShow',
    'no-show',
    'Mark a no-show: from CONFIRMED, on or after the check-in date; frees the nights not yet passed',
  ),
  modifyBookingRoute(
    {
      operationId: 'modifyBookingByHotelier',
      path: '/v1/manage/hotels/{hotelId}/bookings/{bookingId}',
      summary: "Change a booking's dates or rooms (a checked-in stay: only its check-out), as the guest can",
      group: 'manage',
      access: 'hotelier',
      errors: [...MODIFY_ERRORS, 'FORBIDDEN'],
    },
    ({ hotelierId }) => ({ hotelier: { ownerId: hotelierId } }),
  ),
];

/** One front-desk action on a booking: a write, run in the owner region like every other. */
function stayRoute(operationId: string, action: StayAction, summary: string): Route {
  return route({
    operationId,
    method: 'POST',
    path: `/v1/manage/hotels/{hotelId}/bookings/{bookingId}/${action}`,
    summary,
    group: 'manage',
    access: 'hotelier',
    write: true,
    params: bookingParams,
    query: s.noQuery,
    responses: { 200: s.bookingView },
    errors: [
      'UNAUTHORIZED',
      'FORBIDDEN',
      'NOT_FOUND',
      'CONFLICT',
      'OWNER_REGION_UNAVAILABLE',
      'OUTCOME_UNKNOWN',
    ],
    async handle({ services, params, hotelierId }) {
      const booking = await changeStay(services, hotelierId, params.hotelId, params.bookingId, action);
      return { status: 200, body: toBookingView(booking) };
    },
  });
}
