/**
 * Changing a stay's dates or rooms, for the guest's booking page and the front
 * desk's bookings list alike: pick new dates and rooms, see the new total and
 * the difference, then confirm. The new total is the server's own, asked for
 * without changing anything: a change sent with an expected total no stay can
 * cost is always refused with the current total (409 PRICE_CHANGED), so the
 * page never re-implements pricing (kept nights keep their price, added nights
 * cost today's). The confirmation then sends that total as the expected one, so
 * a price that moved in between is refused rather than charged.
 */
import { type ApiError, api, plainWords } from '../api';
import type { Booking, Money } from '../api-types';
import { dropErrorOnEdit, field, fieldProblems, h, message } from '../dom';
import { stayProblems } from '../field-words';
import { formatMoney } from '../format';
import { sayRefusal } from '../refusal';

/** An amount no change can cost (the API's largest): asking with it only ever quotes. */
const NEVER_THE_TOTAL = 1_000_000_000_000;

export interface ChangeFormOptions {
  /** The booking's path: the guest's or the hotelier's. */
  readonly path: string;
  readonly token: string;
  readonly booking: Booking;
  /** Called with the booking as it stands after the change. */
  readonly onChanged: (booking: Booking) => void;
}

/** Why a change was refused, in plain words. */
function changeRefusal(error: ApiError): string {
  if (error.code === 'SOLD_OUT') {
    const nights = (error.details as { nights?: string[] } | undefined)?.nights ?? [];
    return `Not enough rooms free${nights.length ? ` on ${nights.join(', ')}` : ''}: the booking is unchanged.`;
  }
  if (error.code === 'NOT_BOOKABLE') return `${error.message}. The booking is unchanged.`;
  return plainWords(error);
}

/** The form to change a booking's stay; a checked-in stay may change only its check-out date. */
export function changeStayForm(options: ChangeFormOptions): HTMLFormElement {
  const { booking, path, token } = options;
  const inHouse = booking.status === 'CHECKED_IN';
  const checkIn = h('input', { type: 'date', required: true, value: booking.checkIn, disabled: inHouse });
  const checkOut = h('input', { type: 'date', required: true, value: booking.checkOut });
  const rooms = h('input', {
    type: 'number',
    min: '1',
    max: '10',
    required: true,
    value: String(booking.rooms),
    disabled: inHouse,
  });
  const quote = h('div', { class: 'quote', 'aria-live': 'polite' });
  const confirm = h('button', { type: 'button', hidden: true }, 'Confirm the change');
  const asked = () => ({
    ...(inHouse ? {} : { checkIn: checkIn.value, rooms: Number(rooms.value) }),
    checkOut: checkOut.value,
  });
  let quoted: Money | undefined;

  const form = h(
    'form',
    { class: 'card change-stay', 'aria-label': 'Change the stay' },
    h('h2', {}, inHouse ? 'Change the check-out date' : 'Change dates or rooms'),
    field('New check-in', checkIn),
    field('New check-out', checkOut),
    field('Rooms', rooms),
    h('button', { type: 'submit', class: 'secondary' }, 'See the new price'),
    quote,
    confirm,
  );
  const problems = fieldProblems({ checkIn, checkOut, rooms });
  dropErrorOnEdit(form, quote);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    confirm.hidden = true;
    quoted = undefined;
    // A stale quote goes at once: it no longer answers the dates on screen.
    quote.replaceChildren();
    const wrong = stayProblems(checkIn.value, checkOut.value, rooms.value);
    problems.show(wrong);
    if (Object.keys(wrong).length) return;
    const probe = await api<Booking>('PATCH', path, {
      token,
      body: {
        ...asked(),
        expectedTotalPrice: { amount: NEVER_THE_TOTAL, currency: booking.totalPrice.currency },
      },
    });
    if (probe.ok) {
      // Nothing to change: the same dates and rooms.
      quote.replaceChildren(message('That is the stay as booked: nothing to change.', 'info'));
      return;
    }
    if (probe.error.code !== 'PRICE_CHANGED') {
      quote.replaceChildren(message(sayRefusal(problems, probe.error, changeRefusal), 'error'));
      return;
    }
    quoted = (probe.error.details as { totalPrice: Money }).totalPrice;
    const difference = quoted.amount - booking.totalPrice.amount;
    const diff = formatMoney({ amount: Math.abs(difference), currency: quoted.currency });
    quote.replaceChildren(
      h(
        'p',
        { class: 'new-total' },
        `New total: ${formatMoney(quoted)} (was ${formatMoney(booking.totalPrice)}; `,
        difference === 0 ? 'no difference' : difference > 0 ? `${diff} more` : `${diff} less`,
        ').',
      ),
    );
    confirm.hidden = false;
  });
  confirm.addEventListener('click', async () => {
    if (!quoted) return;
    confirm.disabled = true;
    const done = await api<Booking>('PATCH', path, {
      token,
      body: { ...asked(), expectedTotalPrice: quoted },
      idempotencyKey: crypto.randomUUID(),
    });
    confirm.disabled = false;
    if (done.ok) {
      options.onChanged(done.data);
      return;
    }
    confirm.hidden = true;
    quote.replaceChildren(
      message(
        done.error.code === 'PRICE_CHANGED'
          ? 'The price changed meanwhile: ask for the new price again.'
          : changeRefusal(done.error),
        'error',
      ),
    );
  });
  return form;
}
