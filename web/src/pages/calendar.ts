/**
 * `/manage/hotels/{id}/room-types/{roomTypeId}/calendar`: one room type's
 * calendar, a month at a time. Each night shows its price, whether it is closed,
 * its minimum stay and what is booked; choosing a first and a last night (by
 * clicking days, or in the date fields) selects a range to price, close, open
 * or give a minimum stay. By keyboard the month is a grid with one tab stop:
 * the arrow keys move a day or a week, Home and End to the week's ends, Page Up
 * and Page Down a month (turning the month as needed), and Enter or Space
 * chooses the night; focus stays on the night chosen.
 */
import { api, plainWords } from '../api';
import type { Calendar, PublicHotel, RoomType } from '../api-types';
import { field, h, message, show } from '../dom';
import { formatDay, formatMoney, minorUnits } from '../format';
import { token } from '../hotelier-session';

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

/** How one night's cell is drawn: chosen, in the past (not selectable), or the grid's one tab stop. */
interface CellState {
  selected: boolean;
  past: boolean;
  tabStop: boolean;
}

/**
 * One night's cell: the day, its price, closed or open, its minimum stay, booked of total.
 * Its name is its visible text plus words only a screen reader hears, so a voice
 * user can say what they see (no aria-label that differs from the text).
 */
function nightCell(night: Night, totalRooms: number, state: CellState): HTMLElement {
  const day = Number(night.night.slice(8));
  const date = new Date(`${night.night}T00:00:00Z`);
  const monthYear = date.toLocaleDateString(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const weekday = date.toLocaleDateString(undefined, { weekday: 'long', timeZone: 'UTC' });
  const sr = (text: string) => h('span', { class: 'sr-only' }, text);
  return h(
    'td',
    {
      class: `night${night.closed ? ' closed' : ''}${state.selected ? ' selected' : ''}${state.past ? ' past' : ''}`,
    },
    h(
      'button',
      {
        type: 'button',
        class: 'night-pick',
        'data-night': night.night,
        'aria-pressed': state.selected ? 'true' : 'false',
        // Past nights stay reachable by the arrow keys, so focus never falls out of the grid.
        'aria-disabled': state.past ? 'true' : undefined,
        tabindex: state.tabStop ? '0' : '-1',
      },
      h('span', { class: 'day' }, String(day)),
      sr(` ${monthYear}, ${weekday},`),
      h('span', { class: 'price' }, formatMoney(night.pricePerNight)),
      sr(' per night,'),
      night.closed ? h('span', { class: 'tag' }, 'Closed') : sr(' open,'),
      night.minStay ? h('span', { class: 'tag' }, `Min ${night.minStay}`) : null,
      night.minStay ? sr(' nights minimum stay,') : null,
      h('span', { class: 'booked' }, `${night.booked}/${totalRooms}`),
      sr(' rooms booked'),
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
  tabStop: string,
): HTMLTableElement {
  const lead = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7;
  const cells: HTMLElement[] = [
    ...Array.from({ length: lead }, () => h('td', { class: 'blank' })),
    ...nights.map((n) =>
      nightCell(n, totalRooms, {
        selected: isSelected(n.night),
        past: n.night < today,
        tabStop: n.night === tabStop,
      }),
    ),
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
    // A grid: one tab stop, and the arrow keys move between nights (see calendarPage).
    { class: 'calendar', role: 'grid' },
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
    'Your hotel',
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
  // The breadcrumb and the tab name the hotel, not "The hotel".
  back.textContent = page.data.name;
  document.title = `${roomType.name} calendar · ${page.data.name} · Hotels`;
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
  // The night that holds the grid's one tab stop: where the keyboard user last was.
  let cursor: string | undefined;
  // Only the latest month asked for may draw: a late answer for an earlier one is dropped.
  let loads = 0;
  const selected = (night: string) => Boolean(first && last && night >= first && night <= last);
  const inMonth = (night: string | undefined) => Boolean(night && night.slice(0, 7) === month.slice(0, 7));
  const tabStop = () => [cursor, first, today].find((night) => inMonth(night)) ?? nights[0]?.night ?? month;
  const render = (focus = grid.contains(document.activeElement)) => {
    const stop = tabStop();
    grid.replaceChildren(monthGrid(month, nights, roomType.totalRooms, selected, today, stop));
    // Redrawing replaces the buttons; the keyboard user stays on the night they were on.
    if (focus) grid.querySelector<HTMLElement>(`[data-night="${stop}"]`)?.focus();
    from.value = first ?? '';
    to.value = last ?? '';
    selection.textContent =
      first && last
        ? `Selected ${formatDay(first)} to ${formatDay(last)}, ${(Date.parse(last) - Date.parse(first)) / DAY_MS + 1} nights`
        : first
          ? `From ${formatDay(first)}: choose the last night`
          : 'Choose a first and a last night (by keyboard: arrow keys, then Enter)';
  };
  const load = async (focus = false) => {
    const asked = ++loads;
    const end = monthStart(month, 1);
    title.textContent = new Date(`${month}T00:00:00Z`).toLocaleDateString(undefined, {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const result = await api<Calendar>('GET', `${path}?from=${month}&to=${end}`, { token: token() });
    if (asked !== loads) return;
    if (!result.ok) {
      feedback.replaceChildren(message(plainWords(result.error), 'error'));
      return;
    }
    nights = result.data.items;
    render(focus || grid.contains(document.activeElement));
  };
  /** Moves the keyboard's place to a night, turning the month when it lies outside the one shown. */
  const moveTo = (night: string) => {
    cursor = night;
    if (!inMonth(night)) {
      month = monthStart(night);
      void load(true);
    } else if (nights[0]?.night.slice(0, 7) === month.slice(0, 7)) render(true);
    // Otherwise this month's nights are on their way, and their load draws them focused on the cursor.
  };
  grid.addEventListener('click', (event) => {
    const night = (event.target as HTMLElement).closest<HTMLElement>('[data-night]')?.dataset.night;
    if (!night) return;
    cursor = night;
    if (night < today) {
      render();
      return;
    }
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
  grid.addEventListener('focusin', (event) => {
    cursor = (event.target as HTMLElement).closest<HTMLElement>('[data-night]')?.dataset.night ?? cursor;
  });
  grid.addEventListener('keydown', (event) => {
    const focused = (event.target as HTMLElement).closest<HTMLElement>('[data-night]')?.dataset.night;
    // Keys pressed while the next month loads move on from where the last key went, not the old grid.
    const night = cursor ?? focused;
    if (!focused || !night || event.altKey || event.ctrlKey || event.metaKey) return;
    const weekday = (new Date(`${night}T00:00:00Z`).getUTCDay() + 6) % 7;
    const sameDayIn = (offset: number) => {
      const start = monthStart(night, offset);
      const length = (Date.parse(monthStart(night, offset + 1)) - Date.parse(start)) / DAY_MS;
      return addDays(start, Math.min(Number(night.slice(8)), length) - 1);
    };
    const targets: Record<string, () => string> = {
      ArrowLeft: () => addDays(night, -1),
      ArrowRight: () => addDays(night, 1),
      ArrowUp: () => addDays(night, -7),
      ArrowDown: () => addDays(night, 7),
      Home: () => addDays(night, -weekday),
      End: () => addDays(night, 6 - weekday),
      PageUp: () => sameDayIn(-1),
      PageDown: () => sameDayIn(1),
    };
    const target = targets[event.key];
    if (!target) return;
    event.preventDefault();
    moveTo(target());
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
