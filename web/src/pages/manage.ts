/**
 * `/manage` and `/manage/hotels/{id}`: the hoteliers' area. Locally, sign in
 * with a token from `npm run --silent token -- <id>`; in AWS, through the
 * Cognito hosted UI when /config.json names it.
 */
import { LISTED_STATUSES, STATUS_WORDS } from '../../../lambdas/domain/lifecycle-table';
import { type ApiError, api, cognito, plainWords, untilReplicated } from '../api';
import type { BookingList, ManagedHotel, ManagedHotelList, PublicHotel, RoomType } from '../api-types';
import { dropErrorOnEdit, field, fieldProblems, h, labelCells, message, show } from '../dom';
import { formatDate, isoDay, minorUnits } from '../format';
import { sayRefusal } from '../refusal';
import { defaultCurrency, roomTypeIdFor } from '../room-type-defaults';
import { navigate } from '../router';
import { bookingRow } from './booking-row';

const TOKEN_KEY = 'hotelierToken';
const token = () => sessionStorage.getItem(TOKEN_KEY) ?? '';
function explain(error: ApiError): string {
  const nights = (error.details as { nights?: Array<{ night: string; booked: number }> } | undefined)?.nights;
  if (error.code === 'CONFLICT' && nights?.length)
    return `${error.message}: ${nights.map((n) => `${formatDate(n.night)} has ${n.booked} booked`).join('; ')}.`;
  if (error.code === 'UNAUTHORIZED') sessionStorage.removeItem(TOKEN_KEY);
  return plainWords(error);
}

const PKCE_KEY = 'hotelier-pkce';

/** URL-safe base64 without padding, as PKCE writes its verifier and challenge. */
function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * Starts the hosted UI's authorization code grant with PKCE: a one-time verifier
 * stays in this tab, only its SHA-256 travels, so a code caught on the way back is
 * useless to anyone else (the implicit grant put the token itself in the URL).
 */
async function startHostedSignIn(hosted: { domain: string; clientId: string }): Promise<void> {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64Url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: hosted.clientId,
    redirect_uri: `${location.origin}/manage`,
    scope: 'openid email',
    state,
    code_challenge_method: 'S256',
    code_challenge: challenge,
  });
  location.assign(`https://${hosted.domain}/oauth2/authorize?${query}`);
}

/** Exchanges the code the hosted UI sent back (with this tab's verifier) for an ID token. */
async function finishHostedSignIn(hosted: { domain: string; clientId: string }, code: string, state: string) {
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? '{}') as { verifier?: string; state?: string };
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', '/manage');
  if (!saved.verifier || saved.state !== state) return signIn();
  const response = await fetch(`https://${hosted.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: hosted.clientId,
      code,
      redirect_uri: `${location.origin}/manage`,
      code_verifier: saved.verifier,
    }),
  });
  const tokens = response.ok ? ((await response.json()) as { id_token?: string }) : {};
  if (tokens.id_token) sessionStorage.setItem(TOKEN_KEY, tokens.id_token);
  void managePage();
}

function signIn(): void {
  const hosted = cognito();
  const back = new URLSearchParams(location.search);
  const code = back.get('code');
  if (hosted && code) {
    void finishHostedSignIn(hosted, code, back.get('state') ?? '');
    return;
  }
  const input = h('textarea', { rows: '4', required: true, spellcheck: 'false', autocomplete: 'off' });
  const form = h(
    'form',
    { class: 'card' },
    h('h2', {}, 'Sign in with a token'),
    field('Hotelier token', input, 'Locally: npm run --silent token -- demo-hotelier'),
    h('button', { type: 'submit' }, 'Sign in'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, input.value.trim());
    void managePage();
  });
  show(h('h1', {}, 'For hoteliers'), hosted ? h('p', {}, signInButton(hosted)) : form);
}

function signInButton(hosted: { domain: string; clientId: string }): HTMLElement {
  const button = h('button', { type: 'button' }, 'Sign in with your hotelier account');
  button.addEventListener('click', () => void startHostedSignIn(hosted));
  return button;
}

export async function managePage(hotelId?: string): Promise<void> {
  if (!token()) return signIn();
  if (hotelId) return hotelAdmin(hotelId);
  const list = h('ul', { class: 'managed', 'aria-label': 'Your hotels' });
  const feedback = h('div', { class: 'feedback' });
  const signOut = h('button', { type: 'button', class: 'secondary' }, 'Sign out');
  signOut.addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
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
    field('Description', description),
    h('button', { type: 'submit' }, 'Add hotel'),
    created,
  );
  const createProblems = fieldProblems({ name, city, country, description });
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
  const load = async (append: boolean) => {
    const asked = ++shown;
    const query = new URLSearchParams({ limit: '50' });
    if (filter.value.trim()) query.set('q', filter.value.trim());
    if (append && next) query.set('cursor', next);
    const page = await api<ManagedHotelList>('GET', `/v1/manage/hotels?${query}`, { token: token() });
    if (asked !== shown) return;
    if (!page.ok) {
      feedback.replaceChildren(message(explain(page.error), 'error'));
      if (page.error.code === 'UNAUTHORIZED') signIn();
      return;
    }
    const items = page.data.items.map(hotelItem);
    if (append) list.append(...items);
    else list.replaceChildren(...items);
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

/** One hotel in the hotelier's list. */
function hotelItem(hotel: ManagedHotel): HTMLElement {
  return h(
    'li',
    {},
    h('a', { href: `/manage/hotels/${encodeURIComponent(hotel.hotelId)}`, 'data-link': '' }, hotel.name),
    h('span', { class: 'where' }, ` ${hotel.city}, ${hotel.country} · runs in ${hotel.managedIn}`),
    hotel.status === 'CLOSING'
      ? h('span', { class: 'where' }, ' · being deleted: open it and delete again to finish')
      : '',
  );
}

async function hotelAdmin(hotelId: string): Promise<void> {
  const path = `/v1/manage/hotels/${encodeURIComponent(hotelId)}`;
  const feedback = h('div', { class: 'feedback', 'aria-live': 'polite' });
  // A hotel created a moment ago may run in the other region and not have replicated here yet.
  const mine = await untilReplicated(
    () => api<ManagedHotel>('GET', path, { token: token() }),
    (r) => !r.ok && r.error.code === 'NOT_FOUND',
  );
  if (!mine.ok) {
    show(
      h('h1', {}, 'Hotel'),
      message(
        mine.error.code === 'FORBIDDEN' ? 'This hotel is not one of yours.' : explain(mine.error),
        'error',
      ),
      h('a', { href: '/manage', 'data-link': '' }, 'Your hotels'),
    );
    return;
  }
  const hotel = mine.data;

  // Details.
  const name = h('input', { type: 'text', required: true, value: hotel.name, maxlength: '200' });
  const city = h('input', { type: 'text', required: true, value: hotel.city, maxlength: '100' });
  const description = h('textarea', { rows: '3', maxlength: '5000' }, hotel.description);
  // Each form says what its save did right under its button.
  const detailsSaved = h('div', { class: 'feedback', 'aria-live': 'polite' });
  const details = h(
    'form',
    { class: 'card' },
    h('h2', {}, 'Details'),
    h('div', { class: 'row' }, field('Hotel name', name), field('City', city)),
    field('Description', description),
    h('button', { type: 'submit' }, 'Save details'),
    detailsSaved,
  );
  const detailsProblems = fieldProblems({ name, city, description });
  dropErrorOnEdit(details, detailsSaved);
  details.addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = await api<ManagedHotel>('PATCH', path, {
      token: token(),
      body: { name: name.value, city: city.value, description: description.value },
    });
    if (result.ok) detailsProblems.clear();
    detailsSaved.replaceChildren(
      result.ok
        ? message('Details saved.', 'success')
        : message(sayRefusal(detailsProblems, result.error, explain), 'error'),
    );
  });

  // Room types.
  const roomTypes = h('div', { class: 'room-types' });
  // Under the room types, where the save was made: the forms themselves are redrawn after it.
  const roomTypeSaved = h('div', { class: 'feedback', 'aria-live': 'polite' });
  // A new room type's form fills in its id from its name (unique here) and the hotel's currency.
  const roomTypeForm = (existing?: RoomType, others: readonly RoomType[] = []) => {
    const taken = new Set(others.map((rt) => rt.roomTypeId));
    const id = h('input', {
      type: 'text',
      required: true,
      pattern: '[a-z0-9][a-z0-9\\-]{0,63}',
      value: existing?.roomTypeId ?? '',
      readonly: Boolean(existing),
      placeholder: 'deluxe-king',
    });
    const rtName = h('input', {
      type: 'text',
      required: true,
      value: existing?.name ?? '',
      maxlength: '200',
    });
    const total = h('input', {
      type: 'number',
      min: '0',
      max: '10000',
      required: true,
      value: String(existing?.totalRooms ?? 10),
    });
    const currency = h('input', {
      type: 'text',
      required: true,
      pattern: '[A-Za-z]{3}',
      maxlength: '3',
      autocapitalize: 'characters',
      value:
        existing?.pricePerNight.currency ??
        defaultCurrency(
          others.map((rt) => rt.pricePerNight),
          hotel.country,
        ),
    });
    currency.addEventListener('input', () => {
      currency.value = currency.value.toUpperCase();
    });
    if (!existing) {
      // The id follows the name until the hotelier types an id of their own.
      let idTyped = false;
      id.addEventListener('input', () => {
        idTyped = id.value !== '';
      });
      rtName.addEventListener('input', () => {
        if (!idTyped) id.value = rtName.value.trim() ? roomTypeIdFor(rtName.value, taken) : '';
      });
    }
    const price = h('input', {
      type: 'number',
      min: '0',
      step: 'any',
      required: true,
      value: existing
        ? String(existing.pricePerNight.amount / minorUnits(existing.pricePerNight.currency))
        : '100',
    });
    const form = h(
      'form',
      { class: 'row room-type' },
      field('Room type name', rtName),
      field('Room type id', id, existing ? undefined : 'Made from the name; lowercase letters, digits and -'),
      field('Total rooms', total),
      field('Price per night', price),
      field('Currency', currency),
      h('button', { type: 'submit' }, existing ? 'Save room type' : 'Add room type'),
      existing
        ? h(
            'a',
            {
              class: 'button',
              href: `/manage/hotels/${encodeURIComponent(hotelId)}/room-types/${encodeURIComponent(existing.roomTypeId)}/calendar`,
              'data-link': '',
            },
            `Calendar of ${existing.name}`,
          )
        : null,
    );
    const problems = fieldProblems({
      roomTypeId: id,
      name: rtName,
      totalRooms: total,
      'pricePerNight.amount': price,
      'pricePerNight.currency': currency,
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      currency.value = currency.value.toUpperCase();
      // Adding must never overwrite: the API's PUT would update a room type with a taken id.
      if (!existing && taken.has(id.value)) {
        problems.show({ roomTypeId: `This hotel already has a room type with the id ${id.value}.` });
        return;
      }
      const amount = Math.round(Number(price.value) * minorUnits(currency.value));
      const result = await api<RoomType>('PUT', `${path}/room-types/${encodeURIComponent(id.value)}`, {
        token: token(),
        body: {
          name: rtName.value,
          totalRooms: Number(total.value),
          pricePerNight: { amount, currency: currency.value },
        },
      });
      roomTypeSaved.replaceChildren(
        result.ok
          ? message(`Room type ${result.data.name} saved.`, 'success')
          : message(sayRefusal(problems, result.error, explain), 'error'),
      );
      if (result.ok) {
        // The owner region's answer is the truth; this region's copy may not have caught up yet.
        saved.set(result.data.roomTypeId, result.data);
        void loadRoomTypes();
      }
    });
    return form;
  };
  const saved = new Map<string, RoomType>();
  const loadRoomTypes = async () => {
    const page = await api<PublicHotel>('GET', `/v1/hotels/${encodeURIComponent(hotelId)}`);
    const merged = new Map((page.ok ? page.data.roomTypes : []).map((rt) => [rt.roomTypeId, rt]));
    for (const [id, rt] of saved) merged.set(id, rt);
    roomTypes.replaceChildren(
      ...[...merged.values()].map((rt) => roomTypeForm(rt)),
      h('h3', {}, 'Add a room type'),
      roomTypeForm(undefined, [...merged.values()]),
    );
  };

  // Bookings, a page at a time: a busy hotel has thousands over a year.
  const from = h('input', { type: 'date', required: true, value: isoDay(0) });
  const to = h('input', { type: 'date', required: true, value: isoDay(30) });
  const status = h(
    'select',
    {},
    // Every status the lifecycle table knows, so a new status appears here by itself.
    h('option', { value: '' }, 'All'),
    ...LISTED_STATUSES.map((value) =>
      h(
        'option',
        { value },
        STATUS_WORDS[value].replace(/^a /, '').replace(/^./, (c) => c.toUpperCase()),
      ),
    ),
  );
  const bookings = h('div', { class: 'bookings' });
  // What the front desk's last action did, next to the list it acted on.
  const deskNote = h('div', { class: 'feedback', 'aria-live': 'polite' });
  const moreBookings = h(
    'button',
    { type: 'button', class: 'secondary', hidden: true },
    'Show more bookings',
  );
  const range = h(
    'form',
    { class: 'row' },
    field('From', from),
    field('To', to),
    field('Status', status),
    h('button', { type: 'submit', class: 'secondary' }, 'Show bookings'),
  );
  let nextBookings: string | null = null;
  let rows: HTMLTableSectionElement | undefined;
  const loadBookings = async (append: boolean) => {
    const query = new URLSearchParams({ from: from.value, to: to.value, limit: '50' });
    if (status.value) query.set('status', status.value);
    if (append && nextBookings) query.set('cursor', nextBookings);
    const result = await api<BookingList>('GET', `${path}/bookings?${query}`, { token: token() });
    if (!result.ok) return feedback.replaceChildren(message(explain(result.error), 'error'));
    const lines = result.data.items.map((b) =>
      bookingRow(path, b, token(), (note) => deskNote.replaceChildren(note)),
    );
    nextBookings = result.data.nextCursor;
    moreBookings.hidden = !nextBookings;
    if (append && rows) return rows.append(...lines);
    rows = h('tbody', {}, ...lines);
    const which = status.value ? `${status.selectedOptions[0]?.textContent?.toLowerCase()} stays` : 'Stays';
    bookings.replaceChildren(
      lines.length || nextBookings
        ? labelCells(
            h(
              'table',
              {},
              h('caption', {}, `${which} between ${formatDate(from.value)} and ${formatDate(to.value)}`),
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ...['Guest', 'Room type', 'Stay', 'Rooms', 'Total', 'Status', 'Front desk'].map((c) =>
                    h('th', { scope: 'col' }, c),
                  ),
                ),
              ),
              rows,
            ),
          )
        : h('p', {}, 'No stays in that range.'),
    );
  };
  range.addEventListener('submit', (event) => {
    event.preventDefault();
    void loadBookings(false);
  });
  moreBookings.addEventListener('click', () => void loadBookings(true));

  // Deletion.
  const remove = h('button', { type: 'button', class: 'danger' }, 'Delete hotel');
  remove.addEventListener('click', async () => {
    if (!window.confirm(`Delete ${hotel.name}? It leaves search at once.`)) return;
    const result = await api<void>('DELETE', path, { token: token() });
    if (result.ok) navigate('/manage');
    else feedback.replaceChildren(message(explain(result.error), 'error'));
  });

  show(
    h('p', { class: 'crumbs' }, h('a', { href: '/manage', 'data-link': '' }, 'Your hotels')),
    h('h1', {}, hotel.name),
    h(
      'p',
      { class: 'where' },
      `${hotel.city}, ${hotel.country} · runs in ${hotel.managedIn} · `,
      h('a', { href: `/hotels/${encodeURIComponent(hotelId)}`, 'data-link': '' }, 'public page'),
    ),
    feedback,
    details,
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Room types'),
      h(
        'p',
        {},
        h(
          'a',
          { href: `/manage/hotels/${encodeURIComponent(hotelId)}/rates`, 'data-link': '' },
          'Rates of all room types',
        ),
        ': set prices and close nights for several room types at once.',
      ),
      roomTypes,
      roomTypeSaved,
    ),
    h('section', { class: 'card' }, h('h2', {}, 'Bookings'), range, deskNote, bookings, moreBookings),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Delete'),
      h('p', {}, 'A hotel with confirmed bookings for future nights cannot be deleted.'),
      remove,
    ),
  );
  await loadRoomTypes();
}
