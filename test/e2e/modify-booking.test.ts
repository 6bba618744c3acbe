/**
 * Changing a booking on the local environment, through the regions' HTTP APIs:
 * a change and a new booking competing for the last room (exactly one wins,
 * counters exact, reconcile clean in and across regions), a change forwarded
 * from the other region, `booking.modified` published once by the writer with a
 * greater sequence, and the hotel's clock on its public page.
 */
import { describe, expect, it } from 'vitest';
import { issueHotelierToken } from '../../lambdas/adapters/auth/local-jwt';
import { otherRegion, type Region } from '../../lambdas/domain/regions';
import { addDays, todayUtc } from '../../lambdas/domain/stay';
import { eventSequence } from '../../lambdas/events/booking-event';
import { expectReconciled, hotelWithRooms, localEnvironmentForFile } from '../support/local';

const suite = localEnvironmentForFile('modify-booking', { seedHotels: 0 });
const day = (n: number) => addDays(todayUtc(new Date()), n);
const guest = { name: 'Mo Difier', email: 'modify@example.com' };

async function book(hotelId: string, via: Region, checkIn: number, nights: number) {
  const res = await suite.call(via, 'POST', `/v1/hotels/${hotelId}/bookings`, {
    roomTypeId: 'std',
    checkIn: day(checkIn),
    checkOut: day(checkIn + nights),
    rooms: 1,
    guest,
  });
  return res;
}

async function available(hotelId: string, region: Region, from: number, to: number): Promise<number[]> {
  const out: number[] = [];
  for (let d = from; d < to; d++) {
    const res = await suite.call(
      region,
      'GET',
      `/v1/hotels/${hotelId}/availability?checkIn=${day(d)}&checkOut=${day(d + 1)}`,
    );
    out.push(res.body.roomTypes[0].available);
  }
  return out;
}

describe('changing a booking on the local environment', () => {
  it('a change and a new booking racing for the last room: exactly one wins, in each region, counters exact and reconciled', async () => {
    const token = await issueHotelierToken(suite.env.jwtKeys, 'modify-e2e');
    for (const owner of ['us-east-1', 'ap-southeast-1'] as const) {
      for (let round = 0; round < 4; round++) {
        const hotelId = await hotelWithRooms(suite.env, token, owner, 1);
        const made = await book(hotelId, owner, 20, 2); // holds nights 20, 21 of the only room
        expect(made.status).toBe(201);
        const path = `/v1/hotels/${hotelId}/bookings/${made.body.bookingId}`;
        // The change comes in through the other region half the time (forwarded), the new booking through the owner.
        const [changed, other] = await Promise.all([
          suite.call(
            round % 2 ? otherRegion(owner) : owner,
            'PATCH',
            path,
            { checkOut: day(23) },
            {
              authorization: `Bearer ${made.body.accessToken}`,
            },
          ),
          book(hotelId, owner, 22, 1),
        ]);
        const statuses = [changed.status, other.status].sort();
        expect(statuses, JSON.stringify([changed.body, other.body])).toEqual(
          changed.status === 200 ? [200, 409] : [201, 409],
        );
        const loser = changed.status === 200 ? other : changed;
        expect(loser.body.error.code).toBe('SOLD_OUT');
        if (changed.status === 200) expect(changed.headers.get('x-owner-region')).toBe(owner);
        expect(await available(hotelId, owner, 20, 23)).toEqual([0, 0, 0]);
      }
    }
    await expectReconciled(suite.env);
  });

  it('publishes booking.modified once, from the writer, with a greater sequence; the page shows the hotel clock', async () => {
    const token = await issueHotelierToken(suite.env.jwtKeys, 'modify-e2e-events');
    const hotelId = await hotelWithRooms(suite.env, token, 'ap-southeast-1', 3, 'Asia/Singapore');
    const page = await suite.call('us-east-1', 'GET', `/v1/hotels/${hotelId}`);
    expect(page.body).toMatchObject({
      timeZone: 'Asia/Singapore',
      checkInTime: '15:00',
      checkOutTime: '11:00',
    });
    const made = await book(hotelId, 'ap-southeast-1', 30, 2);
    const changed = await suite.call(
      'us-east-1',
      'PATCH',
      `/v1/hotels/${hotelId}/bookings/${made.body.bookingId}`,
      { rooms: 2, checkIn: day(31), checkOut: day(34) },
      { authorization: `Bearer ${made.body.accessToken}` },
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      rooms: 2,
      checkIn: day(31),
      checkOut: day(34),
      totalPrice: { amount: 60_000 },
    });
    await suite.env.settle();
    const deadline = Date.now() + 15_000;
    let events = suite.env.events.log.slice(0, 100_000).filter((e) => e.bookingId === made.body.bookingId);
    while (events.length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      events = suite.env.events.log.slice(0, 100_000).filter((e) => e.bookingId === made.body.bookingId);
    }
    // A token minted for the guest's confirmation message may move the version in between, so
    // the modification's sequence is only known to be greater, never which number it is.
    expect(events.map((e) => [e.type, e.region])).toEqual([
      ['booking.confirmed', 'ap-southeast-1'],
      ['booking.modified', 'ap-southeast-1'],
    ]);
    expect(events[0]?.sequence).toBe(eventSequence(1, 'ap-southeast-1'));
    expect(events[1]?.sequence).toBeGreaterThan(events[0]?.sequence ?? Number.POSITIVE_INFINITY);
    expect(events[1]?.data).toMatchObject({
      rooms: 2,
      checkIn: day(31),
      checkOut: day(34),
      totalPrice: { amount: 60_000 },
    });
    await expectReconciled(suite.env);
  });
});
