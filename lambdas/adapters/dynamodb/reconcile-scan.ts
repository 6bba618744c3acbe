/** Reads what the reconcile check needs, from a whole table or one hotel's partition. */
import { type DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { hotelLocalTime, todayAnywhere } from '../../domain/hotel-clock';
import {
  type CrossRegionReport,
  compareRegions,
  type Discrepancy,
  findDiscrepancies,
  findNonOwnerWrites,
  findSplitOwnership,
  findStuckChanges,
  type HotelPartFacts,
  type ItemFacts,
  type NonOwnerWrite,
  type SplitOwnership,
  type StuckChange,
} from '../../domain/reconcile';
import { HOTEL_ITEM } from './items/hotel';
import { ENTITY, hotelPk } from './keys';

export interface ReconcileReport {
  readonly bookings: number;
  readonly nights: number;
  readonly discrepancies: Discrepancy[];
  /** Items of this table last written outside their owner region. */
  readonly nonOwnerWrites: NonOwnerWrite[];
  /** Deletions and capacity cuts that stopped half-way. */
  readonly stuck: StuckChange[];
  /** Hotels whose items disagree on their owner region. */
  readonly splitOwnership: SplitOwnership[];
}

/** How old a CLOSING hotel or a capacity hold must be before it counts as stuck rather than in progress. */
export const STUCK_AFTER_MS = 5 * 60_000;
/** How many times a mismatching hotel is re-read before its mismatch is believed. */
const RECHECKS = 2;

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

/** The invariant's discrepancies among `items` (one hotel's partition, or the whole table). */
function discrepanciesIn(items: readonly Item[], now: Date): Discrepancy[] {
  const of = (entity: string) => items.filter((i) => i.entity === entity);
  // Each hotel's today on its own clock: a night that is still today there is not past yet.
  const todays = new Map(
    of(ENTITY.hotel).map((i) => [String(i.hotelId), hotelLocalTime(HOTEL_ITEM.fromItem(i), now).date]),
  );
  const anywhere = todayAnywhere(now).earliest;
  const bookings = of(ENTITY.booking).map((i) => ({
    hotelId: String(i.hotelId),
    bookingId: String(i.bookingId),
    roomTypeId: String(i.roomTypeId),
    checkIn: String(i.checkIn),
    checkOut: String(i.checkOut),
    rooms: Number(i.rooms),
    status: String(i.status),
    ...(typeof i.releasedFrom === 'string' ? { releasedFrom: i.releasedFrom } : {}),
  }));
  // A night that carries only calendar settings has no `booked`: nothing is booked on it.
  const nights = of(ENTITY.night).map((i) => ({
    hotelId: String(i.hotelId),
    roomTypeId: String(i.roomTypeId),
    night: String(i.night),
    booked: Number(i.booked ?? 0),
  }));
  const capacities = of(ENTITY.roomType).map((i) => ({
    hotelId: String(i.hotelId),
    roomTypeId: String(i.roomTypeId),
    totalRooms: Number(i.totalRooms),
  }));
  return findDiscrepancies(bookings, nights, capacities, (hotelId) => todays.get(hotelId) ?? anywhere);
}

function hotelParts(items: readonly Item[]): HotelPartFacts[] {
  return items
    .filter((i) => i.entity === ENTITY.hotel || i.entity === ENTITY.roomType)
    .map((i) => ({
      hotelId: String(i.hotelId),
      entity: i.entity === ENTITY.hotel ? 'HOTEL' : 'ROOM_TYPE',
      roomTypeId: i.roomTypeId as string | undefined,
      status: i.status as string | undefined,
      managedIn: i.managedIn as string | undefined,
      pendingTotalRooms: i.pendingTotalRooms as number | undefined,
      writtenAt: i.writtenAt as number | undefined,
    }));
}

/**
 * Checks the booking invariant over the table (or one hotel) and lists every
 * difference. A scan of a live table can see a booking's counters without the
 * booking (or the other way round) when it commits between two pages, so each
 * hotel that shows a mismatch is read again, alone and consistently, and only a
 * mismatch that is still there is reported.
 */
export async function reconcileTable(
  doc: DynamoDBDocumentClient,
  tableName: string,
  options: { hotelId?: string; now?: Date; region?: string; stuckAfterMs?: number } = {},
): Promise<ReconcileReport> {
  const items = await readAll(doc, tableName, options.hotelId);
  const now = options.now ?? new Date();
  let discrepancies = discrepanciesIn(items, now);
  for (let recheck = 0; recheck < RECHECKS && discrepancies.length; recheck++) {
    const suspects = [...new Set(discrepancies.map((d) => d.hotelId))];
    const again: Discrepancy[] = [];
    for (const hotelId of suspects)
      again.push(...discrepanciesIn(await readAll(doc, tableName, hotelId), now));
    discrepancies = again;
  }
  const parts = hotelParts(items);
  return {
    bookings: items.filter((i) => i.entity === ENTITY.booking).length,
    nights: items.filter((i) => i.entity === ENTITY.night).length,
    discrepancies,
    nonOwnerWrites: findNonOwnerWrites(options.region ?? '', items.map(itemFacts)),
    stuck: findStuckChanges(
      parts,
      (options.now ?? new Date()).getTime(),
      options.stuckAfterMs ?? STUCK_AFTER_MS,
    ),
    splitOwnership: findSplitOwnership(parts),
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
