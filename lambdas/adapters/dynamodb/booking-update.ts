/**
 * The one way an existing booking item is updated in place: behind the owner guard
 * (its room type owned here and not fenced), with `managedIn` set to this region,
 * the write stamp, and its version bumped, so every such write reaches the stream
 * with the next version (what an event's sequence is made of).
 */
import type { Booking } from '../../domain/model';
import { explainOwnerGuard, ownerGuard } from './guards';
import { BOOKING_ITEM } from './items/booking';
import type { HotelTableClient } from './table-client';
import { ConditionsFailed, type Intent, type IntentItem } from './transact';

/** What one update of a booking sets and requires. */
export interface BookingUpdate {
  readonly intent: Intent;
  /** Attributes to set, besides `managedIn` and the write stamp. */
  readonly fields: Record<string, unknown>;
  /** More of the `SET` clause, for what plain assignments cannot say (a `list_append`). */
  readonly alsoSet?: string;
  /** What must hold of the booking as stored. */
  readonly condition: string;
  readonly names?: Record<string, string>;
  readonly values?: Record<string, unknown>;
}

/**
 * Writes `update` to `booking` with `more` items in one transaction. A refusal of
 * the owner guard is the domain's (`NotOwnerRegion`, `HotelMoving`, `NotFound`);
 * any other failed condition is what `refused` makes of it.
 */
export async function updateOwnedBooking(
  table: HotelTableClient,
  booking: Booking,
  update: BookingUpdate,
  refused: (error: ConditionsFailed) => Error,
  more: readonly IntentItem[] = [],
): Promise<void> {
  const set = table.assignments({ ...update.fields, managedIn: table.region });
  try {
    await table.transact([
      ownerGuard(table, booking),
      {
        intent: update.intent,
        ref: booking.bookingId,
        item: {
          Update: {
            TableName: table.tableName,
            Key: BOOKING_ITEM.key(booking.hotelId, booking.bookingId),
            UpdateExpression: `SET ${set.clause}${update.alsoSet ? `, ${update.alsoSet}` : ''} ADD #version :one`,
            ConditionExpression: update.condition,
            ExpressionAttributeNames: { ...set.names, ...update.names, '#version': 'version' },
            ExpressionAttributeValues: { ...set.values, ...update.values, ':one': 1 },
          },
        },
      },
      ...more,
    ]);
  } catch (error) {
    if (!(error instanceof ConditionsFailed)) throw error;
    throw explainOwnerGuard(table.region, error) ?? refused(error);
  }
}
