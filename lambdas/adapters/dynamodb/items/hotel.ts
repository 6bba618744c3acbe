/** The hotel item: one per hotel, at the head of its partition, indexed by its hotelier and ordered by name. */
import { clockOf } from '../../../domain/hotel-clock';
import type { Hotel } from '../../../domain/model';
import { fromPriceOf, maxRoomsOf, type RateSummary } from '../../../domain/rates';
import { floorKey, priceKey } from '../../search/price-key';
import { ENTITY, HOTEL_SK, hotelPk, ownerPk, ownerSk } from '../keys';
import { type Item, type ItemKey, type WriteStamp, withoutStorage } from './item-kind';

/**
 * What the search index reads off a hotel's rate summary, stored beside it because
 * the pipeline copies attributes and computes nothing: the lowest base price (and
 * its sort key), the largest room type, and the key of the price floor.
 */
export function rateAttributes(rates: RateSummary): Item {
  const fromPrice = fromPriceOf(rates);
  return {
    rates,
    fromPrice,
    fromPriceKey: priceKey(fromPrice),
    maxRooms: maxRoomsOf(rates),
    priceFloorKey: floorKey(rates.priceFloor),
  };
}

/** Attributes derived from `rates` that the domain never sees. */
const DERIVED = ['fromPrice', 'fromPriceKey', 'maxRooms', 'priceFloorKey'];

export const HOTEL_ITEM = {
  entity: ENTITY.hotel,
  key: (hotelId: string): ItemKey => ({ pk: hotelPk(hotelId), sk: HOTEL_SK }),
  /** The stored form of a hotel. */
  toItem(hotel: Hotel, stamp: WriteStamp): Item {
    return {
      ...HOTEL_ITEM.key(hotel.hotelId),
      entity: ENTITY.hotel,
      ownerPk: ownerPk(hotel.ownerId),
      ownerSk: ownerSk(hotel.name, hotel.hotelId),
      ...hotel,
      ...(hotel.rates ? rateAttributes(hotel.rates) : {}),
      ...stamp,
    };
  },
  fromItem(item: Item): Hotel {
    const hotel = withoutStorage<Hotel & Record<string, unknown>>(item);
    for (const key of DERIVED) delete hotel[key];
    // A hotel stored before the hotel's clock existed reads with its country's defaults until backfilled.
    return { ...hotel, ...clockOf(hotel) };
  },
} as const;
