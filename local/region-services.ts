/** What one local region's API runs with: the same `RegionServices` the Lambda handlers get in AWS, on local adapters. */
import { DynamoDbAttemptCounter } from '../lambdas/adapters/dynamodb/attempt-counter';
import type { createDocumentClient } from '../lambdas/adapters/dynamodb/client';
import { dynamoDbGuestAccess } from '../lambdas/adapters/dynamodb/guest-access-store';
import type {
  CursorSeal,
  HotelierTokenVerifier,
  HotelSearch,
  RegionForwarder,
  RegionStores,
} from '../lambdas/domain/ports';
import type { Region } from '../lambdas/domain/regions';
import { RoomTypeCache } from '../lambdas/domain/room-type-cache';
import type { RegionServices } from '../lambdas/http/region-services';

/** What a region's services are made of; `stores` holds every region's, for the handover routes. */
export interface LocalRegionParts {
  readonly region: Region;
  readonly doc: ReturnType<typeof createDocumentClient>;
  readonly tableName: string;
  /** The region's own lookup attempt counters (never replicated). */
  readonly attemptsTableName: string;
  readonly stores: Record<Region, RegionStores>;
  readonly search: HotelSearch;
  readonly cursors: CursorSeal;
  readonly forwarder: RegionForwarder;
  readonly hotelierTokens: HotelierTokenVerifier;
  readonly isReady: () => boolean;
}

/** One region's services, wired as the AWS handlers wire theirs. */
export function localRegionServices(parts: LocalRegionParts): RegionServices {
  const { region, doc, tableName, stores } = parts;
  return {
    hotels: stores[region].hotels,
    bookings: stores[region].bookings,
    region,
    now: () => new Date(),
    roomTypes: new RoomTypeCache(),
    search: parts.search,
    cursors: parts.cursors,
    forwarder: parts.forwarder,
    hotelierTokens: parts.hotelierTokens,
    guestAccess: dynamoDbGuestAccess(
      { doc, tableName, region },
      new DynamoDbAttemptCounter(doc, parts.attemptsTableName),
    ),
    isReady: parts.isReady,
    handover: { stores, now: () => new Date(), drain: { timeoutMs: 20_000 } },
  };
}
