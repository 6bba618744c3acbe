/**
 * Gives hotels stored before rate summaries existed their summary (and summaries from
 * before they carried their room types' names and occupancy those fields): the room types
 * with their plans on sale, and a price floor under every base price and every
 * calendar price of the hotel, lowered by each room type's deepest discount, read
 * from its partition. Run by the local environment at start, in each region for the
 * hotels it owns (replication carries the result to the other region); a hotel
 * written meanwhile is left for its next room type or plan write.
 */
import type { Money } from '../../domain/money';
import { lowerFloor, type RateSummary, summarizeRates, withPlanRates } from '../../domain/rates';
import { type BackfillReport, backfillByScan, ownHotelsWhere } from './backfill-scan';
import { GUARD_NAMES } from './guards';
import { DynamoDbHotelStore } from './hotel-store';
import { HOTEL_ITEM, rateAttributes } from './items/hotel';
import type { Item } from './items/item-kind';
import { RATE_PLAN_ITEM } from './items/rate-plan';
import { ROOM_TYPE_ITEM } from './items/room-type';
import { ENTITY, hotelPk } from './keys';
import type { HotelTableClient } from './table-client';

/**
 * Summarizes every hotel owned in this region that has no rate summary yet, and gives a
 * summary from before it carried the offer's fields (its room types' names, occupancy)
 * those fields, a page at a time.
 */
export function backfillRateSummaries(
  table: HotelTableClient,
  onPage: (report: BackfillReport) => void = () => {},
): Promise<BackfillReport> {
  return backfillByScan(
    table,
    // A summary's room types all carry the offer's fields or none do: the first tells.
    ownHotelsWhere(
      table,
      'attribute_not_exists(#rates) OR (attribute_exists(#rates.roomTypes[0]) AND attribute_not_exists(#rates.roomTypes[0].#name))',
      { '#rates': 'rates', '#name': 'name' },
    ),
    (hotel) => (hotel.rates ? addOfferFields(table, hotel) : backfillOne(table, hotel)),
    onPage,
  );
}

/**
 * Rewrites `hotel`'s summary from its room types, keeping its plans and floor, unless the
 * hotel moved meanwhile: only the room types are read, not the partition's nights and bookings.
 */
async function addOfferFields(table: HotelTableClient, hotel: Item): Promise<boolean> {
  const roomTypes = await new DynamoDbHotelStore(table).listRoomTypes(String(hotel.hotelId), {
    consistent: true,
  });
  return writeSummary(
    table,
    hotel,
    summarizeRates(roomTypes, hotel.rates as RateSummary),
    '#version = :version',
  );
}

async function backfillOne(table: HotelTableClient, hotel: Item): Promise<boolean> {
  const hotelId = String(hotel.hotelId);
  // The whole partition: the floor must lie below every calendar price ever set.
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
  return writeSummary(table, hotel, summary, 'attribute_not_exists(rates) AND #version = :version');
}

/** Writes `summary` on `hotel` on `condition`, only where this region owns the hotel and no handover fences it. */
async function writeSummary(
  table: HotelTableClient,
  hotel: Item,
  summary: RateSummary,
  condition: string,
): Promise<boolean> {
  const set = table.assignments(rateAttributes(summary));
  const result = await table.conditionalUpdate({
    Key: HOTEL_ITEM.key(String(hotel.hotelId)),
    UpdateExpression: `SET ${set.clause} ADD #version :one`,
    // Never under a handover's fence: a write there could outlive the switch and undo it.
    ConditionExpression: `${condition} AND #managedIn = :region AND attribute_not_exists(#handover)`,
    ExpressionAttributeNames: {
      ...set.names,
      '#version': GUARD_NAMES['#version'],
      '#managedIn': GUARD_NAMES['#managedIn'],
      '#handover': GUARD_NAMES['#handover'],
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
