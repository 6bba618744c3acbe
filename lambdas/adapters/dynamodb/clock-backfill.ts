/**
 * Gives hotels stored before the hotel's clock existed their `timeZone`,
 * `checkInTime` and `checkOutTime`: the country's default zone and the default
 * times, exactly what such a hotel already reads as. A one-off for a deployed
 * table, run in each region for the hotels it owns (replication carries the
 * result to the other region). Resumable: each hotel is written once, under a
 * condition that it still has no zone, so running it again (after a crash, a
 * throttle, a stop) picks up where it left off and never overwrites a zone a
 * hotelier has set meanwhile.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { clockOf } from '../../domain/hotel-clock';
import { HOTEL_ITEM } from './items/hotel';
import type { Item } from './items/item-kind';
import { ENTITY } from './keys';
import type { HotelTableClient } from './table-client';
import { OWNER_INDEX } from './table-definition';

export interface ClockBackfillReport {
  /** Hotels without a zone that this run found. */
  readonly found: number;
  /** Hotels it gave their clock. */
  readonly written: number;
  /** Hotels that got a zone meanwhile (a hotelier's PATCH, another run) or moved region: left as they are. */
  readonly skipped: number;
}

/** Writes the default clock of every hotel owned in this region that has no `timeZone`, a page at a time. */
export async function backfillHotelClocks(
  table: HotelTableClient,
  onPage: (report: ClockBackfillReport) => void = () => {},
): Promise<ClockBackfillReport> {
  let found = 0;
  let written = 0;
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await table.retrying(() =>
      table.doc.send(
        new ScanCommand({
          TableName: table.tableName,
          IndexName: OWNER_INDEX,
          // TIMEZONE is one of DynamoDB's reserved words: always by a placeholder.
          FilterExpression: 'entity = :hotel AND attribute_not_exists(#zone) AND managedIn = :region',
          ExpressionAttributeNames: { '#zone': 'timeZone' },
          ExpressionAttributeValues: { ':hotel': ENTITY.hotel, ':region': table.region },
          ExclusiveStartKey,
        }),
      ),
    );
    for (const hotel of page.Items ?? []) {
      found++;
      if (await backfillOne(table, hotel)) written++;
    }
    onPage({ found, written, skipped: found - written });
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return { found, written, skipped: found - written };
}

async function backfillOne(table: HotelTableClient, hotel: Item): Promise<boolean> {
  const clock = clockOf({ country: String(hotel.country) });
  const set = table.assignments({ ...clock });
  const result = await table.conditionalUpdate({
    Key: HOTEL_ITEM.key(String(hotel.hotelId)),
    UpdateExpression: `SET ${set.clause} ADD #version :one`,
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#timeZone) AND #managedIn = :region',
    ExpressionAttributeNames: { ...set.names, '#version': 'version', '#managedIn': 'managedIn' },
    ExpressionAttributeValues: { ...set.values, ':one': 1, ':region': table.region },
  });
  return result.ok;
}
