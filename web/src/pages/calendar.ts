/**
 * `/manage/hotels/{id}/room-types/{roomTypeId}/calendar`: one room type's
 * calendar, a month at a time. Each night shows its price, whether it is closed,
 * its minimum stay and what is booked; choosing a first and a last night (by
 * clicking days, or in the date fields) selects a range to price, close, open
 * or give a minimum stay.
 */
import { api, plainWords } from '../api';
import type { Calendar, PublicHotel, RoomType } from '../api-types';
import { field, h, message, show } from '../dom';
import { formatDay, formatMoney, minorUnits } from '../format';

const TOKEN_KEY = 'hotelierToken';
const token = () => sessionStorage.getItem(TOKEN_KEY) ?? '';
const DAY_MS = 86_400_000;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
/** The first day of the month `offset` months from the month of `date`. */
function monthStart(date: string, offset = 0): string {
  const d = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + offset);
  return d.toISOString().slice(0, 10);
}

type Night = Calendar['items'][number];

/** One night's cell: the day, its price, closed or open, its minimum stay, booked of total. */
function nightCell(night: Night, totalRooms: number, selected: boolean, past: boolean): HTMLElement {
  const day = Number(night.night.slice(8));
  const label = [
    formatDay(night.night),
    formatMoney(night.pricePerNight),
    night.closed ? 'closed' : 'open',
    night.minStay ? `minimum stay ${night.minStay}` : '',
    `${night.booked} of ${totalRooms} booked`,
  ]
    .filter(Boolean)
    .join(', ');
  return h(
    'td',
    { class: `night${night.closed ? ' closed' : ''}${selected ? ' selected' : ''}${past ? ' past' : ''}` },
    h(
      'button',
      {
        type: 'button',
        class: 'night-pick',
        'data-night': night.night,
        'aria-pressed': selected ? 'true' : 'false',
        'aria-label': label,
        disabled: past,
      },
      h('span', { class: 'day' }, String(day)),
      h('span', { class: 'price' }, formatMoney(night.pricePerNight)),
      night.closed ? h('span', { class: 'tag' }, 'Closed') : null,
      night.minStay ? h('span', { class: 'tag' }, `Min ${night.minStay}`) : null,
      h('span', { class: 'booked' }, `${night.booked}/${totalRooms}`),
    ),
  );
}

/** A month's nights as weeks from Monday; days outside the month are blank. */
function monthGrid(
  first: string,
  nights: readonly Night[],
  totalRooms: number,
  isSelected: (night: string) => boolean,
  today: string,
): HTMLTableElement {
  const lead = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7;
  const cells: HTMLElement[] = [
    ...Array.from({ length: lead }, () => h('td', { class: 'blank' })),
    ...nights.map((n) => nightCell(n, totalRooms, isSelected(n.night), n.night < today)),
  ];
  while (cells.length % 7) cells.push(h('td', { class: 'blank' }));
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) =>
    h('tr', {}, ...cells.slice(w * 7, w * 7 + 7)),
  );
  const title = new Date(`${first}T00:00:00Z`).toLocaleDateString(undefined, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return h(
    'table',
    { class: 'calendar' },
    h('caption', {}, title),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d) => h('th', { scope: 'col' }, d)),
      ),
    ),
    h('tbody', {}, ...weeks),
  );
}

/** The calendar page of one room type. */
export async function calendarPage(hotelId: string, roomTypeId: string): Promise<void> {
  const hotelPath = `/v1/manage/hotels/${encodeURIComponent(hotelId)}`;
  const path = `${hotelPath}/room-types/${encodeURIComponent(roomTypeId)}/calendar`;
  const back = h(
    'a',
    { href: `/manage/hotels/${encodeURIComponent(hotelId)}`, 'data-link': '' },
    'The hotel',
  );
  if (!token()) {
    show(h('h1', {}, 'Calendar'), message('Please sign in first.', 'error'), back);
    return;
  }
  const page = await api<PublicHotel>('GET', `/v1/hotels/${encodeURIComponent(hotelId)}`);
  const roomType: RoomType | undefined = page.ok
    ? page.data.roomTypes.find((rt) => rt.roomTypeId === roomTypeId)
    : undefined;
  if (!page.ok || !roomType) {
    show(h('h1', {}, 'Calendar'), message('No such room type at this hotel.', 'error'), back);
    return;
  }
  const currency = roomType.pricePerNight.currency;
  const today = new Date().toISOString().slice(0, 10);
  let month = monthStart(today);
  let first: string | undefined;
  let last: string | undefined;

  const feedback = h('div', { class: 'feedback', 'aria-live': 'polite' });
  const grid = h('div', { class: 'calendar-month' });
  const title = h('h2', {}, '');
  const previous = h('button', { type: 'button', class: 'secondary' }, '‹ Previous month');
  const next = h('button', { type: 'button', class: 'secondary' }, 'Next month ›');
  const from = h('input', { type: 'date', required: true, min: today });
  const to = h('input', { type: 'date', required: true, min: today });
  const price = h('input', { type: 'number', min: '0', step: 'any', inputmode: 'decimal' });
  const minStay = h('input', { type: 'number', min: '1', max: '30', inputmode: 'numeric' });
  const actions = {
    price: h('button', { type: 'button' }, 'Set price'),
    defaultPrice: h('button', { type: 'button', class: 'secondary' }, 'Restore room type price'),
    close: h('button', { type: 'button', class: 'danger' }, 'Close nights'),
    open: h('button', { type: 'button', class: 'secondary' }, 'Open nights'),
    minStay: h('button', { type: 'button' }, 'Set minimum stay'),
    clearMinStay: h('button', { type: 'button', class: 'secondary' }, 'Clear minimum stay'),
  };
  const selection = h('p', { class: 'nights', 'aria-live': 'polite' });

  let nights: Night[] = [];
  const selected = (night: string) => Boolean(first && last && night >= first && night <= last);
  const render = () => {
    grid.replaceChildren(monthGrid(month, nights, roomType.totalRooms, selected, today));
    from.value = first ?? '';
    to.value = last ?? '';
    selection.textContent =
      first && last
        ? `Selected ${formatDay(first)} to ${formatDay(last)}, ${(Date.parse(last) - Date.parse(first)) / DAY_MS + 1} nights`
        : first
          ? `From ${formatDay(first)}: choose the last night`
          : 'Choose a first and a last night';
  };
  const load = async () => {
    const end = monthStart(month, 1);
    title.textContent = new Date(`${month}T00:00:00Z`).toLocaleDateString(undefined, {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const result = await api<Calendar>('GET', `${path}?from=${month}&to=${end}`, { token: token() });
    if (!result.ok) {
      feedback.replaceChildren(message(plainWords(result.error), 'error'));
      return;
    }
    nights = result.data.items;
    render();
  };
  grid.addEventListener('click', (event) => {
    const night = (event.target as HTMLElement).closest<HTMLElement>('[data-night]')?.dataset.night;
    if (!night) return;
    // First click starts a range, second ends it (in either order); a third starts anew.
    if (!first || last) {
      first = night;
      last = undefined;
    } else if (night < first) {
      last = first;
      first = night;
    } else last = night;
    render();
  });
  for (const input of [from, to])
    input.addEventListener('change', () => {
      first = from.value || undefined;
      last = to.value || undefined;
      render();
    });
  previous.addEventListener('click', () => {
    month = monthStart(month, -1);
    void load();
  });
  next.addEventListener('click', () => {
    month = monthStart(month, 1);
    void load();
  });

  // What a change did is said beside the controls that made it, not at the top of the page.
  const applied = h('div', { class: 'feedback', 'aria-live': 'polite' });
  const apply = async (settings: Record<string, unknown>, done: string) => {
    const start = from.value;
    const end = to.value || from.value;
    if (!start) {
      applied.replaceChildren(message('Choose the nights first.', 'error'));
      return;
    }
    const result = await api<Calendar>('PUT', path, {
      token: token(),
      body: { from: start, to: addDays(end, 1), ...settings },
    });
    applied.replaceChildren(
      message(result.ok ? done : plainWords(result.error), result.ok ? 'success' : 'error'),
    );
    if (result.ok) {
      // The owner region's answer is the truth; this region's copy may lag it.
      const changed = new Map(result.data.items.map((n) => [n.night, n]));
      nights = nights.map((n) => changed.get(n.night) ?? n);
      render();
    }
  };
  actions.price.addEventListener('click', () => {
    if (price.value === '' || Number(price.value) < 0) {
      applied.replaceChildren(message('Enter a price first.', 'error'));
      return;
    }
    const amount = Math.round(Number(price.value) * minorUnits(currency));
    void apply({ pricePerNight: { amount, currency } }, `Price set to ${formatMoney({ amount, currency })}.`);
  });
  actions.defaultPrice.addEventListener(
    'click',
    () => void apply({ pricePerNight: null }, 'Room type price restored.'),
  );
  actions.close.addEventListener('click', () => void apply({ closed: true }, 'Nights closed.'));
  actions.open.addEventListener('click', () => void apply({ closed: false }, 'Nights opened.'));
  actions.minStay.addEventListener('click', () => {
    const nightsCount = Number(minStay.value);
    if (!Number.isInteger(nightsCount) || nightsCount < 1) {
      applied.replaceChildren(message('Enter a minimum stay of 1 to 30 nights.', 'error'));
      return;
    }
    void apply({ minStay: nightsCount }, `Minimum stay set to ${nightsCount} nights.`);
  });
  actions.clearMinStay.addEventListener(
    'click',
    () => void apply({ minStay: null }, 'Minimum stay cleared.'),
  );

  show(
    h('p', { class: 'crumbs' }, h('a', { href: '/manage', 'data-link': '' }, 'Your hotels'), ' › ', back),
    h('h1', {}, `${roomType.name}: calendar`),
    h(
      'p',
      { class: 'where' },
      `Room type price ${formatMoney(roomType.pricePerNight)} per night · ${roomType.totalRooms} rooms. ` +
        'A minimum stay applies to stays arriving on that night.',
    ),
    feedback,
    h('section', { class: 'card' }, h('div', { class: 'titlebar' }, previous, title, next), grid, selection),
    h(
      'section',
      { class: 'card', 'aria-label': 'Change the selected nights' },
      h('h2', {}, 'Change the selected nights'),
      h('div', { class: 'row' }, field('First night', from), field('Last night', to)),
      h(
        'div',
        { class: 'row' },
        field(`Price per night (${currency})`, price),
        actions.price,
        actions.defaultPrice,
      ),
      h('div', { class: 'row' }, actions.close, actions.open),
      h(
        'div',
        { class: 'row' },
        field('Minimum stay (nights)', minStay),
        actions.minStay,
        actions.clearMinStay,
      ),
      applied,
    ),
  );
  render();
  await load();
}
