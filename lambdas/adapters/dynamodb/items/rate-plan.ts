/** The rate plan item: one per hotelier's plan of a room type, in its hotel's partition, after its room type's other plans. */
import type { RatePlan } from '../../../domain/rate-plans';
import { ENTITY, hotelPk, RATE_PLAN_PREFIX, ratePlanSk } from '../keys';
import { type Item, type ItemKey, type WriteStamp, withoutStorage } from './item-kind';

export const RATE_PLAN_ITEM = {
  entity: ENTITY.ratePlan,
  key: (hotelId: string, roomTypeId: string, ratePlanId: string): ItemKey => ({
    pk: hotelPk(hotelId),
    sk: ratePlanSk(roomTypeId, ratePlanId),
  }),
  /** Every plan of a hotel's room type sorts under this prefix (`#` never occurs in a room type's id). */
  prefix: (roomTypeId: string) => `${RATE_PLAN_PREFIX}${roomTypeId}#`,
  /** The stored form of a plan, owned by the region that writes it (its room type's owner). */
  toItem(plan: RatePlan, stamp: WriteStamp): Item {
    return {
      ...RATE_PLAN_ITEM.key(plan.hotelId, plan.roomTypeId, plan.ratePlanId),
      entity: ENTITY.ratePlan,
      ...Object.fromEntries(Object.entries(plan).filter(([, v]) => v !== undefined)),
      managedIn: stamp.writtenBy,
      ...stamp,
    };
  },
  fromItem(item: Item): RatePlan {
    const { managedIn: _owner, ...plan } = withoutStorage<RatePlan & { managedIn?: string }>(item);
    return plan;
  },
} as const;
