/** What travellers read: a hotel's page and search. Served by any region from its own copy. */
import type { DomainContext } from './context';
import { NotFound } from './errors';
import type { Hotel, RoomType } from './model';
import type { HotelSearch, SearchPage, SearchQuery } from './ports';

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

/** Search-as-you-type; blank text means "no text", so a city alone lists that city. */
export async function searchHotels(search: HotelSearch, query: SearchQuery): Promise<SearchPage> {
  const q = query.q?.trim() || undefined;
  const city = query.city?.trim() || undefined;
  return search.search({ ...query, q, city });
}
