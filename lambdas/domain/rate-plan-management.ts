/**
 * A hotelier's rate plans: put one (create or replace), list a room type's (the
 * standard plan first), and stop one. Only the owner of the hotel may, and only in
 * the hotel's owner region: a write elsewhere is refused with `NotOwnerRegion`, which
 * forwards it. Bookings keep the terms they were made under, whatever happens here.
 */
import { type DomainContext, MAX_STALE_RETRIES } from './context';
import { Conflict, HotelMoving, NotFound, NotOwnerRegion, StaleRead, ValidationFailed } from './errors';
import { hotelOwnedBy } from './hotels';
import type { Hotel, RoomType } from './model';
import type { RatesWrite } from './ports';
import {
  type CancellationRule,
  type FeeRule,
  type PriceAdjustment,
  type RatePlan,
  STANDARD_RATE_PLAN_ID,
  STANDARD_TERMS,
} from './rate-plans';
import { withPlanRates } from './rates';

/** What a hotelier sends for a plan. */
export interface RatePlanInput {
  readonly name: string;
  readonly priceAdjustment?: PriceAdjustment;
  readonly cancellation: CancellationRule;
  readonly noShowFee: FeeRule;
  readonly includes?: readonly string[];
  readonly minAdvanceDays?: number;
  readonly maxAdvanceDays?: number;
}

/** A plan as listed: the standard plan has no item, so no version or time. */
export type ListedRatePlan = Omit<RatePlan, 'hotelId' | 'roomTypeId' | 'status' | 'version' | 'updatedAt'> &
  Partial<Pick<RatePlan, 'updatedAt'>>;

/** A room type sells under at most this many plans of its hotelier's, besides standard: availability reads them all. */
export const MAX_RATE_PLANS_PER_ROOM_TYPE = 20;

/**
 * Refuses a plan beyond the limit (409). The count is read before the write, and the write is
 * conditioned on the hotel's version, which every plan write bumps (the rate summary): a put
 * that raced another is refused as stale and counts again.
 */
async function assertRoomForAnotherPlan(
  ctx: DomainContext,
  hotelId: string,
  roomTypeId: string,
): Promise<void> {
  const active = (await ctx.hotels.listRatePlans(hotelId, roomTypeId, { consistent: true })).filter(
    (p) => p.status === 'ACTIVE',
  );
  if (active.length >= MAX_RATE_PLANS_PER_ROOM_TYPE)
    throw new Conflict(
      `A room type sells under at most ${MAX_RATE_PLANS_PER_ROOM_TYPE} plans besides standard; stop one first`,
      { limit: MAX_RATE_PLANS_PER_ROOM_TYPE },
    );
}

/** Refuses `standard`: it is the room type's own plan, priced and governed by the room type. */
function assertNotStandard(ratePlanId: string): void {
  if (ratePlanId === STANDARD_RATE_PLAN_ID)
    throw new ValidationFailed('The standard plan is the room type itself', {
      ratePlanId:
        "standard is every room type's own plan (its price, free cancellation until check-in time); change the room type instead",
    });
}

/** The hotel and the room type, for a plan's write: it must exist, be active, and be written in this region. */
async function roomTypeFor(
  ctx: DomainContext,
  ownerId: string,
  hotelId: string,
  roomTypeId: string,
  forWrite: boolean,
): Promise<{ hotel: Hotel; roomType: RoomType }> {
  const hotel = await hotelOwnedBy(ctx, ownerId, hotelId, { consistent: forWrite, forWrite });
  const roomType = await ctx.hotels.getRoomType(hotelId, roomTypeId, { consistent: forWrite });
  if (roomType?.status !== 'ACTIVE') throw new NotFound('No such room type at this hotel');
  if (forWrite && roomType.managedIn !== ctx.region) throw new NotOwnerRegion(roomType.managedIn);
  if (forWrite && roomType.handover) throw new HotelMoving();
  return { hotel, roomType };
}

/**
 * The hotel's rate summary once `plan` is written: search prices offers by it. None for a
 * hotel stored before summaries (search then reads its room types and offers standard).
 */
async function ratesWithPlan(
  ctx: DomainContext,
  hotel: Hotel,
  plan: RatePlan,
): Promise<RatesWrite | undefined> {
  if (!hotel.rates) return undefined;
  const others = (
    await ctx.hotels.listRatePlans(hotel.hotelId, plan.roomTypeId, { consistent: true })
  ).filter((p) => p.ratePlanId !== plan.ratePlanId);
  return {
    summary: withPlanRates(hotel.rates, plan.roomTypeId, [...others, plan]),
    hotelVersion: hotel.version,
  };
}

/** Problems with a plan against its room type, keyed by field. */
function planProblems(input: RatePlanInput, roomType: RoomType): Record<string, string> {
  const problems: Record<string, string> = {};
  const adjustment = input.priceAdjustment;
  if (adjustment && 'amount' in adjustment && adjustment.amount.currency !== roomType.pricePerNight.currency)
    problems.priceAdjustment = `must be in the room type's currency (${roomType.pricePerNight.currency})`;
  if (
    input.minAdvanceDays !== undefined &&
    input.maxAdvanceDays !== undefined &&
    input.minAdvanceDays > input.maxAdvanceDays
  )
    problems.minAdvanceDays = 'must not be above maxAdvanceDays';
  return problems;
}

/**
 * Creates or replaces a plan of a room type; `created` is true for a new plan (or
 * one stopped before). Bookings already made keep their copy of the old terms; a
 * booking quoted under the old terms and not yet committed is refused or re-quoted.
 */
export async function putRatePlan(
  ctx: DomainContext,
  ownerId: string,
  hotelId: string,
  roomTypeId: string,
  ratePlanId: string,
  input: RatePlanInput,
): Promise<{ plan: RatePlan; created: boolean }> {
  assertNotStandard(ratePlanId);
  for (let attempt = 0; attempt < MAX_STALE_RETRIES; attempt++) {
    const { hotel, roomType } = await roomTypeFor(ctx, ownerId, hotelId, roomTypeId, true);
    const problems = planProblems(input, roomType);
    if (Object.keys(problems).length) throw new ValidationFailed('The rate plan is not valid', problems);
    const existing = await ctx.hotels.getRatePlan(hotelId, roomTypeId, ratePlanId, { consistent: true });
    if (existing?.status !== 'ACTIVE') await assertRoomForAnotherPlan(ctx, hotelId, roomTypeId);
    const plan: RatePlan = {
      hotelId,
      roomTypeId,
      ratePlanId,
      name: input.name,
      ...(input.priceAdjustment ? { priceAdjustment: input.priceAdjustment } : {}),
      cancellation: input.cancellation,
      noShowFee: input.noShowFee,
      includes: [...(input.includes ?? [])],
      ...(input.minAdvanceDays !== undefined ? { minAdvanceDays: input.minAdvanceDays } : {}),
      ...(input.maxAdvanceDays !== undefined ? { maxAdvanceDays: input.maxAdvanceDays } : {}),
      status: 'ACTIVE',
      version: (existing?.version ?? 0) + 1,
      updatedAt: ctx.now().toISOString(),
    };
    try {
      await ctx.hotels.putRatePlan(plan, existing?.version, await ratesWithPlan(ctx, hotel, plan));
      return { plan, created: existing?.status !== 'ACTIVE' };
    } catch (error) {
      if (error instanceof StaleRead) continue;
      throw error;
    }
  }
  throw new Conflict('The rate plan kept changing; please retry');
}

/** A room type's plans on sale, the standard plan first, then the hotelier's by id. */
export async function listRatePlans(
  ctx: DomainContext,
  ownerId: string,
  hotelId: string,
  roomTypeId: string,
): Promise<ListedRatePlan[]> {
  await roomTypeFor(ctx, ownerId, hotelId, roomTypeId, false);
  const plans = (await ctx.hotels.listRatePlans(hotelId, roomTypeId))
    .filter((p) => p.status === 'ACTIVE')
    .sort((a, b) => (a.ratePlanId < b.ratePlanId ? -1 : 1));
  const { version: _v, ...standard } = STANDARD_TERMS;
  return [
    standard,
    ...plans.map(({ hotelId: _h, roomTypeId: _r, status: _s, version: _n, ...plan }) => plan),
  ];
}

/**
 * Stops selling a plan: it leaves availability and no new booking takes it; bookings
 * made under it keep their terms. Stopping a stopped plan changes nothing.
 */
export async function stopRatePlan(
  ctx: DomainContext,
  ownerId: string,
  hotelId: string,
  roomTypeId: string,
  ratePlanId: string,
): Promise<void> {
  assertNotStandard(ratePlanId);
  for (let attempt = 0; attempt < MAX_STALE_RETRIES; attempt++) {
    const { hotel } = await roomTypeFor(ctx, ownerId, hotelId, roomTypeId, true);
    const existing = await ctx.hotels.getRatePlan(hotelId, roomTypeId, ratePlanId, { consistent: true });
    if (!existing) throw new NotFound('No such rate plan for this room type');
    if (existing.status === 'STOPPED') return;
    const stopped: RatePlan = {
      ...existing,
      status: 'STOPPED',
      version: existing.version + 1,
      updatedAt: ctx.now().toISOString(),
    };
    try {
      await ctx.hotels.putRatePlan(stopped, existing.version, await ratesWithPlan(ctx, hotel, stopped));
      return;
    } catch (error) {
      if (error instanceof StaleRead) continue;
      throw error;
    }
  }
  throw new Conflict('The rate plan kept changing; please retry');
}
