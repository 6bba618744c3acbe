/** Test wiring: the real DynamoDB adapter on the run's DynamoDB Local, per region. */
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { DynamoDbBookingRepository } from '../../lambdas/adapters/dynamodb/booking-repository';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { reconcileTable } from '../../lambdas/adapters/dynamodb/reconcile-scan';
import type { DomainContext } from '../../lambdas/domain/booking';
import { createHotel, putRoomType } from '../../lambdas/domain/hotels';
import type { Hotel, RoomType } from '../../lambdas/domain/model';
import type { Region } from '../../lambdas/domain/regions';
import { addDays, todayUtc } from '../../lambdas/domain/stay';

export interface TestStore extends DomainContext {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** A domain context on DynamoDB Local for `region`. */
export function testStore(region: Region = 'us-east-1', now: () => Date = () => new Date()): TestStore {
  const doc = createDocumentClient({ region, endpoint: inject('dynamoEndpoint') });
  const tableName = inject('tableName');
  const repo = new DynamoDbBookingRepository({ doc, tableName, region, now });
  return { repo, region, now, doc, tableName };
}

/** A date `days` after today (UTC). */
export const daysFromNow = (days: number) => addDays(todayUtc(new Date()), days);

export const guest = { name: 'Ada Lovelace', email: 'ada@example.com' };

/** A fresh hotel owned by `ownerId` in the store's region, with one room type. */
export async function givenHotel(
  store: TestStore,
  options: { totalRooms?: number; ownerId?: string; roomTypeId?: string; amount?: number } = {},
): Promise<{ hotel: Hotel; roomType: RoomType; ownerId: string }> {
  const ownerId = options.ownerId ?? `hotelier-${randomUUID()}`;
  const hotel = await createHotel(store, ownerId, {
    name: 'Test Hotel',
    city: 'Singapore',
    country: store.region === 'ap-southeast-1' ? 'SG' : 'US',
  });
  const { roomType } = await putRoomType(store, ownerId, hotel.hotelId, options.roomTypeId ?? 'deluxe-king', {
    name: 'Deluxe King',
    totalRooms: options.totalRooms ?? 5,
    pricePerNight: { amount: options.amount ?? 12_000, currency: 'USD' },
  });
  return { hotel, roomType, ownerId };
}

/** Runs the reconcile check over one hotel and returns its discrepancies. */
export async function discrepanciesOf(store: TestStore, hotelId: string) {
  return (await reconcileTable(store.doc, store.tableName, { hotelId })).discrepancies;
}
