/**
 * What of the table enters the search index: hotel items only, and only their
 * summary fields and rate summary. The local indexer applies this; the OSIS pipeline's route
 * and field selection say the same in its own configuration.
 */
import type { Attributes } from '../../domain/model';
import type { IndexedHotel } from '../../domain/ports';
import type { RateSummary } from '../../domain/rates';
import { ENTITY } from '../dynamodb/keys';

/** True for the item that describes a hotel (not room types, nights or bookings). */
export function isHotelItem(item: Record<string, unknown> | undefined): boolean {
  return item?.entity === ENTITY.hotel;
}

/** The search document of a hotel item; undefined when the hotel should not be searchable. */
export function hotelDocument(item: Record<string, unknown>): IndexedHotel | undefined {
  if (!isHotelItem(item) || item.status !== 'ACTIVE') return undefined;
  return {
    hotelId: String(item.hotelId),
    name: String(item.name),
    city: String(item.city),
    country: String(item.country),
    managedIn: String(item.managedIn),
    ownerId: String(item.ownerId),
    ...(item.attributes && typeof item.attributes === 'object'
      ? { attributes: item.attributes as Attributes }
      : {}),
    // A hotel stored before rate summaries has none: search treats its rooms and prices as unknown.
    ...(item.rates ? { rates: item.rates as RateSummary } : {}),
  };
}
