/** Booking rules: a stay's checks, the hotel's clock and room type for a booking, and booking itself. */

import { newReference } from './booking-reference';
import { stayPolicy } from './cancellation-policy';
import { type DomainContext, MAX_STALE_RETRIES } from './context';
import {
  DuplicateBooking,
  HotelMoving,
  IdempotencyMismatch,
  NotBookable,
  NotFound,
  NotFoundHere,
  NotOwnerRegion,
  OutcomeUnknown,
  PriceChanged,
  ReferenceTaken,
  SoldOut,
  StaleCalendar,
  StaleRead,
  StoreBusy,
  ValidationFailed,
} from './errors';
import { clockOf, type HotelClock, hotelLocalTime, todayAnywhere } from './hotel-clock';
import {
  type Booker,
  type Booking,
  effectiveCapacity,
  type Guest,
  hasCalendarSettings,
  type RoomType,
} from './model';
import { type Money, sameMoney } from './money';
import { assertHolds, guestsFor, holds, occupancyOf } from './occupancy';
import { planForSale, quotePlanStay, type RatePlan, STANDARD_RATE_PLAN_ID } from './rate-plans';
import {
  bookingIdFor,
  hashAccessToken,
  newAccessToken,
  newIdempotencyKey,
  requestFingerprint,
} from './secrets';
import { nightsOf, stayProblems } from './stay';

export const MAX_ROOMS_PER_BOOKING = 10;
/** An idempotent replay hands out a fresh token; this bounds how many a booking can collect. */
export const MAX_ACCESS_TOKENS = 20;

export interface BookRoomsRequest {
  readonly hotelId: string;
  readonly roomTypeId: string;
  readonly checkIn: string;
  readonly checkOut: string;
  readonly rooms: number;
  readonly guest: Guest;
  readonly booker?: Booker;
  /** The rate plan to book under; default `standard`. */
  readonly ratePlanId?: string;
  /** Guests per room; default two adults (one where the room holds one) and no children. */
  readonly adults?: number;
  readonly children?: number;
  /** What the caller was shown; a different current total is refused with `PriceChanged`. */
  readonly expectedTotalPrice?: Money;
  readonly idempotencyKey?: string;
}

export interface BookRoomsResult {
  readonly booking: Booking;
  /** Shown once; only its hash is stored. */
  readonly accessToken: string;
  /** True when an earlier request with the same idempotency key had already booked. */
  readonly replayed: boolean;
}

/** Throws `ValidationFailed` naming each bad field of a stay at a hotel whose local date is `today`. */
export function assertValidStay(checkIn: string, checkOut: string, today: string, latestToday = today): void {
  const problems = stayProblems(checkIn, checkOut, today, latestToday);
  if (Object.keys(problems).length) throw new ValidationFailed('The stay is not valid', problems);
}

/**
 * The same check before the hotel (and so its zone) is known: a stay no hotel
 * anywhere could take is refused before any read; the hotel's own today decides after.
 */
export function assertPlausibleStay(checkIn: string, checkOut: string, now: Date): void {
  const today = todayAnywhere(now);
  assertValidStay(checkIn, checkOut, today.earliest, today.latest);
}

/**
 * The hotel's clock, for the booking path: cached beside its room types (a zone
 * changes rarely, and a stale one is off for seconds at most), else read.
 */
export async function hotelClockFor(ctx: DomainContext, hotelId: string): Promise<HotelClock> {
  const cached = ctx.roomTypes?.clockOf(hotelId);
  if (cached) return cached;
  const hotel = await ctx.hotels.getHotel(hotelId);
  if (!hotel) throw new NotFoundHere('No such hotel');
  const clock = clockOf(hotel);
  ctx.roomTypes?.setClock(hotelId, clock);
  return clock;
}

/**
 * A booking's first try in a region that, by its cache, does not own the room type:
 * the refusal that forwards it, without a read. A stale entry cannot let a write
 * through (the owner's transaction checks its own copy); if the owner refuses
 * because a handover moved the hotel here, the refusal's `forgetCached` lets the
 * request run here again on a fresh read (see dispatch).
 */
function ownedElsewhereByCache(
  ctx: DomainContext,
  hotelId: string,
  roomTypeId: string,
): NotOwnerRegion | undefined {
  const cached = ctx.roomTypes?.get(hotelId, roomTypeId);
  if (cached?.status !== 'ACTIVE' || cached.handover || cached.managedIn === ctx.region) return undefined;
  return new NotOwnerRegion(cached.managedIn, () => ctx.roomTypes?.forget(hotelId, roomTypeId));
}

/** The room type, if it can take bookings in this region now; else why not (404, forward, moving). */
export async function activeRoomType(
  ctx: DomainContext,
  hotelId: string,
  roomTypeId: string,
  fresh = true,
): Promise<RoomType> {
  const cached = fresh ? undefined : ctx.roomTypes?.get(hotelId, roomTypeId);
  if (cached?.status === 'ACTIVE' && cached.managedIn === ctx.region && !cached.handover) return cached;
  const roomType = await ctx.hotels.getRoomType(hotelId, roomTypeId, { consistent: true });
  if (roomType) ctx.roomTypes?.set(roomType);
  if (!roomType) {
    // Only the owner region can say a room type does not exist; elsewhere it may not have replicated yet.
    const hotel = await ctx.hotels.getHotel(hotelId, { consistent: true });
    if (!hotel) throw new NotFoundHere('No such hotel');
    if (hotel.managedIn !== ctx.region) throw new NotOwnerRegion(hotel.managedIn);
    throw new NotFound('No such room type at this hotel');
  }
  if (roomType.status !== 'ACTIVE') throw new NotFound('No such room type at this hotel');
  if (roomType.managedIn !== ctx.region) throw new NotOwnerRegion(roomType.managedIn);
  if (roomType.handover) throw new HotelMoving();
  return roomType;
}

/**
 * Books `rooms` rooms of one type for every night of the stay, or nothing.
 * The booking id is derived from the idempotency key, so a replay finds the
 * first booking instead of taking rooms again. A request without a key runs
 * under one made here: when the database's answer is lost, the `OutcomeUnknown`
 * names it, and the same request again under that key books at most once.
 */
export async function bookRooms(ctx: DomainContext, request: BookRoomsRequest): Promise<BookRoomsResult> {
  const key = request.idempotencyKey ?? newIdempotencyKey();
  try {
    return await bookUnderKey(ctx, request, key);
  } catch (error) {
    if (error instanceof OutcomeUnknown && error.idempotencyKey === undefined)
      throw new OutcomeUnknown(error.message, key, error.retryAfterSeconds);
    throw error;
  }
}

async function bookUnderKey(ctx: DomainContext, request: BookRoomsRequest, key: string) {
  const bookingId = bookingIdFor(request.hotelId, key);
  // expectedTotalPrice is part of the request: the same key with another expected total is a mismatch.
  const { idempotencyKey: _key, ...fingerprinted } = request;
  const requestHash = requestFingerprint(fingerprinted);
  const callersKey = request.idempotencyKey !== undefined;
  try {
    return await bookAsNew(ctx, request, bookingId, requestHash);
  } catch (error) {
    // Optimistic: a caller's key is first tried as new (one call when it is, as nearly every one is),
    // and the earlier booking is read only after a refusal. Any refusal, because a replay must find
    // its booking even after its check-in date has passed, its rooms sold out or its hotel closed.
    // Not when another region owns the hotel: there the owner decides, replay included. A key made
    // here has no earlier request, only this one's own attempt whose answer went missing.
    const mayBeReplay =
      error instanceof DuplicateBooking ||
      error instanceof OutcomeUnknown ||
      (callersKey && !(error instanceof NotOwnerRegion) && !(error instanceof NotFoundHere));
    if (!mayBeReplay) throw error;
    const earlier = await ctx.bookings
      .getBooking(request.hotelId, bookingId, { consistent: true })
      .catch(() => undefined);
    if (!earlier) throw error;
    // Found after a lost answer, a replay the store cannot complete leaves the caller where the lost
    // answer did: told only that it may exist, with the key that finds it. Refusals stay refusals.
    const unsure = (e: unknown) => e instanceof StoreBusy || e instanceof OutcomeUnknown;
    const found = await replay(ctx, earlier, requestHash).catch((e: unknown) =>
      Promise.reject(error instanceof OutcomeUnknown && unsure(e) ? error : e),
    );
    // Without the caller's key, what was found is this request's own booking, made now.
    return callersKey ? found : { ...found, replayed: false };
  }
}

/** One booking, assuming no earlier one under its id (the transaction refuses a duplicate). */
async function bookAsNew(
  ctx: DomainContext,
  request: BookRoomsRequest,
  bookingId: string,
  requestHash: string,
): Promise<BookRoomsResult> {
  assertPlausibleStay(request.checkIn, request.checkOut, ctx.now());
  if (!Number.isInteger(request.rooms) || request.rooms < 1 || request.rooms > MAX_ROOMS_PER_BOOKING)
    throw new ValidationFailed('The request is not valid', { rooms: `must be 1..${MAX_ROOMS_PER_BOOKING}` });

  const nights = nightsOf(request.checkIn, request.checkOut);
  const ratePlanId = request.ratePlanId ?? STANDARD_RATE_PLAN_ID;
  for (let attempt = 0; attempt < MAX_STALE_RETRIES; attempt++) {
    // Owned elsewhere, by the cache: forwarded with no read here (the owner's guard decides).
    const elsewhere =
      attempt === 0 ? ownedElsewhereByCache(ctx, request.hotelId, request.roomTypeId) : undefined;
    if (elsewhere) throw elsewhere;
    // The first try may use a cached room type (the transaction checks its version); retries read fresh.
    // With the room type cached, the first try also assumes the nights carry no calendar settings
    // rather than read them: the transaction checks every night's price, closing and the arrival's
    // limits, so a wrong assumption costs a retry that reads them, and the common case no round trip.
    const assumeNoSettings =
      attempt === 0 && ctx.roomTypes?.mayAssumeNoCalendar(request.hotelId, request.roomTypeId) === true;
    const [clock, roomType, calendar, ratePlan] = await Promise.all([
      hotelClockFor(ctx, request.hotelId),
      activeRoomType(ctx, request.hotelId, request.roomTypeId, attempt > 0),
      assumeNoSettings
        ? Promise.resolve([])
        : ctx.bookings.calendarNights(
            request.hotelId,
            request.roomTypeId,
            request.checkIn,
            request.checkOut,
            {
              consistent: true,
            },
          ),
      readRatePlan(ctx, request.hotelId, request.roomTypeId, ratePlanId),
    ]);
    // Nights that are only booked are what the first try assumes; only settings make later tries read.
    if (calendar.some(hasCalendarSettings)) ctx.roomTypes?.noteCalendar(request.hotelId, request.roomTypeId);
    // "Today" is the hotel's: its local date now.
    const today = hotelLocalTime(clock, ctx.now()).date;
    assertValidStay(request.checkIn, request.checkOut, today);
    const occupancy = occupancyOf(roomType);
    const guests = guestsFor(occupancy, request);
    if (!holds(occupancy, guests) && attempt === 0 && ctx.roomTypes) {
      // A cached room type may hold fewer guests than it now does: only a fresh read may refuse.
      ctx.roomTypes.forget(request.hotelId, request.roomTypeId);
      continue;
    }
    assertHolds(roomType, occupancy, guests);
    const terms = planForSale(ratePlanId, ratePlan, request.checkIn, today);
    const capacity = effectiveCapacity(roomType);
    if (request.rooms > capacity) {
      // A cached capacity may be stale-low: only a fresh read may say sold out without asking the store.
      if (attempt === 0 && ctx.roomTypes) {
        ctx.roomTypes.forget(request.hotelId, request.roomTypeId);
        continue;
      }
      throw new SoldOut(nights);
    }
    // The transaction re-checks every night's price, closing and the arrival's limits against this quote.
    const quote = quotePlanStay(
      roomType,
      terms,
      request.checkIn,
      request.checkOut,
      calendar,
      request.rooms,
      guests,
    );
    // An assumed calendar never refuses on its own: read the real one first.
    const refusal = !quote.bookable
      ? new NotBookable(quote.reasons)
      : request.expectedTotalPrice && !sameMoney(request.expectedTotalPrice, quote.total)
        ? new PriceChanged(quote.total)
        : undefined;
    if (refusal && assumeNoSettings) continue;
    if (refusal) throw refusal;
    const accessToken = newAccessToken();
    const createdAt = ctx.now().toISOString();
    const nightPrices = quote.nights.map(({ night, price }) => ({ night, price }));
    const currency = roomType.pricePerNight.currency;
    const booking: Booking = {
      bookingId,
      reference: newReference(ctx.region),
      hotelId: request.hotelId,
      roomTypeId: request.roomTypeId,
      checkIn: request.checkIn,
      checkOut: request.checkOut,
      rooms: request.rooms,
      status: 'CONFIRMED',
      guest: storedGuest(request.guest),
      ...(request.booker ? { booker: request.booker } : {}),
      totalPrice: quote.total,
      nightPrices,
      // A copy of the plan's terms and what they come to: a later change to the plan changes nothing here.
      ratePlan: terms,
      ...guests,
      ...stayPolicy(terms, clock, request.checkIn, nightPrices, request.rooms, currency),
      createdAt,
      managedIn: ctx.region,
      requestHash,
      accessTokenHashes: [hashAccessToken(accessToken)],
      version: 1,
    };
    try {
      const overrides = Object.fromEntries(
        quote.nights.filter((n) => n.calendar.override).map((n) => [n.night, n.calendar.price]),
      );
      await ctx.bookings.createBooking(booking, {
        nights,
        capacity,
        roomTypeVersion: roomType.version,
        overrides,
        ...(terms.version > 0 ? { ratePlan: { ratePlanId, version: terms.version } } : {}),
      });
      return { booking, accessToken, replayed: false };
    } catch (error) {
      if (error instanceof StaleCalendar) {
        // The room type is as cached; its nights are not as assumed: read them from now on.
        ctx.roomTypes?.noteCalendar(request.hotelId, request.roomTypeId);
        continue;
      }
      if (error instanceof StaleRead) {
        ctx.roomTypes?.forget(request.hotelId, request.roomTypeId);
        continue;
      }
      // Rare (about 1 in 40,000 with ten million bookings in the region): draw another reference.
      if (error instanceof ReferenceTaken) continue;
      throw error;
    }
  }
  throw new StoreBusy();
}

/** The hotelier's plan to book under, read from the leader copy; none for `standard`, which has no item. */
function readRatePlan(
  ctx: DomainContext,
  hotelId: string,
  roomTypeId: string,
  ratePlanId: string,
): Promise<RatePlan | undefined> {
  if (ratePlanId === STANDARD_RATE_PLAN_ID) return Promise.resolve(undefined);
  return ctx.hotels.getRatePlan(hotelId, roomTypeId, ratePlanId, { consistent: true });
}

/** The guest as stored: blank requests are no requests. */
function storedGuest(guest: Guest): Guest {
  const { requests, ...rest } = guest;
  return requests ? { ...rest, requests } : rest;
}

/** The answer to a repeated idempotency key: the same booking and a fresh token, or a mismatch. */
async function replay(ctx: DomainContext, earlier: Booking, requestHash: string): Promise<BookRoomsResult> {
  if (earlier.requestHash !== requestHash) throw new IdempotencyMismatch();
  // Whether this region may write the booking is the room type's to say (a handover moves it).
  const accessToken = newAccessToken();
  const tokenHash = hashAccessToken(accessToken);
  await ctx.bookings.addAccessTokenHash(earlier, tokenHash, MAX_ACCESS_TOKENS);
  return {
    booking: { ...earlier, accessTokenHashes: [...earlier.accessTokenHashes, tokenHash] },
    accessToken,
    replayed: true,
  };
}
