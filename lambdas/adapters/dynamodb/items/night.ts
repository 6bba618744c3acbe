/**
 * The night item: one room type's night. It counts the rooms booked and holds
 * the hotelier's calendar settings for the night (price override, closed, the
 * stay limits of arrivals). Its sort key orders a room type's nights by date,
 * so a stay is one key range.
 */
import type { CalendarNight, NightCount } from '../../../domain/model';
import type { Money } from '../../../domain/money';
import { ENTITY, hotelPk, nightSk } from '../keys';
import type { Item, ItemKey } from './item-kind';

export const NIGHT_ITEM = {
  entity: ENTITY.night,
  key: (hotelId: string, roomTypeId: string, night: string): ItemKey => ({
    pk: hotelPk(hotelId),
    sk: nightSk(roomTypeId, night),
  }),
  // A night that only carries settings has never been booked: no `booked` means 0.
  fromItem: (item: Item): NightCount => ({
    roomTypeId: String(item.roomTypeId),
    night: String(item.night),
    booked: Number(item.booked ?? 0),
  }),
  /** The night with its calendar settings. */
  calendarFromItem: (item: Item): CalendarNight => ({
    ...NIGHT_ITEM.fromItem(item),
    ...(item.price ? { price: item.price as Money } : {}),
    ...(item.closed === true ? { closed: true } : {}),
    ...(typeof item.minStay === 'number' ? { minStay: item.minStay } : {}),
    ...(typeof item.maxStay === 'number' ? { maxStay: item.maxStay } : {}),
  }),
  /** The night with its settings and its hotel, for reads across hotels (a dated search's batches). */
  stayNightFromItem: (item: Item): CalendarNight & { hotelId: string } => ({
    ...NIGHT_ITEM.calendarFromItem(item),
    hotelId: String(item.hotelId),
  }),
} as const;
