/** The room type item: one per room type, in its hotel's partition. */
import type { RoomType } from '../../../domain/model';
import { ENTITY, hotelPk, ROOM_TYPE_PREFIX, roomTypeSk } from '../keys';
import { type Item, type ItemKey, type WriteStamp, withoutStorage } from './item-kind';

export const ROOM_TYPE_ITEM = {
  entity: ENTITY.roomType,
  key: (hotelId: string, roomTypeId: string): ItemKey => ({
    pk: hotelPk(hotelId),
    sk: roomTypeSk(roomTypeId),
  }),
  /** Every room type of a hotel sorts under this prefix. */
  prefix: ROOM_TYPE_PREFIX,
  /** The stored form of a room type. */
  toItem(roomType: RoomType, stamp: WriteStamp): Item {
    return {
      ...ROOM_TYPE_ITEM.key(roomType.hotelId, roomType.roomTypeId),
      entity: ENTITY.roomType,
      ...roomType,
      ...stamp,
    };
  },
  fromItem: (item: Item): RoomType => withoutStorage<RoomType>(item),
} as const;
