/** `/manage`: the hoteliers' area starts here, with the list of their hotels. */
import { api } from '../api';
import type { ManagedHotel, ManagedHotelList } from '../api-types';
import { dropErrorOnEdit, field, fieldProblems, h, message, show } from '../dom';
import { formatDate } from '../format';
import { explain, keepToken, token } from '../hotelier-session';
import { sayRefusal } from '../refusal';
import { navigate } from '../router';
import { sameNamed, tellApartWords } from '../search-words';
import { signIn } from './hotelier-sign-in';
import { STREET_ADDRESS_HINT, streetAddressInput } from './street-address';

/** `/manage`: the hotelier's hotels, found by name or city a page at a time, and a form to add one. */
export async function managePage(): Promise<void> {
  if (!token()) return signIn(() => void managePage());
  document.title = 'Your hotels · Hotels';
  const list = h('ul', { class: 'managed', 'aria-label': 'Your hotels' });
  const feedback = h('div', { class: 'feedback' });
  const signOut = h('button', { type: 'button', class: 'secondary' }, 'Sign out');
  signOut.addEventListener('click', () => {
    keepToken('');
    void managePage();
  });
  const name = h('input', { type: 'text', required: true, maxlength: '200' });
  const city = h('input', { type: 'text', required: true, maxlength: '100' });
  const country = h('input', {
    type: 'text',
    required: true,
    pattern: '[A-Za-z]{2}',
    maxlength: '2',
    placeholder: 'SG',
  });
  const address = streetAddressInput();
  const description = h('textarea', { rows: '3', maxlength: '5000' });
  // What the add did, under its button.
  const created = h('div', { class: 'feedback', 'aria-live': 'polite' });
  const create = h(
    'form',
    { class: 'card' },
    h('h2', {}, 'Add a hotel'),
    h(
      'div',
      { class: 'row' },
      field('Hotel name', name),
      field('City', city),
      field('Country code', country, 'Two letters, e.g. US, SG, TH'),
    ),
    field('Street address', address, STREET_ADDRESS_HINT),
    field('Description', description),
    h('button', { type: 'submit' }, 'Add hotel'),
    created,
  );
  const createProblems = fieldProblems({ name, city, country, address, description });
  dropErrorOnEdit(create, created);
  // One idempotency key per intended hotel: submitting again after a lost answer (or a
  // double click) answers the hotel already made instead of making a second one.
  let idempotencyKey = crypto.randomUUID();
  let lastAttempt = '';
  create.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {
      name: name.value,
      city: city.value,
      country: country.value.toUpperCase(),
      // Left empty: the hotel has none, rather than a blank one the API would refuse.
      ...(address.value.trim() && { address: address.value }),
      description: description.value,
    };
    const attempt = JSON.stringify(body);
    if (attempt !== lastAttempt) idempotencyKey = crypto.randomUUID();
    lastAttempt = attempt;
    const result = await api<ManagedHotel>('POST', '/v1/manage/hotels', {
      token: token(),
      body,
      idempotencyKey,
    });
    if (result.ok) navigate(`/manage/hotels/${encodeURIComponent(result.data.hotelId)}`);
    else created.replaceChildren(message(sayRefusal(createProblems, result.error, explain), 'error'));
  });
  const filter = h('input', { type: 'search', maxlength: '200', placeholder: 'Name or city' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show more');
  show(
    h('div', { class: 'titlebar' }, h('h1', {}, 'Your hotels'), signOut),
    feedback,
    h('div', { class: 'row' }, field('Find a hotel', filter)),
    list,
    more,
    create,
  );
  // One page at a time: a chain may own thousands of hotels. Each filter change starts over;
  // `shown` drops answers to a filter the hotelier has already typed past.
  let next: string | null = null;
  let shown = 0;
  let loaded: ManagedHotel[] = [];
  const load = async (append: boolean) => {
    const asked = ++shown;
    const query = new URLSearchParams({ limit: '50' });
    if (filter.value.trim()) query.set('q', filter.value.trim());
    if (append && next) query.set('cursor', next);
    const page = await api<ManagedHotelList>('GET', `/v1/manage/hotels?${query}`, { token: token() });
    if (asked !== shown) return;
    if (!page.ok) {
      const said = explain(page.error);
      // A token the API does not accept (mistyped, expired): back to signing in, saying why.
      if (page.error.code === 'UNAUTHORIZED')
        signIn(
          () => void managePage(),
          'That token was not accepted: it may be mistyped or expired. Please sign in again.',
        );
      else feedback.replaceChildren(message(said, 'error'));
      return;
    }
    // Drawn whole each time: a hotel added by "Show more" may be the namesake of one shown already.
    loaded = append ? [...loaded, ...page.data.items] : page.data.items;
    const twins = sameNamed(loaded);
    list.replaceChildren(...loaded.map((hotel) => hotelItem(hotel, twins.has(hotel.hotelId))));
    next = page.data.nextCursor;
    more.hidden = !next;
    if (!list.children.length)
      list.replaceChildren(
        h(
          'li',
          {},
          filter.value.trim() ? 'None of your hotels matches.' : 'No hotels yet. Add your first below.',
        ),
      );
  };
  more.addEventListener('click', () => void load(true));
  let typing: ReturnType<typeof setTimeout> | undefined;
  filter.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => void load(false), 200);
  });
  await load(false);
}

/** One hotel in the hotelier's list; a namesake in the same city says what tells it apart. */
function hotelItem(hotel: ManagedHotel, twin: boolean): HTMLElement {
  return h(
    'li',
    {},
    h('a', { href: `/manage/hotels/${encodeURIComponent(hotel.hotelId)}`, 'data-link': '' }, hotel.name),
    h('span', { class: 'where' }, ` ${hotel.city}, ${hotel.country} · runs in ${hotel.managedIn}`),
    twin
      ? h(
          'span',
          { class: 'tell-apart' },
          ` · ${tellApartWords(hotel) || `added on ${formatDate(hotel.createdAt.slice(0, 10))}`}`,
        )
      : '',
    hotel.status === 'CLOSING'
      ? h('span', { class: 'where' }, ' · being deleted: open it and delete again to finish')
      : '',
  );
}
