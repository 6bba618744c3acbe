import { describe, expect, it } from 'vitest';
import { putRatePlanBody } from '../../lambdas/http/rate-plan-schemas';
import type { RatePlan } from '../../web/src/api-types';
import {
  adjustmentWords,
  advanceWords,
  cancellationRuleWords,
  feeWords,
  formValuesOf,
  NEW_PLAN_VALUES,
  noShowWords,
  planBodyOf,
} from '../../web/src/plan-terms';

const plan = (terms: Partial<RatePlan>): RatePlan => ({
  ratePlanId: 'flex-breakfast',
  name: 'Flexible with breakfast',
  cancellation: { freeUntilHoursBefore: 48, fee: { nights: 1 } },
  noShowFee: { nights: 1 },
  includes: ['breakfast'],
  ...terms,
});

describe("a rate plan's rules in a hotelier's words", () => {
  it('says how the price differs from the room type', () => {
    expect(adjustmentWords(undefined)).toBe("The room type's price each night");
    expect(adjustmentWords({ percent: -15 })).toBe('15% off each night');
    expect(adjustmentWords({ percent: 20 })).toBe('20% more each night');
    expect(adjustmentWords({ percent: 0 })).toBe("The room type's price each night");
    expect(adjustmentWords({ amount: { amount: -1_000, currency: 'USD' } })).toMatch(
      /^\$10\.00 off each night$|^US\$10\.00 off each night$/,
    );
    expect(adjustmentWords({ amount: { amount: 50_000, currency: 'VND' } })).toMatch(
      /50,000 more each night$/,
    );
  });

  it('says fees, policies and advance windows', () => {
    expect(feeWords({ nights: 1 })).toBe('the first night');
    expect(feeWords({ nights: 3 })).toBe('the first 3 nights');
    expect(feeWords({ percent: 100 })).toBe('100% of the stay');
    expect(feeWords({ percent: 0 })).toBe('nothing');
    expect(
      cancellationRuleWords({ freeUntilHoursBefore: 0, fee: { nights: 1 } }, '15:00', 'America/Los_Angeles'),
    ).toBe(
      'Free cancellation until the check-in time (15:00, Los Angeles time) on the arrival day; after that, cancelling costs the first night.',
    );
    expect(
      cancellationRuleWords({ freeUntilHoursBefore: 48, fee: { percent: 50 } }, '14:00', 'Asia/Singapore'),
    ).toBe(
      'Free cancellation until 48 hours before the check-in time (14:00, Singapore time) on the arrival day; after that, cancelling costs 50% of the stay.',
    );
    expect(cancellationRuleWords({ freeUntilHoursBefore: null, fee: { percent: 100 } }, '15:00', 'UTC')).toBe(
      'Non-refundable: cancelling costs 100% of the stay.',
    );
    expect(noShowWords({ nights: 2 })).toBe('A no-show costs the first 2 nights.');
    expect(advanceWords()).toBeUndefined();
    expect(advanceWords(7, 90)).toBe('Sells arrivals 7 to 90 days ahead');
    expect(advanceWords(1)).toBe('Sells arrivals at least 1 day ahead');
    expect(advanceWords(undefined, 30)).toBe('Sells arrivals at most 30 days ahead');
  });
});

describe("the plan form's values and the API's body", () => {
  it("makes a body the API takes from a new plan's form", () => {
    const body = planBodyOf({ ...NEW_PLAN_VALUES, name: ' Non-refundable ' }, 'USD');
    expect(body).toEqual({
      name: 'Non-refundable',
      priceAdjustment: { percent: -10 },
      cancellation: { freeUntilHoursBefore: null, fee: { percent: 100 } },
      noShowFee: { nights: 1 },
      includes: [],
    });
    expect(putRatePlanBody.safeParse(body).success).toBe(true);
  });

  it('prices an amount in the minor units of the currency, and keeps inclusions and advance', () => {
    const values = {
      ...NEW_PLAN_VALUES,
      name: 'Early bird',
      adjustmentKind: 'amount-off' as const,
      adjustmentValue: '12.5',
      refundable: true,
      freeUntilHoursBefore: '72',
      feeKind: 'nights' as const,
      feeValue: '2',
      includes: 'breakfast, , parking ',
      minAdvanceDays: '30',
      maxAdvanceDays: '',
    };
    const body = planBodyOf(values, 'SGD');
    expect(body).toEqual({
      name: 'Early bird',
      priceAdjustment: { amount: { amount: -1_250, currency: 'SGD' } },
      cancellation: { freeUntilHoursBefore: 72, fee: { nights: 2 } },
      noShowFee: { nights: 1 },
      includes: ['breakfast', 'parking'],
      minAdvanceDays: 30,
    });
    expect(putRatePlanBody.safeParse(body).success).toBe(true);
    // A currency without minor units (JPY) takes the amount as it is.
    expect(planBodyOf({ ...values, adjustmentValue: '500' }, 'JPY').priceAdjustment).toEqual({
      amount: { amount: -500, currency: 'JPY' },
    });
  });

  it("starts a plan's change from the plan as it stands: the same body comes back", () => {
    for (const existing of [
      plan({}),
      plan({
        priceAdjustment: { percent: -20 },
        cancellation: { freeUntilHoursBefore: null, fee: { percent: 100 } },
      }),
      plan({
        priceAdjustment: { amount: { amount: 2_500, currency: 'USD' } },
        noShowFee: { percent: 50 },
        minAdvanceDays: 3,
        maxAdvanceDays: 60,
      }),
    ]) {
      const { ratePlanId: _id, ...terms } = existing;
      expect(planBodyOf(formValuesOf(existing), 'USD')).toEqual(terms);
    }
  });
});
