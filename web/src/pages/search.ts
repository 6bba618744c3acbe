/** `/`: search as you type. Debounced, stale answers dropped, arrow keys move through the results. */
import { api, plainWords } from '../api';
import type { SearchPage } from '../api-types';
import { h, message, show } from '../dom';

const DEBOUNCE_MS = 250;
const countryName = new Intl.DisplayNames(undefined, { type: 'region' });

export function searchPage(): void {
  const input = h('input', {
    id: 'q',
    type: 'search',
    autocomplete: 'off',
    placeholder: 'City or hotel name, e.g. Singapore or Marina Bay',
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-controls': 'results',
    'aria-expanded': 'false',
  });
  const results = h('ul', { id: 'results', class: 'results', 'aria-label': 'Hotels found' });
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show more hotels');
  let timer: number | undefined;
  let inFlight: AbortController | undefined;
  let cursor: string | null = null;
  let lastQuery = '';

  const links = () => [...results.querySelectorAll<HTMLAnchorElement>('a')];
  const render = (page: SearchPage, append: boolean) => {
    if (!append) results.replaceChildren();
    for (const hotel of page.items)
      results.append(
        h(
          'li',
          {},
          h(
            'a',
            { href: `/hotels/${encodeURIComponent(hotel.hotelId)}`, 'data-link': '' },
            h('strong', {}, hotel.name),
            h('span', { class: 'where' }, `${hotel.city}, ${countryName.of(hotel.country) ?? hotel.country}`),
          ),
        ),
      );
    cursor = page.nextCursor;
    more.hidden = !cursor;
    const count = links().length;
    input.setAttribute('aria-expanded', String(count > 0));
    status.textContent = count
      ? `${count}${cursor ? '+' : ''} hotel${count === 1 ? '' : 's'} found`
      : lastQuery
        ? 'No hotels match yet. Keep typing, or try a city.'
        : '';
  };

  const search = async (append = false) => {
    const q = input.value.trim();
    inFlight?.abort(); // only the newest answer may land
    if (!q) {
      lastQuery = '';
      render({ items: [], nextCursor: null }, false);
      return;
    }
    lastQuery = q;
    const controller = new AbortController();
    inFlight = controller;
    const params = new URLSearchParams({ q, limit: '10' });
    if (append && cursor) params.set('cursor', cursor);
    try {
      const result = await api<SearchPage>('GET', `/v1/hotels/search?${params}`, {
        signal: controller.signal,
      });
      if (controller.signal.aborted || q !== input.value.trim()) return;
      if (result.ok) render(result.data, append);
      else status.replaceChildren(message(plainWords(result.error), 'error'));
    } catch {
      // Aborted: a newer keystroke owns the results now.
    }
  };

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void search(), DEBOUNCE_MS);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && links().length) {
      event.preventDefault();
      links()[0]?.focus();
    }
  });
  results.addEventListener('keydown', (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement as HTMLAnchorElement);
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      all[Math.min(all.length - 1, at + 1)]?.focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (at <= 0) input.focus();
      else all[at - 1]?.focus();
    } else if (event.key === 'Escape') input.focus();
  });
  more.addEventListener('click', () => void search(true));

  show(
    h(
      'section',
      { class: 'hero' },
      h('h1', {}, 'Find a hotel'),
      h('p', {}, 'Stays across the United States and Southeast Asia. Typos are fine.'),
    ),
    h('div', { class: 'field search' }, h('label', { for: 'q' }, 'Search hotels'), input),
    status,
    results,
    more,
  );
  input.focus();
}
