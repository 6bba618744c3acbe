/**
 * The night item: one room type's counter of booked rooms on one night. Its sort
 * key orders a room type's nights by date, so a stay is one key range.
 */
import type { NightCount } from '../../../domain/model';
import { ENTITY, hotelPk, nightSk } from '../keys';
import type { Item, ItemKey } from './item-kind';

export const NIGHT_ITEM = {
  entity: ENTITY.night,
  key: (hotelId: string, roomTypeId: string, night: string): ItemKey => ({
    pk: hotelPk(hotelId),
    sk: nightSk(roomTypeId, night),
  }),
  fromItem: (item: Item): NightCount => ({
    roomTypeId: String(item.roomTypeId),
    night: String(item.night),
    booked: Number(item.booked),
  }),
} as const;
