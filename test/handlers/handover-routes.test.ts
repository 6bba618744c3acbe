/**
 * The operators' handover routes and what a fence looks like to callers: 503
 * OWNER_REGION_UNAVAILABLE with Retry-After in both regions, nothing written.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fenceHotel } from '../../lambdas/domain/handover';
import { type TestRegion, twoRegions } from '../support/api';
import { daysFromNow, freshTable, guest, replicateHotel, tableSnapshot } from '../support/store';

let us: TestRegion;
let asia: TestRegion;
const owner = { sub: 'handover-owner' };
// API Gateway's JWT authorizer passes a list claim as a bracketed string.
const operator = { sub: 'ops-1', 'cognito:groups': '[admins]' };

async function usHotel() {
  const made = await us.call({
    method: 'POST',
    path: '/v1/manage/hotels',
    claims: owner,
    body: { name: 'Moving Inn', city: 'Boston', country: 'US' },
  });
  const hotelId = made.body.hotelId as string;
  await us.call({
    method: 'PUT',
    path: `/v1/manage/hotels/${hotelId}/room-types/king`,
    claims: owner,
    body: { name: 'King', totalRooms: 3, pricePerNight: { amount: 20_000, currency: 'USD' } },
  });
  await replicateHotel(us.store, asia.store, hotelId);
  return hotelId;
}

const stay = { roomTypeId: 'king', checkIn: daysFromNow(5), checkOut: daysFromNow(7), rooms: 1, guest };
/** The handover context the test regions share. */
function handover() {
  if (!us.services.handover) throw new Error('the test regions are wired without handover stores');
  return us.services.handover;
}
const handoverPath = (hotelId: string) => `/v1/admin/hotels/${hotelId}/handover`;

beforeAll(async () => {
  const regions = twoRegions(await freshTable());
  us = regions['us-east-1'];
  asia = regions['ap-southeast-1'];
});

describe('admin routes', () => {
  it('refuse callers without a token (401) and hoteliers outside the admins group (403)', async () => {
    const hotelId = await usHotel();
    const body = { toRegion: 'ap-southeast-1' };
    const anonymous = await us.call({ method: 'POST', path: handoverPath(hotelId), body });
    expect(anonymous.statusCode).toBe(401);
    const hotelier = await us.call({ method: 'POST', path: handoverPath(hotelId), body, claims: owner });
    expect(hotelier.statusCode).toBe(403);
    expect(hotelier.body.error.code).toBe('FORBIDDEN');
    const listed = await us.call({
      method: 'GET',
      path: handoverPath(hotelId),
      query: { toRegion: 'ap-southeast-1' },
      claims: owner,
    });
    expect(listed.statusCode).toBe(403);
    expect((await us.store.hotels.getHotel(hotelId, { consistent: true }))?.handover).toBeUndefined();
  });

  it('validate the request: a known region and action, nothing else', async () => {
    const hotelId = await usHotel();
    for (const body of [
      {},
      { toRegion: 'eu-west-1' },
      { toRegion: 'ap-southeast-1', action: 'delete' },
      { toRegion: 'ap-southeast-1', extra: 1 },
    ]) {
      const answer = await us.call({ method: 'POST', path: handoverPath(hotelId), body, claims: operator });
      expect(answer.statusCode, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION');
    }
    const unknown = await us.call({
      method: 'POST',
      path: handoverPath('no-such-hotel'),
      body: { toRegion: 'ap-southeast-1' },
      claims: operator,
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('report the phase, and abort a fence', async () => {
    const hotelId = await usHotel();
    const none = await asia.call({
      method: 'GET',
      path: handoverPath(hotelId),
      query: { toRegion: 'ap-southeast-1' },
      claims: operator,
    });
    expect(none.body).toMatchObject({ phase: 'NONE', managedIn: 'us-east-1' });
    const fence = await fenceHotel(handover(), hotelId, 'ap-southeast-1');
    const fenced = await asia.call({
      method: 'GET',
      path: handoverPath(hotelId),
      query: { toRegion: 'ap-southeast-1' },
      claims: operator,
    });
    expect(fenced.body).toMatchObject({ phase: 'FENCED', fence: { handoverId: fence.handoverId } });
    const aborted = await asia.call({
      method: 'POST',
      path: handoverPath(hotelId),
      body: { toRegion: 'ap-southeast-1', action: 'abort' },
      claims: operator,
    });
    expect(aborted.statusCode).toBe(200);
    expect(aborted.body).toMatchObject({ phase: 'ABORTED', record: { outcome: 'ABORTED' } });
    // The record's own fields only: no storage stamps (owner, version) reach the operator.
    expect(Object.keys(aborted.body.record).sort()).toEqual([
      'endedAt',
      'fencedAt',
      'forced',
      'from',
      'handoverId',
      'hotelId',
      'outcome',
      'to',
    ]);
    const booked = await us.call({ method: 'POST', path: `/v1/hotels/${hotelId}/bookings`, body: stay });
    expect(booked.statusCode).toBe(201);
  });

  it('has no at-risk report for a hotel that was never evacuated', async () => {
    const hotelId = await usHotel();
    const report = await us.call({
      method: 'GET',
      path: `${handoverPath(hotelId)}/at-risk`,
      query: { toRegion: 'ap-southeast-1' },
      claims: operator,
    });
    expect(report.statusCode).toBe(404);
  });
});

describe('a fenced hotel', () => {
  it('refuses writes with 503 and Retry-After in the owner region and through forwarding, and writes nothing', async () => {
    const hotelId = await usHotel();
    const booked = await us.call({ method: 'POST', path: `/v1/hotels/${hotelId}/bookings`, body: stay });
    await replicateHotel(us.store, asia.store, hotelId);
    await fenceHotel(handover(), hotelId, 'ap-southeast-1');
    await replicateHotel(us.store, asia.store, hotelId);
    const before = await tableSnapshot(us.store);
    const writes = [
      { method: 'POST', path: `/v1/hotels/${hotelId}/bookings`, body: stay },
      {
        method: 'DELETE',
        path: `/v1/hotels/${hotelId}/bookings/${booked.body.bookingId}`,
        headers: { authorization: `Bearer ${booked.body.accessToken}` },
      },
      { method: 'PATCH', path: `/v1/manage/hotels/${hotelId}`, body: { name: 'X' }, claims: owner },
      {
        method: 'PUT',
        path: `/v1/manage/hotels/${hotelId}/room-types/twin`,
        body: { name: 'Twin', totalRooms: 1, pricePerNight: { amount: 1, currency: 'USD' } },
        claims: owner,
      },
      { method: 'DELETE', path: `/v1/manage/hotels/${hotelId}`, claims: owner },
    ];
    for (const region of [us, asia])
      for (const write of writes) {
        const answer = await region.call(write);
        const what = `${region.services.region} ${write.method} ${write.path}`;
        expect(answer.statusCode, what).toBe(503);
        expect(answer.body.error.code, what).toBe('OWNER_REGION_UNAVAILABLE');
        expect(Number(answer.headers['retry-after']), what).toBeGreaterThan(0);
        expect(answer.headers['x-owner-region'], what).toBe('us-east-1');
      }
    expect(await tableSnapshot(us.store)).toEqual(before);
  });
});
