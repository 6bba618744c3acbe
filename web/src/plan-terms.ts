/**
 * A rate plan's rules in a hotelier's words, and the plan form's values to and from the
 * API's body. The rules are what a plan says for every stay ("free until 48 hours before
 * check-in, then the first night"); an offer's terms for one stay are stay-terms.ts's.
 * Pure (no DOM), so unit tests run it.
 */
import type { Money, RatePlan, RatePlanBody } from './api-types';
import { formatMoney, minorUnits } from './format';
import { zoneWords } from './stay-terms';

type Adjustment = NonNullable<RatePlan['priceAdjustment']>;
type FeeRule = RatePlan['noShowFee'];
type CancellationRule = RatePlan['cancellation'];

/** "15% off each night", "USD 10.00 more each night", "The room type's price each night". */
export function adjustmentWords(adjustment: Adjustment | undefined): string {
  if (!adjustment) return "The room type's price each night";
  if ('percent' in adjustment) {
    if (adjustment.percent === 0) return "The room type's price each night";
    return adjustment.percent < 0
      ? `${-adjustment.percent}% off each night`
      : `${adjustment.percent}% more each night`;
  }
  const { amount, currency } = adjustment.amount;
  if (amount === 0) return "The room type's price each night";
  const money: Money = { amount: Math.abs(amount), currency };
  return `${formatMoney(money)} ${amount < 0 ? 'off' : 'more'} each night`;
}

/** "the first night", "the first 2 nights", "50% of the stay", "nothing". */
export function feeWords(rule: FeeRule): string {
  if ('percent' in rule) return rule.percent === 0 ? 'nothing' : `${rule.percent}% of the stay`;
  if (rule.nights === 0) return 'nothing';
  return rule.nights === 1 ? 'the first night' : `the first ${rule.nights} nights`;
}

/**
 * "Free cancellation until 48 hours before check-in (15:00, Los Angeles time) on the
 * arrival day; after that, cancelling costs the first night." or "Non-refundable:
 * cancelling costs 100% of the stay."
 */
export function cancellationRuleWords(rule: CancellationRule, checkInTime: string, timeZone: string): string {
  const fee = feeWords(rule.fee);
  if (rule.freeUntilHoursBefore === null)
    return fee === 'nothing'
      ? 'Non-refundable, but cancelling costs nothing.'
      : `Non-refundable: cancelling costs ${fee}.`;
  const hours = rule.freeUntilHoursBefore;
  const until =
    hours === 0
      ? `until the check-in time (${checkInTime}, ${zoneWords(timeZone)}) on the arrival day`
      : `until ${hours} ${hours === 1 ? 'hour' : 'hours'} before the check-in time (${checkInTime}, ${zoneWords(timeZone)}) on the arrival day`;
  return `Free cancellation ${until}; after that, cancelling costs ${fee}.`;
}

/** "A no-show costs the first night." */
export function noShowWords(rule: FeeRule): string {
  return `A no-show costs ${feeWords(rule)}.`;
}

/** "Sells arrivals 7 to 90 days ahead"; undefined when the plan sells every arrival. */
export function advanceWords(minAdvanceDays?: number, maxAdvanceDays?: number): string | undefined {
  const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;
  if (minAdvanceDays !== undefined && maxAdvanceDays !== undefined)
    return `Sells arrivals ${minAdvanceDays} to ${days(maxAdvanceDays)} ahead`;
  if (minAdvanceDays !== undefined) return `Sells arrivals at least ${days(minAdvanceDays)} ahead`;
  if (maxAdvanceDays !== undefined) return `Sells arrivals at most ${days(maxAdvanceDays)} ahead`;
  return undefined;
}

/** How the plan's price differs from the room type's, as the form offers it. */
export type AdjustmentKind = 'none' | 'percent-off' | 'percent-more' | 'amount-off' | 'amount-more';
/** How a fee is counted, as the form offers it. */
export type FeeKind = 'nights' | 'percent';

/** The plan form's values, as its controls hold them (strings, as typed). */
export interface PlanFormValues {
  readonly name: string;
  readonly adjustmentKind: AdjustmentKind;
  /** A positive number: a percent, or an amount in major units of the room type's currency. */
  readonly adjustmentValue: string;
  readonly refundable: boolean;
  readonly freeUntilHoursBefore: string;
  readonly feeKind: FeeKind;
  readonly feeValue: string;
  readonly noShowKind: FeeKind;
  readonly noShowValue: string;
  /** Comma-separated: "breakfast, parking". */
  readonly includes: string;
  readonly minAdvanceDays: string;
  readonly maxAdvanceDays: string;
}

/** A new plan's form: non-refundable at 10% off, the whole stay on a cancel, the first night on a no-show. */
export const NEW_PLAN_VALUES: PlanFormValues = {
  name: '',
  adjustmentKind: 'percent-off',
  adjustmentValue: '10',
  refundable: false,
  freeUntilHoursBefore: '24',
  feeKind: 'percent',
  feeValue: '100',
  noShowKind: 'nights',
  noShowValue: '1',
  includes: '',
  minAdvanceDays: '',
  maxAdvanceDays: '',
};

const feeOf = (kind: FeeKind, value: string): FeeRule =>
  kind === 'nights' ? { nights: Number(value) } : { percent: Number(value) };

/** The body that puts the plan the form describes; amounts are priced in `currency`, the room type's. */
export function planBodyOf(values: PlanFormValues, currency: string): RatePlanBody {
  const size = Number(values.adjustmentValue);
  const sign = values.adjustmentKind.endsWith('-off') ? -1 : 1;
  const includes = values.includes
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return {
    name: values.name.trim(),
    ...(values.adjustmentKind === 'none'
      ? {}
      : values.adjustmentKind.startsWith('percent')
        ? { priceAdjustment: { percent: sign * size } }
        : {
            priceAdjustment: {
              amount: { amount: sign * Math.round(size * minorUnits(currency)), currency },
            },
          }),
    cancellation: {
      freeUntilHoursBefore: values.refundable ? Number(values.freeUntilHoursBefore) : null,
      fee: feeOf(values.feeKind, values.feeValue),
    },
    noShowFee: feeOf(values.noShowKind, values.noShowValue),
    includes,
    ...(values.minAdvanceDays.trim() === '' ? {} : { minAdvanceDays: Number(values.minAdvanceDays) }),
    ...(values.maxAdvanceDays.trim() === '' ? {} : { maxAdvanceDays: Number(values.maxAdvanceDays) }),
  };
}

const feeKindOf = (rule: FeeRule): [FeeKind, string] =>
  'nights' in rule ? ['nights', String(rule.nights)] : ['percent', String(rule.percent)];

/** The form's values for a plan as it stands, so replacing it starts from what it is. */
export function formValuesOf(plan: RatePlan): PlanFormValues {
  const adjustment = plan.priceAdjustment;
  const [adjustmentKind, adjustmentValue]: [AdjustmentKind, string] = !adjustment
    ? ['none', '']
    : 'percent' in adjustment
      ? [adjustment.percent < 0 ? 'percent-off' : 'percent-more', String(Math.abs(adjustment.percent))]
      : [
          adjustment.amount.amount < 0 ? 'amount-off' : 'amount-more',
          String(Math.abs(adjustment.amount.amount) / minorUnits(adjustment.amount.currency)),
        ];
  const [feeKind, feeValue] = feeKindOf(plan.cancellation.fee);
  const [noShowKind, noShowValue] = feeKindOf(plan.noShowFee);
  return {
    name: plan.name,
    adjustmentKind,
    adjustmentValue,
    refundable: plan.cancellation.freeUntilHoursBefore !== null,
    freeUntilHoursBefore: String(plan.cancellation.freeUntilHoursBefore ?? 24),
    feeKind,
    feeValue,
    noShowKind,
    noShowValue,
    includes: plan.includes.join(', '),
    minAdvanceDays: plan.minAdvanceDays === undefined ? '' : String(plan.minAdvanceDays),
    maxAdvanceDays: plan.maxAdvanceDays === undefined ? '' : String(plan.maxAdvanceDays),
  };
}
