/**
 * Gives hotels stored before rate summaries existed their summary: the room
 * types and a price floor under every base price and every calendar price of
 * the hotel, read from its partition. Run by the local environment at start,
 * in each region for the hotels it owns (replication carries the result to
 * the other region); a hotel written meanwhile is left for its next room type write.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Money } from '../../domain/money';
import { lowerFloor, summarizeRates } from '../../domain/rates';
import { GUARD_NAMES } from './guards';
import { HOTEL_ITEM, rateAttributes } from './items/hotel';
import type { Item } from './items/item-kind';
import { ROOM_TYPE_ITEM } from './items/room-type';
import { ENTITY, hotelPk } from './keys';
import type { HotelTableClient } from './table-client';
import { OWNER_INDEX } from './table-definition';

/** Summarizes every hotel owned in this region that has no rate summary yet; returns how many it wrote. */
export async function backfillRateSummaries(table: HotelTableClient): Promise<number> {
  const missing: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await table.doc.send(
      new ScanCommand({
        TableName: table.tableName,
        IndexName: OWNER_INDEX,
        FilterExpression: 'entity = :hotel AND attribute_not_exists(rates) AND managedIn = :region',
        ExpressionAttributeValues: { ':hotel': ENTITY.hotel, ':region': table.region },
        ExclusiveStartKey,
      }),
    );
    missing.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  let written = 0;
  for (const hotel of missing) if (await backfillOne(table, hotel)) written++;
  return written;
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
