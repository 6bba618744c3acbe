/**
 * The reference item: a booking's reference mapped to its hotel and booking, with
 * the fingerprints of the e-mail addresses that may find it. Its own partition
 * (`REFERENCE#<reference>`), written once in the booking's transaction under
 * `attribute_not_exists(pk)`: that condition is what makes a reference unique in
 * its region. A global table item, so either region can read it.
 */
import { emailFingerprint } from '../../../domain/booking-reference';
import type { Booking } from '../../../domain/model';
import type { BookingReference } from '../../../domain/ports';
import { ENTITY, REFERENCE_SK, referencePk } from '../keys';
import type { IntentItem } from '../transact';
import { type Item, type ItemKey, type WriteStamp, withoutStorage } from './item-kind';

export const REFERENCE_ITEM = {
  entity: ENTITY.reference,
  key: (reference: string): ItemKey => ({ pk: referencePk(reference), sk: REFERENCE_SK }),
  /** The stored form of a booking's reference. */
  toItem(booking: Booking & { reference: string }, stamp: WriteStamp): Item {
    const mapping: BookingReference = {
      reference: booking.reference,
      hotelId: booking.hotelId,
      bookingId: booking.bookingId,
      roomTypeId: booking.roomTypeId,
      emailFingerprints: [booking.guest.email, booking.booker?.email]
        .filter((email): email is string => email !== undefined)
        .map(emailFingerprint),
    };
    return {
      ...REFERENCE_ITEM.key(booking.reference),
      entity: ENTITY.reference,
      ...mapping,
      managedIn: booking.managedIn,
      version: 1,
      ...stamp,
    };
  },
  fromItem(item: Item): BookingReference {
    const { reference, hotelId, bookingId, roomTypeId, emailFingerprints } =
      withoutStorage<BookingReference>(item);
    return { reference, hotelId, bookingId, roomTypeId, emailFingerprints };
  },
} as const;

/** The booking transaction's claim of its reference (none for a booking without one). */
export function claimReference(
  table: { readonly tableName: string; writeStamp(): WriteStamp },
  booking: Booking,
): IntentItem[] {
  const { reference } = booking;
  if (!reference) return [];
  return [
    {
      intent: 'claimReference',
      ref: reference,
      item: {
        Put: {
          TableName: table.tableName,
          Item: REFERENCE_ITEM.toItem({ ...booking, reference }, table.writeStamp()),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    },
  ];
}
