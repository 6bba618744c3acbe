/**
 * `/`: search as you type. Debounced, stale answers dropped, arrow keys move through the results.
 * Check-in, check-out and rooms narrow it to hotels with a room for the stay; they, the text and
 * the sort live in the URL, so a search can be shared and reloaded, and a result keeps them.
 */
import { api, plainWords } from '../api';
import type { SearchPage } from '../api-types';
import { fieldProblems, h, message, show } from '../dom';
import { detailsOf, fieldWords, type StayField, stayProblems } from '../field-words';
import { formatMoney, isoDay, minorUnits, mostUsedCurrency, nightsBetween } from '../format';
import { countryNamed, plausibleDate, stayPriceWords } from '../search-words';
import { tellApart } from './tell-apart';

const DEBOUNCE_MS = 250;
/** The currencies the price limit can be in: those the hotels are priced in. */
const CURRENCIES = ['USD', 'SGD', 'THB', 'MYR', 'IDR', 'PHP', 'VND', 'LAK', 'MMK'];

/** "Only n rooms left" from this many down. */
const FEW_ROOMS = 3;
const countryName = new Intl.DisplayNames(undefined, { type: 'region' });
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Hotels a search or "Show more" adds. */
const PAGE = 10;
/** Requests one search or "Show more" adds to fill a page the server cut short at its read bound. */
const MAX_FOLLOW_UPS = 4;
export function searchPage(): void {
  document.title = 'Find a hotel · Hotels';
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
  const asked = new URLSearchParams(location.search);
  const checkIn = h('input', { id: 'check-in', type: 'date', min: isoDay(0), max: isoDay(365) });
  const checkOut = h('input', { id: 'check-out', type: 'date', min: isoDay(1), max: isoDay(395) });
  const rooms = h('input', {
    id: 'rooms',
    type: 'number',
    min: '1',
    max: '10',
    value: '1',
    inputmode: 'numeric',
  });
  const sort = h(
    'select',
    { id: 'sort' },
    h('option', { value: 'relevance' }, 'Best match'),
    h('option', { value: 'price' }, 'Lowest price'),
  );
  const minStars = h(
    'select',
    { id: 'min-stars' },
    h('option', { value: '' }, 'Any'),
    ...[3, 4, 5].map((n) => h('option', { value: String(n) }, n === 5 ? '5 stars' : `${n}+ stars`)),
  );
  // At most this price: the stay's total with dates, a night's lowest price without (in major units).
  const maxPrice = h('input', {
    id: 'max-price',
    type: 'number',
    min: '0',
    step: 'any',
    inputmode: 'decimal',
  });
  const currency = h(
    'select',
    { id: 'currency', 'aria-label': 'Currency of the price limit' },
    ...CURRENCIES.map((c) => h('option', { value: c }, c)),
  );
  input.value = asked.get('q') ?? '';
  minStars.value = /^[345]$/.test(asked.get('minStars') ?? '') ? (asked.get('minStars') as string) : '';
  /** Selects `code`, adding it to the list first when it is not there (hotels price in any currency). */
  const selectCurrency = (code: string) => {
    if (![...currency.options].some((o) => o.value === code))
      currency.append(h('option', { value: code }, code));
    currency.value = code;
  };
  // A currency the address names (any ISO 4217 code: a limit in it was made here) is kept.
  const askedCurrency = asked.get('currency') ?? '';
  // Until the traveller picks one, the limit's currency follows the hotels found (a limit in
  // another currency than a hotel's prices would leave that hotel out).
  let currencyChosen = /^[A-Z]{3}$/.test(askedCurrency);
  selectCurrency(currencyChosen ? askedCurrency : 'USD');
  currency.addEventListener('change', () => {
    currencyChosen = true;
  });
  /** The currency most of `hotels` are priced in, for the limit while none is chosen and none is set. */
  const followCurrency = (hotels: SearchPage['items']) => {
    if (currencyChosen || maxPrice.value !== '') return;
    const mostUsed = mostUsedCurrency(
      hotels.flatMap((hotel) => hotel.offer?.totalPrice ?? hotel.fromPrice ?? []),
    );
    if (mostUsed && mostUsed !== currency.value) selectCurrency(mostUsed);
  };
  const askedMax = Number(asked.get('maxPrice'));
  maxPrice.value =
    asked.get('maxPrice') && Number.isSafeInteger(askedMax)
      ? String(askedMax / minorUnits(currency.value))
      : '';
  checkIn.value = DATE.test(asked.get('checkIn') ?? '') ? (asked.get('checkIn') as string) : '';
  checkOut.value = DATE.test(asked.get('checkOut') ?? '') ? (asked.get('checkOut') as string) : '';
  rooms.value = /^([1-9]|10)$/.test(asked.get('rooms') ?? '') ? (asked.get('rooms') as string) : '1';
  sort.value = asked.get('sort') === 'price' ? 'price' : 'relevance';
  /** The stay, when both dates make one; otherwise the search is undated. */
  const stay = () =>
    checkIn.value && checkOut.value && checkOut.value > checkIn.value
      ? { checkIn: checkIn.value, checkOut: checkOut.value, rooms: rooms.value || '1' }
      : undefined;
  /** The search as URL parameters: for the address bar and for each result's link. */
  const searchParams = () => {
    const params = new URLSearchParams();
    if (input.value.trim()) params.set('q', input.value.trim());
    const dated = stay();
    if (dated) for (const [k, v] of Object.entries(dated)) params.set(k, v);
    if (sort.value === 'price') params.set('sort', 'price');
    if (minStars.value) params.set('minStars', minStars.value);
    const max = Number(maxPrice.value);
    if (maxPrice.value !== '' && Number.isFinite(max) && max >= 0) {
      params.set('maxPrice', String(Math.round(max * minorUnits(currency.value))));
      params.set('currency', currency.value);
    }
    return params;
  };
  // Each date and the rooms say what is wrong with them next to themselves.
  const controls: Record<StayField, HTMLInputElement> = { checkIn, checkOut, rooms };
  const problems = fieldProblems(controls);
  const results = h('ul', { id: 'results', class: 'results', 'aria-label': 'Hotels found' });
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show more hotels');
  let timer: number | undefined;
  let inFlight: AbortController | undefined;
  let cursor: string | null = null;
  let lastQuery = '';
  // The box was emptied or sent empty: say what to type rather than nothing.
  let emptyAsked = false;

  const links = () => [...results.querySelectorAll<HTMLAnchorElement>('a')];
  const render = (page: SearchPage, append: boolean) => {
    if (!append) {
      results.replaceChildren();
      followCurrency(page.items);
    }
    const carried = searchParams();
    carried.delete('q');
    carried.delete('sort');
    const dated = stay();
    const nights = dated ? nightsBetween(dated.checkIn, dated.checkOut) : 0;
    for (const hotel of page.items) {
      const link = new URLSearchParams(carried);
      if (hotel.offer) link.set('roomType', hotel.offer.roomTypeId);
      const suffix = link.size ? `?${link}` : '';
      const price = hotel.offer
        ? h(
            'span',
            { class: 'price' },
            h('strong', {}, stayPriceWords(hotel.offer.totalPrice, Number(dated?.rooms ?? 1), nights)),
            ` · ${hotel.offer.name}`,
            hotel.offer.available <= FEW_ROOMS
              ? h(
                  'span',
                  { class: 'few-left' },
                  ` · ${hotel.offer.available} room${hotel.offer.available === 1 ? '' : 's'} left`,
                )
              : '',
          )
        : hotel.fromPrice
          ? h('span', { class: 'price' }, `from ${formatMoney(hotel.fromPrice)} per night`)
          : '';
      results.append(
        h(
          'li',
          {},
          h(
            'a',
            { href: `/hotels/${encodeURIComponent(hotel.hotelId)}${suffix}`, 'data-link': '' },
            h('strong', {}, hotel.name),
            h('span', { class: 'where' }, `${hotel.city}, ${countryName.of(hotel.country) ?? hotel.country}`),
            h('span', { class: 'tell-apart', 'data-hotel': hotel.hotelId, hidden: true }),
            price,
          ),
        ),
      );
    }
    cursor = page.nextCursor;
    more.hidden = !cursor;
    void tellApart(results);
    const count = links().length;
    input.setAttribute('aria-expanded', String(count > 0));
    const country = countryNamed(lastQuery);
    status.textContent = count
      ? `${count}${cursor ? '+' : ''} hotel${count === 1 ? '' : 's'} found`
      : lastQuery && cursor
        ? 'No room found yet among the hotels checked so far: show more to keep looking.'
        : lastQuery
          ? stay()
            ? 'No hotel matching this has a room for these dates. Try other dates or fewer rooms.'
            : country
              ? `Search finds hotels by city or name, not yet by country: try a city in ${countryName.of(country) ?? country}.`
              : `No hotels match “${lastQuery}”. Check the spelling, or try a city or a hotel's name.`
          : emptyAsked
            ? "Type a city or a hotel's name to see hotels."
            : '';
  };

  /** Results that no longer answer the search on screen go, with their "Show more". */
  const clearResults = () => {
    results.replaceChildren();
    cursor = null;
    more.hidden = true;
    input.setAttribute('aria-expanded', 'false');
  };

  const search = async (append = false) => {
    const q = input.value.trim();
    // A date still being typed (year 0002, 0020, 0202…) is neither searched nor judged.
    const today = isoDay(0);
    if ([checkIn.value, checkOut.value].some((date) => date && !plausibleDate(date, today))) return;
    const wrong = stayProblems(checkIn.value, checkOut.value, rooms.value);
    problems.show(wrong);
    if (Object.keys(wrong).length) {
      // A bad stay is said, never searched as if undated.
      inFlight?.abort();
      clearResults();
      status.replaceChildren(message('Fix the stay above to see hotels for it.', 'error'));
      return;
    }
    if (!append) {
      const shown = searchParams().toString();
      history.replaceState(history.state, '', shown ? `/?${shown}` : '/');
    }
    inFlight?.abort(); // only the newest answer may land
    if (!q) {
      emptyAsked ||= lastQuery !== '';
      lastQuery = '';
      render({ items: [], nextCursor: null }, false);
      return;
    }
    lastQuery = q;
    const controller = new AbortController();
    inFlight = controller;
    // A dated search may answer short, with a cursor, when it reached its read bound (a full, mostly
    // sold-out city): ask again, a few times at most, so that a page shows PAGE hotels when there are.
    let next = append ? cursor : null;
    let gathered = 0;
    try {
      for (let asked = 0; asked <= MAX_FOLLOW_UPS; asked++) {
        const params = searchParams();
        params.set('limit', String(PAGE - gathered));
        if (next) params.set('cursor', next);
        const result = await api<SearchPage>('GET', `/v1/hotels/search?${params}`, {
          signal: controller.signal,
        });
        if (controller.signal.aborted || q !== input.value.trim()) return;
        if (!result.ok) {
          if (asked > 0) {
            status.replaceChildren(message(plainWords(result.error), 'error'));
            return;
          }
          clearResults();
          const details = detailsOf(result.error);
          const fields = Object.keys(details).filter((f) => f in controls);
          if (fields.length) {
            problems.show(Object.fromEntries(fields.map((f) => [f, fieldWords(f, details[f] ?? '')])));
            status.replaceChildren(message('Fix the stay above to see hotels for it.', 'error'));
          } else status.replaceChildren(message(plainWords(result.error), 'error'));
          return;
        }
        render(result.data, append || asked > 0);
        gathered += result.data.items.length;
        next = result.data.nextCursor;
        if (gathered >= PAGE || !next) return;
      }
    } catch {
      // Aborted: a newer keystroke owns the results now.
    }
  };

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void search(), DEBOUNCE_MS);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !input.value.trim()) {
      emptyAsked = true;
      void search();
    }
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
  for (const control of [checkIn, checkOut, rooms, sort, minStars, maxPrice, currency])
    control.addEventListener('change', () => {
      if (control === checkIn && plausibleDate(checkIn.value, isoDay(0)) && checkOut.value <= checkIn.value)
        checkOut.value = new Date(Date.parse(checkIn.value) + 86_400_000).toISOString().slice(0, 10);
      // Debounced like typing: a date typed digit by digit changes on every digit.
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void search(), DEBOUNCE_MS);
    });

  show(
    h(
      'section',
      { class: 'hero' },
      h('h1', {}, 'Find a hotel'),
      h('p', {}, 'Stays across the United States and Southeast Asia. Typos are fine.'),
    ),
    h(
      'div',
      { class: 'search-bar' },
      h('div', { class: 'field search' }, h('label', { for: 'q' }, 'Search hotels'), input),
      h('div', { class: 'field' }, h('label', { for: 'check-in' }, 'Check-in'), checkIn),
      h('div', { class: 'field' }, h('label', { for: 'check-out' }, 'Check-out'), checkOut),
      h('div', { class: 'field rooms' }, h('label', { for: 'rooms' }, 'Rooms'), rooms),
      h('div', { class: 'field' }, h('label', { for: 'sort' }, 'Sort by'), sort),
      h('div', { class: 'field' }, h('label', { for: 'min-stars' }, 'Stars'), minStars),
      h('div', { class: 'field' }, h('label', { for: 'max-price' }, 'Max price'), maxPrice, currency),
    ),
    status,
    results,
    more,
  );
  input.focus();
  if (input.value.trim()) void search();
}
