/** The booking item: in its hotel's partition, indexed by the start of its stay. */
import type { Booking } from '../../../domain/model';
import { bookingSk, ENTITY, hotelPk, staySk } from '../keys';
import { type Item, type ItemKey, type WriteStamp, withoutStorage } from './item-kind';

export const BOOKING_ITEM = {
  entity: ENTITY.booking,
  key: (hotelId: string, bookingId: string): ItemKey => ({ pk: hotelPk(hotelId), sk: bookingSk(bookingId) }),
  /** The stored form of a booking. */
  toItem(booking: Booking, stamp: WriteStamp): Item {
    return {
      ...BOOKING_ITEM.key(booking.hotelId, booking.bookingId),
      entity: ENTITY.booking,
      stayPk: hotelPk(booking.hotelId),
      staySk: staySk(booking.checkIn, booking.bookingId),
      ...booking,
      ...stamp,
    };
  },
  fromItem: (item: Item): Booking => withoutStorage<Booking>(item),
} as const;
