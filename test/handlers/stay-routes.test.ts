/**
 * The front desk's routes through the handler: check-in, check-out, no-show,
 * their refusals in the contract's error shape, and forwarding to the owner region.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestRegion, twoRegions } from '../support/api';
import {
  daysFromNow,
  discrepanciesOf,
  freshTable,
  guest,
  replicateHotel,
  tableSnapshot,
} from '../support/store';

let us: TestRegion;
let asia: TestRegion;
const owner = { sub: 'front-desk-owner' };

/** A us-east-1 hotel with a booking arriving today, copied to ap-southeast-1 as replication would. */
async function bookedToday() {
  const made = await us.call({
    method: 'POST',
    path: '/v1/manage/hotels',
    claims: owner,
    body: { name: 'Harbour Inn', city: 'Boston', country: 'US', timeZone: 'UTC' },
  });
  const hotelId = made.body.hotelId as string;
  await us.call({
    method: 'PUT',
    path: `/v1/manage/hotels/${hotelId}/room-types/king`,
    claims: owner,
    body: { name: 'King', totalRooms: 2, pricePerNight: { amount: 20_000, currency: 'USD' } },
  });
  const booked = await us.call({
    method: 'POST',
    path: `/v1/hotels/${hotelId}/bookings`,
    body: { roomTypeId: 'king', checkIn: daysFromNow(0), checkOut: daysFromNow(2), rooms: 1, guest },
  });
  expect(booked.statusCode).toBe(201);
  await replicateHotel(us.store, asia.store, hotelId);
  return { hotelId, bookingId: booked.body.bookingId as string, token: booked.body.accessToken as string };
}

const stayPath = (b: { hotelId: string; bookingId: string }, action: string) =>
  `/v1/manage/hotels/${b.hotelId}/bookings/${b.bookingId}/${action}`;

beforeAll(async () => {
  const regions = twoRegions(await freshTable());
  us = regions['us-east-1'];
  asia = regions['ap-southeast-1'];
});

beforeEach(() => {
  us.link.mode = 'up';
  asia.link.mode = 'up';
});

describe('check-in, check-out and no-show routes', () => {
  it('checks in and out in the owner region, then the guest cannot cancel (409 naming the status)', async () => {
    const b = await bookedToday();
    const checkIn = await us.call({ method: 'POST', path: stayPath(b, 'check-in'), claims: owner });
    expect(checkIn.statusCode).toBe(200);
    expect(checkIn.body).toMatchObject({ bookingId: b.bookingId, status: 'CHECKED_IN' });
    expect(checkIn.body).not.toHaveProperty('accessTokenHashes');
    expect(checkIn.headers).toMatchObject({ 'x-served-region': 'us-east-1', 'x-owner-region': 'us-east-1' });
    const cancel = await us.call({
      method: 'DELETE',
      path: `/v1/hotels/${b.hotelId}/bookings/${b.bookingId}`,
      headers: { authorization: `Bearer ${b.token}` },
    });
    expect(cancel.statusCode).toBe(409);
    expect(cancel.body.error).toMatchObject({ code: 'CONFLICT', details: { status: 'CHECKED_IN' } });
    const out = await us.call({ method: 'POST', path: stayPath(b, 'check-out'), claims: owner });
    expect(out.statusCode).toBe(200);
    expect(out.body.status).toBe('CHECKED_OUT');
    expect(await discrepanciesOf(us.store, b.hotelId)).toEqual([]);
  });

  it('forwards a change that reaches the other region, and writes only in the owner region', async () => {
    const b = await bookedToday();
    const asiaBefore = await tableSnapshot(asia.store);
    const res = await asia.call({ method: 'POST', path: stayPath(b, 'no-show'), claims: owner });
    expect(res.statusCode).toBe(200);
    expect(res.body.status).toBe('NO_SHOW');
    expect(res.headers).toMatchObject({ 'x-served-region': 'ap-southeast-1', 'x-owner-region': 'us-east-1' });
    expect(asia.link.sent.at(-1)).toMatchObject({ method: 'POST', servedRegion: 'ap-southeast-1' });
    const stored = await us.store.bookings.getBooking(b.hotelId, b.bookingId, { consistent: true });
    expect(stored?.status).toBe('NO_SHOW');
    expect(await tableSnapshot(asia.store)).toEqual(asiaBefore);
  });

  it('answers 503 OWNER_REGION_UNAVAILABLE, having written nothing, when the owner cannot be reached', async () => {
    const b = await bookedToday();
    asia.link.mode = 'down';
    const res = await asia.call({ method: 'POST', path: stayPath(b, 'check-in'), claims: owner });
    expect(res.statusCode).toBe(503);
    expect(res.body.error.code).toBe('OWNER_REGION_UNAVAILABLE');
    const stored = await us.store.bookings.getBooking(b.hotelId, b.bookingId, { consistent: true });
    expect(stored?.status).toBe('CONFIRMED');
  });

  it('refuses an illegal change, another hotelier, an unknown booking and no token, each in the error shape', async () => {
    const b = await bookedToday();
    const early = await us.call({ method: 'POST', path: stayPath(b, 'check-out'), claims: owner });
    expect(early.statusCode).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'CONFLICT', details: { status: 'CONFIRMED' } });
    expect(early.body.error.message).toContain('CONFIRMED');
    const other = await us.call({
      method: 'POST',
      path: stayPath(b, 'check-in'),
      claims: { sub: 'mallory' },
    });
    expect(other.statusCode).toBe(403);
    const unknown = await us.call({
      method: 'POST',
      path: stayPath({ hotelId: b.hotelId, bookingId: '00000000-0000-4000-8000-000000000000' }, 'check-in'),
      claims: owner,
    });
    expect(unknown.statusCode).toBe(404);
    const anonymous = await us.call({ method: 'POST', path: stayPath(b, 'check-in') });
    expect(anonymous.statusCode).toBe(401);
    const stored = await us.store.bookings.getBooking(b.hotelId, b.bookingId, { consistent: true });
    expect(stored?.status).toBe('CONFIRMED');
  });
});
