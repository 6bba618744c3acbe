/**
 * A booking's guest details (phone, requests) and its booker, through the handlers on
 * DynamoDB Local: validated, stored, shown to the hotelier and the token's holder only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestRegion, twoRegions } from '../support/api';
import { daysFromNow, freshTable, givenHotel, guest, tableSnapshot } from '../support/store';

let us: TestRegion;
const alice = { sub: 'alice-guest-details' };
const bob = { sub: 'bob-guest-details' };

const phone = '+44 20 7946 0958';
const requests = 'Arriving after midnight; a cot for our daughter, please.';
const booker = { name: 'Grace Hopper', email: 'grace@example.com' };

async function aliceHotel() {
  const { hotel } = await givenHotel(us.store, {
    ownerId: alice.sub,
    name: 'Quayside Rooms',
    roomTypeId: 'double',
    totalRooms: 3,
    amount: 9_000,
  });
  return hotel.hotelId;
}

const stay = (
  start: number,
  extra: Record<string, unknown> = {},
  guestExtra: Record<string, unknown> = {},
) => ({
  roomTypeId: 'double',
  checkIn: daysFromNow(start),
  checkOut: daysFromNow(start + 2),
  rooms: 1,
  guest: { ...guest, ...guestExtra },
  ...extra,
});

beforeAll(async () => {
  us = twoRegions(await freshTable())['us-east-1'];
});

describe('guest details and the booker', () => {
  it('refuses a bad phone, over-long requests or a bad booker with 400 VALIDATION naming the field, writing nothing', async () => {
    const hotelId = await aliceHotel();
    const before = await tableSnapshot(us.store);
    const cases: Array<[Record<string, unknown>, string]> = [
      [stay(3, {}, { phone: 'call me' }), 'guest.phone'],
      [stay(3, {}, { phone: '12345' }), 'guest.phone'],
      [stay(3, {}, { phone: '+(((--)))' }), 'guest.phone'],
      [stay(3, {}, { phone: '+1 555 0100 0100 0100 01' }), 'guest.phone'],
      [stay(3, {}, { phone: 15550100 }), 'guest.phone'],
      [stay(3, {}, { requests: 'x'.repeat(501) }), 'guest.requests'],
      [stay(3, { booker: { name: 'Grace' } }), 'booker.email'],
      [stay(3, { booker: { name: ' ', email: 'grace@example.com' } }), 'booker.name'],
      [stay(3, { booker: { ...booker, phone } }), 'booker'],
    ];
    for (const [body, field] of cases) {
      const res = await us.call({ method: 'POST', path: `/v1/hotels/${hotelId}/bookings`, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
      expect(JSON.stringify(res.body.error), JSON.stringify(body)).toContain(field);
    }
    expect(await tableSnapshot(us.store)).toEqual(before);
  });

  it('accepts 500 characters of requests (trimmed) and a phone in the usual forms', async () => {
    const hotelId = await aliceHotel();
    const full = 'é'.repeat(500);
    const made = await us.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      body: stay(3, {}, { phone: ' (020) 7946-0958 ', requests: `  ${full}\n` }),
    });
    expect(made.statusCode).toBe(201);
    expect(made.body.guest).toEqual({ ...guest, phone: '(020) 7946-0958', requests: full });
    const blank = await us.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      body: stay(3, {}, { requests: '   ' }),
    });
    expect(blank.statusCode).toBe(201);
    expect(blank.body.guest).toEqual(guest);
  });

  it('the holder of the token and the owning hotelier see phone, requests and booker; another hotelier does not', async () => {
    const hotelId = await aliceHotel();
    const made = await us.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      body: stay(4, { booker }, { phone, requests }),
    });
    expect(made.statusCode).toBe(201);
    expect(made.body).toMatchObject({ guest: { ...guest, phone, requests }, booker });

    const own = await us.call({
      method: 'GET',
      path: `/v1/hotels/${hotelId}/bookings/${made.body.bookingId}`,
      headers: { authorization: `Bearer ${made.body.accessToken}` },
    });
    expect(own.statusCode).toBe(200);
    expect(own.body).toMatchObject({ guest: { ...guest, phone, requests }, booker });
    const stranger = await us.call({
      method: 'GET',
      path: `/v1/hotels/${hotelId}/bookings/${made.body.bookingId}`,
    });
    expect(stranger.statusCode).toBe(401);
    expect(JSON.stringify(stranger.body)).not.toContain(phone);

    const path = `/v1/manage/hotels/${hotelId}/bookings`;
    const query = { from: daysFromNow(0), to: daysFromNow(9) };
    await expect
      .poll(async () => (await us.call({ method: 'GET', path, claims: alice, query })).body.items)
      .toEqual([
        expect.objectContaining({
          bookingId: made.body.bookingId,
          guest: { ...guest, phone, requests },
          booker,
        }),
      ]);
    const other = await us.call({ method: 'GET', path, claims: bob, query });
    expect(other.statusCode).toBe(403);
    const text = JSON.stringify(other.body);
    for (const secret of [phone, requests, booker.email]) expect(text).not.toContain(secret);
  });

  it('search, dated or not, and the hotel page never carry them', async () => {
    const hotelId = await aliceHotel();
    const hotel = await us.services.hotels.getHotel(hotelId);
    await us.search.index({ ...(hotel as NonNullable<typeof hotel>), ownerId: undefined });
    const made = await us.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      body: stay(5, { booker }, { phone, requests }),
    });
    expect(made.statusCode).toBe(201);
    const answers = [
      await us.call({ method: 'GET', path: '/v1/hotels/search', query: { q: 'quayside' } }),
      await us.call({
        method: 'GET',
        path: '/v1/hotels/search',
        query: { q: 'quayside', checkIn: daysFromNow(5), checkOut: daysFromNow(7), rooms: '1' },
      }),
      await us.call({ method: 'GET', path: `/v1/hotels/${hotelId}` }),
      await us.call({
        method: 'GET',
        path: `/v1/hotels/${hotelId}/availability`,
        query: { checkIn: daysFromNow(5), checkOut: daysFromNow(7) },
      }),
    ];
    const searched = answers[0] as (typeof answers)[number];
    expect(searched.body.items.map((h: { hotelId: string }) => h.hotelId)).toContain(hotelId);
    for (const res of answers) {
      expect(res.statusCode).toBe(200);
      const text = JSON.stringify(res.body);
      for (const secret of [phone, requests, booker.email, booker.name, 'requests', 'booker'])
        expect(text).not.toContain(secret);
    }
  });

  it('an Idempotency-Key replayed with another phone, requests or booker is 422 IDEMPOTENCY_MISMATCH', async () => {
    const hotelId = await aliceHotel();
    const headers = { 'Idempotency-Key': 'guest-details-phone' };
    const path = `/v1/hotels/${hotelId}/bookings`;
    const body = stay(3, { booker }, { phone, requests });
    const first = await us.call({ method: 'POST', path, headers, body });
    expect(first.statusCode).toBe(201);
    const again = await us.call({ method: 'POST', path, headers, body });
    expect(again.statusCode).toBe(200);
    for (const changed of [
      stay(3, { booker }, { phone: '+44 20 7946 0959', requests }),
      stay(3, { booker }, { phone, requests: `${requests} And a late check-out.` }),
      stay(3, { booker: { ...booker, email: 'someone@example.com' } }, { phone, requests }),
      stay(3, {}, { phone, requests }),
    ]) {
      const res = await us.call({ method: 'POST', path, headers, body: changed });
      expect(res.statusCode, JSON.stringify(changed)).toBe(422);
      expect(res.body.error.code).toBe('IDEMPOTENCY_MISMATCH');
    }
  });
});
