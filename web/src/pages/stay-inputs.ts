/**
 * The hotel page's stay: check-in, check-out and rooms as the traveller's link gave them
 * (from search), or an example stay two weeks out that the page says is one.
 */
import { h } from '../dom';
import { formatDate, isoDay } from '../format';

/** The stay's controls, filled from `asked`, and the note shown while the dates are an example. */
export function stayInputs(asked: URLSearchParams): {
  readonly checkIn: HTMLInputElement;
  readonly checkOut: HTMLInputElement;
  readonly rooms: HTMLInputElement;
  readonly exampleNote: HTMLElement;
} {
  const askedDate = (name: string) => {
    const value = asked.get(name) ?? '';
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
  };
  const askedRooms = Number(asked.get('rooms'));
  // Opened without dates, the page quotes an example stay two weeks out, and says so.
  const exampleStay = !askedDate('checkIn') || !askedDate('checkOut');
  const exampleNote = h(
    'p',
    { class: 'hint example-dates', hidden: !exampleStay },
    `Prices below are for an example stay, ${formatDate(isoDay(14))} to ${formatDate(isoDay(16))}: choose your dates in the form to see yours.`,
  );
  const checkIn = h('input', {
    type: 'date',
    required: true,
    value: exampleStay ? isoDay(14) : askedDate('checkIn'),
    min: isoDay(0),
    max: isoDay(365),
  });
  const checkOut = h('input', {
    type: 'date',
    required: true,
    value: exampleStay ? isoDay(16) : askedDate('checkOut'),
    min: isoDay(1),
    max: isoDay(395),
  });
  // The note goes once the traveller picks dates of their own.
  for (const date of [checkIn, checkOut])
    date.addEventListener('change', () => {
      exampleNote.hidden = true;
    });
  const rooms = h('input', {
    type: 'number',
    min: '1',
    max: '10',
    value: Number.isInteger(askedRooms) && askedRooms >= 1 && askedRooms <= 10 ? String(askedRooms) : '1',
    required: true,
    inputmode: 'numeric',
  });
  return { checkIn, checkOut, rooms, exampleNote };
}
