/**
 * The DynamoDB side of rate plans: read one, list a room type's (or a hotel's), and
 * write one behind its room type's guard (active, owned here, not fenced for a
 * handover) and its own version, so two writes of one plan never both win.
 */

import { StaleRead } from '../../domain/errors';
import type { RatesWrite, ReadOptions } from '../../domain/ports';
import type { RatePlan } from '../../domain/rate-plans';
import { explainRefusal, GUARD_NAMES, WRITABLE } from './guards';
import { HOTEL_ITEM, rateAttributes } from './items/hotel';
import { RATE_PLAN_ITEM } from './items/rate-plan';
import { ROOM_TYPE_ITEM } from './items/room-type';
import { hotelPk, RATE_PLAN_PREFIX } from './keys';
import type { HotelTableClient } from './table-client';
import { ConditionsFailed, type IntentItem } from './transact';

/** One plan, stopped or not. */
export async function readRatePlan(
  table: HotelTableClient,
  hotelId: string,
  roomTypeId: string,
  ratePlanId: string,
  options?: ReadOptions,
): Promise<RatePlan | undefined> {
  const item = await table.get(RATE_PLAN_ITEM.key(hotelId, roomTypeId, ratePlanId), options);
  return item ? RATE_PLAN_ITEM.fromItem(item) : undefined;
}

/** The plans of one room type, or of every room type of the hotel, stopped ones too: one query. */
export async function queryRatePlans(
  table: HotelTableClient,
  hotelId: string,
  roomTypeId: string | undefined,
  options?: ReadOptions,
): Promise<RatePlan[]> {
  const items = await table.query({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: {
      ':pk': hotelPk(hotelId),
      ':prefix': roomTypeId === undefined ? RATE_PLAN_PREFIX : RATE_PLAN_ITEM.prefix(roomTypeId),
    },
    ConsistentRead: options?.consistent ?? false,
  });
  return items.map(RATE_PLAN_ITEM.fromItem);
}

/**
 * Writes `plan` (with the hotel's new rate summary, when given, in the same
 * transaction) if its room type is writable here and the plan is still at
 * `expectedVersion` (none: it must not exist). `NotFound`, `NotOwnerRegion` or
 * `HotelMoving` from the room type's guard; `StaleRead` when the plan moved.
 */
export async function writeRatePlan(
  table: HotelTableClient,
  plan: RatePlan,
  expectedVersion: number | undefined,
  rates?: RatesWrite,
): Promise<void> {
  try {
    await table.transact([
      ...(rates ? [planRatesUpdate(table, plan.hotelId, rates)] : []),
      {
        intent: 'guardRoomType',
        ref: plan.roomTypeId,
        item: {
          ConditionCheck: {
            TableName: table.tableName,
            Key: ROOM_TYPE_ITEM.key(plan.hotelId, plan.roomTypeId),
            ConditionExpression: WRITABLE,
            ExpressionAttributeNames: {
              '#status': GUARD_NAMES['#status'],
              '#managedIn': GUARD_NAMES['#managedIn'],
              '#handover': GUARD_NAMES['#handover'],
            },
            ExpressionAttributeValues: { ':active': 'ACTIVE', ':region': table.region },
          },
        },
      },
      {
        intent: 'putRatePlan',
        ref: plan.ratePlanId,
        item: {
          Put: {
            TableName: table.tableName,
            Item: RATE_PLAN_ITEM.toItem(plan, table.writeStamp()),
            ...(expectedVersion === undefined
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : {
                  ConditionExpression: '#version = :expected',
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':expected': expectedVersion },
                }),
          },
        },
      },
    ]);
  } catch (error) {
    if (!(error instanceof ConditionsFailed)) throw error;
    const guard = error.of('guardRoomType')[0];
    if (guard) throw explainRefusal(table.region, guard.old, 'room type');
    // Another write of the hotel's summary came first: it must be read again.
    throw new StaleRead(error.of('summarizeRates').length ? 'hotel' : 'rate plan');
  }
}

/** The hotel's new rate summary (its plans for search), if the hotel is still at the version it was made from. */
function planRatesUpdate(table: HotelTableClient, hotelId: string, rates: RatesWrite): IntentItem {
  const set = table.assignments(rateAttributes(rates.summary));
  return {
    intent: 'summarizeRates',
    item: {
      Update: {
        TableName: table.tableName,
        Key: HOTEL_ITEM.key(hotelId),
        UpdateExpression: `SET ${set.clause} ADD #version :one`,
        ConditionExpression: '#version = :hotelVersion',
        ExpressionAttributeNames: { ...set.names, '#version': 'version' },
        ExpressionAttributeValues: { ...set.values, ':one': 1, ':hotelVersion': rates.hotelVersion },
      },
    },
  };
}

/** DynamoDB's limit of items in one transaction. */
const TRANSACTION_ITEMS = 100;

/** Deletes every plan of a hotel, in transactions of at most 100; repeating it after a failure finishes it. */
export async function deleteHotelRatePlans(table: HotelTableClient, hotelId: string): Promise<void> {
  const plans = await queryRatePlans(table, hotelId, undefined, { consistent: true });
  for (let at = 0; at < plans.length; at += TRANSACTION_ITEMS)
    await table.transact(
      plans.slice(at, at + TRANSACTION_ITEMS).map((plan) => ({
        intent: 'deleteRatePlan' as const,
        ref: plan.ratePlanId,
        item: {
          Delete: {
            TableName: table.tableName,
            Key: RATE_PLAN_ITEM.key(hotelId, plan.roomTypeId, plan.ratePlanId),
          },
        },
      })),
    );
}

/** The booking transaction's check that the plan it quoted is still for sale at the version quoted. */
export function ratePlanGuard(
  table: HotelTableClient,
  hotelId: string,
  roomTypeId: string,
  ratePlan: { readonly ratePlanId: string; readonly version: number },
) {
  return {
    intent: 'guardRatePlan' as const,
    ref: ratePlan.ratePlanId,
    item: {
      ConditionCheck: {
        TableName: table.tableName,
        Key: RATE_PLAN_ITEM.key(hotelId, roomTypeId, ratePlan.ratePlanId),
        ConditionExpression: '#status = :active AND #version = :version',
        ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
        ExpressionAttributeValues: { ':active': 'ACTIVE', ':version': ratePlan.version },
      },
    },
  };
}
