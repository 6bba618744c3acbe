/** What travellers read: a hotel's page and search. Served by any region from its own copy. */
import { type ResultPage, resultOf, type StaySearchOutcome, searchAvailable } from './available-search';
import { assertPlausibleStay, MAX_ROOMS_PER_BOOKING } from './booking';
import type { DomainContext } from './context';
import { NotFound, ValidationFailed } from './errors';
import type { Hotel, RoomType } from './model';
import type { Money } from './money';
import type { CursorSeal, HotelSearch } from './ports';
import { fromPriceOf, summarizeRates } from './rates';

/** A hotel and its bookable room types, for the hotel's page. */
export async function hotelDetails(
  ctx: DomainContext,
  hotelId: string,
): Promise<{ hotel: Hotel; roomTypes: RoomType[] }> {
  const [hotel, roomTypes] = await Promise.all([
    ctx.hotels.getHotel(hotelId),
    ctx.hotels.listRoomTypes(hotelId),
  ]);
  if (hotel?.status !== 'ACTIVE') throw new NotFound('No such hotel');
  return { hotel, roomTypes: roomTypes.filter((r) => r.status === 'ACTIVE') };
}

/** What a search runs with: the region's stores and the seal of its cursors. */
export type SearchContext = DomainContext & { readonly cursors: CursorSeal };

export interface HotelSearchRequest {
  readonly q?: string;
  readonly city?: string;
  readonly checkIn?: string;
  readonly checkOut?: string;
  /** Rooms wanted, with dates; default 1. */
  readonly rooms?: number;
  /** `relevance` (default) or `price`: by the offer's total with dates, by `fromPrice` without. */
  readonly sort?: 'relevance' | 'price';
  readonly limit: number;
  readonly cursor?: string;
  /** Only hotels rated at least this many stars (their `stars` attribute). */
  readonly minStars?: number;
  /** Only hotels at most this price, in minor units of `currency`: the stay's total with dates, the lowest nightly price without. */
  readonly maxPrice?: number;
  /** The currency of `maxPrice` (required with it): hotels priced in another currency are left out. */
  readonly currency?: string;
  /** Adults per room, with dates (default per room type: 2, or 1 where a room holds one). */
  readonly adults?: number;
  /** Children per room, with dates (default 0). */
  readonly children?: number;
}

/**
 * Search-as-you-type; blank text means "no text", so a city alone lists that city.
 * With `checkIn` and `checkOut`, only hotels bookable for that stay with `rooms`
 * rooms, each with its offer (see `searchAvailable`).
 */
export async function searchHotels(
  ctx: SearchContext,
  search: HotelSearch,
  request: HotelSearchRequest,
): Promise<ResultPage> {
  return withFromPrices(ctx, (await searchHotelsMeasured(ctx, search, request)).page);
}

/**
 * Fills `fromPrice` for results the index has no rate summary for (hotels indexed
 * before summaries existed, until they are backfilled), from their room types:
 * null then really means no room types. At most one query per such result.
 */
async function withFromPrices(ctx: DomainContext, page: ResultPage): Promise<ResultPage> {
  if (page.items.every((item) => item.fromPrice !== null)) return page;
  const items = await Promise.all(
    page.items.map(async (item) =>
      item.fromPrice !== null
        ? item
        : {
            ...item,
            fromPrice: fromPriceOf(summarizeRates(await ctx.hotels.listRoomTypes(item.hotelId), undefined)),
          },
    ),
  );
  return { ...page, items };
}

/** `searchHotels` with what the page cost in reads and candidates checked. */
async function searchHotelsMeasured(
  ctx: SearchContext,
  search: HotelSearch,
  request: HotelSearchRequest,
): Promise<StaySearchOutcome> {
  const q = request.q?.trim() || undefined;
  const city = request.city?.trim() || undefined;
  const sort = request.sort ?? 'relevance';
  const rooms = request.rooms ?? 1;
  const { checkIn, checkOut, limit, cursor, minStars, adults, children } = request;
  if (request.maxPrice !== undefined && request.currency === undefined)
    throw new ValidationFailed('The search is not valid', { currency: 'is required with maxPrice' });
  const maxPrice: Money | undefined =
    request.maxPrice === undefined
      ? undefined
      : { amount: request.maxPrice, currency: request.currency as string };
  if (!Number.isInteger(rooms) || rooms < 1 || rooms > MAX_ROOMS_PER_BOOKING)
    throw new ValidationFailed('The search is not valid', { rooms: `must be 1..${MAX_ROOMS_PER_BOOKING}` });
  if (checkIn === undefined && checkOut === undefined) {
    const found = await search.search({
      q,
      city,
      minStars,
      maxFromPrice: maxPrice,
      limit,
      cursor,
      order: sort === 'price' ? 'fromPrice' : undefined,
    });
    return {
      page: { items: found.items.map((hit) => resultOf(hit)), nextCursor: found.nextCursor },
      reads: 0,
      checked: 0,
    };
  }
  if (checkIn === undefined || checkOut === undefined)
    throw new ValidationFailed('The stay is not valid', {
      [checkIn === undefined ? 'checkIn' : 'checkOut']: 'is required with the other date',
    });
  // Many hotels, many zones: any hotel's today bounds the search; the booking is the final check.
  assertPlausibleStay(checkIn, checkOut, ctx.now());
  // "Where can I stay" needs a where: every hotel's nights would be one request's reads.
  if (!q && !city)
    throw new ValidationFailed('The search is not valid', {
      q: 'is required with dates, unless city is given',
    });
  return searchAvailable(
    ctx,
    search,
    { q, city, checkIn, checkOut, rooms, adults, children, sort, limit, cursor, minStars, maxPrice },
    ctx.cursors,
  );
}
