/** Ports: the store of bookings and the night items they hold. */

import type { BookingQuery } from './booking-query';
import type { Booking, BookingStatus, CalendarNight, NightCount, RoomType } from './model';
import type { Money } from './money';
import type { Page, PageRequest, ReadOptions } from './page-ports';

/** What a booking transaction must re-check at commit time. */
export interface Reservation {
  readonly nights: readonly string[];
  /** Capacity the night counters may not exceed. */
  readonly capacity: number;
  /** The room type version the capacity and price were read at. */
  readonly roomTypeVersion: number;
  /**
   * The calendar price overrides the quote used, by night. Every other night of
   * the stay must still have none: a night's price at commit is the quoted one.
   */
  readonly overrides?: Readonly<Record<string, Money>>;
  /** The hotelier's rate plan the price was quoted under, at its version: it must still be so at commit. */
  readonly ratePlan?: { readonly ratePlanId: string; readonly version: number };
}

/** The key of one night of one room type. */
export interface NightKey {
  readonly hotelId: string;
  readonly roomTypeId: string;
  readonly night: string;
}

/**
 * Calendar settings for a range of nights; a setting left out is kept, `null`
 * clears it (the room type's price, no stay limit).
 */
export interface CalendarSettings {
  readonly pricePerNight?: Money | null;
  readonly closed?: boolean;
  readonly minStay?: number | null;
  readonly maxStay?: number | null;
}

/** One status change of a booking, as its transaction writes it. */
export interface StatusChange {
  readonly from: BookingStatus;
  readonly to: BookingStatus;
  /** When it happened (ISO 8601). */
  readonly at: string;
  /** What the change records on the booking besides its status. */
  readonly fields: Partial<
    Pick<
      Booking,
      | 'cancelledAt'
      | 'checkedInAt'
      | 'checkedOutAt'
      | 'noShowAt'
      | 'releasedFrom'
      | 'cancellationFee'
      | 'noShowFee'
    >
  >;
  /** Nights whose counters give back the booking's rooms. */
  readonly release: readonly string[];
}

/** One night's counter change in a booking's modification. */
export interface NightChange {
  readonly night: string;
  /** Rooms taken (positive) or given back (negative); zero only to check the night. */
  readonly delta: number;
  /** A night the stay takes anew: checked like a new booking's (open, its price the quoted one). */
  readonly added: boolean;
  /** The quoted calendar price, when the calendar overrides the room type's on this night. */
  readonly override?: Money;
  /** Set on the new arrival night when it must admit the stay's length (its min and max stay). */
  readonly stayLength?: number;
}

/** A booking's new dates or rooms, as one conditional transaction writes them. */
export interface StayModification {
  /** The booking as read; the write requires its status and version unchanged. */
  readonly before: Booking;
  /** The booking as it will stand. */
  readonly after: Booking;
  /** The room type's version the quote was made from, and its capacity. */
  readonly roomTypeVersion: number;
  readonly capacity: number;
  /** Every night whose counter changes or must be checked. */
  readonly nights: readonly NightChange[];
}

/**
 * Bookings and the night items they hold: the counters of booked rooms and the
 * calendar settings (price, closed, stay limits) that a booking commits against.
 * A booking's writes are guarded by its room type's owner region; failed
 * conditions surface as `SoldOut`, `DuplicateBooking`, `Conflict` or `StaleRead`
 * (a room type or a night's calendar changed since it was read).
 */
export interface BookingStore {
  /** Night counters of a room type in `[fromNight, toNight)`; always bounded, so junk far ahead costs nothing. */
  bookedNights(
    hotelId: string,
    roomTypeId: string,
    fromNight: string,
    toNight: string,
    options?: ReadOptions,
  ): Promise<NightCount[]>;
  /** Calendar nights of a room type in `[fromNight, toNight)` that have an item (bookings or settings). */
  calendarNights(
    hotelId: string,
    roomTypeId: string,
    fromNight: string,
    toNight: string,
    options?: ReadOptions,
  ): Promise<CalendarNight[]>;
  /**
   * Applies `settings` to every night in `nights` (at most 366), never touching
   * `booked`; each chunk is guarded by the room type being writable here.
   * Each night is independent, so repeating it is harmless. A failure after
   * some nights were written is a `PartlyWritten` counting them (from the start).
   */
  setCalendar(roomType: RoomType, nights: readonly string[], settings: CalendarSettings): Promise<void>;
  /**
   * The room types and night items that exist among these keys, from this region's copy
   * (eventually consistent), read in batches of 100 keys in parallel: what search checks.
   */
  readStayItems(
    roomTypes: readonly { readonly hotelId: string; readonly roomTypeId: string }[],
    nights: readonly NightKey[],
  ): Promise<{
    roomTypes: RoomType[];
    nights: Array<CalendarNight & { readonly hotelId: string }>;
    reads: number;
  }>;
  getBooking(hotelId: string, bookingId: string, options?: ReadOptions): Promise<Booking | undefined>;
  /** Takes the rooms on every night and records the booking, in one transaction, or nothing. */
  createBooking(booking: Booking, reservation: Reservation): Promise<void>;
  /**
   * Moves a booking from `change.from` to `change.to`, sets `change.fields` and gives
   * back `change.release` nights, in one transaction guarded by the status and the
   * owner region; `StaleRead` when the status is no longer `change.from`.
   */
  changeBookingStatus(booking: Booking, change: StatusChange): Promise<Booking>;
  /**
   * Writes a booking's new stay in one transaction: the room type unchanged and
   * writable here, the booking still at `before`'s status and version, nights given up
   * released, nights taken checked like a new booking's. `SoldOut`, `StaleCalendar`,
   * `StaleRead` (the booking or room type changed), and nothing written, on refusal.
   */
  modifyBooking(change: StayModification): Promise<Booking>;
  /** Adds one more access token hash to a booking (an idempotent replay hands out a fresh token). */
  addAccessTokenHash(booking: Booking, tokenHash: string, maxTokens: number): Promise<void>;
  /**
   * Bookings whose stay overlaps `[from, to)` (and have `status`, when given), by
   * check-in, a page at a time; each page reads a bounded number of items.
   */
  pageBookingsOverlapping(
    hotelId: string,
    filter: {
      readonly from: string;
      readonly to: string;
      readonly status?: string;
      /** Only the bookings it matches; a page still reads no more items than without it. */
      readonly query?: BookingQuery;
    },
    page: PageRequest,
  ): Promise<Page<Booking>>;
}
