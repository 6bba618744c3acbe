/**
 * Re-keys hotels whose owner-index sort key was made by an older name fold (before
 * the one fold, `ø`, `đ`, `ß` and their kind folded differently), so a hotelier's
 * list orders every hotel as `ownerSk` orders it today. A one-off for a deployed
 * table, run in each region for the hotels it owns. Each hotel is one conditional
 * write that applies only while its name and key are those read, so a rename
 * meanwhile (which writes the right key itself) is never overwritten, and running
 * it again picks up where it left off. Only the index key changes (with the version
 * and write stamp, as every write, so replication carries it): nothing a traveller or
 * a hotelier sees besides the order.
 */
import { type BackfillReport, backfillByScan } from './backfill-scan';
import { HOTEL_ITEM } from './items/hotel';
import type { Item } from './items/item-kind';
import { ownerSk } from './keys';
import type { HotelTableClient } from './table-client';
import { OWNER_INDEX } from './table-definition';

/** Rewrites the owner sort key of every hotel owned here whose key is not today's, a page at a time. */
export function backfillOwnerKeys(
  table: HotelTableClient,
  onPage: (report: BackfillReport) => void = () => {},
): Promise<BackfillReport> {
  const keyOf = (hotel: Item) => ownerSk(String(hotel.name), String(hotel.hotelId));
  return backfillByScan(
    table,
    {
      // The owner index holds hotels only; whether a key is stale is for the fold to say.
      IndexName: OWNER_INDEX,
      FilterExpression: 'managedIn = :region',
      ExpressionAttributeValues: { ':region': table.region },
    },
    (hotel) => rekey(table, hotel, keyOf(hotel)),
    onPage,
    (hotel) => hotel.ownerSk !== keyOf(hotel),
  );
}

async function rekey(table: HotelTableClient, hotel: Item, key: string): Promise<boolean> {
  const set = table.assignments({ ownerSk: key });
  const result = await table.conditionalUpdate({
    Key: HOTEL_ITEM.key(String(hotel.hotelId)),
    UpdateExpression: `SET ${set.clause} ADD #version :one`,
    // Never under a handover's fence: a write there could outlive the switch and undo it.
    ConditionExpression:
      '#name = :name AND #ownerSk = :old AND #managedIn = :region AND attribute_not_exists(#handover)',
    ExpressionAttributeNames: {
      ...set.names,
      '#version': 'version',
      '#name': 'name',
      '#managedIn': 'managedIn',
      '#handover': 'handover',
    },
    ExpressionAttributeValues: {
      ...set.values,
      ':one': 1,
      ':name': hotel.name,
      ':old': hotel.ownerSk,
      ':region': table.region,
    },
  });
  return result.ok;
}
