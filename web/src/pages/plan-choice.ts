/**
 * The booking form's "who is staying" and "which rate plan": adults and children per room,
 * and the chosen room type's plans side by side (name, total for the stay, what it includes,
 * its cancellation policy in plain words), one picked as a radio button.
 */
import type { Availability } from '../api-types';
import { field, h } from '../dom';
import { formatMoney } from '../format';
import { cancellationWords } from '../stay-terms';

/** One plan's offer for the stay, as availability quotes it for one room and the guests. */
export type PlanOffer = Availability['roomTypes'][number]['offers'][number];

/** Adults and children per room: 2 and 0 unless the link asked for others. */
export function guestsFields(asked: URLSearchParams): {
  readonly element: HTMLElement;
  readonly adults: HTMLInputElement;
  readonly children: HTMLInputElement;
  /** The guests per room, as availability's query and the booking's body take them. */
  value(): { adults: number; children: number };
} {
  const number = (name: string, min: number, fallback: number) => {
    const wanted = Number(asked.get(name));
    return h('input', {
      type: 'number',
      min: String(min),
      max: '20',
      required: true,
      inputmode: 'numeric',
      value: String(
        asked.has(name) && Number.isInteger(wanted) && wanted >= min && wanted <= 20 ? wanted : fallback,
      ),
    });
  };
  const adults = number('adults', 1, 2);
  const children = number('children', 0, 0);
  const whole = (input: HTMLInputElement, min: number, fallback: number) => {
    const n = Number(input.value);
    return input.value !== '' && Number.isInteger(n) && n >= min && n <= 20 ? n : fallback;
  };
  return {
    element: h(
      'div',
      { class: 'row guests' },
      field('Adults per room', adults),
      field('Children per room', children, 'Under 18'),
    ),
    adults,
    children,
    value: () => ({ adults: whole(adults, 1, 2), children: whole(children, 0, 0) }),
  };
}

/** The plans of the chosen room type as radio buttons; the first plan is picked unless one was. */
export function planChoice(
  timeZone: string,
  onChange: () => void,
): {
  readonly element: HTMLElement;
  /** Shows these offers, keeping the picked plan when it is still offered. */
  render(offers: readonly PlanOffer[]): void;
  /** The offer picked, or undefined while none is quoted. */
  chosen(): PlanOffer | undefined;
} {
  let offers: readonly PlanOffer[] = [];
  let picked = '';
  const list = h('div', { class: 'plans' });
  const element = h('fieldset', { class: 'plan-choice', hidden: true }, h('legend', {}, 'Rate plan'), list);
  const render = (next: readonly PlanOffer[]) => {
    offers = next;
    if (!offers.some((o) => o.ratePlanId === picked)) picked = offers[0]?.ratePlanId ?? '';
    element.hidden = offers.length === 0;
    list.replaceChildren(
      ...offers.map((offer) => {
        const radio = h('input', {
          type: 'radio',
          name: 'ratePlan',
          value: offer.ratePlanId,
          checked: offer.ratePlanId === picked,
        });
        radio.addEventListener('change', () => {
          picked = offer.ratePlanId;
          onChange();
        });
        return h(
          'label',
          { class: 'plan' },
          h('span', { class: 'plan-head' }, radio, h('strong', { class: 'plan-name' }, offer.name)),
          h('span', { class: 'plan-total' }, `${formatMoney(offer.totalPrice)} for the stay, one room`),
          offer.includes.length
            ? h('span', { class: 'plan-includes' }, `Includes ${offer.includes.join(', ')}`)
            : null,
          h('span', { class: 'plan-terms' }, cancellationWords(offer.cancellation, timeZone)),
        );
      }),
    );
  };
  return {
    element,
    render,
    chosen: () => offers.find((o) => o.ratePlanId === picked),
  };
}
