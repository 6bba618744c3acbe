/** Hotelier rules for hotels: create, list, change and delete a hotelier's own hotels, and list their bookings (room types: room-types.ts). */
import { bookingNamedBy, bookingQuery } from './booking-query';
import type { DomainContext } from './context';
import {
  Conflict,
  DomainError,
  Forbidden,
  HotelMoving,
  IdempotencyMismatch,
  NotFound,
  NotFoundHere,
  NotOwnerRegion,
  StaleRead,
  ValidationFailed,
} from './errors';
import type { GuestAccessStore } from './guest-access-ports';
import { clockOf, hotelLocalTime } from './hotel-clock';
import type { Attributes, BOOKING_STATUSES, Booking, Hotel, NightCount, RoomType } from './model';
import type { HotelChanges, HotelSearch, Page, PageRequest } from './ports';
import { EMPTY_RATES } from './rates';
import { defaultRegionForCountry, type Region } from './regions';
import { hotelIdFor, requestFingerprint } from './secrets';
import { addDays, futureNightsEnd, isCalendarDate } from './stay';
import { fold } from './text-fold';

export interface NewHotel {
  readonly name: string;
  readonly city: string;
  readonly country: string;
  /** One line of street address; none when absent. */
  readonly address?: string;
  readonly description?: string;
  readonly attributes?: Attributes;
  readonly managedIn?: Region;
  /** IANA zone; the country's default (time-zones.ts) when absent. */
  readonly timeZone?: string;
  readonly checkInTime?: string;
  readonly checkOutTime?: string;
}

/** The region that will own a new hotel: the one asked for, or the contract's default for its country. */
export function ownerRegionFor(input: Pick<NewHotel, 'country' | 'managedIn'>): Region {
  return input.managedIn ?? defaultRegionForCountry(input.country);
}

/** The hotel an earlier create with the same key made, or a mismatch if the key was used for another request. */
function replayedCreate(earlier: Hotel, ownerId: string, requestHash: string | undefined): Hotel {
  if (earlier.ownerId !== ownerId || earlier.requestHash !== requestHash) throw new IdempotencyMismatch();
  return earlier;
}

/** How long after a create without a key the same owner, name, city and address is taken for its retry. */
export const RECENT_CREATE_WINDOW_MS = 5 * 60_000;
/** Same-named hotels of one hotelier read to find that retry: a bound on the create's work. */
const RECENT_TWIN_READ = 50;

/**
 * The hotel a create without an idempotency key made moments ago, if this looks
 * like its retry: the same owner, name, city and street address, created within
 * `RECENT_CREATE_WINDOW_MS`, and untouched since (a caller whose answer was lost
 * never learnt the id, so it cannot have added room types or changed it). Read
 * from the owner index, which trails the table by well under a second, and only the
 * first RECENT_TWIN_READ hotels of that name; a caller that needs certainty sends a key.
 */
async function recentTwin(ctx: DomainContext, ownerId: string, input: NewHotel): Promise<Hotel | undefined> {
  const since = ctx.now().getTime() - RECENT_CREATE_WINDOW_MS;
  const city = fold(input.city);
  return (await ctx.hotels.hotelsNamed(ownerId, input.name, RECENT_TWIN_READ)).find(
    (h) =>
      h.status === 'ACTIVE' &&
      h.ownerId === ownerId &&
      h.name === input.name &&
      fold(h.city) === city &&
      // A retry resends its address; another address is another hotel of the same name.
      h.address === input.address &&
      h.requestHash === undefined &&
      h.version === 1 &&
      h.roomTypeCount === 0 &&
      Date.parse(h.createdAt) >= since,
  );
}

/**
 * Creates a hotel owned by `ownerId`; it must run in the hotel's owner region.
 * With an idempotency key the hotel id is derived from (hotelier, key), so a
 * retried create returns the hotel it made instead of making a second one.
 * Without one, a create repeated within a few minutes (the same owner, name, city and
 * address) answers the hotel the first one made, as a keyed replay does.
 */
export async function createHotel(
  ctx: DomainContext,
  ownerId: string,
  input: NewHotel,
  idempotencyKey?: string,
): Promise<Hotel> {
  const managedIn = ownerRegionFor(input);
  if (managedIn !== ctx.region) throw new NotOwnerRegion(managedIn);
  const hotelId = hotelIdFor(ownerId, idempotencyKey);
  const requestHash = idempotencyKey === undefined ? undefined : requestFingerprint(input);
  if (idempotencyKey !== undefined) {
    const earlier = await ctx.hotels.getHotel(hotelId, { consistent: true });
    if (earlier) return replayedCreate(earlier, ownerId, requestHash);
  } else {
    const twin = await recentTwin(ctx, ownerId, input);
    if (twin) return twin;
  }
  const now = ctx.now().toISOString();
  const hotel: Hotel = {
    hotelId,
    ownerId,
    name: input.name,
    city: input.city,
    country: input.country.toUpperCase(),
    ...(input.address !== undefined && { address: input.address }),
    description: input.description ?? '',
    attributes: input.attributes ?? {},
    ...clockOf(input),
    managedIn,
    status: 'ACTIVE',
    roomTypeCount: 0,
    rates: EMPTY_RATES,
    ...(requestHash && { requestHash }),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await ctx.hotels.createHotel(hotel);
  } catch (error) {
    // Two retries of one create raced: the one that lost answers with the winner's hotel.
    const earlier =
      error instanceof Conflict && idempotencyKey !== undefined
        ? await ctx.hotels.getHotel(hotelId, { consistent: true })
        : undefined;
    if (earlier) return replayedCreate(earlier, ownerId, requestHash);
    throw error;
  }
  return hotel;
}

export interface MyHotelsRequest extends PageRequest {
  /** Narrows the list by name or city, as search does. */
  readonly q?: string;
}

/**
 * The caller's hotels, a page at a time, by name; including any whose deletion
 * stopped half-way (repeating the delete finishes it). With `q`, the search
 * engine finds the caller's hotels that match, by name, and this
 * region's store supplies them, so another hotelier's hotel can never appear.
 */
export async function listMyHotels(
  ctx: DomainContext,
  ownerId: string,
  request: MyHotelsRequest = { limit: 50 },
  search?: HotelSearch,
): Promise<Page<Hotel>> {
  const q = request.q?.trim();
  if (!q || !search)
    return ctx.hotels.pageHotelsByOwner(ownerId, { limit: request.limit, cursor: request.cursor });
  const found = await search.search({ q, ownerId, limit: request.limit, cursor: request.cursor });
  const byId = new Map(
    (await ctx.hotels.getHotels(found.items.map((h) => h.hotelId)))
      .filter((h) => h.ownerId === ownerId)
      .map((h) => [h.hotelId, h]),
  );
  return {
    items: found.items.flatMap((h) => byId.get(h.hotelId) ?? []),
    nextCursor: found.nextCursor,
  };
}

/** One of the caller's hotels, for its management page; another hotelier's is refused. */
export async function myHotel(ctx: DomainContext, ownerId: string, hotelId: string): Promise<Hotel> {
  return hotelOwnedBy(ctx, ownerId, hotelId, { closing: true });
}

/**
 * The hotel, if `ownerId` owns it. Another hotelier's hotel is refused with 403
 * before anything about it is returned (hotels are public in search, so their
 * existence is no secret, but their management data is).
 */
export async function hotelOwnedBy(
  ctx: DomainContext,
  ownerId: string,
  hotelId: string,
  options: { consistent?: boolean; forWrite?: boolean; closing?: boolean } = {},
): Promise<Hotel> {
  const hotel = await ctx.hotels.getHotel(hotelId, { consistent: options.consistent });
  const visible = hotel?.status === 'ACTIVE' || (options.closing && hotel?.status === 'CLOSING');
  // Only the owner's copy can say a hotel is gone: another region's may not have heard it was made
  // again, or that its deletion was undone, so a write asks the other region.
  if (options.forWrite && (!hotel || (!visible && hotel.managedIn !== ctx.region)))
    throw new NotFoundHere('No such hotel', hotel !== undefined);
  if (!hotel || !visible) throw new NotFound('No such hotel');
  if (hotel.ownerId !== ownerId) throw new Forbidden('This hotel belongs to another hotelier');
  if (options.forWrite && hotel.managedIn !== ctx.region) throw new NotOwnerRegion(hotel.managedIn);
  if (options.forWrite && hotel.handover) throw new HotelMoving();
  return hotel;
}

/** Changes a hotel's name, city, street address (null removes it), description, attributes or clock. */
export async function updateHotel(
  ctx: DomainContext,
  ownerId: string,
  hotelId: string,
  changes: HotelChanges,
): Promise<Hotel> {
  await hotelOwnedBy(ctx, ownerId, hotelId, { consistent: true, forWrite: true });
  return ctx.hotels.updateHotel(hotelId, changes, ctx.now().toISOString());
}

/** Nights from today on where more than `limit` rooms are booked. */
export function nightsAbove(counts: readonly NightCount[], limit: number): NightCount[] {
  return counts.filter((c) => c.booked > limit);
}

/** Confirmed rooms on nights from the hotel's local today to the last bookable night, across the given room types. */
async function futureBookedNights(
  ctx: DomainContext,
  hotel: Hotel,
  roomTypes: readonly RoomType[],
): Promise<NightCount[]> {
  const now = ctx.now();
  const booked: NightCount[] = [];
  for (const roomType of roomTypes) {
    const counts = await ctx.bookings.bookedNights(
      hotel.hotelId,
      roomType.roomTypeId,
      hotelLocalTime(hotel, now).date,
      futureNightsEnd(now),
      {
        consistent: true,
      },
    );
    booked.push(...nightsAbove(counts, 0));
  }
  return booked;
}

function futureBookingsConflict(booked: readonly NightCount[]): Conflict {
  return new Conflict('The hotel has confirmed bookings for future nights', {
    nights: booked.map(({ roomTypeId, night, booked: rooms }) => ({ roomTypeId, night, booked: rooms })),
  });
}

/**
 * Deletes a hotel that has no confirmed booking for a future night. A hotel with
 * such bookings is refused before anything is written. Otherwise the hotel is
 * closed first, so that no booking can commit while the nights are checked
 * again; only a booking that raced in between makes it reopen. A deletion that
 * stopped after closing (a crash, a lost answer) is finished by repeating it.
 */
export async function deleteHotel(ctx: DomainContext, ownerId: string, hotelId: string): Promise<void> {
  const hotel = await hotelOwnedBy(ctx, ownerId, hotelId, {
    consistent: true,
    forWrite: true,
    closing: true,
  });
  const roomTypes = await ctx.hotels.listRoomTypes(hotelId, { consistent: true });
  if (hotel.status === 'ACTIVE') {
    const bookedBefore = await futureBookedNights(ctx, hotel, roomTypes);
    if (bookedBefore.length) throw futureBookingsConflict(bookedBefore);
    try {
      await ctx.hotels.closeHotelForDeletion(hotel, roomTypes);
    } catch (error) {
      if (!(error instanceof StaleRead)) throw error;
      // A handover may have fenced it in between: say so, rather than "changed".
      await hotelOwnedBy(ctx, ownerId, hotelId, { consistent: true, forWrite: true });
      throw new Conflict('The hotel changed while it was being deleted; please retry');
    }
  }
  // Closed: by this call, or by an earlier one that stopped here.
  try {
    const booked = await futureBookedNights(ctx, hotel, roomTypes);
    if (booked.length) {
      try {
        await ctx.hotels.reopenHotel(hotel, roomTypes);
      } catch (error) {
        if (!(error instanceof StaleRead)) throw error;
        throw new Conflict('The hotel changed while its deletion was being undone; please retry');
      }
      throw futureBookingsConflict(booked);
    }
    // Plans first: a hotel made again under the same id (the same idempotency key) must not find them.
    await ctx.hotels.deleteRatePlans(hotelId);
    await ctx.hotels.deleteClosedHotel(hotelId, roomTypes);
  } catch (error) {
    if (error instanceof Conflict) throw error;
    // The hotel is closed by now: an answer such as 503 "nothing was written" would be false.
    throw new Conflict(
      'The hotel is closed for deletion, but the deletion did not finish; send the delete again to finish it',
      { status: 'CLOSING', reason: error instanceof DomainError ? error.code : 'INTERNAL' },
    );
  }
}

export interface HotelBookingsRequest extends PageRequest {
  readonly from: string;
  readonly to: string;
  /** Only bookings in this status. */
  readonly status?: (typeof BOOKING_STATUSES)[number];
  /** Only bookings with this reference, or whose guest's or booker's name or e-mail holds it; blank: all. */
  readonly q?: string;
}

/**
 * Bookings of the caller's hotel whose stays overlap `[from, to)` (and match `q`), by check-in, a
 * page at a time. With `references`, a `q` that is a listed booking's reference answers that booking
 * alone, at once: a reference names one booking, and a busy hotel's range holds many pages.
 */
export async function listHotelBookings(
  ctx: DomainContext,
  ownerId: string,
  hotelId: string,
  request: HotelBookingsRequest,
  references?: Pick<GuestAccessStore, 'getReference'>,
): Promise<Page<Booking>> {
  const { from, to } = request;
  const problems: Record<string, string> = {};
  if (!isCalendarDate(from)) problems.from = 'must be a calendar date YYYY-MM-DD';
  if (!isCalendarDate(to)) problems.to = 'must be a calendar date YYYY-MM-DD';
  else if (isCalendarDate(from) && to <= from) problems.to = 'must be after from';
  else if (isCalendarDate(from) && to > addDays(from, 366)) problems.to = 'the range is at most 366 days';
  if (Object.keys(problems).length) throw new ValidationFailed('The date range is not valid', problems);
  await hotelOwnedBy(ctx, ownerId, hotelId);
  const { status, limit, cursor } = request;
  const query = request.q?.trim() ? bookingQuery(request.q) : undefined;
  if (query && references && !cursor) {
    const named = await bookingNamedBy(ctx, references, hotelId, query, { from, to, status });
    if (named) return { items: [named], nextCursor: null };
  }
  return ctx.bookings.pageBookingsOverlapping(hotelId, { from, to, status, query }, { limit, cursor });
}
