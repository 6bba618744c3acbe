/**
 * The booking form's optional guest details: a phone, requests to the hotel (with a
 * character counter), and "booking for someone else", which asks who pays.
 */
import { MAX_REQUESTS_CHARACTERS, PHONE_PATTERN } from '../../../lambdas/domain/guest-details';
import { field, h } from '../dom';

/** What the details add to a booking's body: the guest's extra fields and the booker, if any. */
export interface GuestDetailsValue {
  readonly guest: { phone?: string; requests?: string };
  readonly booker?: { name: string; email: string };
}

const characters = (s: string) => [...s].length;

/** The fields, and a reader of what they hold (blank fields are left out). */
export function guestDetailsFields(): {
  readonly element: HTMLElement;
  /** Its controls, keyed by the booking body's field paths (for problems said next to them). */
  readonly controls: Record<string, HTMLInputElement | HTMLTextAreaElement>;
  value(): GuestDetailsValue;
} {
  const phone = h('input', {
    type: 'tel',
    autocomplete: 'tel',
    maxlength: '20',
    pattern: PHONE_PATTERN.source,
    title: 'A phone number such as +44 20 7946 0958: digits, spaces, brackets and hyphens',
  });
  const requests = h('textarea', { rows: '3', name: 'requests' });
  const counter = h('small', { class: 'counter', 'aria-live': 'polite' });
  const countRequests = () => {
    const used = characters(requests.value.trim());
    counter.textContent = `${used} / ${MAX_REQUESTS_CHARACTERS} characters`;
    requests.setCustomValidity(
      used > MAX_REQUESTS_CHARACTERS ? `At most ${MAX_REQUESTS_CHARACTERS} characters, please.` : '',
    );
  };
  requests.addEventListener('input', countRequests);
  countRequests();
  const requestsField = field('Requests to the hotel (optional)', requests);
  counter.id = `${requests.id}-count`;
  requests.setAttribute('aria-describedby', counter.id);
  requestsField.append(counter);

  const forSomeoneElse = h('input', { type: 'checkbox' });
  const bookerName = h('input', { type: 'text', required: true, autocomplete: 'name', maxlength: '200' });
  const bookerEmail = h('input', { type: 'email', required: true, autocomplete: 'email', maxlength: '254' });
  const booker = h(
    'fieldset',
    { class: 'booker' },
    h('legend', {}, 'Who pays for the booking'),
    h('div', { class: 'row' }, field("Booker's name", bookerName), field("Booker's email", bookerEmail)),
  );
  // In the page only while asked for: hidden fields would still be required, and still be found.
  const bookerSlot = h('div', {});
  forSomeoneElse.addEventListener('change', () => {
    bookerSlot.replaceChildren(...(forSomeoneElse.checked ? [booker] : []));
  });

  const element = h(
    'div',
    { class: 'guest-details' },
    h('div', { class: 'row' }, field('Phone (optional)', phone, 'For the hotel to reach the guest')),
    requestsField,
    h('label', { class: 'check' }, forSomeoneElse, ' I am booking for someone else'),
    bookerSlot,
  );
  return {
    element,
    controls: {
      'guest.phone': phone,
      'guest.requests': requests,
      'booker.name': bookerName,
      'booker.email': bookerEmail,
    },
    value() {
      const phoneText = phone.value.trim();
      const requestsText = requests.value.trim();
      return {
        guest: {
          ...(phoneText ? { phone: phoneText } : {}),
          ...(requestsText ? { requests: requestsText } : {}),
        },
        ...(forSomeoneElse.checked
          ? { booker: { name: bookerName.value.trim(), email: bookerEmail.value.trim() } }
          : {}),
      };
    },
  };
}
