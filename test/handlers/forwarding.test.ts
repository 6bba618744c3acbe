/**
 * Forwarding by managedIn, with a fake link between the two regions: the owner
 * region is real (its own database on DynamoDB Local); replication is done by
 * hand, so every write that shows up can only have come through the forwarder.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Router, receiveForwarded } from '../../lambdas/http/dispatch';
import { ROUTES } from '../../lambdas/http/routes';
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
const owner = { sub: 'forwarding-owner' };

/** A hotel owned by us-east-1, with its items copied to ap-southeast-1 as replication would. */
async function usHotel(totalRooms = 2) {
  const made = await us.call({
    method: 'POST',
    path: '/v1/manage/hotels',
    claims: owner,
    body: { name: 'Liberty Hotel', city: 'New York', country: 'US' },
  });
  const hotelId = made.body.hotelId as string;
  await us.call({
    method: 'PUT',
    path: `/v1/manage/hotels/${hotelId}/room-types/king`,
    claims: owner,
    body: { name: 'King', totalRooms, pricePerNight: { amount: 30_000, currency: 'USD' } },
  });
  await replicateHotel(us.store, asia.store, hotelId);
  return hotelId;
}

const stay = { roomTypeId: 'king', checkIn: daysFromNow(9), checkOut: daysFromNow(11), rooms: 1, guest };

beforeAll(async () => {
  const regions = twoRegions(await freshTable());
  us = regions['us-east-1'];
  asia = regions['ap-southeast-1'];
});

beforeEach(() => {
  us.link.mode = 'up';
  asia.link.mode = 'up';
});

describe('forwarding writes to the owner region', () => {
  it('forwards a booking that reaches the other region, and says who served and who wrote', async () => {
    const hotelId = await usHotel();
    const asiaBefore = await tableSnapshot(asia.store);
    const res = await asia.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      headers: { 'idempotency-key': 'fwd-1' },
      body: stay,
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-served-region']).toBe('ap-southeast-1');
    expect(res.headers['x-owner-region']).toBe('us-east-1');
    expect(asia.link.sent.at(-1)).toMatchObject({
      method: 'POST',
      servedRegion: 'ap-southeast-1',
      headers: { 'idempotency-key': 'fwd-1' },
    });
    // Written in the owner region only.
    expect(await us.store.repo.getBooking(hotelId, res.body.bookingId, { consistent: true })).toBeDefined();
    expect(await tableSnapshot(asia.store)).toEqual(asiaBefore);
    expect(await discrepanciesOf(us.store, hotelId)).toEqual([]);
  });

  it('creates a hotel in the region of its country, wherever the request arrives', async () => {
    const res = await us.call({
      method: 'POST',
      path: '/v1/manage/hotels',
      claims: owner,
      body: { name: 'Orchid Garden', city: 'Bangkok', country: 'TH' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.body.managedIn).toBe('ap-southeast-1');
    expect(res.headers).toMatchObject({ 'x-served-region': 'us-east-1', 'x-owner-region': 'ap-southeast-1' });
    expect(await asia.store.repo.getHotel(res.body.hotelId, { consistent: true })).toMatchObject({
      ownerId: 'forwarding-owner',
    });
    expect(await us.store.repo.getHotel(res.body.hotelId, { consistent: true })).toBeUndefined();
  });

  it('forwards a hotelier write with the authenticated identity, and refuses another hotelier before forwarding', async () => {
    const hotelId = await usHotel();
    const sentBefore = asia.link.sent.length;
    const stolen = await asia.call({
      method: 'PATCH',
      path: `/v1/manage/hotels/${hotelId}`,
      claims: { sub: 'mallory' },
      body: { name: 'Mine' },
    });
    expect(stolen.statusCode).toBe(403);
    expect(asia.link.sent.length).toBe(sentBefore);
    const patched = await asia.call({
      method: 'PATCH',
      path: `/v1/manage/hotels/${hotelId}`,
      claims: owner,
      body: { name: 'Liberty Grand' },
    });
    expect(patched.statusCode).toBe(200);
    expect(asia.link.sent.at(-1)?.hotelierId).toBe('forwarding-owner');
    expect((await us.store.repo.getHotel(hotelId, { consistent: true }))?.name).toBe('Liberty Grand');
  });

  it('forwards a cancellation with the guest token', async () => {
    const hotelId = await usHotel();
    const made = await us.call({ method: 'POST', path: `/v1/hotels/${hotelId}/bookings`, body: stay });
    await replicateHotel(us.store, asia.store, hotelId);
    const res = await asia.call({
      method: 'DELETE',
      path: `/v1/hotels/${hotelId}/bookings/${made.body.bookingId}`,
      headers: { authorization: `Bearer ${made.body.accessToken}` },
    });
    expect(res).toMatchObject({ statusCode: 200, body: { status: 'CANCELLED' } });
    expect(res.headers['x-owner-region']).toBe('us-east-1');
    expect((await us.store.repo.getBooking(hotelId, made.body.bookingId, { consistent: true }))?.status).toBe(
      'CANCELLED',
    );
  });

  it('answers 503 OWNER_REGION_UNAVAILABLE with Retry-After when the owner is down, and writes nothing anywhere', async () => {
    const hotelId = await usHotel();
    asia.link.mode = 'down';
    const before = await Promise.all([tableSnapshot(us.store), tableSnapshot(asia.store)]);
    const res = await asia.call({ method: 'POST', path: `/v1/hotels/${hotelId}/bookings`, body: stay });
    expect(res.statusCode).toBe(503);
    expect(res.body.error.code).toBe('OWNER_REGION_UNAVAILABLE');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.headers).toMatchObject({ 'x-served-region': 'ap-southeast-1', 'x-owner-region': 'us-east-1' });
    expect(await Promise.all([tableSnapshot(us.store), tableSnapshot(asia.store)])).toEqual(before);
  });

  it('books once when the answer is lost after commit and the client retries with its key', async () => {
    const hotelId = await usHotel(2);
    asia.link.mode = 'lose-answer';
    const request = {
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      headers: { 'idempotency-key': 'lost-answer-1' },
      body: stay,
    };
    const lost = await asia.call(request);
    expect(lost.statusCode).toBe(503);
    asia.link.mode = 'up';
    const retried = await asia.call(request);
    expect(retried.statusCode).toBe(200);
    const token = retried.body.accessToken;
    const seen = await us.call({
      method: 'GET',
      path: `/v1/hotels/${hotelId}/bookings/${retried.body.bookingId}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(seen.statusCode).toBe(200);
    const availability = await us.call({
      method: 'GET',
      path: `/v1/hotels/${hotelId}/availability`,
      query: { checkIn: stay.checkIn, checkOut: stay.checkOut },
    });
    expect(availability.body.roomTypes[0].available).toBe(1);
    expect(await discrepanciesOf(us.store, hotelId)).toEqual([]);
  });
});

describe('writes that arrive before replication', () => {
  it('forwards a write for a hotel this region has not seen yet to the other region, which owns it', async () => {
    const made = await asia.call({
      method: 'POST',
      path: '/v1/manage/hotels',
      claims: owner,
      body: { name: 'Fresh Paint Inn', city: 'Manila', country: 'PH' },
    });
    const hotelId = made.body.hotelId as string;
    // No replication: us-east-1 has never heard of this hotel.
    expect(await us.store.repo.getHotel(hotelId, { consistent: true })).toBeUndefined();
    const roomType = await us.call({
      method: 'PUT',
      path: `/v1/manage/hotels/${hotelId}/room-types/std`,
      claims: owner,
      body: { name: 'Standard', totalRooms: 2, pricePerNight: { amount: 300_000, currency: 'PHP' } },
    });
    expect(roomType.statusCode).toBe(201);
    expect(roomType.headers).toMatchObject({
      'x-served-region': 'us-east-1',
      'x-owner-region': 'ap-southeast-1',
    });
    const booked = await us.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      body: { ...stay, roomTypeId: 'std' },
    });
    expect(booked.statusCode).toBe(201);
    const cancelled = await us.call({
      method: 'DELETE',
      path: `/v1/hotels/${hotelId}/bookings/${booked.body.bookingId}`,
      headers: { authorization: `Bearer ${booked.body.accessToken}` },
    });
    expect(cancelled).toMatchObject({ statusCode: 200, body: { status: 'CANCELLED' } });
  });

  it('answers 404 when neither region knows the hotel, after asking the other once', async () => {
    const sent = us.link.sent.length;
    const res = await us.call({
      method: 'POST',
      path: '/v1/hotels/0b5e7f3c-0000-4000-8000-000000000000/bookings',
      body: stay,
    });
    expect(res).toMatchObject({ statusCode: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect(us.link.sent.length).toBe(sent + 1);
  });
});

describe('the internal channel cannot be spoofed', () => {
  it('ignores headers that claim a request was forwarded: it is still forwarded to the owner', async () => {
    const hotelId = await usHotel();
    const before = asia.link.sent.length;
    const res = await asia.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      headers: {
        'x-served-region': 'us-east-1',
        'x-forwarded-from': 'us-east-1',
        'x-owner-region': 'ap-southeast-1',
      },
      body: stay,
    });
    expect(res.headers['x-owner-region']).toBe('us-east-1');
    expect(asia.link.sent.length).toBe(before + 1);
  });

  it('has no public route to the receiver', async () => {
    const envelope = {
      method: 'POST',
      path: '/v1/manage/hotels',
      query: {},
      headers: {},
      servedRegion: 'ap-southeast-1',
      hotelierId: 'x',
    };
    for (const path of ['/internal/forward', '/v1/internal/forward'])
      expect((await us.call({ method: 'POST', path, body: envelope })).statusCode).toBe(404);
  });

  it('refuses an envelope that is malformed or claims to come from the receiving region itself', async () => {
    const router = new Router(ROUTES);
    const own = await receiveForwarded(us.app, router, {
      method: 'GET',
      path: '/v1/manage/hotels',
      query: {},
      headers: {},
      servedRegion: 'us-east-1',
      hotelierId: 'x',
    });
    expect(own.statusCode).toBe(400);
    expect((await receiveForwarded(us.app, router, { path: '/v1/manage/hotels' })).statusCode).toBe(400);
  });

  it('refuses a forwarded write that reaches a region which no longer owns the hotel (503, no loop)', async () => {
    const hotelId = await usHotel();
    const router = new Router(ROUTES);
    const res = await receiveForwarded(asia.app, router, {
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      query: {},
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(stay),
      servedRegion: 'us-east-1',
    });
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body).error.code).toBe('OWNER_REGION_UNAVAILABLE');
    expect(asia.link.sent.filter((r) => r.path.includes(hotelId))).toEqual([]);
  });
});
