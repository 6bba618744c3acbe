/**
 * `/manage/hotels/{id}/rates`: the hotel's rates at a glance and in bulk. Rows
 * are room types, columns two weeks of nights, each cell the night's price or
 * "Closed". One form sets a price, closes or opens a range of nights on chosen
 * weekdays for chosen room types at once (each room type in its own currency).
 */
import { api, plainWords } from '../api';
import type { Calendar, PublicHotel, RoomType } from '../api-types';
import { field, h, message, show } from '../dom';
import { formatDate, formatMoney, isoDay, minorUnits } from '../format';
import { token } from '../hotelier-session';

const SPAN = 14;
const DAY_MS = 86_400_000;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
/** 0 for Monday … 6 for Sunday. */
const weekdayOf = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;

/** The nights from `first` to `last` (inclusive) on the given weekdays, as runs of consecutive nights. */
export function nightRuns(first: string, last: string, weekdays: ReadonlySet<number>): string[][] {
  const runs: string[][] = [];
  let run: string[] = [];
  for (let night = first; night <= last; night = addDays(night, 1)) {
    if (weekdays.has(weekdayOf(night))) run.push(night);
    else if (run.length) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length) runs.push(run);
  return runs;
}

type Night = Calendar['items'][number];

/** The rates page of one hotel. */
export async function ratesPage(hotelId: string): Promise<void> {
  const hotelPath = `/v1/manage/hotels/${encodeURIComponent(hotelId)}`;
  const back = h(
    'a',
    { href: `/manage/hotels/${encodeURIComponent(hotelId)}`, 'data-link': '' },
    'Your hotel',
  );
  if (!token()) {
    show(h('h1', {}, 'Rates'), message('Please sign in first.', 'error'), back);
    return;
  }
  const page = await api<PublicHotel>('GET', `/v1/hotels/${encodeURIComponent(hotelId)}`);
  if (!page.ok || !page.data.roomTypes.length) {
    show(
      h('h1', {}, 'Rates'),
      message(page.ok ? 'Add a room type first.' : plainWords(page.error), 'error'),
      back,
    );
    return;
  }
  back.textContent = page.data.name;
  const hotel = page.data;
  document.title = `Rates · ${hotel.name} · Hotels`;
  const roomTypes: RoomType[] = hotel.roomTypes;
  const today = isoDay(0);
  let start = today;
  const calendars = new Map<string, Night[]>();

  // It scrolls sideways on a narrow screen, so the keyboard can reach it to scroll it.
  const grid = h('div', {
    class: 'rates-grid',
    tabindex: '0',
    role: 'region',
    'aria-label': 'Rates by night',
  });
  const earlier = h('button', { type: 'button', class: 'secondary' }, '‹ Earlier nights');
  const later = h('button', { type: 'button', class: 'secondary' }, 'Later nights ›');
  const shown = h('h2', {}, '');
  const loadFeedback = h('div', { class: 'feedback', 'aria-live': 'polite' });

  const draw = () => {
    const nights = Array.from({ length: SPAN }, (_, i) => addDays(start, i));
    shown.textContent = `${formatDate(nights[0] ?? start)} to ${formatDate(nights[SPAN - 1] ?? start)}`;
    const cell = (rt: RoomType, night: string) => {
      const n = calendars.get(rt.roomTypeId)?.find((item) => item.night === night);
      if (!n) return h('td', {}, '–');
      return h(
        'td',
        { class: n.closed ? 'closed' : undefined, 'data-cell': `${rt.roomTypeId}/${night}` },
        formatMoney(n.pricePerNight),
        n.closed ? h('span', { class: 'tag' }, ' Closed') : null,
      );
    };
    grid.replaceChildren(
      h(
        'table',
        { class: 'rates' },
        h('caption', {}, `Price per night, ${shown.textContent}`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Room type'),
            ...nights.map((night) =>
              h('th', { scope: 'col' }, `${WEEKDAYS[weekdayOf(night)]} ${Number(night.slice(8))}`),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          ...roomTypes.map((rt) =>
            h('tr', {}, h('th', { scope: 'row' }, rt.name), ...nights.map((night) => cell(rt, night))),
          ),
        ),
      ),
    );
  };
  let loads = 0;
  const load = async () => {
    const asked = ++loads;
    const end = addDays(start, SPAN);
    const answers = await Promise.all(
      roomTypes.map((rt) =>
        api<Calendar>(
          'GET',
          `${hotelPath}/room-types/${encodeURIComponent(rt.roomTypeId)}/calendar?from=${start}&to=${end}`,
          { token: token() },
        ),
      ),
    );
    if (asked !== loads) return;
    const failed = answers.find((a) => !a.ok);
    loadFeedback.replaceChildren(failed && !failed.ok ? message(plainWords(failed.error), 'error') : '');
    answers.forEach((answer, i) => {
      const rt = roomTypes[i];
      if (rt && answer.ok) calendars.set(rt.roomTypeId, answer.data.items);
    });
    draw();
  };
  earlier.disabled = true;
  earlier.addEventListener('click', () => {
    start = addDays(start, -SPAN) < today ? today : addDays(start, -SPAN);
    earlier.disabled = start === today;
    void load();
  });
  later.addEventListener('click', () => {
    start = addDays(start, SPAN);
    earlier.disabled = false;
    void load();
  });

  // The bulk form: which nights, which weekdays, which room types, and what to do.
  const from = h('input', { type: 'date', required: true, min: today, value: today });
  const to = h('input', { type: 'date', required: true, min: today, value: addDays(today, 6) });
  const dayBoxes = WEEKDAYS.map(() => h('input', { type: 'checkbox', checked: true }));
  const typeBoxes = roomTypes.map(() => h('input', { type: 'checkbox', checked: true }));
  const price = h('input', { type: 'number', min: '0', step: 'any', inputmode: 'decimal' });
  const feedback = h('div', { class: 'feedback', 'aria-live': 'polite' });
  const buttons = {
    price: h('button', { type: 'button' }, 'Set price'),
    close: h('button', { type: 'button', class: 'danger' }, 'Close nights'),
    open: h('button', { type: 'button', class: 'secondary' }, 'Open nights'),
  };
  const apply = async (settings: (rt: RoomType) => Record<string, unknown>, done: string) => {
    const weekdays = new Set(dayBoxes.flatMap((box, i) => (box.checked ? [i] : [])));
    const chosen = roomTypes.filter((_, i) => typeBoxes[i]?.checked);
    const runs = from.value && to.value ? nightRuns(from.value, to.value, weekdays) : [];
    if (!runs.length || !chosen.length) {
      feedback.replaceChildren(message('Choose the nights, days and room types first.', 'error'));
      return;
    }
    for (const button of Object.values(buttons)) button.disabled = true;
    let failure: string | undefined;
    for (const rt of chosen)
      for (const run of runs) {
        const first = run[0] ?? '';
        const last = run[run.length - 1] ?? first;
        const result = await api<Calendar>(
          'PUT',
          `${hotelPath}/room-types/${encodeURIComponent(rt.roomTypeId)}/calendar`,
          { token: token(), body: { from: first, to: addDays(last, 1), ...settings(rt) } },
        );
        if (!result.ok) failure ??= `${rt.name}: ${plainWords(result.error)}`;
      }
    for (const button of Object.values(buttons)) button.disabled = false;
    const nightCount = runs.reduce((sum, run) => sum + run.length, 0);
    feedback.replaceChildren(
      failure
        ? message(failure, 'error')
        : message(
            `${done} on ${nightCount} night${nightCount === 1 ? '' : 's'} for ${chosen.length} room type${chosen.length === 1 ? '' : 's'}.`,
            'success',
          ),
    );
    await load();
  };
  buttons.price.addEventListener('click', () => {
    if (price.value === '' || Number(price.value) < 0) {
      feedback.replaceChildren(message('Enter a price first.', 'error'));
      return;
    }
    const value = Number(price.value);
    void apply((rt) => {
      const { currency } = rt.pricePerNight;
      return { pricePerNight: { amount: Math.round(value * minorUnits(currency)), currency } };
    }, 'Price set');
  });
  buttons.close.addEventListener('click', () => void apply(() => ({ closed: true }), 'Closed'));
  buttons.open.addEventListener('click', () => void apply(() => ({ closed: false }), 'Opened'));

  const checkboxes = (legend: string, boxes: HTMLInputElement[], labels: string[]) =>
    h(
      'fieldset',
      { class: 'choices' },
      h('legend', {}, legend),
      ...boxes.map((box, i) => h('label', {}, box, ` ${labels[i] ?? ''}`)),
    );
  show(
    h('p', { class: 'crumbs' }, h('a', { href: '/manage', 'data-link': '' }, 'Your hotels'), ' › ', back),
    h('h1', {}, `${hotel.name}: rates`),
    loadFeedback,
    h('section', { class: 'card' }, h('div', { class: 'titlebar' }, earlier, shown, later), grid),
    h(
      'section',
      { class: 'card', 'aria-label': 'Change several nights' },
      h('h2', {}, 'Change several nights'),
      h('div', { class: 'row' }, field('First night', from), field('Last night', to)),
      checkboxes('On these days', dayBoxes, WEEKDAYS),
      checkboxes(
        'For these room types',
        typeBoxes,
        roomTypes.map((rt) => rt.name),
      ),
      h(
        'div',
        { class: 'row' },
        field("Price per night, in each room type's currency", price),
        buttons.price,
        buttons.close,
        buttons.open,
      ),
      feedback,
    ),
  );
  await load();
}
