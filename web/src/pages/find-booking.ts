/**
 * `/find-booking`: a traveller without the saved private link finds their booking
 * with its reference and their e-mail address, and lands on its private page.
 */
import { api, plainWords } from '../api';
import type { BookingLookup } from '../api-types';
import { dropErrorOnEdit, field, fieldProblems, h, message, show } from '../dom';
import { sayRefusal } from '../refusal';
import { navigate } from '../router';

/** The private page of a booking found again, with its fresh token. */
function privatePath(found: BookingLookup): string {
  return `/bookings/${encodeURIComponent(found.hotelId)}/${encodeURIComponent(found.bookingId)}#token=${encodeURIComponent(found.accessToken)}`;
}

/** What a lookup's refusal means to a traveller. */
function lookupWords(error: Parameters<typeof plainWords>[0]): string {
  switch (error.code) {
    case 'NOT_FOUND':
      return 'We found no booking with that reference and e-mail address. Check both against your confirmation and try again.';
    case 'TOO_MANY_REQUESTS':
      return 'Too many tries for now. To keep bookings safe, please wait a while (at most an hour) and try again.';
    default:
      return plainWords(error);
  }
}

/** A short pointer to this page, for a booking page opened without its token. */
export function findBookingPrompt(): HTMLElement {
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, 'Find your booking'),
    h(
      'p',
      {},
      'This page needs the private link from your confirmation. No account is needed: find your booking with its reference and your e-mail address.',
    ),
    h('p', {}, h('a', { href: '/find-booking', 'data-link': '' }, 'Find my booking')),
  );
}

export function findBookingPage(): void {
  document.title = 'Find my booking · Hotels';
  const given = new URLSearchParams(location.search);
  const reference = h('input', {
    name: 'reference',
    required: true,
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    maxlength: '32',
    value: given.get('reference') ?? '',
  });
  const email = h('input', { name: 'email', type: 'email', required: true, autocomplete: 'email' });
  const submit = h('button', { type: 'submit' }, 'Find my booking');
  const feedback = h('div', { class: 'feedback', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'find-title' },
    field('Booking reference', reference, 'The 8 letters and digits on your confirmation, e.g. K7QX4M2P'),
    field('E-mail address', email, 'The guest’s or the booker’s address'),
    submit,
    feedback,
  );
  const problems = fieldProblems({ reference, email });
  dropErrorOnEdit(form, feedback);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    feedback.replaceChildren(message('Looking for your booking…'));
    const found = await api<BookingLookup>('POST', '/v1/bookings/lookup', {
      body: { reference: reference.value, email: email.value },
    });
    submit.disabled = false;
    if (found.ok) {
      navigate(privatePath(found.data));
      return;
    }
    feedback.replaceChildren(message(sayRefusal(problems, found.error, lookupWords), 'error'));
  });
  show(
    h('h1', { id: 'find-title' }, 'Find my booking'),
    h(
      'p',
      { class: 'lead' },
      'Lost the link to your booking? Enter its reference and your e-mail address to open it again. You do not need an account.',
    ),
    form,
  );
  reference.focus();
}
