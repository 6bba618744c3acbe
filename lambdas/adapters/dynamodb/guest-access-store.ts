/**
 * The hotel table's side of finding a booking again: the reference items, and the
 * write of a booking's token hashes (guarded by its version and its owner region).
 */
import type { GuestAccess } from '../../domain/booking-lookup';
import { StaleRead } from '../../domain/errors';
import type { Booking } from '../../domain/model';
import type { AttemptCounter, BookingReference, GuestAccessStore } from '../../domain/ports';
import { updateOwnedBooking } from './booking-update';
import { REFERENCE_ITEM } from './items/reference';
import { HotelTableClient, type HotelTableClientOptions } from './table-client';

export class DynamoDbGuestAccessStore implements GuestAccessStore {
  constructor(private readonly table: HotelTableClient) {}

  async getReference(reference: string): Promise<BookingReference | undefined> {
    const item = await this.table.get(REFERENCE_ITEM.key(reference));
    return item ? REFERENCE_ITEM.fromItem(item) : undefined;
  }

  async replaceAccessTokenHashes(booking: Booking, hashes: readonly string[]): Promise<Booking> {
    const { table } = this;
    await updateOwnedBooking(
      table,
      booking,
      {
        intent: 'replaceAccessTokens',
        fields: { accessTokenHashes: [...hashes] },
        condition: 'attribute_exists(pk) AND #version = :version',
        values: { ':version': booking.version },
      },
      () => new StaleRead('booking'),
    );
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
