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
import { clockOf } from '../../domain/hotel-clock';
import { type BackfillReport, backfillByScan, ownHotelsWithout } from './backfill-scan';
import { HOTEL_ITEM } from './items/hotel';
import type { Item } from './items/item-kind';
import type { HotelTableClient } from './table-client';

/** Writes the default clock of every hotel owned in this region that has no `timeZone`, a page at a time. */
export function backfillHotelClocks(
  table: HotelTableClient,
  onPage: (report: BackfillReport) => void = () => {},
): Promise<BackfillReport> {
  return backfillByScan(
    table,
    ownHotelsWithout(table, 'timeZone'),
    (hotel) => backfillOne(table, hotel),
    onPage,
  );
}

async function backfillOne(table: HotelTableClient, hotel: Item): Promise<boolean> {
  const clock = clockOf({ country: String(hotel.country) });
  const set = table.assignments({ ...clock });
  const result = await table.conditionalUpdate({
    Key: HOTEL_ITEM.key(String(hotel.hotelId)),
    UpdateExpression: `SET ${set.clause} ADD #version :one`,
    // Never under a handover's fence: a write there could outlive the switch and undo it.
    ConditionExpression:
      'attribute_exists(pk) AND attribute_not_exists(#timeZone) AND #managedIn = :region AND attribute_not_exists(#handover)',
    ExpressionAttributeNames: {
      ...set.names,
      '#version': 'version',
      '#managedIn': 'managedIn',
      '#handover': 'handover',
    },
    ExpressionAttributeValues: { ...set.values, ':one': 1, ':region': table.region },
  });
  return result.ok;
}
