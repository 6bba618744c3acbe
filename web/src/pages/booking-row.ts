/**
 * One row of a hotel's bookings list, with the front desk's actions, which come
 * from the lifecycle table the API enforces (check in, no-show, check out,
 * change, and "extend by a night" for a stay that may change). A refusal is said
 * in plain words, from the booking's dates and the status the server names.
 */

import {
  actionsFor,
  type BookingAction,
  LIFECYCLE,
  STATUS_WORDS,
  type StayAction,
} from '../../../lambdas/domain/lifecycle-table';
import { type ApiError, api } from '../api';
import type { Booking } from '../api-types';
import { h, message } from '../dom';
import { formatDate, formatMoney, isoDay } from '../format';
import { changeStayForm } from './change-stay';

const dayBefore = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const dayAfter = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Why the front desk could not do `action` to `booking`, in plain words. */
export function stayRefusal(action: BookingAction, booking: Booking, error: ApiError): string {
  const status = (error.details as { status?: Booking['status'] } | undefined)?.status;
  const guest = booking.guest.name;
  if (error.code !== 'CONFLICT' || !status) return error.message;
  const transition = LIFECYCLE[action];
  if (!(transition.from as readonly string[]).includes(status))
    return `${guest}'s booking is ${STATUS_WORDS[status]} now, so it cannot be ${transition.done}.`;
  const today = isoDay(0);
  if (action === 'check-in' && today < dayBefore(booking.checkIn))
    return `Too early to check ${guest} in: check-in opens on ${formatDate(dayBefore(booking.checkIn))}, the day before arrival.`;
  if (action === 'check-in')
    return `${guest}'s stay ended on ${formatDate(booking.checkOut)}: it can no longer be checked in.`;
  if (action === 'no-show')
    return `${guest} is not due until ${formatDate(booking.checkIn)}: a no-show can be marked from the arrival day on.`;
  return error.message;
}

/** The row of `booking`; `say` shows what happened; `token` is the hotelier's; `nameOf` names a room type. */
export function bookingRow(
  path: string,
  booking: Booking,
  token: string,
  say: (node: HTMLElement) => void,
  nameOf: (roomTypeId: string) => string = (id) => id,
): HTMLTableRowElement {
  const bookingPath = `${path}/bookings/${encodeURIComponent(booking.bookingId)}`;
  const actions = actionsFor(booking.status, 'desk');
  const replaceWith = (next: Booking) => {
    editor?.remove();
    row.replaceWith(bookingRow(path, next, token, say, nameOf));
  };
  let editor: HTMLTableRowElement | undefined;

  const button = (label: string, aria: string, onclick: (event: Event) => Promise<void> | void) =>
    h(
      'button',
      { type: 'button', class: 'secondary small', 'aria-label': `${aria}: ${booking.guest.name}`, onclick },
      label,
    );

  const statusButton = (action: StayAction) =>
    button(LIFECYCLE[action].label, LIFECYCLE[action].label, async (event) => {
      (event.currentTarget as HTMLButtonElement).disabled = true;
      const result = await api<Booking>('POST', `${bookingPath}/${action}`, { token });
      if (result.ok) {
        say(message(`${booking.guest.name} is ${LIFECYCLE[action].done}.`, 'success'));
        replaceWith(result.data);
        return;
      }
      say(message(stayRefusal(action, booking, result.error), 'error'));
      // Someone else changed it meanwhile (a guest's cancel): show the status it has now.
      const now = (result.error.details as { status?: Booking['status'] } | undefined)?.status;
      if (now && now !== booking.status) replaceWith({ ...booking, status: now });
      else (event.target as HTMLButtonElement).disabled = false;
    });

  const modifyButtons = () => [
    button('Change', 'Change', () => {
      if (editor) {
        editor.remove();
        editor = undefined;
        return;
      }
      editor = h(
        'tr',
        { class: 'editor' },
        h(
          'td',
          { colspan: '8' },
          changeStayForm({
            path: bookingPath,
            token,
            booking,
            onChanged: (changed) => {
              say(message(`${booking.guest.name}'s stay is changed.`, 'success'));
              replaceWith(changed);
            },
          }),
        ),
      );
      row.after(editor);
    }),
    button('Extend by a night', 'Extend by a night', async (event) => {
      (event.currentTarget as HTMLButtonElement).disabled = true;
      const result = await api<Booking>('PATCH', bookingPath, {
        token,
        body: { checkOut: dayAfter(booking.checkOut) },
        idempotencyKey: crypto.randomUUID(),
      });
      if (result.ok) {
        say(
          message(
            `${booking.guest.name} now leaves on ${formatDate(result.data.checkOut)}; the total is ${formatMoney(result.data.totalPrice)}.`,
            'success',
          ),
        );
        replaceWith(result.data);
        return;
      }
      say(
        message(
          result.error.code === 'SOLD_OUT'
            ? `No room free on ${formatDate(booking.checkOut)}: the stay is unchanged.`
            : stayRefusal('modify', booking, result.error),
          'error',
        ),
      );
      (event.target as HTMLButtonElement).disabled = false;
    }),
  ];

  const row = h(
    'tr',
    { 'data-booking': booking.bookingId },
    h('td', { class: 'reference' }, booking.reference ?? '—'),
    h(
      'td',
      { class: 'guest' },
      booking.guest.name,
      h(
        'div',
        { class: 'email' },
        h('a', { href: `mailto:${encodeURIComponent(booking.guest.email)}` }, booking.guest.email),
      ),
      booking.guest.phone
        ? h(
            'div',
            { class: 'phone' },
            'Phone: ',
            h('a', { href: `tel:${booking.guest.phone.replace(/[^0-9+]/g, '')}` }, booking.guest.phone),
          )
        : null,
      booking.guest.requests ? h('div', { class: 'requests' }, `Requests: ${booking.guest.requests}`) : null,
      booking.booker
        ? h('div', { class: 'booker' }, `Booked by ${booking.booker.name} (${booking.booker.email})`)
        : null,
    ),
    h('td', {}, nameOf(booking.roomTypeId)),
    h(
      'td',
      { class: 'stay', 'data-stay': `${booking.checkIn}/${booking.checkOut}` },
      `${formatDate(booking.checkIn)} → ${formatDate(booking.checkOut)}`,
    ),
    h('td', {}, String(booking.rooms)),
    h('td', {}, formatMoney(booking.totalPrice)),
    h('td', { class: 'status' }, STATUS_WORDS[booking.status].replace(/^a /, '')),
    h(
      'td',
      { class: 'actions' },
      ...actions.flatMap((action) =>
        action === 'modify' ? modifyButtons() : action === 'cancel' ? [] : [statusButton(action)],
      ),
    ),
  );
  return row;
}
