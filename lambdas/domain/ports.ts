/** Ports: what the domain needs from the outside world. Adapters implement them. */

import type {
  Attributes,
  Booking,
  BookingStatus,
  CalendarNight,
  HandoverFence,
  HandoverRecord,
  Hotel,
  NightCount,
  RoomType,
  StoredItem,
} from './model';
import type { Money } from './money';
import type { RateSummary } from './rates';
import type { SearchFilters } from './search-filters';

/** One page of a list: at most `limit` items, after the position `cursor` names. */
export interface PageRequest {
  readonly limit: number;
  /** The opaque `nextCursor` of the previous page. */
  readonly cursor?: string;
}

/** A page of a list; `nextCursor` is null on the last page. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export interface ReadOptions {
  /** Read from the leader copy; needed before a conditional write. */
  readonly consistent?: boolean;
}

/** Fields a hotelier may change on a hotel. */
export interface HotelChanges {
  readonly name?: string;
  readonly city?: string;
  readonly description?: string;
  readonly attributes?: Attributes;
  readonly timeZone?: string;
  readonly checkInTime?: string;
  readonly checkOutTime?: string;
}

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
}

/** A hotel's new rate summary, written only if the hotel is still at the version it was computed from. */
export interface RatesWrite {
  readonly summary: RateSummary;
  readonly hotelVersion: number;
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

/**
 * The hotels and their room types. Every write is conditional and runs in the
 * hotel's owner region; a failed condition surfaces as a domain error
 * (`Conflict`, `NotFound`, `NotOwnerRegion`, `HotelMoving`, `StaleRead`), never as
 * a storage error.
 */
export interface HotelStore {
  /** True when the store answers a read within `timeoutMs`: what `/health` reports. */
  reachable(timeoutMs: number): Promise<boolean>;
  getHotel(hotelId: string, options?: ReadOptions): Promise<Hotel | undefined>;
  /** A hotelier's hotels, by name, a page at a time (one bounded query per page). */
  pageHotelsByOwner(ownerId: string, page: PageRequest): Promise<Page<Hotel>>;
  /**
   * A hotelier's hotels whose name sorts as `name` does (case and accents folded),
   * from the owner index (eventually consistent), at most `limit` of them in one read:
   * what recognises a retried create.
   */
  hotelsNamed(ownerId: string, name: string, limit: number): Promise<Hotel[]>;
  /** The hotels with these ids that exist in this region's copy (at most 100 ids). */
  getHotels(hotelIds: readonly string[]): Promise<Hotel[]>;
  /** Creates the hotel; fails if the id is taken. */
  createHotel(hotel: Hotel): Promise<void>;
  /** Applies changes to an ACTIVE hotel owned by this region. */
  updateHotel(hotelId: string, changes: HotelChanges, updatedAt: string): Promise<Hotel>;
  /** Marks the hotel CLOSING and its room types CLOSED, so no new booking can commit. */
  closeHotelForDeletion(hotel: Hotel, roomTypes: readonly RoomType[]): Promise<void>;
  /** Undoes `closeHotelForDeletion` when the deletion is refused. */
  reopenHotel(hotel: Hotel, roomTypes: readonly RoomType[]): Promise<void>;
  /** Deletes a CLOSING hotel and its room types; bookings and night counters stay as history. */
  deleteClosedHotel(hotelId: string, roomTypes: readonly RoomType[]): Promise<void>;

  getRoomType(hotelId: string, roomTypeId: string, options?: ReadOptions): Promise<RoomType | undefined>;
  listRoomTypes(hotelId: string, options?: ReadOptions): Promise<RoomType[]>;
  /**
   * Creates a room type under an ACTIVE hotel owned by this region, within the per-hotel limit,
   * with the hotel's new rate summary in the same transaction.
   */
  createRoomType(roomType: RoomType, maxRoomTypes: number, rates: RatesWrite): Promise<void>;
  /**
   * Replaces name, capacity and price if the room type is still at `expectedVersion`; clears any
   * capacity hold; writes the hotel's new rate summary in the same transaction.
   */
  replaceRoomType(roomType: RoomType, expectedVersion: number, rates: RatesWrite): Promise<RoomType>;
  /** Lowers the hotel's price floor to `price` if it is above it; otherwise does nothing. */
  lowerPriceFloor(hotelId: string, price: Money): Promise<void>;
  /** Starts a capacity reduction: bookings from now on respect `pendingTotalRooms`. */
  holdCapacity(
    hotelId: string,
    roomTypeId: string,
    pendingTotalRooms: number,
    expectedVersion: number,
  ): Promise<RoomType>;
  /** Abandons a capacity reduction started at `expectedVersion`. */
  releaseCapacityHold(hotelId: string, roomTypeId: string, expectedVersion: number): Promise<void>;
}

/**
 * Bookings and the night items they hold: the counters of booked rooms and the
 * calendar settings (price, closed, stay limits) that a booking commits against.
 * A booking's writes are guarded by its room type's owner region; failed
 * conditions surface as `SoldOut`, `DuplicateBooking`, `Conflict` or `StaleRead`
 * (a room type or a night's calendar changed since it was read).
 */
/** One status change of a booking, as its transaction writes it. */
export interface StatusChange {
  readonly from: BookingStatus;
  readonly to: BookingStatus;
  /** When it happened (ISO 8601). */
  readonly at: string;
  /** What the change records on the booking besides its status. */
  readonly fields: Partial<
    Pick<Booking, 'cancelledAt' | 'checkedInAt' | 'checkedOutAt' | 'noShowAt' | 'releasedFrom'>
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
    filter: { readonly from: string; readonly to: string; readonly status?: string },
    page: PageRequest,
  ): Promise<Page<Booking>>;
}

/**
 * What a handover writes and compares in one region. The fence is written in the
 * owner region; the switch, or the abort, in the target region, where the
 * handover's record key lets only one of them happen.
 */
export interface HandoverStore {
  /** Fences an ACTIVE hotel owned here, and its room types, in one transaction. */
  fenceHotel(hotel: Hotel, roomTypes: readonly RoomType[], fence: HandoverFence): Promise<void>;
  /** Lifts the fence of `handoverId` from the hotel and its room types (an abort). */
  liftFence(hotel: Hotel, roomTypes: readonly RoomType[], handoverId: string): Promise<void>;
  /**
   * Makes this region the owner: the hotel and its room types in one transaction
   * with the record, conditioned on this copy still naming `record.from` as owner
   * (and, unless forced, carrying the fence of `record.handoverId`).
   */
  switchOwner(hotel: Hotel, roomTypes: readonly RoomType[], record: HandoverRecord): Promise<void>;
  /** Writes an ABORTED record; fails with `Conflict` if the handover already has a record. */
  recordAbort(record: HandoverRecord): Promise<void>;
  getHandoverRecord(hotelId: string, handoverId: string): Promise<HandoverRecord | undefined>;
  listHandoverRecords(hotelId: string): Promise<HandoverRecord[]>;
  /** Every item of the hotel's partition in this region's copy (strongly consistent). */
  partitionItems(hotelId: string): Promise<StoredItem[]>;
  /**
   * The items of the hotel that can still change: the hotel, its room types, the
   * night items in `[fromNight, toNight)` and the bookings whose stay ends after
   * `fromNight`. What a drain compares, so its cost grows neither with the hotel's
   * history nor with nights written past the last bookable one.
   */
  liveItems(hotelId: string, fromNight: string, toNight: string): Promise<StoredItem[]>;
  /** Writes a fresh replication probe in this region; returns its nonce. */
  writeProbe(): Promise<string>;
  /** The nonce of `source`'s probe as this region's copy holds it. */
  readProbe(source: string): Promise<string | undefined>;
}

/**
 * What the domain tells operators about states it could not leave on its own.
 * In AWS each becomes a metric with an alarm on it; locally, a log line.
 */
export interface OperationalSignals {
  /**
   * A capacity cut failed and giving its hold back failed too, after retries:
   * bookings see the lower capacity until the hotelier repeats the change.
   */
  capacityHoldStuck(stuck: {
    readonly hotelId: string;
    readonly roomTypeId: string;
    readonly pendingTotalRooms: number;
    readonly error: unknown;
  }): void;
}

/**
 * Seals what a cursor carries so that only this deployment can make one (an HMAC
 * under its cursor key), and fingerprints what a cursor is bound to.
 */
export interface CursorSeal {
  /** `value` (JSON) as an opaque cursor. */
  seal(value: unknown): string;
  /** What a cursor sealed here holds; undefined when it was forged, altered or is malformed. */
  open(cursor: string): unknown;
  /** A short hash of `value`'s canonical JSON (keys sorted): what a cursor is bound to, inside its seal. */
  fingerprint(value: unknown): string;
}

/** One region's stores, one per aggregate. */
export interface RegionStores {
  readonly hotels: HotelStore;
  readonly bookings: BookingStore;
  readonly handovers: HandoverStore;
}

/** What the search index holds for a hotel, and what a search result shows. */
export interface HotelSummary {
  readonly hotelId: string;
  readonly name: string;
  readonly city: string;
  readonly country: string;
  readonly managedIn: string;
}

/** What the index holds for a hotel: its summary, its rates and, for the hotelier's own list, who owns it (never shown). */
export interface IndexedHotel extends HotelSummary {
  readonly ownerId?: string;
  /** The hotel's attributes; the index reads `stars` off them (the `minStars` filter). */
  readonly attributes?: Attributes;
  /** Absent for a hotel stored before rate summaries existed: its rooms and prices are unknown. */
  readonly rates?: RateSummary;
}

/** A search of the engine: its words, its filters (see `SearchFilters`), its order and its page. */
export interface SearchQuery extends SearchFilters {
  /** What the traveller typed so far; may be empty when `city` is given. */
  readonly q?: string;
  readonly limit: number;
  /** The opaque `nextCursor` of the previous page. */
  readonly cursor?: string;
  /**
   * `relevance` (default); `fromPrice`: by the lowest base price; `priceFloor`: by the
   * hotel's price floor (a lower bound of any stay's price). Prices sort currency first, then amount.
   */
  readonly order?: 'relevance' | 'fromPrice' | 'priceFloor';
}

/** One hit of the search engine: the hotel, its rates, and the cursor that continues right after it. */
export interface SearchHit extends HotelSummary {
  readonly rates?: RateSummary;
  readonly after: string;
}

export interface SearchPage {
  readonly items: SearchHit[];
  readonly nextCursor: string | null;
}

/**
 * Search-as-you-type over hotel names and cities. Adapters: OpenSearch in AWS,
 * an embedded engine locally. A cursor that was not issued by the adapter is a
 * `ValidationFailed`, never a crash.
 */
export interface HotelSearch {
  search(query: SearchQuery): Promise<SearchPage>;
  /** Adds or replaces a hotel in the index; results show only its summary. */
  index(hotel: IndexedHotel): Promise<void>;
  /** Removes a hotel from the index; removing an absent hotel is fine. */
  remove(hotelId: string): Promise<void>;
}

/** One change to a search index: a hotel added or replaced, or removed. */
export type SearchIndexChange =
  | { readonly op: 'index'; readonly hotel: IndexedHotel }
  | { readonly op: 'remove'; readonly hotelId: string };

/**
 * What feeds a search index from the table's stream (the OSIS pipeline in AWS, the stream
 * stand-in locally); both engines implement it. Changes apply in order, and are searchable
 * once `write` resolves.
 */
export interface SearchIndexWriter {
  write(changes: readonly SearchIndexChange[]): Promise<void>;
}

/** A write request as it crosses to the owner region: enough to replay it there, nothing more. */
export interface ForwardedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Only the headers the owner needs: content type, idempotency key, the guest's bearer token. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** The hotelier, already authenticated by the receiving region. */
  readonly hotelierId?: string;
  /** The region that received the request from the caller. */
  readonly servedRegion: string;
}

/**
 * A forwarded request as it travels: with the instant (epoch ms) after which the
 * sender no longer waits for the answer. The owner refuses to start work it cannot
 * finish by then, so a request that arrives late is never run.
 */
export interface ForwardEnvelope extends ForwardedRequest {
  readonly deadline: number;
}

export interface ForwardedResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Carries a write to the region that owns the hotel, over an authenticated
 * internal channel, and brings back the owner's answer. Throws
 * `OwnerRegionUnavailable` only when the owner certainly did not run the request
 * (it could not be reached, or refused it), and `OutcomeUnknown` when it may have
 * run but its answer did not come back within the bound.
 */
export interface RegionForwarder {
  forwardToOwnerRegion(owner: string, request: ForwardedRequest): Promise<ForwardedResponse>;
}

/**
 * Checks a hotelier's token as the API's JWT authorizer does (signature, algorithm, issuer,
 * audience, expiry). The owner region runs it again on a forwarded hotelier write, so that the
 * region that forwarded it cannot name a hotelier it holds no valid token of.
 */
export interface HotelierTokenVerifier {
  /** The claims of the bearer token in `authorization`; `Unauthorized` when it is missing or not valid. */
  claimsOf(authorization: string | undefined): Promise<Record<string, unknown>>;
}

/** A booking's reference as either region reads it: where the booking is, and who may find it. */
export interface BookingReference {
  readonly reference: string;
  readonly hotelId: string;
  readonly bookingId: string;
  readonly roomTypeId: string;
  /** `emailFingerprint`s of the addresses that may find the booking (the guest's, the booker's). */
  readonly emailFingerprints: readonly string[];
}

/**
 * What finding a booking again needs from the store: the reference map (this
 * region's copy) and a write of the booking's token hashes, guarded by the
 * booking's version and owner region (`StaleRead` when it changed since read).
 */
export interface GuestAccessStore {
  getReference(reference: string): Promise<BookingReference | undefined>;
  replaceAccessTokenHashes(booking: Booking, hashes: readonly string[]): Promise<Booking>;
}

/**
 * Counts attempts in fixed windows, in the region that receives them (never
 * replicated). `hit` adds one to `key`'s window and returns the window's count.
 */
export interface AttemptCounter {
  hit(key: string, window: { readonly startMs: number; readonly endMs: number }): Promise<number>;
}
