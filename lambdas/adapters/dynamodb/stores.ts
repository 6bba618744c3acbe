/** One region's stores on the hotel table: hotels and room types, bookings, and handovers. */
import type { RegionStores } from '../../domain/ports';
import { DynamoDbBookingStore } from './booking-store';
import { DynamoDbHandoverStore } from './handover-store';
import { DynamoDbHotelStore } from './hotel-store';
import { HotelTableClient, type HotelTableClientOptions } from './table-client';

/** The three stores of one region, sharing one table client. */
export function dynamoDbStores(options: HotelTableClientOptions): RegionStores {
  const table = new HotelTableClient(options);
  return {
    hotels: new DynamoDbHotelStore(table),
    bookings: new DynamoDbBookingStore(table),
    handovers: new DynamoDbHandoverStore(table),
  };
}
