/** Test wiring: the real DynamoDB adapter on the run's DynamoDB Local, per region. */
import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { PROCESS_CURSOR_SEAL } from '../../lambdas/adapters/cursor-seal';
import { DynamoDbAttemptCounter, ensureAttemptsTable } from '../../lambdas/adapters/dynamodb/attempt-counter';
import { createDocumentClient, createDynamoClient } from '../../lambdas/adapters/dynamodb/client';
import { ensureTable } from '../../lambdas/adapters/dynamodb/create-table';
import { dynamoDbGuestAccess } from '../../lambdas/adapters/dynamodb/guest-access-store';
import { reconcileTable } from '../../lambdas/adapters/dynamodb/reconcile-scan';
import { dynamoDbStores } from '../../lambdas/adapters/dynamodb/stores';
import type { GuestAccess, LookupLimits } from '../../lambdas/domain/booking-lookup';
import type { DomainContext } from '../../lambdas/domain/context';
import { createHotel } from '../../lambdas/domain/hotels';
import type { Hotel, RoomType } from '../../lambdas/domain/model';
import type { CursorSeal, HandoverStore } from '../../lambdas/domain/ports';
import { REGIONS, type Region } from '../../lambdas/domain/regions';
import { putRoomType } from '../../lambdas/domain/room-types';
import { addDays, todayUtc } from '../../lambdas/domain/stay';

/** One region's domain context and handover store on DynamoDB Local, with the raw client for checks. */
export interface TestStore extends DomainContext {
  readonly handovers: HandoverStore;
  /** The seal of every cursor: this process's key, as the stores' lists use. */
  readonly cursors: CursorSeal;
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** A domain context on DynamoDB Local for `region` (the shared test table unless `tableName` is given). */
export function testStore(
  region: Region = 'us-east-1',
  now: () => Date = () => new Date(),
  tableName: string = inject('tableName'),
): TestStore {
  const doc = createDocumentClient({ region, endpoint: inject('dynamoEndpoint') });
  return {
    ...dynamoDbStores({ doc, tableName, region, now }),
    region,
    now,
    doc,
    tableName,
    cursors: PROCESS_CURSOR_SEAL,
  };
}

/**
 * Finding a booking again on the store's table, with attempt counters in a table of their own
 * (made on first use) under `limits` (the documented ones unless given).
 */
export function testGuestAccess(store: TestStore, region: Region, limits?: LookupLimits): GuestAccess {
  const attemptsTable = `attempts-${store.tableName}`;
  const counter = new DynamoDbAttemptCounter(store.doc, attemptsTable);
  let made: Promise<void> | undefined;
  const client = createDynamoClient({ region, endpoint: inject('dynamoEndpoint') });
  const access = dynamoDbGuestAccess(
    { doc: store.doc, tableName: store.tableName, region, now: store.now },
    {
      async hit(key, window) {
        made ??= ensureAttemptsTable(client, attemptsTable);
        await made;
        return counter.hit(key, window);
      },
    },
  );
  return { ...access, ...(limits && { limits }) };
}

/** A new, empty table in every region's database, for tests that compare whole-table snapshots. */
export async function freshTable(): Promise<string> {
  const tableName = `t-${randomUUID()}`;
  for (const region of REGIONS) {
    const client = createDynamoClient({ region, endpoint: inject('dynamoEndpoint') });
    await ensureTable(client, tableName);
    client.destroy();
  }
  return tableName;
}

/** Every item of a store's table, sorted, for before/after comparisons. */
export async function tableSnapshot(store: TestStore): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new ScanCommand({ TableName: store.tableName, ConsistentRead: true, ExclusiveStartKey }),
    );
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items.sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
}

/** Copies one hotel's partition from one region's table to the other's, as replication would. */
export async function replicateHotel(from: TestStore, to: TestStore, hotelId: string): Promise<void> {
  const page = await from.doc.send(
    new QueryCommand({
      TableName: from.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `HOTEL#${hotelId}` },
      ConsistentRead: true,
    }),
  );
  for (const item of page.Items ?? [])
    await to.doc.send(new PutCommand({ TableName: to.tableName, Item: item }));
}

/** A date `days` after today (UTC). */
export const daysFromNow = (days: number) => addDays(todayUtc(new Date()), days);

export const guest = { name: 'Ada Lovelace', email: 'ada@example.com' };

/** A fresh hotel owned by `ownerId` in the store's region, with one room type. */
export async function givenHotel(
  store: TestStore,
  options: {
    totalRooms?: number;
    ownerId?: string;
    roomTypeId?: string;
    amount?: number;
    /** The hotel's name, for tests that search for it. */
    name?: string;
    /** The hotel's zone: UTC unless a test is about the hotel's clock, so `daysFromNow` is its today. */
    timeZone?: string;
  } = {},
): Promise<{ hotel: Hotel; roomType: RoomType; ownerId: string }> {
  const ownerId = options.ownerId ?? `hotelier-${randomUUID()}`;
  const hotel = await createHotel(store, ownerId, {
    name: options.name ?? 'Test Hotel',
    city: 'Singapore',
    country: store.region === 'ap-southeast-1' ? 'SG' : 'US',
    timeZone: options.timeZone ?? 'UTC',
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
