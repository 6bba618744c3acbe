/**
 * One update of a hotel and every one of its room types, in one transaction:
 * closing and reopening for deletion, fencing, lifting a fence, switching owner.
 */
import type { Hotel, RoomType } from '../../domain/model';
import { GUARD_NAMES, usedIn } from './guards';
import { HOTEL_ITEM } from './items/hotel';
import { ROOM_TYPE_ITEM } from './items/room-type';
import type { HotelTableClient } from './table-client';
import type { Intent, IntentItem } from './transact';

export interface HotelWideUpdate {
  readonly intents: { readonly hotel: Intent; readonly roomType: Intent };
  /** The update expression; `:by`, `:at` (the write stamp) and `:one` are provided. */
  readonly update: string;
  readonly conditions: { readonly hotel: string; readonly roomType: string };
  /** Values every item's expressions may use. */
  readonly values: Record<string, unknown>;
  readonly hotelValues?: Record<string, unknown>;
  readonly roomTypeValues?: (roomType: RoomType) => Record<string, unknown>;
}

/** The transaction items of `spec`, one per item, each stating its intent. */
export function hotelWideUpdate(
  table: HotelTableClient,
  hotel: Hotel,
  roomTypes: readonly RoomType[],
  spec: HotelWideUpdate,
): IntentItem[] {
  const stamp = table.writeStamp();
  const item = (key: object, condition: string, extra: Record<string, unknown>) => {
    const expressions = `${spec.update} ${condition}`;
    return {
      Update: {
        TableName: table.tableName,
        Key: key,
        UpdateExpression: spec.update,
        ConditionExpression: condition,
        ExpressionAttributeNames: usedIn(expressions, GUARD_NAMES),
        ExpressionAttributeValues: usedIn(expressions, {
          ':one': 1,
          ':by': stamp.writtenBy,
          ':at': stamp.writtenAt,
          ...spec.values,
          ...extra,
        }),
      },
    };
  };
  return [
    {
      intent: spec.intents.hotel,
      item: item(HOTEL_ITEM.key(hotel.hotelId), spec.conditions.hotel, spec.hotelValues ?? {}),
    },
    ...roomTypes.map<IntentItem>((rt) => ({
      intent: spec.intents.roomType,
      ref: rt.roomTypeId,
      item: item(
        ROOM_TYPE_ITEM.key(hotel.hotelId, rt.roomTypeId),
        spec.conditions.roomType,
        spec.roomTypeValues?.(rt) ?? {},
      ),
    })),
  ];
}
