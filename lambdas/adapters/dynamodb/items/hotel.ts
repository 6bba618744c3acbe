/** The hotel item: one per hotel, at the head of its partition, indexed by its hotelier and ordered by name. */
import type { Hotel } from '../../../domain/model';
import { ENTITY, HOTEL_SK, hotelPk, ownerPk, ownerSk } from '../keys';
import { type Item, type ItemKey, type WriteStamp, withoutStorage } from './item-kind';

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
      ...stamp,
    };
  },
  fromItem: (item: Item): Hotel => withoutStorage<Hotel>(item),
} as const;
