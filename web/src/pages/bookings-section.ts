/**
 * A hotel's bookings on its management page, a page at a time (a busy hotel has
 * thousands over a year): by date range and status, and what the desk types (a reference,
 * a guest's name or e-mail), each row with the front desk's actions (booking-row.ts).
 */
import { LISTED_STATUSES, STATUS_WORDS } from '../../../lambdas/domain/lifecycle-table';
import { api } from '../api';
import type { BookingList } from '../api-types';
import { field, h, labelCells, message } from '../dom';
import { formatDate, isoDay } from '../format';
import { explain, token } from '../hotelier-session';
import { bookingRow } from './booking-row';

/** The range form, what the desk did, and the list; `nameOf` names a room type by its id. */
export function bookingsSection(hotelId: string, nameOf: (roomTypeId: string) => string): HTMLElement {
  const path = `/v1/manage/hotels/${encodeURIComponent(hotelId)}`;
  const feedback = h('div', { class: 'feedback', 'aria-live': 'polite' });
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
  // What the guest at the desk says: their reference, their name, or their e-mail address.
  const guestOrReference = h('input', {
    type: 'search',
    maxlength: '100',
    autocomplete: 'off',
    placeholder: 'Reference, name or e-mail',
  });
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
    field('Guest or reference', guestOrReference),
    h('button', { type: 'submit', class: 'secondary' }, 'Show bookings'),
  );
  let nextBookings: string | null = null;
  let rows: HTMLTableSectionElement | undefined;
  // The list's filters as the form was sent: "Show more" goes on with them (a cursor is bound to
  // them), whatever has been typed in the form since.
  let shown = new URLSearchParams();
  const loadBookings = async (append: boolean) => {
    if (!append) {
      shown = new URLSearchParams({ from: from.value, to: to.value, limit: '50' });
      if (status.value) shown.set('status', status.value);
      const typed = guestOrReference.value.trim();
      if (typed) shown.set('q', typed);
    }
    const sought = shown.get('q');
    const query = new URLSearchParams(shown);
    if (append && nextBookings) query.set('cursor', nextBookings);
    let result = await api<BookingList>('GET', `${path}/bookings?${query}`, { token: token() });
    // A search reads a bounded share of the range per page and may match nothing in it: read on a
    // few pages by itself, so the desk is not left clicking through empty ones.
    for (
      let more = 0;
      sought && result.ok && !result.data.items.length && result.data.nextCursor && more < 5;
      more++
    ) {
      query.set('cursor', result.data.nextCursor);
      result = await api<BookingList>('GET', `${path}/bookings?${query}`, { token: token() });
    }
    if (!result.ok) return feedback.replaceChildren(message(explain(result.error), 'error'));
    const lines = result.data.items.map((b) =>
      bookingRow(path, b, token(), (note) => deskNote.replaceChildren(note), nameOf),
    );
    nextBookings = result.data.nextCursor;
    moreBookings.hidden = !nextBookings;
    if (append && rows) return rows.append(...lines);
    // Nothing matched in what the pages read, and more is left: say so, above what "Show more" adds.
    const readOn =
      !lines.length && nextBookings
        ? [
            h(
              'tr',
              {},
              h(
                'td',
                // No column's label: it is a note about the list, not a booking's reference.
                { colspan: '8', 'data-label': '' },
                'No match among the stays read so far: “Show more bookings” reads on.',
              ),
            ),
          ]
        : [];
    rows = h('tbody', {}, ...readOn, ...lines);
    const which = status.value ? `${status.selectedOptions[0]?.textContent?.toLowerCase()} stays` : 'Stays';
    const matching = sought ? ` matching “${sought}”` : '';
    bookings.replaceChildren(
      lines.length || nextBookings
        ? labelCells(
            h(
              'table',
              {},
              h(
                'caption',
                {},
                `${which} between ${formatDate(from.value)} and ${formatDate(to.value)}${matching}`,
              ),
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ...[
                    'Reference',
                    'Guest',
                    'Room type',
                    'Stay',
                    'Rooms',
                    'Total',
                    'Status',
                    'Front desk',
                  ].map((c) => h('th', { scope: 'col' }, c)),
                ),
              ),
              rows,
            ),
          )
        : h('p', {}, `No stays in that range${matching}.`),
    );
  };
  range.addEventListener('submit', (event) => {
    event.preventDefault();
    void loadBookings(false);
  });
  moreBookings.addEventListener('click', () => void loadBookings(true));
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, 'Bookings'),
    range,
    feedback,
    deskNote,
    bookings,
    moreBookings,
  );
}
