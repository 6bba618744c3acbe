/**
 * The room type calendar through its handlers: what a PUT refuses and why, who
 * may read or write it, forwarding to the owner region, the handover fence, and
 * what availability and booking make of it.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { fenceHotel } from '../../lambdas/domain/handover';
import { zonedInstant } from '../../lambdas/domain/hotel-clock';
import { type TestRegion, twoRegions } from '../support/api';
import { daysFromNow, freshTable, guest, replicateHotel, tableSnapshot } from '../support/store';

let us: TestRegion;
let asia: TestRegion;
const alice = { sub: 'calendar-alice' };
const bob = { sub: 'calendar-bob' };
const usd = (amount: number) => ({ amount, currency: 'USD' });

async function aliceHotel() {
  const made = await us.call({
    method: 'POST',
    path: '/v1/manage/hotels',
    claims: alice,
    body: { name: 'Calendar Inn', city: 'Denver', country: 'US' },
  });
  const hotelId = made.body.hotelId as string;
  const roomType = await us.call({
    method: 'PUT',
    path: `/v1/manage/hotels/${hotelId}/room-types/king`,
    claims: alice,
    body: { name: 'King', totalRooms: 4, pricePerNight: usd(10_000) },
  });
  expect(roomType.statusCode).toBe(201);
  await replicateHotel(us.store, asia.store, hotelId);
  return hotelId;
}

const calendarPath = (hotelId: string) => `/v1/manage/hotels/${hotelId}/room-types/king/calendar`;

beforeAll(async () => {
  const regions = twoRegions(await freshTable());
  us = regions['us-east-1'];
  asia = regions['ap-southeast-1'];
});

describe('PUT calendar', () => {
  it('sets a price on every night of [from, to) and answers the calendar of that range', async () => {
    const hotelId = await aliceHotel();
    const res = await us.call({
      method: 'PUT',
      path: calendarPath(hotelId),
      claims: alice,
      body: { from: daysFromNow(10), to: daysFromNow(12), pricePerNight: usd(15_000), minStay: 2 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          night: daysFromNow(10),
          pricePerNight: usd(15_000),
          closed: false,
          minStay: 2,
          maxStay: null,
          booked: 0,
          available: 4,
        },
        {
          night: daysFromNow(11),
          pricePerNight: usd(15_000),
          closed: false,
          minStay: 2,
          maxStay: null,
          booked: 0,
          available: 4,
        },
      ],
    });
    // null restores the room type's price; other settings stay.
    const restored = await us.call({
      method: 'PUT',
      path: calendarPath(hotelId),
      claims: alice,
      body: { from: daysFromNow(11), to: daysFromNow(12), pricePerNight: null },
    });
    expect(restored.body.items[0]).toMatchObject({ pricePerNight: usd(10_000), minStay: 2 });
  });

  it.each([
    // Two days back: the hotel keeps New York's date, which until 04:00 or 05:00 UTC is UTC's yesterday.
    ['a past night', { from: daysFromNow(-2), to: daysFromNow(2), closed: true }, 'from'],
    ['from = to', { from: daysFromNow(3), to: daysFromNow(3), closed: true }, 'to'],
    ['from after to', { from: daysFromNow(4), to: daysFromNow(3), closed: true }, 'to'],
    ['367 nights', { from: daysFromNow(1), to: daysFromNow(368), closed: true }, 'to'],
    ['nights in 2998', { from: '2998-01-01', to: '2998-01-03', closed: true }, 'to'],
    // The last bookable night is a stay arriving 365 days after the latest local today on
    // Earth (UTC+14, at most UTC's tomorrow) for 30 nights: UTC today + 1 + 365 + 30.
    [
      'a night past the last bookable one',
      { from: daysFromNow(391), to: daysFromNow(398), closed: true },
      'to',
    ],
    [
      'a negative price',
      { from: daysFromNow(1), to: daysFromNow(2), pricePerNight: usd(-1) },
      'pricePerNight.amount',
    ],
    [
      'a fractional price',
      { from: daysFromNow(1), to: daysFromNow(2), pricePerNight: usd(10.5) },
      'pricePerNight.amount',
    ],
    [
      'a price in another currency',
      { from: daysFromNow(1), to: daysFromNow(2), pricePerNight: { amount: 100, currency: 'EUR' } },
      'pricePerNight',
    ],
    [
      'minStay above maxStay',
      { from: daysFromNow(1), to: daysFromNow(2), minStay: 5, maxStay: 3 },
      'minStay',
    ],
    ['minStay 0', { from: daysFromNow(1), to: daysFromNow(2), minStay: 0 }, 'minStay'],
    ['maxStay 31', { from: daysFromNow(1), to: daysFromNow(2), maxStay: 31 }, 'maxStay'],
    ['no setting at all', { from: daysFromNow(1), to: daysFromNow(2) }, 'body'],
  ])('refuses %s with a 400 naming the field, and writes nothing', async (_name, body, field) => {
    const hotelId = await aliceHotel();
    const before = await tableSnapshot(us.store);
    const res = await us.call({ method: 'PUT', path: calendarPath(hotelId), claims: alice, body });
    expect(res.statusCode).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(Object.keys(res.body.error.details)).toContain(field);
    expect(await tableSnapshot(us.store)).toEqual(before);
  });

  it('accepts nights up to the last bookable one, today + 365 + 30', async () => {
    const hotelId = await aliceHotel();
    const res = await us.call({
      method: 'PUT',
      path: calendarPath(hotelId),
      claims: alice,
      body: { from: daysFromNow(394), to: daysFromNow(396), closed: true },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body.items.map((d: { night: string }) => d.night)).toEqual([
      daysFromNow(394),
      daysFromNow(395),
    ]);
  });

  it('accepts exactly 366 nights, in several transactions, all applied', async () => {
    const hotelId = await aliceHotel();
    const res = await us.call({
      method: 'PUT',
      path: calendarPath(hotelId),
      claims: alice,
      body: { from: daysFromNow(1), to: daysFromNow(367), closed: true },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body.items).toHaveLength(366);
    expect(res.body.items.every((n: { closed: boolean }) => n.closed)).toBe(true);
  });

  it('refuses a minimum stay that would end above a maximum already set on a night (400, nothing written)', async () => {
    const hotelId = await aliceHotel();
    await us.call({
      method: 'PUT',
      path: calendarPath(hotelId),
      claims: alice,
      body: { from: daysFromNow(5), to: daysFromNow(6), maxStay: 3 },
    });
    const before = await tableSnapshot(us.store);
    const res = await us.call({
      method: 'PUT',
      path: calendarPath(hotelId),
      claims: alice,
      body: { from: daysFromNow(4), to: daysFromNow(7), minStay: 4 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body.error.details.minStay).toContain(daysFromNow(5));
    expect(await tableSnapshot(us.store)).toEqual(before);
  });

  it("refuses another hotelier's calendar with 403, to read and to write", async () => {
    const hotelId = await aliceHotel();
    const put = await us.call({
      method: 'PUT',
      path: calendarPath(hotelId),
      claims: bob,
      body: { from: daysFromNow(1), to: daysFromNow(2), closed: true },
    });
    expect(put.statusCode).toBe(403);
    const get = await us.call({
      method: 'GET',
      path: calendarPath(hotelId),
      claims: bob,
      query: { from: daysFromNow(1), to: daysFromNow(2) },
    });
    expect(get.statusCode).toBe(403);
  });

  it('is forwarded from the other region and written in the owner region only', async () => {
    const hotelId = await aliceHotel();
    const asiaBefore = await tableSnapshot(asia.store);
    const res = await asia.call({
      method: 'PUT',
      path: calendarPath(hotelId),
      claims: alice,
      body: { from: daysFromNow(2), to: daysFromNow(3), closed: true },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({ 'x-served-region': 'ap-southeast-1', 'x-owner-region': 'us-east-1' });
    expect(asia.link.sent.at(-1)).toMatchObject({ method: 'PUT', hotelierId: alice.sub });
    expect(
      await us.store.bookings.calendarNights(hotelId, 'king', daysFromNow(2), daysFromNow(3)),
    ).toMatchObject([{ night: daysFromNow(2), closed: true }]);
    expect(await tableSnapshot(asia.store)).toEqual(asiaBefore);
  });

  it('is fenced during a handover: 503 in both regions, nothing written', async () => {
    const hotelId = await aliceHotel();
    if (!us.services.handover) throw new Error('the test regions are wired without handover stores');
    await fenceHotel(us.services.handover, hotelId, 'ap-southeast-1');
    await replicateHotel(us.store, asia.store, hotelId);
    const before = await tableSnapshot(us.store);
    for (const region of [us, asia]) {
      const res = await region.call({
        method: 'PUT',
        path: calendarPath(hotelId),
        claims: alice,
        body: { from: daysFromNow(2), to: daysFromNow(3), pricePerNight: usd(1) },
      });
      expect(res.statusCode, region.services.region).toBe(503);
      expect(res.body.error.code).toBe('OWNER_REGION_UNAVAILABLE');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(await tableSnapshot(us.store)).toEqual(before);
  });
});

describe('GET calendar', () => {
  it("shows every night, with the room type's defaults where nothing is set, and what is booked", async () => {
    const hotelId = await aliceHotel();
    const booked = await us.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      body: { roomTypeId: 'king', checkIn: daysFromNow(3), checkOut: daysFromNow(4), rooms: 3, guest },
    });
    expect(booked.statusCode).toBe(201);
    const res = await us.call({
      method: 'GET',
      path: calendarPath(hotelId),
      claims: alice,
      query: { from: daysFromNow(2), to: daysFromNow(4) },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body.items).toEqual([
      {
        night: daysFromNow(2),
        pricePerNight: usd(10_000),
        closed: false,
        minStay: null,
        maxStay: null,
        booked: 0,
        available: 4,
      },
      {
        night: daysFromNow(3),
        pricePerNight: usd(10_000),
        closed: false,
        minStay: null,
        maxStay: null,
        booked: 3,
        available: 1,
      },
    ]);
  });

  it('refuses a range over 366 nights or backwards (400 naming to)', async () => {
    const hotelId = await aliceHotel();
    for (const query of [
      { from: daysFromNow(1), to: daysFromNow(368) },
      { from: daysFromNow(3), to: daysFromNow(2) },
    ]) {
      const res = await us.call({ method: 'GET', path: calendarPath(hotelId), claims: alice, query });
      expect(res.statusCode).toBe(400);
      expect(res.body.error.details).toHaveProperty('to');
    }
  });
});

describe('availability and booking against the calendar', () => {
  it("availability gives the stay's total night by night, and why a stay cannot be booked", async () => {
    const hotelId = await aliceHotel();
    await us.call({
      method: 'PUT',
      path: calendarPath(hotelId),
      claims: alice,
      body: { from: daysFromNow(6), to: daysFromNow(7), pricePerNight: usd(20_000), minStay: 3 },
    });
    await us.call({
      method: 'PUT',
      path: calendarPath(hotelId),
      claims: alice,
      body: { from: daysFromNow(8), to: daysFromNow(9), closed: true },
    });
    const open = await us.call({
      method: 'GET',
      path: `/v1/hotels/${hotelId}/availability`,
      query: { checkIn: daysFromNow(5), checkOut: daysFromNow(8) },
    });
    expect(open.statusCode).toBe(200);
    expect(open.body.roomTypes).toEqual([
      {
        roomTypeId: 'king',
        available: 4,
        pricePerNight: usd(10_000),
        totalPrice: usd(40_000),
        bookable: true,
        reasons: [],
        // The standard plan prices the calendar's nights too: its first night is the fee after the deadline.
        offers: [
          {
            ratePlanId: 'standard',
            name: 'Standard',
            totalPrice: usd(40_000),
            includes: [],
            cancellation: {
              freeUntil: zonedInstant('America/New_York', daysFromNow(5), '15:00'),
              feeAfter: usd(10_000),
            },
            noShowFee: usd(10_000),
          },
        ],
      },
    ]);
    const refused = await us.call({
      method: 'GET',
      path: `/v1/hotels/${hotelId}/availability`,
      query: { checkIn: daysFromNow(6), checkOut: daysFromNow(9) },
    });
    expect(refused.body.roomTypes[0]).toMatchObject({
      bookable: false,
      reasons: [{ reason: 'CLOSED', nights: [daysFromNow(8)] }],
      // Nothing sells a stay that cannot be booked.
      offers: [],
    });
  });

  it('books at the sum of the nights, and refuses NOT_BOOKABLE and PRICE_CHANGED with 409 and the details', async () => {
    const hotelId = await aliceHotel();
    await us.call({
      method: 'PUT',
      path: calendarPath(hotelId),
      claims: alice,
      body: { from: daysFromNow(6), to: daysFromNow(7), pricePerNight: usd(20_000), maxStay: 2 },
    });
    const stay = { roomTypeId: 'king', checkIn: daysFromNow(5), checkOut: daysFromNow(7), rooms: 2, guest };
    const booked = await us.call({ method: 'POST', path: `/v1/hotels/${hotelId}/bookings`, body: stay });
    expect(booked.statusCode).toBe(201);
    expect(booked.body.totalPrice).toEqual(usd(60_000));

    const tooLong = await us.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      body: { ...stay, checkIn: daysFromNow(6), checkOut: daysFromNow(9) },
    });
    expect(tooLong.statusCode).toBe(409);
    expect(tooLong.body.error).toMatchObject({
      code: 'NOT_BOOKABLE',
      details: {
        nights: [daysFromNow(6)],
        reasons: [{ reason: 'MAX_STAY', nights: [daysFromNow(6)], limit: 2 }],
      },
    });

    const changed = await us.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      body: { ...stay, expectedTotalPrice: usd(40_000) },
    });
    expect(changed.statusCode).toBe(409);
    expect(changed.body.error).toMatchObject({ code: 'PRICE_CHANGED', details: { totalPrice: usd(60_000) } });
  });

  it('an idempotent replay with another expectedTotalPrice is a different request (422)', async () => {
    const hotelId = await aliceHotel();
    const stay = { roomTypeId: 'king', checkIn: daysFromNow(5), checkOut: daysFromNow(6), rooms: 1, guest };
    const headers = { 'idempotency-key': `cal-${hotelId}` };
    const path = `/v1/hotels/${hotelId}/bookings`;
    const first = await us.call({
      method: 'POST',
      path,
      headers,
      body: { ...stay, expectedTotalPrice: usd(10_000) },
    });
    expect(first.statusCode).toBe(201);
    const again = await us.call({
      method: 'POST',
      path,
      headers,
      body: { ...stay, expectedTotalPrice: usd(10_000) },
    });
    expect(again.statusCode).toBe(200);
    const other = await us.call({
      method: 'POST',
      path,
      headers,
      body: { ...stay, expectedTotalPrice: usd(9_000) },
    });
    expect(other.statusCode).toBe(422);
  });
});
