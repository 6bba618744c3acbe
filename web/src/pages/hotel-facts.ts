/** The hotel page's parts that need none of its state: its attributes, and why a stay cannot be booked. */
import type { Availability, PublicHotel } from '../api-types';
import { h } from '../dom';
import { formatDay } from '../format';

/** The hotel's attributes as a list of terms ("Pets allowed: no"), or nothing when it has none. */
export function attributeList(attributes: PublicHotel['attributes']): HTMLElement | null {
  const entries = Object.entries(attributes);
  if (!entries.length) return null;
  const label = (key: string) =>
    key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
  const value = (v: PublicHotel['attributes'][string]) =>
    Array.isArray(v) ? v.join(', ') || 'none' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
  return h(
    'dl',
    { class: 'attributes' },
    ...entries.flatMap(([k, v]) => [h('dt', {}, label(k)), h('dd', {}, value(v))]),
  );
}

/** One room type's quote for a stay. */
export type StayQuote = Availability['roomTypes'][number];

/** Why a stay cannot be booked, in plain words: "closed on 24 Dec", "minimum stay 3 nights from 23 Dec". */
export function whyNotBookable(quote: StayQuote): string {
  const days = (nights: readonly string[]) => nights.map(formatDay).join(', ');
  const nights = (n: number | undefined) => `${n} night${n === 1 ? '' : 's'}`;
  return quote.reasons
    .map((r) => {
      const first = r.nights[0] ?? '';
      if (r.reason === 'CLOSED') return `closed on ${days(r.nights)}`;
      if (r.reason === 'MIN_STAY') return `minimum stay ${nights(r.limit)} from ${formatDay(first)}`;
      if (r.reason === 'MAX_STAY') return `maximum stay ${nights(r.limit)} from ${formatDay(first)}`;
      return `not on sale on ${days(r.nights)}`;
    })
    .join('; ')
    .replace(/^./, (c) => c.toUpperCase());
}
