/**
 * `/bookings/{hotelId}/{bookingId}#token=…`: the confirmation, and the guest's
 * private page to view and cancel. The token lives in the URL fragment, which
 * browsers never send to a server.
 */

import { actionsFor, STATUS_WORDS } from '../../../lambdas/domain/lifecycle-table';
import { api, plainWords, untilReplicated } from '../api';
import type { Booking, PublicHotel } from '../api-types';
import { h, message, show } from '../dom';
import { formatDate, formatMoney, nightsBetween } from '../format';
import { cancellationWords, hotelTimes, PAYMENT_NOTE, placeOf, standardTerms } from '../stay-terms';
import { changeStayForm } from './change-stay';
import { findBookingPrompt } from './find-booking';

export async function bookingPage(hotelId: string, bookingId: string): Promise<void> {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const token = fragment.get('token') ?? '';
  const isNew = fragment.get('new') === '1';
  const privateLink = `${location.origin}/bookings/${encodeURIComponent(hotelId)}/${encodeURIComponent(bookingId)}#token=${encodeURIComponent(token)}`;
  if (isNew) history.replaceState(null, '', privateLink.slice(location.origin.length));
  // Without its token (a link copied short, a bookmark without it) the page points to finding the booking.
  if (!token) {
    show(h('h1', {}, 'Your booking'), findBookingPrompt());
    return;
  }
  show(h('p', { class: 'status', role: 'status' }, 'Loading your booking…'));
  const path = `/v1/hotels/${encodeURIComponent(hotelId)}/bookings/${encodeURIComponent(bookingId)}`;
  // Right after booking the other region may not have the copy yet.
  const result = await untilReplicated(
    () => api<Booking>('GET', path, { token }),
    (r) => !r.ok && r.error.code === 'NOT_FOUND',
  );
  if (!result.ok) {
    const stale = result.error.code === 'UNAUTHORIZED';
    show(
      h('h1', {}, 'Your booking'),
      stale
        ? message('This link no longer opens the booking.', 'error')
        : message(plainWords(result.error), 'error'),
      stale ? findBookingPrompt() : null,
    );
    return;
  }
  // The hotel's and room type's names, for people (the booking itself holds ids).
  const page = await api<PublicHotel>('GET', `/v1/hotels/${encodeURIComponent(hotelId)}`);
  const roomTypeName = (id: string) =>
    (page.ok ? page.data.roomTypes.find((r) => r.roomTypeId === id)?.name : undefined) ?? id;
  render(result.data);

  /** Says what just happened at the top of the redrawn page and puts focus there, where the button was lost. */
  function announce(text: string): void {
    const said = message(text, 'success');
    said.tabIndex = -1;
    document.getElementById('main')?.prepend(said);
    said.focus();
  }

  function render(booking: Booking): void {
    document.title = `Booking ${booking.reference ?? ''} · Hotels`.replace('  ', ' ');
    const confirmed = booking.status === 'CONFIRMED';
    // What the guest may do now comes from the lifecycle table the API enforces.
    const may = actionsFor(booking.status, 'guest');
    const hotel = page.ok ? page.data : undefined;
    // The terms the booking was sold under, as it keeps them (a booking from before plans: the standard deadline).
    const terms = hotel
      ? cancellationWords(booking.cancellation ?? standardTerms(hotel, booking.checkIn), hotel.timeZone)
      : undefined;
    const nights = nightsBetween(booking.checkIn, booking.checkOut);
    const feedback = h('div', { class: 'feedback' });
    const cancel = h('button', { type: 'button', class: 'danger' }, 'Cancel booking');
    cancel.addEventListener('click', async () => {
      // The fee is said before the cancel, as its terms and the clock make it (the API's answer is final).
      const policy = booking.cancellation;
      const feeNow =
        policy && (policy.freeUntil === null || Date.now() > Date.parse(policy.freeUntil))
          ? policy.feeAfter
          : undefined;
      const cost =
        feeNow && feeNow.amount > 0
          ? `Cancelling now costs ${formatMoney(feeNow)}.`
          : 'Cancelling now is free.';
      if (!window.confirm(`Cancel this booking? ${cost} The rooms go back on sale.`)) return;
      cancel.disabled = true;
      const cancelled = await api<Booking>('DELETE', path, { token });
      if (cancelled.ok) {
        render(cancelled.data);
        announce('Your booking is cancelled.');
      } else {
        cancel.disabled = false;
        feedback.replaceChildren(message(plainWords(cancelled.error), 'error'));
      }
    });
    const copy = h('button', { type: 'button', class: 'secondary' }, 'Copy link');
    copy.addEventListener('click', async () => {
      await navigator.clipboard?.writeText(privateLink).catch(() => undefined);
      copy.textContent = 'Copied';
    });
    show(
      h('h1', {}, confirmed ? 'Confirmed' : booking.status === 'CANCELLED' ? 'Cancelled' : 'Your stay'),
      h(
        'p',
        { class: 'lead' },
        confirmed
          ? isNew
            ? 'Your booking is confirmed. See you soon!'
            : 'This booking is confirmed.'
          : booking.status === 'CANCELLED'
            ? 'This booking was cancelled; its rooms are free again.'
            : `This booking is ${STATUS_WORDS[booking.status]}.`,
      ),
      referenceNote(booking, isNew),
      h(
        'dl',
        { class: 'card summary' },
        hotel ? h('dt', {}, 'Hotel') : null,
        hotel ? h('dd', {}, hotel.name, h('br', {}), h('span', { class: 'where' }, placeOf(hotel))) : null,
        booking.reference ? null : h('dt', {}, 'Booking id'),
        booking.reference ? null : h('dd', {}, h('code', {}, booking.bookingId)),
        h('dt', {}, 'Stay'),
        h(
          'dd',
          {},
          `${formatDate(booking.checkIn)} → ${formatDate(booking.checkOut)} (${nights} night${nights === 1 ? '' : 's'})`,
        ),
        h('dt', {}, 'Rooms'),
        h('dd', {}, `${booking.rooms} × ${roomTypeName(booking.roomTypeId)}`),
        h('dt', {}, 'Guest'),
        h('dd', {}, `${booking.guest.name} (${booking.guest.email})`),
        booking.guest.phone ? h('dt', {}, 'Phone') : null,
        booking.guest.phone ? h('dd', {}, booking.guest.phone) : null,
        booking.guest.requests ? h('dt', {}, 'Requests') : null,
        booking.guest.requests ? h('dd', { class: 'requests' }, booking.guest.requests) : null,
        booking.booker ? h('dt', {}, 'Booked by') : null,
        booking.booker ? h('dd', {}, `${booking.booker.name} (${booking.booker.email})`) : null,
        h('dt', {}, 'Total price'),
        h('dd', {}, formatMoney(booking.totalPrice)),
        booking.ratePlan.ratePlanId !== 'standard' ? h('dt', {}, 'Rate') : null,
        booking.ratePlan.ratePlanId !== 'standard'
          ? h('dd', { class: 'rate-plan' }, booking.ratePlan.name)
          : null,
        booking.cancellationFee ? h('dt', {}, 'Cancellation fee') : null,
        booking.cancellationFee
          ? h('dd', { class: 'cancellation-fee' }, formatMoney(booking.cancellationFee))
          : null,
        booking.noShowFee && booking.status === 'NO_SHOW' ? h('dt', {}, 'No-show fee') : null,
        booking.noShowFee && booking.status === 'NO_SHOW'
          ? h('dd', { class: 'no-show-fee' }, formatMoney(booking.noShowFee))
          : null,
        hotel ? h('dt', {}, 'Times') : null,
        hotel ? h('dd', { class: 'hotel-times' }, `${hotelTimes(hotel)}.`) : null,
        h('dt', {}, 'Payment'),
        h('dd', { class: 'payment' }, PAYMENT_NOTE),
        terms && may.includes('cancel') ? h('dt', {}, 'Cancellation') : null,
        terms && may.includes('cancel') ? h('dd', { class: 'terms' }, terms) : null,
        h('dt', {}, 'Status'),
        h(
          'dd',
          {},
          STATUS_WORDS[booking.status].replace(/^a /, '').replace(/^./, (c) => c.toUpperCase()),
        ),
      ),
      h(
        'section',
        { class: 'card' },
        h('h2', {}, 'Your private link'),
        h(
          'p',
          {},
          'Keep this link to view or cancel your booking. Anyone with it can do the same, so do not share it.',
        ),
        h('p', {}, h('a', { href: privateLink, class: 'private-link' }, 'Manage this booking')),
        copy,
      ),
      may.includes('modify')
        ? changeStayForm({
            path,
            token,
            booking,
            onChanged: (changed) => {
              render(changed);
              announce('Your booking is changed.');
            },
          })
        : null,
      may.includes('cancel') ? cancel : null,
      feedback,
      h(
        'p',
        {},
        h(
          'a',
          { href: `/hotels/${encodeURIComponent(booking.hotelId)}`, 'data-link': '' },
          'Back to the hotel',
        ),
      ),
    );
  }
}

/** The reference, large, and (on the confirmation) where the message went. */
function referenceNote(booking: Booking, isNew: boolean): HTMLElement | null {
  if (!booking.reference) return null;
  return h(
    'div',
    { class: 'card reference-card' },
    h('p', {}, 'Booking reference'),
    h('p', { class: 'reference' }, h('strong', {}, booking.reference)),
    h(
      'p',
      {},
      isNew
        ? `We have sent a confirmation with this reference and your private link to ${booking.guest.email}.`
        : 'With this reference and your e-mail address you can always find this booking again.',
    ),
  );
}
