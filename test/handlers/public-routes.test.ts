/** Every public route through its Lambda handler, with API Gateway v2 events, on DynamoDB Local. */

import { beforeAll, describe, expect, it } from 'vitest';
import { zonedInstant } from '../../lambdas/domain/hotel-clock';
import { type TestRegion, twoRegions } from '../support/api';
import { daysFromNow, freshTable, guest, tableSnapshot } from '../support/store';

let us: TestRegion;
const hotelier = { sub: 'hotelier-public-routes' };

async function newHotel(totalRooms = 3) {
  const created = await us.call({
    method: 'POST',
    path: '/v1/manage/hotels',
    claims: hotelier,
    body: {
      name: 'Harbour Lights',
      city: 'Boston',
      country: 'US',
      description: 'On the pier',
      attributes: { stars: 4 },
    },
  });
  expect(created.statusCode).toBe(201);
  const hotelId = created.body.hotelId as string;
  const roomType = await us.call({
    method: 'PUT',
    path: `/v1/manage/hotels/${hotelId}/room-types/queen`,
    claims: hotelier,
    body: { name: 'Queen', totalRooms, pricePerNight: { amount: 20_000, currency: 'USD' } },
  });
  expect(roomType.statusCode).toBe(201);
  return hotelId;
}

const booking = (rooms = 1) => ({
  roomTypeId: 'queen',
  checkIn: daysFromNow(3),
  checkOut: daysFromNow(5),
  rooms,
  guest,
});

beforeAll(async () => {
  us = twoRegions(await freshTable())['us-east-1'];
});

describe('public routes', () => {
  it('GET /health answers ok with the region', async () => {
    const res = await us.call({ method: 'GET', path: '/health' });
    expect(res).toMatchObject({ statusCode: 200, body: { status: 'ok', region: 'us-east-1' } });
  });

  it('GET /health is 503 while the region is still starting', async () => {
    const services = { ...us.services, isReady: () => false };
    const { dispatch } = await import('../../lambdas/http/dispatch');
    const { Router } = await import('../../lambdas/http/router');
    const { ROUTES } = await import('../../lambdas/http/routes');
    const res = await dispatch(services, new Router(ROUTES), {
      method: 'GET',
      path: '/health',
      query: {},
      headers: {},
      requestId: 'r',
    });
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body).error.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('GET /v1/hotels/search with dates: only bookable hotels, each with its offer, and the price from', async () => {
    const open = await newHotel(3);
    const full = await newHotel(1);
    for (const id of [open, full]) {
      const hotel = await us.services.hotels.getHotel(id);
      await us.search.index({ ...(hotel as NonNullable<typeof hotel>), ownerId: undefined });
    }
    const taken = await us.call({ method: 'POST', path: `/v1/hotels/${full}/bookings`, body: booking(1) });
    expect(taken.statusCode).toBe(201);
    const res = await us.call({
      method: 'GET',
      path: '/v1/hotels/search',
      query: { q: 'harbour', checkIn: daysFromNow(3), checkOut: daysFromNow(5), rooms: '2', limit: '5' },
    });
    expect(res.statusCode).toBe(200);
    const found = (res.body.items as Array<{ hotelId: string }>).filter((h) =>
      [open, full].includes(h.hotelId),
    );
    expect(found).toEqual([
      expect.objectContaining({
        hotelId: open,
        fromPrice: { amount: 20_000, currency: 'USD' },
        offer: {
          roomTypeId: 'queen',
          name: 'Queen',
          available: 3,
          totalPrice: { amount: 80_000, currency: 'USD' },
          ratePlanId: 'standard',
          refundable: true,
        },
      }),
    ]);
    // The same stay for one room still leaves the full hotel out: its only room is taken.
    const one = await us.call({
      method: 'GET',
      path: '/v1/hotels/search',
      query: { q: 'harbour', checkIn: daysFromNow(3), checkOut: daysFromNow(5) },
    });
    expect((one.body.items as Array<{ hotelId: string }>).map((h) => h.hotelId)).not.toContain(full);
  });

  it('GET /v1/hotels/search refuses a half stay, a past stay, bad rooms or sort with 400 VALIDATION naming the field', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ checkIn: daysFromNow(3) }, 'checkOut'],
      [{ checkOut: daysFromNow(3) }, 'checkIn'],
      [{ checkIn: daysFromNow(-2), checkOut: daysFromNow(1) }, 'checkIn'],
      [{ checkIn: daysFromNow(3), checkOut: daysFromNow(40) }, 'checkOut'],
      [{ checkIn: daysFromNow(3), checkOut: daysFromNow(4), rooms: '0' }, 'rooms'],
      [{ checkIn: daysFromNow(3), checkOut: daysFromNow(4), rooms: '11' }, 'rooms'],
      [{ sort: 'cheapest' }, 'sort'],
      [{ checkIn: '2027-02-30', checkOut: daysFromNow(4) }, 'checkIn'],
    ];
    for (const [query, field] of cases) {
      const res = await us.call({
        method: 'GET',
        path: '/v1/hotels/search',
        query: { q: 'harbour', ...query },
      });
      expect(res.statusCode, JSON.stringify(query)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
      expect(JSON.stringify(res.body.error.details), JSON.stringify(query)).toContain(field);
    }
    // With dates, a where is needed: text or a city (a blank q counts as none).
    for (const q of [undefined, '', '   ']) {
      const res = await us.call({
        method: 'GET',
        path: '/v1/hotels/search',
        query: { ...(q === undefined ? {} : { q }), checkIn: daysFromNow(3), checkOut: daysFromNow(4) },
      });
      expect(res.statusCode).toBe(400);
      expect(res.body.error.details).toEqual({ q: expect.stringContaining('city') });
    }
  });

  it('GET /v1/hotels/search reads the room types of a hotel indexed before rate summaries, so its fromPrice is known', async () => {
    const id = await newHotel(2);
    const hotel = (await us.services.hotels.getHotel(id)) as NonNullable<
      Awaited<ReturnType<typeof us.services.hotels.getHotel>>
    >;
    const { rates: _rates, ...unsummarized } = hotel as typeof hotel & { rates?: unknown };
    await us.search.index({ ...unsummarized, name: 'Quayside Unsummarized', ownerId: undefined });
    const res = await us.call({
      method: 'GET',
      path: '/v1/hotels/search',
      query: { q: 'quayside unsummarized' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body.items.map((h: { hotelId: string }) => h.hotelId)).toEqual([id]);
    expect(res.body.items[0].fromPrice).toEqual({ amount: 20_000, currency: 'USD' });
  });

  it('GET /v1/hotels/search passes q, city and limit to the search port', async () => {
    await us.search.index({
      hotelId: 'h-search',
      name: 'Marina Bay Suites',
      city: 'Singapore',
      country: 'SG',
      managedIn: 'ap-southeast-1',
    });
    const res = await us.call({
      method: 'GET',
      path: '/v1/hotels/search',
      query: { q: 'marina', city: 'SINGAPORE', limit: '5' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          hotelId: 'h-search',
          name: 'Marina Bay Suites',
          city: 'Singapore',
          country: 'SG',
          managedIn: 'ap-southeast-1',
          // Indexed without a rate summary: no price known.
          fromPrice: null,
        },
      ],
      nextCursor: null,
    });
    // Without a limit the contract's default of 20 applies.
    const asked: number[] = [];
    const search = us.search.search.bind(us.search);
    us.search.search = async (query) => {
      asked.push(query.limit);
      return search(query);
    };
    await us.call({ method: 'GET', path: '/v1/hotels/search', query: { q: 'marina' } });
    us.search.search = search;
    expect(asked).toEqual([20]);
    const bad = await us.call({ method: 'GET', path: '/v1/hotels/search', query: { q: 'x', limit: '101' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body.error.details).toHaveProperty('limit');
  });

  it('GET /v1/hotels/{hotelId} returns the hotel page, and 404 for an unknown or malformed id', async () => {
    const hotelId = await newHotel();
    const res = await us.call({ method: 'GET', path: `/v1/hotels/${hotelId}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toEqual({
      hotelId,
      name: 'Harbour Lights',
      city: 'Boston',
      country: 'US',
      managedIn: 'us-east-1',
      description: 'On the pier',
      attributes: { stars: 4 },
      // Created without a zone: the country's default, with the default times.
      timeZone: 'America/New_York',
      checkInTime: '15:00',
      checkOutTime: '11:00',
      roomTypes: [
        {
          roomTypeId: 'queen',
          name: 'Queen',
          totalRooms: 3,
          pricePerNight: { amount: 20_000, currency: 'USD' },
          // Put without occupancy: the defaults.
          maxOccupancy: 2,
          standardOccupancy: 2,
          extraGuestPerNight: { amount: 0, currency: 'USD' },
        },
      ],
    });
    for (const id of ['00000000-0000-0000-0000-000000000000', 'bad%20id', '..%2F..'])
      expect((await us.call({ method: 'GET', path: `/v1/hotels/${id}` })).body.error.code).toBe('NOT_FOUND');
  });

  it('GET availability counts rooms free on every night', async () => {
    const hotelId = await newHotel(3);
    await us.call({ method: 'POST', path: `/v1/hotels/${hotelId}/bookings`, body: booking(2) });
    const res = await us.call({
      method: 'GET',
      path: `/v1/hotels/${hotelId}/availability`,
      query: { checkIn: daysFromNow(4), checkOut: daysFromNow(6) },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toEqual({
      hotelId,
      checkIn: daysFromNow(4),
      checkOut: daysFromNow(6),
      roomTypes: [
        {
          roomTypeId: 'queen',
          available: 1,
          pricePerNight: { amount: 20_000, currency: 'USD' },
          totalPrice: { amount: 40_000, currency: 'USD' },
          bookable: true,
          reasons: [],
          // The standard plan only: free until 15:00 New York time on the arrival day, then the first night.
          offers: [
            {
              ratePlanId: 'standard',
              name: 'Standard',
              totalPrice: { amount: 40_000, currency: 'USD' },
              includes: [],
              cancellation: {
                freeUntil: zonedInstant('America/New_York', daysFromNow(4), '15:00'),
                feeAfter: { amount: 20_000, currency: 'USD' },
              },
              noShowFee: { amount: 20_000, currency: 'USD' },
            },
          ],
        },
      ],
    });
    const missing = await us.call({
      method: 'GET',
      path: `/v1/hotels/${hotelId}/availability`,
      query: { checkIn: daysFromNow(4) },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body.error.details).toHaveProperty('checkOut');
  });

  it('POST a booking: 201 with a token; the region headers name this region', async () => {
    const hotelId = await newHotel();
    const res = await us.call({ method: 'POST', path: `/v1/hotels/${hotelId}/bookings`, body: booking(2) });
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-served-region']).toBe('us-east-1');
    expect(res.headers['x-owner-region']).toBe('us-east-1');
    expect(res.body).toMatchObject({
      hotelId,
      roomTypeId: 'queen',
      rooms: 2,
      status: 'CONFIRMED',
      guest,
      totalPrice: { amount: 2 * 2 * 20_000, currency: 'USD' },
    });
    expect(res.body.accessToken.length).toBeGreaterThanOrEqual(22);
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'accessToken',
        'adults',
        'bookingId',
        'cancellation',
        'children',
        'noShowFee',
        'ratePlan',
        'ratePlanId',
        'checkIn',
        'checkOut',
        'createdAt',
        'guest',
        'hotelId',
        'reference',
        'roomTypeId',
        'rooms',
        'status',
        'totalPrice',
      ].sort(),
    );
  });

  it('POST a booking that does not fit is 409 SOLD_OUT naming the nights, and writes nothing', async () => {
    const hotelId = await newHotel(1);
    await us.call({ method: 'POST', path: `/v1/hotels/${hotelId}/bookings`, body: booking(1) });
    const before = await tableSnapshot(us.store);
    const res = await us.call({ method: 'POST', path: `/v1/hotels/${hotelId}/bookings`, body: booking(1) });
    expect(res.statusCode).toBe(409);
    expect(res.body.error.code).toBe('SOLD_OUT');
    expect(res.body.error.details.nights).toEqual([daysFromNow(3), daysFromNow(4)]);
    expect(await tableSnapshot(us.store)).toEqual(before);
  });

  it('replays an Idempotency-Key: same booking, 200, nothing more booked; another body is 422', async () => {
    const hotelId = await newHotel(3);
    const headers = { 'Idempotency-Key': 'checkout-7f3a' };
    const first = await us.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      headers,
      body: booking(1),
    });
    const again = await us.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      headers,
      body: booking(1),
    });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.body.bookingId).toBe(first.body.bookingId);
    const other = await us.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      headers,
      body: booking(2),
    });
    expect(other.statusCode).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_MISMATCH');
    const availability = await us.call({
      method: 'GET',
      path: `/v1/hotels/${hotelId}/availability`,
      query: { checkIn: daysFromNow(3), checkOut: daysFromNow(5) },
    });
    expect(availability.body.roomTypes[0].available).toBe(2);
  });

  it('replays a booking that names its defaults (the standard plan, two adults): the same body is the same booking', async () => {
    const hotelId = await newHotel(3);
    const headers = { 'Idempotency-Key': 'explicit-defaults-1' };
    const explicit = { ...booking(1), ratePlanId: 'standard', adults: 2, children: 0 };
    const first = await us.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      headers,
      body: explicit,
    });
    expect(first.statusCode).toBe(201);
    const again = await us.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      headers,
      body: explicit,
    });
    expect(again.statusCode).toBe(200);
    expect(again.body.bookingId).toBe(first.body.bookingId);
    // The body is compared as sent: leaving the defaults out is another body (a retry resends its own).
    const implicit = await us.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      headers,
      body: booking(1),
    });
    expect(implicit.statusCode).toBe(422);
  });

  it('GET a booking needs its token: 200 without the token, 401 without or with a wrong one, 404 unknown', async () => {
    const hotelId = await newHotel();
    const made = await us.call({ method: 'POST', path: `/v1/hotels/${hotelId}/bookings`, body: booking() });
    const path = `/v1/hotels/${hotelId}/bookings/${made.body.bookingId}`;
    const ok = await us.call({
      method: 'GET',
      path,
      headers: { authorization: `Bearer ${made.body.accessToken}` },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body.bookingId).toBe(made.body.bookingId);
    expect(ok.body).not.toHaveProperty('accessToken');
    expect(JSON.stringify(ok.body)).not.toContain('Hash');
    expect((await us.call({ method: 'GET', path })).statusCode).toBe(401);
    expect(
      (await us.call({ method: 'GET', path, headers: { authorization: 'Bearer nope' } })).statusCode,
    ).toBe(401);
    expect(
      (await us.call({ method: 'GET', path, headers: { authorization: made.body.accessToken } })).statusCode,
    ).toBe(401);
    const unknown = await us.call({
      method: 'GET',
      path: `/v1/hotels/${hotelId}/bookings/00000000-0000-4000-8000-000000000000`,
      headers: { authorization: 'Bearer x' },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('DELETE a booking cancels it and frees the rooms; a second cancel is 200 and frees nothing more', async () => {
    const hotelId = await newHotel(2);
    const made = await us.call({ method: 'POST', path: `/v1/hotels/${hotelId}/bookings`, body: booking(2) });
    const path = `/v1/hotels/${hotelId}/bookings/${made.body.bookingId}`;
    const headers = { authorization: `Bearer ${made.body.accessToken}` };
    expect((await us.call({ method: 'DELETE', path })).statusCode).toBe(401);
    const first = await us.call({ method: 'DELETE', path, headers });
    expect(first.statusCode).toBe(200);
    expect(first.body.status).toBe('CANCELLED');
    expect(first.headers['x-owner-region']).toBe('us-east-1');
    const second = await us.call({ method: 'DELETE', path, headers });
    expect(second).toMatchObject({ statusCode: 200, body: { status: 'CANCELLED' } });
    const availability = await us.call({
      method: 'GET',
      path: `/v1/hotels/${hotelId}/availability`,
      query: { checkIn: daysFromNow(3), checkOut: daysFromNow(5) },
    });
    expect(availability.body.roomTypes[0].available).toBe(2);
  });

  it('answers an unknown path with 404 and a wrong method with 405, in the contract shape', async () => {
    const unknown = await us.call({ method: 'GET', path: '/v1/nothing' });
    expect(unknown).toMatchObject({ statusCode: 404, body: { error: { code: 'NOT_FOUND' } } });
    const wrong = await us.call({ method: 'PUT', path: '/v1/hotels/search' });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toBe('GET');
  });

  it('hides internals of an unexpected failure behind a 500 with a correlation id', async () => {
    const broken = {
      ...us.services,
      hotels: {
        ...us.services.hotels,
        getHotel: async () => {
          throw new TypeError(
            'Cannot read properties of undefined (table hotels-prod, DynamoDbBookingRepository)',
          );
        },
        listRoomTypes: async () => [],
      },
    };
    const { dispatch } = await import('../../lambdas/http/dispatch');
    const { Router } = await import('../../lambdas/http/router');
    const { ROUTES } = await import('../../lambdas/http/routes');
    const res = await dispatch(broken, new Router(ROUTES), {
      method: 'GET',
      path: '/v1/hotels/abc',
      query: {},
      headers: { 'x-correlation-id': 'corr-123' },
      requestId: 'r',
    });
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toEqual({
      error: { code: 'INTERNAL', message: expect.any(String), details: { correlationId: 'corr-123' } },
    });
    expect(res.body).not.toMatch(/TypeError|hotels-prod|DynamoDb|at /);
  });
});

describe('served region on reads', () => {
  it('says which region served a read too, without claiming an owner', async () => {
    const res = await us.call({ method: 'GET', path: '/v1/hotels/search', query: { q: 'x' } });
    expect(res.headers['x-served-region']).toBe('us-east-1');
    expect(res.headers['x-owner-region']).toBeUndefined();
  });
});
