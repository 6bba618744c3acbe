/**
 * The calendar on the night items: reading a range of nights, writing settings
 * over a range, and the per-night condition a booking commits under, so that a
 * booking can never take a closed night or a price other than the one it quoted.
 */
import { PartlyWritten, StaleRead } from '../../domain/errors';
import type { Booking, CalendarNight, RoomType } from '../../domain/model';
import { type Money, sameMoney } from '../../domain/money';
import type { CalendarSettings, ReadOptions } from '../../domain/ports';
import { addDays, nightsOf } from '../../domain/stay';
import { explainRefusal, GUARD_NAMES, usedIn, WRITABLE } from './guards';
import type { Item } from './items/item-kind';
import { NIGHT_ITEM } from './items/night';
import { ROOM_TYPE_ITEM } from './items/room-type';
import { hotelPk } from './keys';
import type { HotelTableClient } from './table-client';
import { ConditionsFailed, type IntentItem } from './transact';

/** Nights per calendar transaction: DynamoDB takes 100 items, one is the room type guard. */
export const CALENDAR_CHUNK = 99;

/** Every night item of a room type in `[fromNight, toNight)`. */
export async function readCalendarNights(
  table: HotelTableClient,
  hotelId: string,
  roomTypeId: string,
  fromNight: string,
  toNight: string,
  options?: ReadOptions,
): Promise<CalendarNight[]> {
  const last = addDays(toNight, -1);
  if (last < fromNight) return [];
  const items = await table.query({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': hotelPk(hotelId),
      ':from': NIGHT_ITEM.key(hotelId, roomTypeId, fromNight).sk,
      ':to': NIGHT_ITEM.key(hotelId, roomTypeId, last).sk,
    },
    ConsistentRead: options?.consistent ?? false,
  });
  return items.map(NIGHT_ITEM.calendarFromItem);
}

/** One night's settings update: SET what is given, REMOVE what is cleared, never `booked`. */
function nightSettingsUpdate(
  table: HotelTableClient,
  roomType: RoomType,
  night: string,
  settings: CalendarSettings,
): IntentItem {
  const stamp = table.writeStamp();
  const set = [
    'entity = :entity',
    'hotelId = :hotelId',
    'roomTypeId = :roomTypeId',
    'night = :night',
    '#managedIn = :region',
    'writtenBy = :by',
    'writtenAt = :at',
  ];
  const remove: string[] = [];
  const values: Record<string, unknown> = {
    ':entity': NIGHT_ITEM.entity,
    ':hotelId': roomType.hotelId,
    ':roomTypeId': roomType.roomTypeId,
    ':night': night,
    ':region': table.region,
    ':by': stamp.writtenBy,
    ':at': stamp.writtenAt,
    ':one': 1,
  };
  const conditions: string[] = [];
  const put = (attribute: string, value: unknown) => {
    if (value === undefined) return;
    if (value === null || value === false) remove.push(`#${attribute}`);
    else {
      set.push(`#${attribute} = :${attribute}`);
      values[`:${attribute}`] = value;
    }
  };
  put('price', settings.pricePerNight);
  put('closed', settings.closed);
  put('minStay', settings.minStay);
  put('maxStay', settings.maxStay);
  // A night may never end up with min > max: a limit set alone must fit the other one already there.
  if (typeof settings.minStay === 'number' && settings.maxStay === undefined)
    conditions.push('(attribute_not_exists(#maxStay) OR #maxStay >= :minStay)');
  if (typeof settings.maxStay === 'number' && settings.minStay === undefined)
    conditions.push('(attribute_not_exists(#minStay) OR #minStay <= :maxStay)');
  const update = `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''} ADD #version :one`;
  const condition = conditions.join(' AND ');
  return {
    intent: 'setNightCalendar',
    ref: night,
    item: {
      Update: {
        TableName: table.tableName,
        Key: NIGHT_ITEM.key(roomType.hotelId, roomType.roomTypeId, night),
        UpdateExpression: update,
        ...(condition ? { ConditionExpression: condition } : {}),
        ExpressionAttributeNames: {
          '#managedIn': 'managedIn',
          '#version': 'version',
          ...usedIn(`${update} ${condition}`, CALENDAR_NAMES),
        },
        ExpressionAttributeValues: values,
      },
    },
  };
}

/**
 * Writes `settings` on `nights`, in transactions of at most `CALENDAR_CHUNK`
 * nights, each guarded by the room type being active, owned here and not
 * fenced (the same guard as every write). Chunks commit one by one: a failure
 * after the first chunk throws `PartlyWritten` with the nights already applied,
 * and repeating the request settles it.
 */
export async function writeCalendar(
  table: HotelTableClient,
  roomType: RoomType,
  nights: readonly string[],
  settings: CalendarSettings,
): Promise<void> {
  for (let start = 0; start < nights.length; start += CALENDAR_CHUNK) {
    const chunk = nights.slice(start, start + CALENDAR_CHUNK);
    const items: IntentItem[] = [
      {
        intent: 'guardCalendar',
        ref: roomType.roomTypeId,
        item: {
          ConditionCheck: {
            TableName: table.tableName,
            Key: ROOM_TYPE_ITEM.key(roomType.hotelId, roomType.roomTypeId),
            ConditionExpression: WRITABLE,
            ExpressionAttributeNames: {
              '#status': GUARD_NAMES['#status'],
              '#managedIn': GUARD_NAMES['#managedIn'],
              '#handover': GUARD_NAMES['#handover'],
            },
            ExpressionAttributeValues: { ':active': 'ACTIVE', ':region': table.region },
          },
        },
      },
      ...chunk.map((night) => nightSettingsUpdate(table, roomType, night, settings)),
    ];
    try {
      await commitChunk(table, items);
    } catch (error) {
      if (start > 0) throw new PartlyWritten(start, error);
      throw error;
    }
  }
}

/** One chunk's transaction; a refused guard says why, a refused night means "re-read". */
async function commitChunk(table: HotelTableClient, items: readonly IntentItem[]): Promise<void> {
  try {
    await table.transact(items);
  } catch (error) {
    if (!(error instanceof ConditionsFailed)) throw error;
    const guard = error.of('guardCalendar')[0];
    if (guard) throw explainRefusal(table.region, guard.old, 'room type');
    // A stay limit changed under the check that min <= max: re-read and check again.
    throw new StaleRead('night calendar');
  }
}

/** Names of the calendar attributes, aliased in every expression (some words are reserved in DynamoDB). */
export const CALENDAR_NAMES = {
  '#price': 'price',
  '#closed': 'closed',
  '#minStay': 'minStay',
  '#maxStay': 'maxStay',
};

/**
 * The condition a booking's night update commits under: enough rooms, open,
 * the price the quote used (an override, or none), and on the arrival night
 * (`stayLength` given) stay limits that admit the stay's length.
 */
export function reserveCondition(
  stayLength: number | undefined,
  override: Money | undefined,
): { expression: string; names: Record<string, string>; values: Record<string, unknown> } {
  const parts = [
    '(attribute_not_exists(booked) OR booked <= :limit)',
    '(attribute_not_exists(#closed) OR #closed = :false)',
  ];
  const values: Record<string, unknown> = { ':false': false };
  if (override) {
    parts.push('#price.amount = :priceAmount AND #price.currency = :priceCurrency');
    values[':priceAmount'] = override.amount;
    values[':priceCurrency'] = override.currency;
  } else parts.push('attribute_not_exists(#price)');
  if (stayLength !== undefined) {
    parts.push('(attribute_not_exists(#minStay) OR #minStay <= :stayLength)');
    parts.push('(attribute_not_exists(#maxStay) OR #maxStay >= :stayLength)');
    values[':stayLength'] = stayLength;
  }
  const expression = parts.join(' AND ');
  return { expression, names: usedIn(expression, CALENDAR_NAMES), values };
}

/**
 * True when a refused night changed its calendar since the quote (closed, a
 * new price, stay limits that no longer admit the stay), rather than selling out.
 */
export function calendarChanged(
  booking: Booking,
  night: string,
  old: Item | undefined,
  override: Money | undefined,
): boolean {
  if (!old) return false;
  const calendar = NIGHT_ITEM.calendarFromItem(old);
  if (calendar.closed) return true;
  const price = calendar.price;
  if (override ? !price || !sameMoney(price, override) : price !== undefined) return true;
  if (night !== booking.checkIn) return false;
  const length = nightsOf(booking.checkIn, booking.checkOut).length;
  return (
    (calendar.minStay !== undefined && length < calendar.minStay) ||
    (calendar.maxStay !== undefined && length > calendar.maxStay)
  );
}
