/**
 * Guest messages from booking events, on DynamoDB Local: one per event however often it is
 * delivered, with a private link whose token opens the booking, and a "change" for any event
 * type the outbox does not know (such as booking.modified).
 */
import { describe, expect, it } from 'vitest';
import { bookRooms } from '../../lambdas/domain/booking';
import { cancelBookingForGuest, getBookingForGuest } from '../../lambdas/domain/guest-booking';
import {
  type GuestMessage,
  type GuestOutbox,
  messageKindOf,
  writeGuestMessage,
} from '../../lambdas/domain/guest-messages';
import { daysFromNow, givenHotel, guest, testGuestAccess, testStore } from '../support/store';

class MemoryOutbox implements GuestOutbox {
  readonly messages: GuestMessage[] = [];
  async has(id: string) {
    return this.messages.some((m) => m.id === id);
  }
  async put(message: GuestMessage) {
    if (!(await this.has(message.id))) this.messages.push(message);
  }
}

const links = { webBaseUrl: 'https://hotels.example.com' };
const tokenOf = (link: string) => decodeURIComponent(new URL(link).hash.replace(/^#token=/, ''));

describe('guest messages', () => {
  it('says which events reach the guest: confirmations, cancellations, and any other change', () => {
    expect(messageKindOf('booking.confirmed')).toBe('confirmation');
    expect(messageKindOf('booking.cancelled')).toBe('cancellation');
    expect(messageKindOf('booking.modified')).toBe('change');
    for (const type of ['booking.checked_in', 'booking.checked_out', 'booking.no_show'])
      expect(messageKindOf(type)).toBeUndefined();
  });

  it('writes one message per event, with the reference and a private link that opens the booking', async () => {
    const store = testStore('us-east-1');
    const access = testGuestAccess(store, 'us-east-1');
    const { hotel, roomType } = await givenHotel(store);
    const { booking, accessToken } = await bookRooms(store, {
      hotelId: hotel.hotelId,
      roomTypeId: roomType.roomTypeId,
      checkIn: daysFromNow(10),
      checkOut: daysFromNow(12),
      rooms: 1,
      guest,
    });
    const event = (sequence: number, type: string) => ({
      id: `${booking.bookingId}:${sequence}`,
      type,
      time: new Date().toISOString(),
      hotelId: booking.hotelId,
      bookingId: booking.bookingId,
    });
    const outbox = new MemoryOutbox();
    const confirmed = await writeGuestMessage(
      store,
      access.store,
      outbox,
      links,
      event(1, 'booking.confirmed'),
    );
    // Delivered again: nothing more is written, and no token is minted.
    const tokensAfterFirst = (await store.bookings.getBooking(booking.hotelId, booking.bookingId))
      ?.accessTokenHashes;
    expect(
      await writeGuestMessage(store, access.store, outbox, links, event(1, 'booking.confirmed')),
    ).toBeUndefined();
    expect((await store.bookings.getBooking(booking.hotelId, booking.bookingId))?.accessTokenHashes).toEqual(
      tokensAfterFirst,
    );
    expect(outbox.messages).toHaveLength(1);
    expect(confirmed).toMatchObject({ kind: 'confirmation', to: guest.email, reference: booking.reference });
    expect(confirmed?.subject).toBe(`Booking ${booking.reference} is confirmed: Test Hotel`);
    expect(confirmed?.text).toContain(`Booking reference: ${booking.reference}`);
    expect(confirmed?.text).toContain(confirmed?.link);
    expect(confirmed?.link).toMatch(
      new RegExp(`^https://hotels\\.example\\.com/bookings/${hotel.hotelId}/${booking.bookingId}#token=`),
    );
    const seen = await getBookingForGuest(
      store,
      hotel.hotelId,
      booking.bookingId,
      tokenOf(confirmed?.link ?? ''),
    );
    expect(seen.bookingId).toBe(booking.bookingId);

    await cancelBookingForGuest(store, hotel.hotelId, booking.bookingId, accessToken);
    const cancelled = await writeGuestMessage(
      store,
      access.store,
      outbox,
      links,
      event(3, 'booking.cancelled'),
    );
    expect(cancelled?.subject).toContain('is cancelled');
    const changed = await writeGuestMessage(store, access.store, outbox, links, event(4, 'booking.modified'));
    expect(changed?.kind).toBe('change');
    expect(
      await writeGuestMessage(store, access.store, outbox, links, event(5, 'booking.checked_in')),
    ).toBeUndefined();
    expect(outbox.messages.map((m) => m.kind)).toEqual(['confirmation', 'cancellation', 'change']);
    // Every link still works, and so does the booking's own first token.
    for (const message of outbox.messages)
      await expect(
        getBookingForGuest(store, hotel.hotelId, booking.bookingId, tokenOf(message.link)),
      ).resolves.toBeTruthy();
    await expect(
      getBookingForGuest(store, hotel.hotelId, booking.bookingId, accessToken),
    ).resolves.toBeTruthy();
  });
});
