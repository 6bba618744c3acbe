/**
 * Gives bookings stored before references existed their `reference`, so every
 * booking can be found again by reference and e-mail. A one-off for a deployed
 * table (or an old local data dir), run in each region for the bookings it owns;
 * replication carries the result to the other region. Each booking gets its
 * reference in one transaction with the reference's claim, exactly as a new
 * booking does, under conditions that it still has none and is still owned here:
 * running it again (after a crash, a throttle, a stop) picks up where it left off.
 * The write bumps the booking's version but changes neither its status nor its
 * stay, so it publishes no event and sends the guest no message.
 */
import { newReference } from '../../domain/booking-reference';
import { NotFound, NotOwnerRegion, OwnerRegionUnavailable } from '../../domain/errors';
import { type BackfillReport, backfillByScan } from './backfill-scan';
import { updateOwnedBooking } from './booking-update';
import { BOOKING_ITEM } from './items/booking';
import type { Item } from './items/item-kind';
import { claimReference } from './items/reference';
import type { HotelTableClient } from './table-client';
import { STAY_INDEX } from './table-definition';
import { ConditionsFailed } from './transact';

/** How many references to draw for one booking before giving up on it (a clash is about 1 in 40,000). */
const DRAWS = 5;

/** Gives a reference to every booking owned in this region that has none, a page at a time. */
export function backfillBookingReferences(
  table: HotelTableClient,
  onPage: (report: BackfillReport) => void = () => {},
): Promise<BackfillReport> {
  return backfillByScan(
    table,
    {
      // The stay index holds bookings only, so the scan reads no night or hotel items.
      IndexName: STAY_INDEX,
      FilterExpression: 'attribute_not_exists(#reference) AND managedIn = :region',
      ExpressionAttributeNames: { '#reference': 'reference' },
      ExpressionAttributeValues: { ':region': table.region },
    },
    (item) => backfillOne(table, item),
    onPage,
  );
}

/** True when `item`'s booking got a reference from this run. */
async function backfillOne(table: HotelTableClient, item: Item): Promise<boolean> {
  const booking = BOOKING_ITEM.fromItem(item);
  for (let draw = 0; draw < DRAWS; draw++) {
    const reference = newReference(table.region);
    let taken = false;
    try {
      await updateOwnedBooking(
        table,
        booking,
        {
          intent: 'assignReference',
          fields: { reference },
          condition: 'attribute_exists(pk) AND attribute_not_exists(#reference)',
          names: { '#reference': 'reference' },
        },
        (error) => {
          taken = error.of('claimReference').length > 0;
          return error;
        },
        claimReference(table, { ...booking, reference }),
      );
      return true;
    } catch (error) {
      if (taken) continue; // a clash of references: draw another
      // A reference set meanwhile, the hotel moving, gone or owned elsewhere: left to
      // whoever owns it now (a later run finds it again if it still has none).
      if (error instanceof ConditionsFailed || error instanceof NotOwnerRegion) return false;
      if (error instanceof OwnerRegionUnavailable || error instanceof NotFound) return false;
      throw error;
    }
  }
  return false;
}
