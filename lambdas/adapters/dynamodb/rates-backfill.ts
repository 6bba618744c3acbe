/**
 * Gives hotels stored before rate summaries existed their summary: the room types
 * with their plans on sale, and a price floor under every base price and every
 * calendar price of the hotel, lowered by each room type's deepest discount, read
 * from its partition. Run by the local environment at start, in each region for the
 * hotels it owns (replication carries the result to the other region); a hotel
 * written meanwhile is left for its next room type or plan write.
 */
import type { Money } from '../../domain/money';
import { lowerFloor, summarizeRates, withPlanRates } from '../../domain/rates';
import { type BackfillReport, backfillByScan, ownHotelsWithout } from './backfill-scan';
import { GUARD_NAMES } from './guards';
import { HOTEL_ITEM, rateAttributes } from './items/hotel';
import type { Item } from './items/item-kind';
import { RATE_PLAN_ITEM } from './items/rate-plan';
import { ROOM_TYPE_ITEM } from './items/room-type';
import { ENTITY, hotelPk } from './keys';
import type { HotelTableClient } from './table-client';

/** Summarizes every hotel owned in this region that has no rate summary yet, a page at a time. */
export function backfillRateSummaries(
  table: HotelTableClient,
  onPage: (report: BackfillReport) => void = () => {},
): Promise<BackfillReport> {
  return backfillByScan(
    table,
    ownHotelsWithout(table, 'rates'),
    (hotel) => backfillOne(table, hotel),
    onPage,
  );
}

async function backfillOne(table: HotelTableClient, hotel: Item): Promise<boolean> {
  const hotelId = String(hotel.hotelId);
  const items = await table.query({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': hotelPk(hotelId) },
    ConsistentRead: true,
  });
  const roomTypes = items.filter((i) => i.entity === ENTITY.roomType).map(ROOM_TYPE_ITEM.fromItem);
  let summary = summarizeRates(roomTypes, { roomTypes: [], priceFloor: null });
  // Every calendar price ever set, past or future: the floor only has to lie below them all.
  for (const night of items.filter((i) => i.entity === ENTITY.night && i.price))
    summary = { ...summary, priceFloor: lowerFloor(summary.priceFloor, night.price as Money) };
  // Then each room type's plans, whose discounts lower that floor as a plan write does.
  const plans = items.filter((i) => i.entity === ENTITY.ratePlan).map(RATE_PLAN_ITEM.fromItem);
  for (const { roomTypeId } of summary.roomTypes)
    summary = withPlanRates(
      summary,
      roomTypeId,
      plans.filter((p) => p.roomTypeId === roomTypeId),
    );
  const set = table.assignments(rateAttributes(summary));
  const result = await table.conditionalUpdate({
    Key: HOTEL_ITEM.key(hotelId),
    UpdateExpression: `SET ${set.clause} ADD #version :one`,
    ConditionExpression: 'attribute_not_exists(rates) AND #version = :version AND #managedIn = :region',
    ExpressionAttributeNames: {
      ...set.names,
      '#version': GUARD_NAMES['#version'],
      '#managedIn': 'managedIn',
    },
    ExpressionAttributeValues: {
      ...set.values,
      ':one': 1,
      ':version': hotel.version,
      ':region': table.region,
    },
  });
  return result.ok;
}
