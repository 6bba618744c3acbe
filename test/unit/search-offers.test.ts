/**
 * A dated search's offer per room type: the cheapest plan that sells the stay for the
 * rooms and guests, with its plan and whether it refunds; and the rate summary that
 * carries the plans to search, whose floor stays under every plan's night price.
 * Every date is given, never today's.
 */
import { describe, expect, it } from 'vitest';
import type { RoomType } from '../../lambdas/domain/model';
import type { RatePlan } from '../../lambdas/domain/rate-plans';
import { lowestPlanPrice, type PlanRate, summarizeRates, withPlanRates } from '../../lambdas/domain/rates';
import { offerOf, type StayAsked } from '../../lambdas/domain/stay-check';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const roomType: RoomType = {
  hotelId: 'h',
  roomTypeId: 'family',
  name: 'Family Room',
  totalRooms: 4,
  pricePerNight: usd(10_000),
  maxOccupancy: 4,
  standardOccupancy: 2,
  extraGuestPerNight: usd(2_000),
  status: 'ACTIVE',
  managedIn: 'us-east-1',
  version: 1,
};
const stay: StayAsked = {
  checkIn: '2031-03-10',
  checkOut: '2031-03-12',
  rooms: 2,
  today: { earliest: '2031-02-27', latest: '2031-02-28' },
};
const nonRefundable: PlanRate = {
  ratePlanId: 'nonref',
  priceAdjustment: { percent: -15 },
  refundable: false,
};
const breakfast: PlanRate = {
  ratePlanId: 'breakfast',
  priceAdjustment: { amount: usd(1_500) },
  refundable: true,
};

describe('the offer of a room type in a dated search', () => {
  it('is standard without plans: rooms × nights, refundable', () => {
    expect(offerOf(roomType, [], stay)).toEqual({
      roomTypeId: 'family',
      name: 'Family Room',
      available: 4,
      totalPrice: usd(40_000),
      ratePlanId: 'standard',
      refundable: true,
    });
  });

  it('is the cheapest plan that sells the stay, with its plan id and refundability', () => {
    expect(offerOf(roomType, [], stay, [breakfast, nonRefundable])).toMatchObject({
      totalPrice: usd(34_000),
      ratePlanId: 'nonref',
      refundable: false,
    });
    // A dearer plan never wins; at a tie the earlier plan (standard) stays.
    expect(offerOf(roomType, [], stay, [breakfast])).toMatchObject({ ratePlanId: 'standard' });
    const free: PlanRate = { ratePlanId: 'same', refundable: true };
    expect(offerOf(roomType, [], stay, [free])).toMatchObject({ ratePlanId: 'standard' });
  });

  it('prices the guests: each above the standard occupancy adds its price per night and room', () => {
    expect(offerOf(roomType, [], { ...stay, adults: 3, children: 1 }, [nonRefundable])).toMatchObject({
      // (10,000 × 0.85 + 2 × 2,000) × 2 nights × 2 rooms
      totalPrice: usd(50_000),
      ratePlanId: 'nonref',
    });
  });

  it('is none for guests the room cannot hold, or fewer rooms free than asked', () => {
    expect(offerOf(roomType, [], { ...stay, adults: 4, children: 1 })).toBeUndefined();
    const full = [{ roomTypeId: 'family', night: '2031-03-11', booked: 3 }];
    expect(offerOf(roomType, full, stay)).toBeUndefined();
  });

  it('leaves out a plan whose advance window does not hold on every local today possible', () => {
    const early: PlanRate = { ...nonRefundable, ratePlanId: 'early', minAdvanceDays: 11 };
    // 11 days ahead from 2031-02-28 but 12 from 2031-02-27: not sure for every hotel, so not offered.
    expect(offerOf(roomType, [], stay, [early])).toMatchObject({ ratePlanId: 'standard' });
    expect(offerOf(roomType, [], stay, [{ ...early, minAdvanceDays: 10 }])).toMatchObject({
      ratePlanId: 'early',
    });
    expect(offerOf(roomType, [], stay, [{ ...early, minAdvanceDays: 0, maxAdvanceDays: 9 }])).toMatchObject({
      ratePlanId: 'standard',
    });
  });

  it('is none when a night is closed, whatever the plan', () => {
    const closed = [{ roomTypeId: 'family', night: '2031-03-10', booked: 0, closed: true }];
    expect(offerOf(roomType, closed, stay, [nonRefundable])).toBeUndefined();
  });
});

describe('the rate summary that carries plans to search', () => {
  const plan = (ratePlanId: string, percent: number, status: RatePlan['status'] = 'ACTIVE'): RatePlan => ({
    hotelId: 'h',
    roomTypeId: 'family',
    ratePlanId,
    name: ratePlanId,
    priceAdjustment: { percent },
    cancellation: { freeUntilHoursBefore: percent < 0 ? null : 24, fee: { nights: 1 } },
    noShowFee: { nights: 1 },
    includes: [],
    status,
    version: 1,
    updatedAt: '2031-01-01T00:00:00.000Z',
  });

  it('lowers the floor by the deepest discount, keeps plans across room type changes, drops stopped ones', () => {
    const base = summarizeRates([roomType], { roomTypes: [], priceFloor: null });
    expect(base.priceFloor).toEqual(usd(10_000));
    const withPlans = withPlanRates(base, 'family', [
      plan('nonref', -20),
      plan('flex', 10),
      plan('old', -50, 'STOPPED'),
    ]);
    expect(withPlans.roomTypes[0]?.plans).toEqual([
      { ratePlanId: 'flex', priceAdjustment: { percent: 10 }, refundable: true },
      { ratePlanId: 'nonref', priceAdjustment: { percent: -20 }, refundable: false },
    ]);
    expect(withPlans.priceFloor).toEqual(usd(8_000));
    // A cheaper base price later: the floor follows it under the discount.
    const cheaper = summarizeRates([{ ...roomType, pricePerNight: usd(9_000) }], withPlans);
    expect(cheaper.roomTypes[0]?.plans).toEqual(withPlans.roomTypes[0]?.plans);
    expect(cheaper.priceFloor).toEqual(usd(7_200));
    // Plans stopped: gone from the summary; the floor, a lower bound, stays.
    const stopped = withPlanRates(cheaper, 'family', [plan('nonref', -20, 'STOPPED')]);
    expect(stopped.roomTypes[0]?.plans).toBeUndefined();
    expect(stopped.priceFloor).toEqual(usd(7_200));
  });

  it('prices a night at its lowest under any plan, never below zero', () => {
    expect(lowestPlanPrice(usd(10_000), [nonRefundable, breakfast])).toEqual(usd(8_500));
    expect(
      lowestPlanPrice(usd(1_000), [
        { ratePlanId: 'x', priceAdjustment: { amount: usd(-5_000) }, refundable: true },
      ]),
    ).toEqual(usd(0));
    expect(lowestPlanPrice(usd(1_000), undefined)).toEqual(usd(1_000));
  });
});
