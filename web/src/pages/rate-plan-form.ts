/**
 * The form that adds a rate plan to a room type, or replaces one: its name and id, how its
 * price differs from the room type's, its cancellation policy and no-show fee, what it
 * includes and how far ahead it sells. The browser checks each number's range before
 * sending; a refusal is said under the field the API names.
 */
import type { RatePlan, RatePlanBody } from '../api-types';
import type { FieldProblems } from '../dom';
import { field, fieldProblems, h, idFollowsName, idInput } from '../dom';
import {
  type AdjustmentKind,
  type FeeKind,
  formValuesOf,
  NEW_PLAN_VALUES,
  type PlanFormValues,
  planBodyOf,
} from '../plan-terms';
import { roomTypeIdFor } from '../room-type-defaults';

/** A plan form: `element`, and `problems` to say the API's refusals under its fields. */
export interface RatePlanForm {
  readonly element: HTMLFormElement;
  readonly problems: FieldProblems;
}

const select = (options: ReadonlyArray<[string, string]>, value: string) =>
  h('select', {}, ...options.map(([v, words]) => h('option', { value: v, selected: v === value }, words)));

const number = (value: string, min: number, max: number, required = true) =>
  h('input', {
    type: 'number',
    min: String(min),
    max: String(max),
    step: '1',
    inputmode: 'numeric',
    required,
    value,
  });

/**
 * The form for `existing` (replacing it: its id is fixed) or a new plan (its id follows its
 * name and is never one of `taken`). `submit` puts the plan; the form stays as typed.
 */
export function ratePlanForm(options: {
  readonly existing?: RatePlan;
  readonly taken: ReadonlySet<string>;
  /** The room type's currency: an amount off or on is in it. */
  readonly currency: string;
  readonly submit: (ratePlanId: string, body: RatePlanBody, form: RatePlanForm) => void;
  readonly cancel?: () => void;
}): RatePlanForm {
  const { existing, taken, currency } = options;
  const values: PlanFormValues = existing ? formValuesOf(existing) : NEW_PLAN_VALUES;
  const name = h('input', { type: 'text', required: true, maxlength: '200', value: values.name });
  const id = idInput(existing?.ratePlanId, 'non-refundable');
  if (!existing) idFollowsName(name, id, (typed) => roomTypeIdFor(typed, taken));
  const adjustmentKind = select(
    [
      ['none', "The room type's price"],
      ['percent-off', 'Percent off'],
      ['percent-more', 'Percent more'],
      ['amount-off', `Amount off (${currency})`],
      ['amount-more', `Amount more (${currency})`],
    ],
    values.adjustmentKind,
  );
  const adjustmentValue = h('input', {
    type: 'number',
    min: '0',
    step: 'any',
    inputmode: 'decimal',
    value: values.adjustmentValue,
  });
  const refundable = select(
    [
      ['yes', 'Free until a deadline'],
      ['no', 'Non-refundable'],
    ],
    values.refundable ? 'yes' : 'no',
  );
  const freeHours = number(values.freeUntilHoursBefore, 0, 24 * 365);
  const feeValue = number(values.feeValue, 0, 100);
  const feeKind = select(
    [
      ['nights', 'nights'],
      ['percent', '% of the stay'],
    ],
    values.feeKind,
  );
  const noShowValue = number(values.noShowValue, 0, 100);
  const noShowKind = select(
    [
      ['nights', 'nights'],
      ['percent', '% of the stay'],
    ],
    values.noShowKind,
  );
  const includes = h('input', { type: 'text', maxlength: '500', value: values.includes });
  const minAdvance = number(values.minAdvanceDays, 0, 365, false);
  const maxAdvance = number(values.maxAdvanceDays, 0, 365, false);
  const hoursField = field(
    'Free until (hours before check-in)',
    freeHours,
    '0: until the check-in time on the arrival day',
  );
  const adjustmentField = field('By how much', adjustmentValue);
  // A fee in nights counts whole nights (at most 30); a percent is of the stay's total.
  const feeRange = (kind: HTMLSelectElement, input: HTMLInputElement) => {
    input.max = kind.value === 'nights' ? '30' : '100';
  };
  const sync = () => {
    hoursField.hidden = refundable.value === 'no';
    freeHours.disabled = refundable.value === 'no';
    adjustmentField.hidden = adjustmentKind.value === 'none';
    adjustmentValue.disabled = adjustmentKind.value === 'none';
    adjustmentValue.required = adjustmentKind.value !== 'none';
    adjustmentValue.max =
      adjustmentKind.value === 'percent-off' ? '100' : adjustmentKind.value === 'percent-more' ? '1000' : '';
    adjustmentValue.step = adjustmentKind.value.startsWith('percent') ? '1' : 'any';
    feeRange(feeKind, feeValue);
    feeRange(noShowKind, noShowValue);
  };
  for (const control of [refundable, adjustmentKind, feeKind, noShowKind])
    control.addEventListener('change', sync);
  sync();
  const cancel = options.cancel
    ? h('button', { type: 'button', class: 'secondary', onclick: options.cancel }, 'Cancel')
    : null;
  const element = h(
    'form',
    { class: 'rate-plan-form' },
    h(
      'div',
      { class: 'row' },
      field('Plan name', name),
      field('Plan id', id, existing ? undefined : 'Made from the name; lowercase letters, digits and -'),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Price'),
      h('div', { class: 'row' }, field('Price per night', adjustmentKind), adjustmentField),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Cancellation'),
      h(
        'div',
        { class: 'row' },
        field('Cancellation policy', refundable),
        hoursField,
        field('Cancellation fee', feeValue),
        field('Cancellation fee in', feeKind),
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'No-show'),
      h('div', { class: 'row' }, field('No-show fee', noShowValue), field('No-show fee in', noShowKind)),
    ),
    h(
      'div',
      { class: 'row' },
      field('Includes', includes, 'Separate with commas: breakfast, parking'),
      field('Sells arrivals at least (days ahead)', minAdvance, 'Empty: from today'),
      field('Sells arrivals at most (days ahead)', maxAdvance, 'Empty: as far as the hotel sells'),
    ),
    h('button', { type: 'submit' }, existing ? `Save ${existing.name}` : 'Add rate plan'),
    cancel,
  );
  const problems = fieldProblems({
    ratePlanId: id,
    name,
    priceAdjustment: adjustmentValue,
    'cancellation.freeUntilHoursBefore': freeHours,
    'cancellation.fee': feeValue,
    noShowFee: noShowValue,
    includes,
    minAdvanceDays: minAdvance,
    maxAdvanceDays: maxAdvance,
  });
  const form: RatePlanForm = { element, problems };
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    // Adding must never replace: the API's PUT would replace a plan with a taken id.
    if (!existing && taken.has(id.value)) {
      problems.show({ ratePlanId: `This room type already has a rate plan with the id ${id.value}.` });
      return;
    }
    const typed: PlanFormValues = {
      name: name.value,
      adjustmentKind: adjustmentKind.value as AdjustmentKind,
      adjustmentValue: adjustmentValue.value,
      refundable: refundable.value === 'yes',
      freeUntilHoursBefore: freeHours.value,
      feeKind: feeKind.value as FeeKind,
      feeValue: feeValue.value,
      noShowKind: noShowKind.value as FeeKind,
      noShowValue: noShowValue.value,
      includes: includes.value,
      minAdvanceDays: minAdvance.value,
      maxAdvanceDays: maxAdvance.value,
    };
    options.submit(id.value, planBodyOf(typed, currency), form);
  });
  return form;
}
