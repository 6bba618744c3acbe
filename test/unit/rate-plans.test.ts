/**
 * Rate plans and their policies as pure rules: the pricing order (calendar price, then the
 * plan's adjustment, never below zero, then extra guests), the free-cancellation deadline on
 * the hotel's clock with its UTC offset, and the fees. Every instant is given, never today's.
 */
import { describe, expect, it } from 'vitest';
import { cancellationFeeAt, feeOf, freeUntil, stayPolicy } from '../../lambdas/domain/cancellation-policy';
import { ValidationFailed } from '../../lambdas/domain/errors';
import type { HotelClock } from '../../lambdas/domain/hotel-clock';
import type { RoomType } from '../../lambdas/domain/model';
import { assertHolds, guestsFor, occupancyOf, occupancyProblems } from '../../lambdas/domain/occupancy';
import {
  adjustedPrice,
  planForSale,
  quotePlanStay,
  type RatePlan,
  STANDARD_TERMS,
  sellsArrival,
} from '../../lambdas/domain/rate-plans';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const LA: HotelClock = { timeZone: 'America/Los_Angeles', checkInTime: '15:00', checkOutTime: '11:00' };
const SG: HotelClock = { timeZone: 'Asia/Singapore', checkInTime: '14:00', checkOutTime: '12:00' };
const roomType: Pick<
  RoomType,
  'roomTypeId' | 'pricePerNight' | 'maxOccupancy' | 'standardOccupancy' | 'extraGuestPerNight'
> = {
  roomTypeId: 'family',
  pricePerNight: usd(10_000),
  maxOccupancy: 4,
  standardOccupancy: 2,
  extraGuestPerNight: usd(2_500),
};
const nonRefundable = { freeUntilHoursBefore: null, fee: { percent: 100 } };

describe('pricing order: calendar price, then the plan, then extra guests', () => {
  it('adjusts by percent (rounded) or amount, never below zero', () => {
    expect(adjustedPrice(usd(10_000), { percent: -15 })).toEqual(usd(8_500));
    expect(adjustedPrice(usd(999), { percent: -10 })).toEqual(usd(899));
    expect(adjustedPrice(usd(10_000), { amount: usd(-3_000) })).toEqual(usd(7_000));
    expect(adjustedPrice(usd(2_000), { amount: usd(-3_000) })).toEqual(usd(0));
    expect(adjustedPrice(usd(2_000), { percent: -100 })).toEqual(usd(0));
    expect(adjustedPrice(usd(2_000), undefined)).toEqual(usd(2_000));
  });

  it("adjusts each night's calendar price, then adds extra guests, which no discount touches", () => {
    const calendar = [{ roomTypeId: 'family', night: '2030-03-02', booked: 0, price: usd(20_000) }];
    const quote = quotePlanStay(
      roomType,
      { priceAdjustment: { percent: -100 } },
      '2030-03-01',
      '2030-03-03',
      calendar,
      2,
      { adults: 2, children: 2 },
    );
    // Free rooms, but two guests above the standard two pay 25.00 each per night.
    expect(quote.nights.map((n) => n.price.amount)).toEqual([5_000, 5_000]);
    expect(quote.nights.map((n) => n.calendar.price.amount)).toEqual([10_000, 20_000]);
    expect(quote.perRoom).toEqual(usd(10_000));
    expect(quote.total).toEqual(usd(20_000));
    const discounted = quotePlanStay(
      roomType,
      { priceAdjustment: { percent: -10 } },
      '2030-03-01',
      '2030-03-03',
      calendar,
      1,
      {
        adults: 3,
        children: 0,
      },
    );
    expect(discounted.nights.map((n) => n.price.amount)).toEqual([9_000 + 2_500, 18_000 + 2_500]);
  });

  it('refuses to sum an amount adjustment in another currency', () => {
    const quote = quotePlanStay(
      roomType,
      { priceAdjustment: { amount: { amount: -100, currency: 'EUR' } } },
      '2030-03-01',
      '2030-03-02',
      [],
      1,
      {
        adults: 2,
        children: 0,
      },
    );
    expect(quote.bookable).toBe(false);
    expect(quote.reasons).toEqual([{ reason: 'PRICE_CURRENCY', nights: ['2030-03-01'] }]);
  });
});

describe('occupancy', () => {
  it('defaults to two guests in the price, two adults asked (one where the room holds one)', () => {
    expect(occupancyOf({ pricePerNight: usd(1) })).toEqual({
      maxOccupancy: 2,
      standardOccupancy: 2,
      extraGuestPerNight: usd(0),
    });
    expect(guestsFor(occupancyOf({ pricePerNight: usd(1), maxOccupancy: 1 }), {})).toEqual({
      adults: 1,
      children: 0,
    });
    expect(guestsFor(occupancyOf(roomType), {})).toEqual({ adults: 2, children: 0 });
  });

  it('refuses guests beyond the room, naming the field', () => {
    expect(() => assertHolds(roomType, occupancyOf(roomType), { adults: 3, children: 2 })).toThrow(
      ValidationFailed,
    );
    expect(() => assertHolds(roomType, occupancyOf(roomType), { adults: 2, children: 2 })).not.toThrow();
    expect(occupancyProblems({ ...roomType, standardOccupancy: 5 })).toHaveProperty('standardOccupancy');
    expect(
      occupancyProblems({ ...roomType, extraGuestPerNight: { amount: 1, currency: 'EUR' } }),
    ).toHaveProperty('extraGuestPerNight');
  });
});

describe("the free-cancellation deadline on the hotel's clock", () => {
  it('counts back from the local check-in time, written with the offset of that instant', () => {
    // Winter: Los Angeles is UTC−8, Singapore UTC+8 all year.
    expect(freeUntil(LA, '2030-01-20', 0)).toBe('2030-01-20T15:00:00-08:00');
    expect(freeUntil(LA, '2030-01-20', 48)).toBe('2030-01-18T15:00:00-08:00');
    expect(freeUntil(SG, '2030-01-20', 24)).toBe('2030-01-19T14:00:00+08:00');
    expect(freeUntil(SG, '2030-01-20', null)).toBeNull();
    // Hours are elapsed time: 24 hours before 15:00 PDT on the day clocks spring forward is 14:00 PST.
    expect(freeUntil(LA, '2030-03-10', 24)).toBe('2030-03-09T14:00:00-08:00');
  });

  for (const [zone, clock, deadlineUtc] of [
    ['UTC−8 (Los Angeles)', LA, '2030-01-19T23:00:00Z'],
    ['UTC+8 (Singapore)', SG, '2030-01-19T06:00:00Z'],
  ] as const) {
    it(`is free 1 minute before the deadline and costs the fee 1 minute after, in a ${zone} hotel`, () => {
      const nights = [
        { night: '2030-01-20', price: usd(10_000) },
        { night: '2030-01-21', price: usd(12_000) },
      ];
      const policy = stayPolicy(
        { cancellation: { freeUntilHoursBefore: 24, fee: { nights: 1 } }, noShowFee: { percent: 50 } },
        clock,
        '2030-01-20',
        nights,
        2,
        'USD',
      );
      expect(Date.parse(policy.cancellation.freeUntil ?? '')).toBe(Date.parse(deadlineUtc));
      const at = (minutes: number) => new Date(Date.parse(deadlineUtc) + minutes * 60_000);
      expect(cancellationFeeAt(policy, at(-1))).toEqual(usd(0));
      expect(cancellationFeeAt(policy, at(1))).toEqual(usd(20_000));
      expect(cancellationFeeAt(policy, at(0))).toEqual(usd(20_000));
      expect(policy.noShowFee).toEqual(usd(22_000));
    });
  }

  it('charges a non-refundable stay from the moment of booking', () => {
    const policy = stayPolicy(
      { cancellation: nonRefundable, noShowFee: { nights: 1 } },
      SG,
      '2030-01-20',
      [{ night: '2030-01-20', price: usd(7_000) }],
      1,
      'USD',
    );
    expect(policy.cancellation.freeUntil).toBeNull();
    expect(cancellationFeeAt(policy, new Date('2020-01-01T00:00:00Z'))).toEqual(usd(7_000));
  });

  it('caps a fee in nights at the stay, and rounds a percent', () => {
    const nights = [{ night: '2030-01-20', price: usd(333) }];
    expect(feeOf({ nights: 3 }, nights, 1, 'USD')).toEqual(usd(333));
    expect(feeOf({ percent: 50 }, nights, 1, 'USD')).toEqual(usd(167));
    expect(feeOf({ nights: 0 }, nights, 1, 'USD')).toEqual(usd(0));
  });
});

describe('a plan for sale', () => {
  const plan: RatePlan = {
    hotelId: 'h',
    roomTypeId: 'family',
    ratePlanId: 'early',
    name: 'Early bird',
    cancellation: nonRefundable,
    noShowFee: { nights: 1 },
    includes: [],
    minAdvanceDays: 14,
    maxAdvanceDays: 60,
    status: 'ACTIVE',
    version: 3,
    updatedAt: '2030-01-01T00:00:00Z',
  };

  it("sells arrivals within its advance window on the hotel's date", () => {
    expect(sellsArrival(plan, '2030-01-15', '2030-01-01')).toBe(true);
    expect(sellsArrival(plan, '2030-01-14', '2030-01-01')).toBe(false);
    expect(sellsArrival(plan, '2030-03-02', '2030-01-01')).toBe(true);
    expect(sellsArrival(plan, '2030-03-03', '2030-01-01')).toBe(false);
  });

  it('is standard without a read, the copy of an active plan, or refused', () => {
    expect(planForSale('standard', undefined, '2030-01-02', '2030-01-01')).toBe(STANDARD_TERMS);
    expect(planForSale('early', plan, '2030-01-20', '2030-01-01')).toMatchObject({
      ratePlanId: 'early',
      version: 3,
    });
    expect(() => planForSale('early', { ...plan, status: 'STOPPED' }, '2030-01-20', '2030-01-01')).toThrow(
      'No such rate plan',
    );
    expect(() => planForSale('early', plan, '2030-01-02', '2030-01-01')).toThrow(ValidationFailed);
  });
});
