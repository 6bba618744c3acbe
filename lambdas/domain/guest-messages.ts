/**
 * The guest's messages: a confirmation, a change or a cancellation, each with the
 * booking's reference and its private link, written to an outbox (sent by e-mail
 * in AWS, printed by `npm run outbox` locally).
 *
 * They are derived from the booking events, which are already published at least
 * once by the region that wrote the change: a message is keyed by its event's id,
 * so an event delivered again finds its message written and adds nothing, and a
 * crash before the message was written leaves the event to be delivered again.
 * Nothing is lost; at worst a token minted before the crash is never used.
 */
import type { DomainContext } from './context';
import { NotOwnerRegion } from './errors';
import { issueAccessToken } from './guest-tokens';
import type { Booking } from './model';
import type { Money } from './money';
import type { GuestAccessStore } from './ports';

/** What a booking event means to its guest. */
export type GuestMessageKind = 'confirmation' | 'change' | 'cancellation';

/** Event types that tell the guest nothing new: the front desk's own steps. */
const SILENT_TYPES = new Set(['booking.checked_in', 'booking.checked_out', 'booking.no_show']);

/**
 * The message an event type calls for, if any. Any type not known here (such as
 * `booking.modified`) is a change: a new kind of event reaches the guest without more code.
 */
export function messageKindOf(type: string): GuestMessageKind | undefined {
  if (type === 'booking.confirmed') return 'confirmation';
  if (type === 'booking.cancelled') return 'cancellation';
  return SILENT_TYPES.has(type) ? undefined : 'change';
}

/** What the outbox consumes: a booking event, as published. */
export interface BookingEventLike {
  readonly id: string;
  readonly type: string;
  readonly time: string;
  readonly hotelId: string;
  readonly bookingId: string;
}

export interface GuestMessage {
  /** The event's id: one message per event, however often it is delivered. */
  readonly id: string;
  readonly kind: GuestMessageKind;
  readonly hotelId: string;
  readonly bookingId: string;
  readonly reference?: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** The booking's private page with a token of its own, or the find-booking page when none could be minted. */
  readonly link: string;
  readonly createdAt: string;
}

/** Where messages go. `put` of an id already there changes nothing. */
export interface GuestOutbox {
  has(id: string): Promise<boolean>;
  put(message: GuestMessage): Promise<void>;
}

/** Where the links point: the web app's origin, e.g. `https://hotels.example.com`. */
export interface MessageLinks {
  readonly webBaseUrl: string;
}

/** An amount in minor units as a person reads it ("USD 240.00"), with the currency's own decimals. */
export function formatMoney(money: Money): string {
  let digits = 2;
  try {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency: money.currency }).resolvedOptions()
        .maximumFractionDigits ?? 2;
  } catch {
    // An unknown code still prints, with two decimals.
  }
  return `${money.currency} ${(money.amount / 10 ** digits).toFixed(digits)}`;
}

const SUBJECTS: Record<GuestMessageKind, string> = {
  confirmation: 'is confirmed',
  change: 'has changed',
  cancellation: 'is cancelled',
};

/** The private page of a booking, with `token` in the fragment (never sent to a server). */
export function privateLink(links: MessageLinks, booking: Booking, token: string): string {
  return `${links.webBaseUrl}/bookings/${encodeURIComponent(booking.hotelId)}/${encodeURIComponent(booking.bookingId)}#token=${encodeURIComponent(token)}`;
}

/** The message for `kind`, in plain words. */
export function composeGuestMessage(
  event: BookingEventLike,
  kind: GuestMessageKind,
  booking: Booking,
  hotelName: string,
  link: string,
  links: MessageLinks,
): GuestMessage {
  const name = booking.reference ?? booking.bookingId;
  const stay = `${booking.checkIn} to ${booking.checkOut}, ${booking.rooms} room${booking.rooms === 1 ? '' : 's'}`;
  const lines = [
    `Dear ${booking.guest.name},`,
    '',
    `Your booking ${name} at ${hotelName} ${SUBJECTS[kind]}.`,
    '',
    `Stay: ${stay}`,
    `Total: ${formatMoney(booking.totalPrice)}`,
    `Status: ${booking.status}`,
    ...(booking.reference ? [`Booking reference: ${booking.reference}`] : []),
    '',
    `View${kind === 'cancellation' ? '' : ' or cancel'} your booking (keep this link private): ${link}`,
    `Lost this message? Find your booking with its reference and this e-mail address: ${links.webBaseUrl}/find-booking`,
  ];
  return {
    id: event.id,
    kind,
    hotelId: booking.hotelId,
    bookingId: booking.bookingId,
    ...(booking.reference ? { reference: booking.reference } : {}),
    to: booking.guest.email,
    subject: `Booking ${name} ${SUBJECTS[kind]}: ${hotelName}`,
    text: lines.join('\n'),
    link,
    createdAt: event.time,
  };
}

/**
 * Writes the guest's message for one booking event, once. Runs where the event was
 * published (the region that wrote the change, normally the owner); the token for
 * its link is a write to the booking, so where this region no longer owns it (a
 * handover since), the link points to the find-booking page instead.
 */
export async function writeGuestMessage(
  ctx: DomainContext,
  access: GuestAccessStore,
  outbox: GuestOutbox,
  links: MessageLinks,
  event: BookingEventLike,
): Promise<GuestMessage | undefined> {
  const kind = messageKindOf(event.type);
  if (!kind || (await outbox.has(event.id))) return undefined;
  const booking = await ctx.bookings.getBooking(event.hotelId, event.bookingId, { consistent: true });
  if (!booking) return undefined;
  const hotel = await ctx.hotels.getHotel(event.hotelId);
  let link: string;
  try {
    link = privateLink(links, booking, await issueAccessToken(ctx, access, booking));
  } catch (error) {
    if (!(error instanceof NotOwnerRegion)) throw error;
    link = `${links.webBaseUrl}/find-booking${booking.reference ? `?reference=${booking.reference}` : ''}`;
  }
  const message = composeGuestMessage(event, kind, booking, hotel?.name ?? 'your hotel', link, links);
  await outbox.put(message);
  return message;
}
