/**
 * The API's response bodies, as the server's zod views define them (lambdas/http/schemas.ts).
 * Type-only imports: the compiler checks the web app against the server's contract, and
 * nothing of the server reaches the bundle.
 */
import type { z } from 'zod';
import type { calendarView } from '../../lambdas/http/calendar-schemas';
import type { putRatePlanBody, ratePlanListView, ratePlanView } from '../../lambdas/http/rate-plan-schemas';
import type {
  availabilityView,
  bookingListView,
  bookingLookupView,
  bookingView,
  errorBody,
  hotelListView,
  managedHotelView,
  moneySchema,
  newBookingView,
  publicHotelView,
  roomTypeView,
  searchResultView,
} from '../../lambdas/http/schemas';

/** An error answer's `error`; the app makes NETWORK and UNKNOWN ones of the same shape itself. */
export type ApiError = z.output<typeof errorBody>['error'];
export type Money = z.output<typeof moneySchema>;
export type RoomType = z.output<typeof roomTypeView>;
/** A hotel's public page: its details and active room types. */
export type PublicHotel = z.output<typeof publicHotelView>;
export type Availability = z.output<typeof availabilityView>;
/** A room type's calendar over a range of nights. */
export type Calendar = z.output<typeof calendarView>;
export type SearchPage = z.output<typeof searchResultView>;
export type Booking = z.output<typeof bookingView>;
/** A booking just made: the booking and its guest access token, shown once. */
export type NewBooking = z.output<typeof newBookingView>;
/** A booking found again by its reference: where it is, and a fresh token. */
export type BookingLookup = z.output<typeof bookingLookupView>;
export type BookingList = z.output<typeof bookingListView>;
/** A hotel as its hotelier sees it, with its status. */
export type ManagedHotel = z.output<typeof managedHotelView>;
export type ManagedHotelList = z.output<typeof hotelListView>;
/** A room type's rate plan as its hotelier manages it (the standard plan has no `updatedAt`). */
export type RatePlan = z.output<typeof ratePlanView>;
export type RatePlanList = z.output<typeof ratePlanListView>;
/** The body that creates or replaces a rate plan. */
export type RatePlanBody = z.input<typeof putRatePlanBody>;
