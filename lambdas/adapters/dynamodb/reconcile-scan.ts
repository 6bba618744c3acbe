/** Reads what the reconcile check needs, from a whole table or one hotel's partition. */
import { type DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  type CrossRegionReport,
  compareRegions,
  type Discrepancy,
  findDiscrepancies,
  findNonOwnerWrites,
  type ItemFacts,
  type NonOwnerWrite,
} from '../../domain/reconcile';
import { todayUtc } from '../../domain/stay';
import { ENTITY, hotelPk } from './keys';

export interface ReconcileReport {
  readonly bookings: number;
  readonly nights: number;
  readonly discrepancies: Discrepancy[];
  /** Items of this table last written outside their owner region. */
  readonly nonOwnerWrites: NonOwnerWrite[];
}

/** The facts the cross-region checks read from an item. */
function itemFacts(i: Item): ItemFacts {
  return {
    key: `${i.pk}|${i.sk}`,
    managedIn: i.managedIn as string | undefined,
    writtenBy: i.writtenBy as string | undefined,
    writtenAt: i.writtenAt as number | undefined,
    version: i.version as number | undefined,
  };
}

type Item = Record<string, unknown>;

export async function readAll(
  doc: DynamoDBDocumentClient,
  tableName: string,
  hotelId?: string,
): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = hotelId
      ? await doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': hotelPk(hotelId) },
            ConsistentRead: true,
            ExclusiveStartKey,
          }),
        )
      : await doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey }));
    items.push(...((page.Items ?? []) as Item[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** Checks the booking invariant over the table (or one hotel) and lists every difference. */
export async function reconcileTable(
  doc: DynamoDBDocumentClient,
  tableName: string,
  options: { hotelId?: string; now?: Date; region?: string } = {},
): Promise<ReconcileReport> {
  const items = await readAll(doc, tableName, options.hotelId);
  const of = (entity: string) => items.filter((i) => i.entity === entity);
  const bookings = of(ENTITY.booking).map((i) => ({
    hotelId: String(i.hotelId),
    bookingId: String(i.bookingId),
    roomTypeId: String(i.roomTypeId),
    checkIn: String(i.checkIn),
    checkOut: String(i.checkOut),
    rooms: Number(i.rooms),
    status: String(i.status),
  }));
  const nights = of(ENTITY.night).map((i) => ({
    hotelId: String(i.hotelId),
    roomTypeId: String(i.roomTypeId),
    night: String(i.night),
    booked: Number(i.booked),
  }));
  const capacities = of(ENTITY.roomType).map((i) => ({
    hotelId: String(i.hotelId),
    roomTypeId: String(i.roomTypeId),
    totalRooms: Number(i.totalRooms),
  }));
  return {
    bookings: bookings.length,
    nights: nights.length,
    discrepancies: findDiscrepancies(bookings, nights, capacities, todayUtc(options.now ?? new Date())),
    nonOwnerWrites: findNonOwnerWrites(options.region ?? '', items.map(itemFacts)),
  };
}

/** Compares every item of two regions' tables (see `compareRegions`). */
export async function reconcileRegions(
  regions: ReadonlyArray<{ region: string; doc: DynamoDBDocumentClient }>,
  tableName: string,
  options: { now?: number; lagMs?: number } = {},
): Promise<CrossRegionReport> {
  const [first, second] = regions;
  if (!first || !second) throw new Error('two regions are needed');
  const facts = async (doc: DynamoDBDocumentClient) => (await readAll(doc, tableName)).map(itemFacts);
  const [a, b] = await Promise.all([facts(first.doc), facts(second.doc)]);
  return compareRegions(
    first.region,
    a,
    second.region,
    b,
    options.now ?? Date.now(),
    options.lagMs ?? 10_000,
  );
}
