/**
 * Forwarding by managedIn, with a fake link between the two regions: the owner
 * region is real (its own database on DynamoDB Local); replication is done by
 * hand, so every write that shows up can only have come through the forwarder.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FORWARD_MIN_WORK_MS } from '../../lambdas/domain/forwarding-ports';
import { receiveForwarded } from '../../lambdas/http/dispatch';
import { Router } from '../../lambdas/http/router';
import { ROUTES } from '../../lambdas/http/routes';
import { type TestRegion, twoRegions } from '../support/api';
import {
  daysFromNow,
  discrepanciesOf,
  freshTable,
  guest,
  replicateHotel,
  type TestStore,
  tableSnapshot,
} from '../support/store';

/** Every booking item of a hotel in one region's copy. */
async function bookingsOf(store: TestStore, hotelId: string) {
  return (await tableSnapshot(store)).filter(
    (item) => item.pk === `HOTEL#${hotelId}` && String(item.sk).startsWith('BOOKING#'),
  );
}

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
    expect(
      await us.store.bookings.getBooking(hotelId, res.body.bookingId, { consistent: true }),
    ).toBeDefined();
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
    expect(await asia.store.hotels.getHotel(res.body.hotelId, { consistent: true })).toMatchObject({
      ownerId: 'forwarding-owner',
    });
    expect(await us.store.hotels.getHotel(res.body.hotelId, { consistent: true })).toBeUndefined();
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
    expect((await us.store.hotels.getHotel(hotelId, { consistent: true }))?.name).toBe('Liberty Grand');
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
    expect(
      (await us.store.bookings.getBooking(hotelId, made.body.bookingId, { consistent: true }))?.status,
    ).toBe('CANCELLED');
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

  it('answers 504 OUTCOME_UNKNOWN, never 503, when the owner committed but its answer was lost; the keyed retry books nothing more', async () => {
    const hotelId = await usHotel(2);
    asia.link.mode = 'lose-answer';
    const request = {
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      headers: { 'idempotency-key': 'lost-answer-1' },
      body: stay,
    };
    const lost = await asia.call(request);
    expect(lost.statusCode).toBe(504);
    expect(lost.body.error.code).toBe('OUTCOME_UNKNOWN');
    expect(lost.headers['idempotency-key']).toBe('lost-answer-1');
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
    expect(await bookingsOf(us.store, hotelId)).toHaveLength(1);
    expect(await discrepanciesOf(us.store, hotelId)).toEqual([]);
  });

  it('forwards an un-keyed booking under a key it makes, and names that key in the 504, so a retry books once', async () => {
    const hotelId = await usHotel(3);
    asia.link.mode = 'lose-answer';
    const lost = await asia.call({ method: 'POST', path: `/v1/hotels/${hotelId}/bookings`, body: stay });
    expect(lost.statusCode).toBe(504);
    const key = lost.headers['idempotency-key'];
    expect(key).toMatch(/^[\w-]{8,128}$/);
    expect(asia.link.sent.at(-1)?.headers['idempotency-key']).toBe(key);
    // The owner did run it: one booking already.
    expect(await bookingsOf(us.store, hotelId)).toHaveLength(1);
    asia.link.mode = 'up';
    const retried = await asia.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      headers: { 'idempotency-key': key as string },
      body: stay,
    });
    expect(retried.statusCode).toBe(200);
    // A retry straight to the owner with the same key lands on the same booking too.
    const direct = await us.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      headers: { 'idempotency-key': key as string },
      body: stay,
    });
    expect(direct.statusCode).toBe(200);
    expect(direct.body.bookingId).toBe(retried.body.bookingId);
    expect(await bookingsOf(us.store, hotelId)).toHaveLength(1);
    expect(await discrepanciesOf(us.store, hotelId)).toEqual([]);
  });

  it('answers 503 and writes nothing when the request reaches the owner after its deadline', async () => {
    const hotelId = await usHotel(2);
    const before = await tableSnapshot(us.store);
    const late = await receiveForwarded(us.services, new Router(ROUTES), {
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      query: {},
      headers: { 'content-type': 'application/json', 'idempotency-key': 'too-late-1' },
      body: JSON.stringify(stay),
      servedRegion: 'ap-southeast-1',
      deadline: Date.now() + FORWARD_MIN_WORK_MS / 2,
    });
    expect(late.statusCode).toBe(503);
    expect(JSON.parse(late.body).error.code).toBe('OWNER_REGION_UNAVAILABLE');
    expect(await tableSnapshot(us.store)).toEqual(before);
  });

  it('makes a retried hotel creation return the hotel it created: never a 409, never a second hotel', async () => {
    const creator = { sub: `creator-${Date.now()}` };
    const body = { name: 'Harbour View', city: 'Singapore', country: 'SG' };
    us.link.mode = 'lose-answer';
    const lost = await us.call({ method: 'POST', path: '/v1/manage/hotels', claims: creator, body });
    expect(lost.statusCode).toBe(504);
    expect(lost.body.error.code).toBe('OUTCOME_UNKNOWN');
    const key = lost.headers['idempotency-key'] as string;
    expect(key).toBeTruthy();
    us.link.mode = 'up';
    const retried = await us.call({
      method: 'POST',
      path: '/v1/manage/hotels',
      claims: creator,
      headers: { 'idempotency-key': key },
      body,
    });
    expect(retried.statusCode).toBe(201);
    const again = await asia.call({
      method: 'POST',
      path: '/v1/manage/hotels',
      claims: creator,
      headers: { 'idempotency-key': key },
      body,
    });
    expect(again.statusCode).toBe(201);
    expect(again.body.hotelId).toBe(retried.body.hotelId);
    expect((await asia.store.hotels.pageHotelsByOwner(creator.sub, { limit: 10 })).items).toHaveLength(1);
    const reused = await asia.call({
      method: 'POST',
      path: '/v1/manage/hotels',
      claims: creator,
      headers: { 'idempotency-key': key },
      body: { ...body, name: 'Another Hotel' },
    });
    expect(reused).toMatchObject({ statusCode: 422, body: { error: { code: 'IDEMPOTENCY_MISMATCH' } } });
    // Another hotelier's same key is their own: a new hotel, not a view of this one.
    const other = await asia.call({
      method: 'POST',
      path: '/v1/manage/hotels',
      claims: { sub: `${creator.sub}-other` },
      headers: { 'idempotency-key': key },
      body,
    });
    expect(other.statusCode).toBe(201);
    expect(other.body.hotelId).not.toBe(retried.body.hotelId);
  });
});

describe('where the time went', () => {
  it('says in Server-Timing how long each part took, the owner region’s parts included, and keeps one correlation id', async () => {
    const hotelId = await usHotel(2);
    const res = await asia.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      headers: { 'x-correlation-id': 'trace-me-1' },
      body: stay,
    });
    expect(res.statusCode).toBe(201);
    const timing = res.headers['server-timing'] as string;
    const entry = (name: string) => new RegExp(`(^|, )${name};dur=[\\d.]+`);
    expect(timing).toMatch(/^total;dur=[\d.]+/);
    expect(timing).toMatch(/fwd;dur=[\d.]+;desc="owner region: 1 call"/);
    // The owner's own breakdown, relayed: its total and its DynamoDB calls.
    expect(timing).toMatch(entry('owner-total'));
    expect(timing).toMatch(/owner-db;dur=[\d.]+;desc="DynamoDB: \d+ calls?"/);
    // The receiving region read its own copy before forwarding.
    expect(timing).toMatch(entry('db'));
    // The owner region logged the request under the caller's correlation id.
    expect(asia.link.sent.at(-1)?.headers['x-correlation-id']).toBe('trace-me-1');
    expect(res.headers['x-correlation-id']).toBe('trace-me-1');
  });

  it('counts the calls of a read', async () => {
    const hotelId = await usHotel(2);
    const res = await us.call({ method: 'GET', path: `/v1/hotels/${hotelId}` });
    expect(res.statusCode).toBe(200);
    // The hotel and its room types: two reads of this region's table, no search, no forwarding.
    expect(res.headers['server-timing']).toMatch(
      /^total;dur=[\d.]+, db;dur=[\d.]+;desc="DynamoDB: 2 calls"$/,
    );
  });
});

describe('guest tokens that have not replicated yet', () => {
  it('lets a token from a replay in the owner region read and cancel in the other region', async () => {
    const hotelId = await usHotel(2);
    const request = {
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      headers: { 'idempotency-key': 'replayed-token-1' },
      body: stay,
    };
    const first = await us.call(request);
    expect(first.statusCode).toBe(201);
    await replicateHotel(us.store, asia.store, hotelId);
    // The replay's fresh token exists only in us-east-1's copy so far.
    const replay = await us.call(request);
    expect(replay.statusCode).toBe(200);
    const auth = { authorization: `Bearer ${replay.body.accessToken}` };
    const path = `/v1/hotels/${hotelId}/bookings/${first.body.bookingId}`;
    const read = await asia.call({ method: 'GET', path, headers: auth });
    expect(read).toMatchObject({ statusCode: 200, body: { bookingId: first.body.bookingId } });
    const cancelled = await asia.call({ method: 'DELETE', path, headers: auth });
    expect(cancelled).toMatchObject({ statusCode: 200, body: { status: 'CANCELLED' } });
    expect(cancelled.headers['x-owner-region']).toBe('us-east-1');
    expect(
      (await us.store.bookings.getBooking(hotelId, first.body.bookingId, { consistent: true }))?.status,
    ).toBe('CANCELLED');
  });

  it('still refuses a wrong token with 401 in both regions, and when the owner cannot be asked', async () => {
    const hotelId = await usHotel(2);
    const made = await us.call({ method: 'POST', path: `/v1/hotels/${hotelId}/bookings`, body: stay });
    await replicateHotel(us.store, asia.store, hotelId);
    const path = `/v1/hotels/${hotelId}/bookings/${made.body.bookingId}`;
    const wrong = { authorization: 'Bearer not-the-token' };
    for (const region of [us, asia]) {
      expect((await region.call({ method: 'GET', path, headers: wrong })).statusCode).toBe(401);
      expect((await region.call({ method: 'DELETE', path, headers: wrong })).statusCode).toBe(401);
    }
    asia.link.mode = 'down';
    expect((await asia.call({ method: 'GET', path, headers: wrong })).statusCode).toBe(401);
    expect(
      (await us.store.bookings.getBooking(hotelId, made.body.bookingId, { consistent: true }))?.status,
    ).toBe('CONFIRMED');
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
    expect(await us.store.hotels.getHotel(hotelId, { consistent: true })).toBeUndefined();
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

  // Found by the fuzzer (npm run fuzz:api): a second delete right after the first was a 503 "moving".
  it('answers 404, not 503, to a write for a hotel its owner deleted before the deletion replicated', async () => {
    const hotelId = await usHotel();
    const remove = { method: 'DELETE', path: `/v1/manage/hotels/${hotelId}`, claims: owner };
    expect((await us.call(remove)).statusCode).toBe(204);
    // No replication: ap-southeast-1 still holds the hotel, owned by us-east-1.
    expect((await asia.store.hotels.getHotel(hotelId))?.managedIn).toBe('us-east-1');
    const again = await us.call(remove);
    expect(again).toMatchObject({
      statusCode: 404,
      body: { error: { code: 'NOT_FOUND', message: 'No such hotel' } },
    });
    expect(again.headers).toMatchObject({
      'x-served-region': 'us-east-1',
      'x-owner-region': 'ap-southeast-1',
    });
    const booked = await us.call({ method: 'POST', path: `/v1/hotels/${hotelId}/bookings`, body: stay });
    expect(booked).toMatchObject({ statusCode: 404, body: { error: { code: 'NOT_FOUND' } } });
  });

  // Found by the fuzzer: a hotel deleted and made again under the same key was 404 to a write in
  // the other region while that region's copy still showed the hotel half-deleted.
  it('forwards a write for a hotel whose copy here is closing to the owner, which has it open', async () => {
    const hotelId = await usHotel();
    await asia.store.doc.send(
      new UpdateCommand({
        TableName: asia.store.tableName,
        Key: { pk: `HOTEL#${hotelId}`, sk: 'HOTEL' },
        UpdateExpression: 'SET #status = :closing',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':closing': 'CLOSING' },
      }),
    );
    const res = await asia.call({
      method: 'PATCH',
      path: `/v1/manage/hotels/${hotelId}`,
      claims: owner,
      body: { name: 'Liberty Hotel Again' },
    });
    expect(res).toMatchObject({ statusCode: 200, body: { name: 'Liberty Hotel Again' } });
    expect(res.headers).toMatchObject({ 'x-served-region': 'ap-southeast-1', 'x-owner-region': 'us-east-1' });
  });

  it('never lets a caller claim that the region it called has no copy', async () => {
    const hotelId = await usHotel();
    const res = await asia.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      headers: { 'x-unknown-at-sender': 'No such hotel' },
      body: stay,
    });
    // asia forwards to the owner, which books: the caller's header never crossed.
    expect(res.statusCode).toBe(201);
    expect(asia.link.sent.at(-1)?.headers).not.toHaveProperty(['x-unknown-at-sender']);
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
    const own = await receiveForwarded(us.services, router, {
      method: 'GET',
      path: '/v1/manage/hotels',
      query: {},
      headers: {},
      servedRegion: 'us-east-1',
      hotelierId: 'x',
      deadline: Date.now() + 5_000,
    });
    expect(own.statusCode).toBe(400);
    expect((await receiveForwarded(us.services, router, { path: '/v1/manage/hotels' })).statusCode).toBe(400);
  });

  it('refuses a forwarded write that reaches a region which no longer owns the hotel (503, no loop)', async () => {
    const hotelId = await usHotel();
    const router = new Router(ROUTES);
    const res = await receiveForwarded(asia.services, router, {
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      query: {},
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(stay),
      servedRegion: 'us-east-1',
      deadline: Date.now() + 5_000,
    });
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body).error.code).toBe('OWNER_REGION_UNAVAILABLE');
    expect(asia.link.sent.filter((r) => r.path.includes(hotelId))).toEqual([]);
  });
});
