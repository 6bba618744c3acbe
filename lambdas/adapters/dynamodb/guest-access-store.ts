/**
 * The hotel table's side of finding a booking again: the reference items, and the
 * write of a booking's token hashes (guarded by its version and its owner region).
 */
import type { GuestAccess } from '../../domain/booking-lookup';
import { StaleRead } from '../../domain/errors';
import type { Booking } from '../../domain/model';
import type { AttemptCounter, BookingReference, GuestAccessStore } from '../../domain/ports';
import { explainOwnerGuard, ownerGuard } from './guards';
import { BOOKING_ITEM } from './items/booking';
import { REFERENCE_ITEM } from './items/reference';
import { HotelTableClient, type HotelTableClientOptions } from './table-client';
import { ConditionsFailed } from './transact';

export class DynamoDbGuestAccessStore implements GuestAccessStore {
  constructor(private readonly table: HotelTableClient) {}

  async getReference(reference: string): Promise<BookingReference | undefined> {
    const item = await this.table.get(REFERENCE_ITEM.key(reference));
    return item ? REFERENCE_ITEM.fromItem(item) : undefined;
  }

  async replaceAccessTokenHashes(booking: Booking, hashes: readonly string[]): Promise<Booking> {
    const { table } = this;
    const set = table.assignments({ managedIn: table.region, accessTokenHashes: [...hashes] });
    try {
      await table.transact([
        ownerGuard(table, booking),
        {
          intent: 'replaceAccessTokens',
          ref: booking.bookingId,
          item: {
            Update: {
              TableName: table.tableName,
              Key: BOOKING_ITEM.key(booking.hotelId, booking.bookingId),
              UpdateExpression: `SET ${set.clause} ADD #version :one`,
              ConditionExpression: 'attribute_exists(pk) AND #version = :version',
              ExpressionAttributeNames: { ...set.names, '#version': 'version' },
              ExpressionAttributeValues: { ...set.values, ':one': 1, ':version': booking.version },
            },
          },
        },
      ]);
    } catch (error) {
      if (!(error instanceof ConditionsFailed)) throw error;
      const refused = explainOwnerGuard(table.region, error);
      if (refused) throw refused;
      throw new StaleRead('booking');
    }
    return {
      ...booking,
      accessTokenHashes: [...hashes],
      managedIn: table.region,
      version: booking.version + 1,
    };
  }
}

/** Finding a booking again on the hotel table, counting attempts with `attempts`. */
export function dynamoDbGuestAccess(options: HotelTableClientOptions, attempts: AttemptCounter): GuestAccess {
  return { store: new DynamoDbGuestAccessStore(new HotelTableClient(options)), attempts };
}
