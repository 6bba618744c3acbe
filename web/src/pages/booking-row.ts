/**
 * One row of a hotel's bookings list, with the front desk's actions: check in
 * and mark a no-show for a confirmed stay, check out a checked-in one. A refusal
 * is said in plain words, from the booking's dates and the status the server names.
 */
import { type ApiError, api } from '../api';
import type { Booking } from '../api-types';
import { h, message } from '../dom';
import { formatDate, formatMoney, isoDay } from '../format';

type Action = 'check-in' | 'check-out' | 'no-show';

const ACTIONS: Record<Action, { label: string; done: string; from: Booking['status'] }> = {
  'check-in': { label: 'Check in', done: 'checked in', from: 'CONFIRMED' },
  'no-show': { label: 'No-show', done: 'marked as a no-show', from: 'CONFIRMED' },
  'check-out': { label: 'Check out', done: 'checked out', from: 'CHECKED_IN' },
};

const STATUS_WORDS: Record<Booking['status'], string> = {
  CONFIRMED: 'confirmed',
  CANCELLED: 'cancelled',
  CHECKED_IN: 'checked in',
  CHECKED_OUT: 'checked out',
  NO_SHOW: 'a no-show',
};

const dayBefore = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** Why the front desk could not do `action` to `booking`, in plain words. */
export function stayRefusal(action: Action, booking: Booking, error: ApiError): string {
  const status = (error.details as { status?: Booking['status'] } | undefined)?.status;
  const guest = booking.guest.name;
  if (error.code !== 'CONFLICT' || !status) return error.message;
  if (status !== ACTIONS[action].from)
    return `${guest}'s booking is ${STATUS_WORDS[status]} now, so it cannot be ${ACTIONS[action].done}.`;
  const today = isoDay(0);
  if (action === 'check-in' && today < dayBefore(booking.checkIn))
    return `Too early to check ${guest} in: check-in opens on ${formatDate(dayBefore(booking.checkIn))}, the day before arrival.`;
  if (action === 'check-in')
    return `${guest}'s stay ended on ${formatDate(booking.checkOut)}: it can no longer be checked in.`;
  if (action === 'no-show')
    return `${guest} is not due until ${formatDate(booking.checkIn)}: a no-show can be marked from the arrival day on.`;
  return error.message;
}

/** The row of `booking`; `say` shows what happened; `token` is the hotelier's. */
export function bookingRow(
  path: string,
  booking: Booking,
  token: string,
  say: (node: HTMLElement) => void,
): HTMLTableRowElement {
  const actions = (Object.keys(ACTIONS) as Action[]).filter((a) => ACTIONS[a].from === booking.status);
  const row = h(
    'tr',
    { 'data-booking': booking.bookingId },
    h('td', {}, booking.guest.name),
    h('td', {}, booking.roomTypeId),
    h('td', {}, `${booking.checkIn} → ${booking.checkOut}`),
    h('td', {}, String(booking.rooms)),
    h('td', {}, formatMoney(booking.totalPrice)),
    h('td', { class: 'status' }, STATUS_WORDS[booking.status].replace(/^a /, '')),
    h(
      'td',
      { class: 'actions' },
      ...actions.map((action) =>
        h(
          'button',
          {
            type: 'button',
            class: 'secondary small',
            'aria-label': `${ACTIONS[action].label}: ${booking.guest.name}`,
            onclick: async (event: Event) => {
              (event.currentTarget as HTMLButtonElement).disabled = true;
              const result = await api<Booking>(
                'POST',
                `${path}/bookings/${encodeURIComponent(booking.bookingId)}/${action}`,
                { token },
              );
              if (result.ok) {
                say(message(`${booking.guest.name} is ${ACTIONS[action].done}.`, 'success'));
                row.replaceWith(bookingRow(path, result.data, token, say));
                return;
              }
              say(message(stayRefusal(action, booking, result.error), 'error'));
              // Someone else changed it meanwhile (a guest's cancel): show the status it has now.
              const now = (result.error.details as { status?: Booking['status'] } | undefined)?.status;
              if (now && now !== booking.status)
                row.replaceWith(bookingRow(path, { ...booking, status: now }, token, say));
              else (event.target as HTMLButtonElement).disabled = false;
            },
          },
          ACTIONS[action].label,
        ),
      ),
    ),
  );
  return row;
}
