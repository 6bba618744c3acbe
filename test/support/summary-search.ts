/**
 * What the dated-search tests on DynamoDB Local share: a store that counts the keys a search
 * asks for, a hotel as an index fed before summaries carried the offer's fields holds it, and
 * an embedded engine holding chosen hotels as they are stored.
 */
import { EmbeddedHotelSearch } from '../../lambdas/adapters/search/embedded-search';
import type { Hotel } from '../../lambdas/domain/model';
import type { testStore } from './store';

type Store = ReturnType<typeof testStore>;

/** `store`, counting the room type items and night items a search asks DynamoDB for. */
export function countingStore(store: Store) {
  const counted = { roomTypes: 0, nights: 0 };
  const bookings = Object.create(store.bookings, {
    readStayItems: {
      value: (
        roomTypes: Parameters<Store['bookings']['readStayItems']>[0],
        nights: Parameters<Store['bookings']['readStayItems']>[1],
      ) => {
        counted.roomTypes += roomTypes.length;
        counted.nights += nights.length;
        return store.bookings.readStayItems(roomTypes, nights);
      },
    },
  });
  return { ctx: { ...store, bookings }, counted };
}

/** `hotel` as an index fed before summaries carried the offer's fields would hold it. */
export function withOldSummary(hotel: Hotel): Hotel {
  if (!hotel.rates) throw new Error('the hotel has no rate summary');
  return {
    ...hotel,
    rates: {
      ...hotel.rates,
      roomTypes: hotel.rates.roomTypes.map(({ roomTypeId, totalRooms, pricePerNight, plans }) => ({
        roomTypeId,
        totalRooms,
        pricePerNight,
        ...(plans ? { plans } : {}),
      })),
    },
  };
}

/** An embedded engine holding the hotels `ids` as `store` has them now (changed by `as`). */
export async function indexedFrom(
  store: Store,
  ids: readonly string[],
  as: (hotel: Hotel) => Hotel = (h) => h,
) {
  const search = new EmbeddedHotelSearch();
  for (const id of ids) {
    const stored = await store.hotels.getHotel(id, { consistent: true });
    if (!stored) throw new Error(`hotel ${id} is gone`);
    await search.index(as(stored));
  }
  return search;
}
