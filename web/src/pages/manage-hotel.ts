/** `/manage/hotels/{id}`: the hotelier's page of one hotel. */
import { api, untilReplicated } from '../api';
import type { ManagedHotel } from '../api-types';
import { dropErrorOnEdit, field, fieldProblems, h, message, show } from '../dom';
import { explain, token } from '../hotelier-session';
import { sayRefusal } from '../refusal';
import { navigate } from '../router';
import { placeOf } from '../stay-terms';
import { bookingsSection } from './bookings-section';
import { signIn } from './hotelier-sign-in';
import { roomTypesSection } from './room-types-section';
import { STREET_ADDRESS_HINT, streetAddressInput } from './street-address';

/** `/manage/hotels/{id}`: one hotel's details, room types, bookings and deletion. */
export async function manageHotelPage(hotelId: string): Promise<void> {
  if (!token()) return signIn(() => void manageHotelPage(hotelId));
  const path = `/v1/manage/hotels/${encodeURIComponent(hotelId)}`;
  const feedback = h('div', { class: 'feedback', 'aria-live': 'polite' });
  // A hotel created a moment ago may run in the other region and not have replicated here yet.
  const mine = await untilReplicated(
    () => api<ManagedHotel>('GET', path, { token: token() }),
    (r) => !r.ok && r.error.code === 'NOT_FOUND',
  );
  if (!mine.ok) {
    if (mine.error.code === 'UNAUTHORIZED')
      return signIn(
        () => void manageHotelPage(hotelId),
        'Your sign-in was not accepted: it may have expired. Please sign in again.',
      );
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
  document.title = `${hotel.name} · Your hotels · Hotels`;
  const roomTypes = roomTypesSection(hotel);
  // Where the hotel is, as travellers read it, and where it runs; a saved change of address shows here.
  const whereWords = (shown: ManagedHotel) => `${placeOf(shown)} · runs in ${shown.managedIn}`;
  const where = h('span', {}, whereWords(hotel));

  // Details.
  const name = h('input', { type: 'text', required: true, value: hotel.name, maxlength: '200' });
  const city = h('input', { type: 'text', required: true, value: hotel.city, maxlength: '100' });
  const address = streetAddressInput(hotel.address);
  const description = h('textarea', { rows: '3', maxlength: '5000' }, hotel.description);
  // Each form says what its save did right under its button.
  const detailsSaved = h('div', { class: 'feedback', 'aria-live': 'polite' });
  const details = h(
    'form',
    { class: 'card' },
    h('h2', {}, 'Details'),
    h('div', { class: 'row' }, field('Hotel name', name), field('City', city)),
    field('Street address', address, STREET_ADDRESS_HINT),
    field('Description', description),
    h('button', { type: 'submit' }, 'Save details'),
    detailsSaved,
  );
  const detailsProblems = fieldProblems({ name, city, address, description });
  dropErrorOnEdit(details, detailsSaved);
  details.addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = await api<ManagedHotel>('PATCH', path, {
      token: token(),
      // An emptied street address removes it (null), rather than sending a blank one.
      body: {
        name: name.value,
        city: city.value,
        address: address.value.trim() ? address.value : null,
        description: description.value,
      },
    });
    if (result.ok) {
      detailsProblems.clear();
      where.textContent = whereWords(result.data);
    }
    detailsSaved.replaceChildren(
      result.ok
        ? message('Details saved.', 'success')
        : message(sayRefusal(detailsProblems, result.error, explain), 'error'),
    );
  });

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
      where,
      ' · ',
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
      roomTypes.element,
    ),
    bookingsSection(hotelId, roomTypes.nameOf),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Delete'),
      h('p', {}, 'A hotel with confirmed bookings for future nights cannot be deleted.'),
      remove,
    ),
  );
  await roomTypes.load();
}
