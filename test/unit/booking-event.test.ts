/** The booking event: its one shape, the JSON Schema made from it, and how a stream record becomes one. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOOKING_ITEM } from '../../lambdas/adapters/dynamodb/items/booking';
import { NIGHT_ITEM } from '../../lambdas/adapters/dynamodb/items/night';
import type { Booking } from '../../lambdas/domain/model';
import { REGIONS } from '../../lambdas/domain/regions';
import {
  bookingEventJsonSchema,
  bookingEventOf,
  bookingEventSchema,
  eventSequence,
} from '../../lambdas/events/booking-event';
import { aBooking } from '../support/booking-fixture';

const booking: Booking = aBooking();
const at = Date.parse('2029-12-01T10:00:00.123Z');
const image = (b: Partial<Booking>, writtenBy = 'us-east-1', writtenAt = at) =>
  BOOKING_ITEM.toItem({ ...booking, ...b }, { writtenBy: writtenBy as Booking['managedIn'], writtenAt });

describe('the booking event', () => {
  it('docs/booking-event.schema.json is the schema generated from the event module (npm run event-schema)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../docs/booking-event.schema.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(bookingEventJsonSchema());
  });

  it("a cancel's event carries its cancellationFee, a no-show's its noShowFee, with the plan the booking keeps", () => {
    const usd = (amount: number) => ({ amount, currency: 'USD' });
    const sold = {
      ratePlan: {
        ratePlanId: 'saver',
        name: 'Non-refundable',
        priceAdjustment: { percent: -15 },
        cancellation: { freeUntilHoursBefore: null, fee: { percent: 100 } },
        noShowFee: { nights: 1 },
        includes: [],
        version: 3,
      },
      adults: 2,
      children: 1,
      cancellation: { freeUntil: null, feeAfter: usd(17_000) },
      noShowFee: usd(8_500),
    };
    const cancelled = bookingEventOf(
      {
        oldImage: image({ ...sold }),
        newImage: image({ ...sold, status: 'CANCELLED', cancellationFee: usd(17_000), version: 2 }),
      },
      'us-east-1',
    );
    expect(cancelled).toMatchObject({
      type: 'booking.cancelled',
      data: {
        ratePlanId: 'saver',
        adults: 2,
        children: 1,
        cancellationFee: usd(17_000),
        noShowFee: usd(8_500),
      },
    });
    // The plan's version is how the store guarded it, not part of what consumers read.
    expect(cancelled?.data.ratePlan).not.toHaveProperty('version');
    expect(bookingEventSchema.parse(cancelled)).toEqual(cancelled);
    const noShow = bookingEventOf(
      { oldImage: image({ ...sold }), newImage: image({ ...sold, status: 'NO_SHOW', version: 2 }) },
      'us-east-1',
    );
    expect(noShow).toMatchObject({ type: 'booking.no_show', data: { noShowFee: usd(8_500) } });
    // A booking made before plans reads as the standard plan's.
    expect(bookingEventOf({ newImage: image({}) }, 'us-east-1')?.data).toMatchObject({
      ratePlanId: 'standard',
    });
  });

  it('a new booking written here is booking.confirmed, sequence 1, with no secrets', () => {
    const event = bookingEventOf({ newImage: image({}) }, 'us-east-1');
    expect(event).toMatchObject({
      id: `${booking.bookingId}:1`,
      type: 'booking.confirmed',
      time: '2029-12-01T10:00:00.123Z',
      region: 'us-east-1',
      hotelId: booking.hotelId,
      bookingId: booking.bookingId,
      sequence: 1,
      data: { status: 'CONFIRMED', bookingId: booking.bookingId },
    });
    expect(bookingEventSchema.parse(event)).toEqual(event);
    const text = JSON.stringify(event);
    for (const secret of ['secret-request-hash', 'secret-token-hash', 'writtenBy', 'stayPk'])
      expect(text).not.toContain(secret);
  });

  it("carries the guest's requests (for housekeeping) and the booker (for accounting), never the phone", () => {
    const guest = {
      name: 'Ada',
      email: 'ada@example.com',
      phone: '+44 20 7946 0958',
      requests: 'A cot, please',
    };
    const booker = { name: 'Grace', email: 'grace@example.com' };
    const event = bookingEventOf({ newImage: image({ guest, booker }) }, 'us-east-1');
    expect(event?.data.guest).toEqual({ name: 'Ada', email: 'ada@example.com', requests: 'A cot, please' });
    expect(event?.data.booker).toEqual(booker);
    expect(JSON.stringify(event)).not.toContain('7946');
    expect(bookingEventSchema.parse(event)).toEqual(event);
    expect(() => bookingEventSchema.parse({ ...event, data: { ...event?.data, guest } })).toThrow();
  });

  it('a status change becomes the event of the new status, its sequence from the item version', () => {
    const event = bookingEventOf(
      {
        oldImage: image({ version: 2 }),
        newImage: image({ status: 'CHECKED_IN', checkedInAt: '2030-01-01T15:00:00.000Z', version: 3 }),
      },
      'us-east-1',
    );
    // Version 3, written by us-east-1 (the first of SEQUENCE_REGION_SLOTS slots per version).
    expect(event).toMatchObject({ id: `${booking.bookingId}:9`, type: 'booking.checked_in', sequence: 9 });
    for (const [status, type] of [
      ['CANCELLED', 'booking.cancelled'],
      ['CHECKED_OUT', 'booking.checked_out'],
      ['NO_SHOW', 'booking.no_show'],
    ] as const)
      expect(
        bookingEventOf({ oldImage: image({}), newImage: image({ status, version: 2 }) }, 'us-east-1')?.type,
      ).toBe(type);
  });

  it('publishes nothing for a version bump that leaves the status alone (a replay adding a token)', () => {
    const replay = image({ version: 2, accessTokenHashes: ['secret-token-hash', 'another'] });
    expect(bookingEventOf({ oldImage: image({}), newImage: replay }, 'us-east-1')).toBeUndefined();
  });

  it('publishes nothing for a change written by the other region (it arrived by replication)', () => {
    const replicated = image({}, 'ap-southeast-1');
    expect(bookingEventOf({ newImage: replicated }, 'us-east-1')).toBeUndefined();
    expect(bookingEventOf({ newImage: replicated }, 'ap-southeast-1')?.region).toBe('ap-southeast-1');
  });

  it('publishes nothing for other items or a removal', () => {
    const night = {
      ...NIGHT_ITEM.key(booking.hotelId, 'king', '2030-01-01'),
      entity: NIGHT_ITEM.entity,
      booked: 1,
      version: 1,
      writtenBy: 'us-east-1',
      writtenAt: at,
    };
    expect(bookingEventOf({ newImage: night }, 'us-east-1')).toBeUndefined();
    expect(bookingEventOf({ oldImage: image({}) }, 'us-east-1')).toBeUndefined();
  });

  it('numbers each (version, writing region) once, and a greater version always higher, whichever region wrote it', () => {
    const seen = new Map<number, string>();
    for (let version = 1; version <= 50; version++)
      for (const region of REGIONS) {
        const sequence = eventSequence(version, region);
        expect(seen.get(sequence), `${version} in ${region}`).toBeUndefined();
        seen.set(sequence, `${version}@${region}`);
        expect(sequence).toBeGreaterThanOrEqual(1);
        for (const other of REGIONS)
          if (version > 1) expect(sequence).toBeGreaterThan(eventSequence(version - 1, other));
      }
    // A booking made in us-east-1 keeps the sequence it always had for its first event.
    expect(eventSequence(1, 'us-east-1')).toBe(1);
  });
});
