/**
 * Price keys sort as the contract sorts prices (currency code first, then
 * amount), as plain strings: what both engines and DynamoDB conditions compare.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  floorKey,
  NO_PRICE_KEY,
  priceKey,
  priceOfKey,
  UNKNOWN_FLOOR_KEY,
} from '../../lambdas/adapters/search/price-key';
import { compareMoney, fromPriceOf, lowerFloor, summarizeRates } from '../../lambdas/domain/rates';

const money = fc.record({
  amount: fc.integer({ min: 0, max: 1_000_000_000_000 }),
  currency: fc.constantFrom('EUR', 'SGD', 'THB', 'USD', 'VND'),
});

describe('price keys', () => {
  it('order as currency, then amount, and read back', () => {
    fc.assert(
      fc.property(money, money, (a, b) => {
        const byKey = priceKey(a) < priceKey(b) ? -1 : priceKey(a) > priceKey(b) ? 1 : 0;
        expect(byKey).toBe(Math.sign(compareMoney(a, b)));
        expect(priceOfKey(priceKey(a))).toEqual(a);
      }),
    );
  });

  it('put no price after every price and an unknown floor before', () => {
    fc.assert(
      fc.property(money, (m) => {
        expect(priceKey(null) > priceKey(m)).toBe(true);
        expect(floorKey('UNKNOWN') < priceKey(m)).toBe(true);
      }),
    );
    expect([priceKey(null), floorKey(undefined), floorKey(null)]).toEqual([
      NO_PRICE_KEY,
      UNKNOWN_FLOOR_KEY,
      NO_PRICE_KEY,
    ]);
  });
});

describe('rate summaries', () => {
  const roomType = (roomTypeId: string, amount: number, status: 'ACTIVE' | 'CLOSED' = 'ACTIVE') => ({
    hotelId: 'h',
    roomTypeId,
    name: roomTypeId,
    totalRooms: 3,
    pricePerNight: { amount, currency: 'USD' },
    status,
    managedIn: 'us-east-1' as const,
    version: 1,
  });

  it('keep the floor under every price ever seen, while the price from follows the room types', () => {
    const first = summarizeRates([roomType('a', 9_000)], { roomTypes: [], priceFloor: null });
    const raised = summarizeRates([roomType('a', 15_000), roomType('b', 12_000)], first);
    expect(fromPriceOf(raised)).toEqual({ amount: 12_000, currency: 'USD' });
    expect(raised.priceFloor).toEqual({ amount: 9_000, currency: 'USD' });
    expect(lowerFloor(raised.priceFloor, { amount: 5_000, currency: 'USD' })).toEqual({
      amount: 5_000,
      currency: 'USD',
    });
    // Only active room types are offered; a hotel summarized without its calendar has an unknown floor.
    expect(summarizeRates([roomType('c', 1_000, 'CLOSED')], first).roomTypes).toEqual([]);
    expect(summarizeRates([roomType('a', 9_000)], undefined).priceFloor).toBe('UNKNOWN');
  });
});
