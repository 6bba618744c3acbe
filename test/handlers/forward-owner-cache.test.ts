/**
 * A warm forwarded booking: no DynamoDB call in the region that received it (its
 * cache names the owner) and one in the owner (the transaction). The cache cannot
 * be fooled by a handover: a forward it sent to an owner that wrote nothing runs
 * again here on a fresh read, and the fence still refuses while the hotel moves.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { fenceHotel } from '../../lambdas/domain/handover';
import { RoomTypeCache } from '../../lambdas/domain/room-type-cache';
import { dispatch } from '../../lambdas/http/dispatch';
import type { RegionServices } from '../../lambdas/http/region-services';
import { Router } from '../../lambdas/http/router';
import { ROUTES } from '../../lambdas/http/routes';
import { type TestRegion, twoRegions } from '../support/api';
import {
  daysFromNow,
  freshTable,
  guest,
  replicateHotel,
  type TestStore,
  tableSnapshot,
} from '../support/store';

let us: TestRegion;
let asia: TestRegion;
/** Each region's services as a Lambda container has them: with its room type cache. */
let usCached: RegionServices;
let asiaCached: RegionServices;
const owner = { sub: 'owner-cache-hotelier' };
const router = new Router(ROUTES);

async function usHotel() {
  const made = await us.call({
    method: 'POST',
    path: '/v1/manage/hotels',
    claims: owner,
    body: { name: 'Harbor Inn', city: 'Boston', country: 'US' },
  });
  const hotelId = made.body.hotelId as string;
  await us.call({
    method: 'PUT',
    path: `/v1/manage/hotels/${hotelId}/room-types/king`,
    claims: owner,
    body: { name: 'King', totalRooms: 20, pricePerNight: { amount: 20_000, currency: 'USD' } },
  });
  await replicateHotel(us.store, asia.store, hotelId);
  return hotelId;
}

let nextDay = 5;
/** A booking of a stay no other booking in this file uses, sent to `services`. */
async function book(services: RegionServices, hotelId: string) {
  const checkIn = daysFromNow(nextDay);
  nextDay += 2;
  const res = await dispatch(services, router, {
    method: 'POST',
    path: `/v1/hotels/${hotelId}/bookings`,
    query: {},
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ roomTypeId: 'king', checkIn, checkOut: daysFromNow(nextDay), rooms: 1, guest }),
    requestId: `req-${nextDay}`,
  });
  return { ...res, json: JSON.parse(res.body) };
}

/** Sets the owner (and clears the fence) of the hotel and its room type in one region's copy. */
async function ownedIn(store: TestStore, hotelId: string, region: string) {
  for (const sk of ['HOTEL', 'ROOMTYPE#king'])
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: { pk: `HOTEL#${hotelId}`, sk },
        UpdateExpression: 'SET managedIn = :region REMOVE handover',
        ExpressionAttributeValues: { ':region': region },
      }),
    );
}

const bookingsOf = async (store: TestStore, hotelId: string) =>
  (await tableSnapshot(store)).filter(
    (item) => item.pk === `HOTEL#${hotelId}` && String(item.sk).startsWith('BOOKING#'),
  );

beforeAll(async () => {
  const regions = twoRegions(await freshTable());
  us = regions['us-east-1'];
  asia = regions['ap-southeast-1'];
  usCached = { ...us.services, roomTypes: new RoomTypeCache(60_000) };
  asiaCached = { ...asia.services, roomTypes: new RoomTypeCache(60_000) };
  // Each link delivers to the other region's cached services.
  us.link.peer = asiaCached;
  asia.link.peer = usCached;
});

describe('a warm forwarded booking', () => {
  it('makes no DynamoDB call where it arrived and one in the owner region', async () => {
    const hotelId = await usHotel();
    expect((await book(asiaCached, hotelId)).statusCode).toBe(201); // warms both regions' caches
    const res = await book(asiaCached, hotelId);
    expect(res.statusCode).toBe(201);
    expect(res.headers).toMatchObject({ 'x-served-region': 'ap-southeast-1', 'x-owner-region': 'us-east-1' });
    const timing = res.headers['server-timing'] ?? '';
    expect(timing).not.toMatch(/(^|, )db;/);
    expect(timing).toMatch(/(^|, )fwd;dur=[\d.]+;desc="owner region: 1 call"/);
    expect(timing).toMatch(/owner-db;dur=[\d.]+;desc="DynamoDB: 1 call"/);
  });
});

describe('the owner cache and a handover', () => {
  it('books here when a handover moved the hotel here after the cache named the old owner', async () => {
    const hotelId = await usHotel();
    expect((await book(asiaCached, hotelId)).statusCode).toBe(201); // asia's cache: us-east-1 owns it
    await ownedIn(us.store, hotelId, 'ap-southeast-1');
    await ownedIn(asia.store, hotelId, 'ap-southeast-1');
    const usBefore = await bookingsOf(us.store, hotelId);
    const res = await book(asiaCached, hotelId);
    expect(res.statusCode).toBe(201);
    expect(res.headers).toMatchObject({
      'x-served-region': 'ap-southeast-1',
      'x-owner-region': 'ap-southeast-1',
    });
    // The old owner refused it (nothing written there); the new owner wrote it.
    expect(await bookingsOf(us.store, hotelId)).toEqual(usBefore);
    expect(
      await asia.store.bookings.getBooking(hotelId, res.json.bookingId, { consistent: true }),
    ).toBeDefined();
  });

  it('books here when the switch is here and the old owner still shows the fence', async () => {
    const hotelId = await usHotel();
    expect((await book(asiaCached, hotelId)).statusCode).toBe(201);
    const handover = us.services.handover;
    if (!handover) throw new Error('the test regions are wired without handover stores');
    await fenceHotel(handover, hotelId, 'ap-southeast-1');
    await ownedIn(asia.store, hotelId, 'ap-southeast-1');
    const res = await book(asiaCached, hotelId);
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-owner-region']).toBe('ap-southeast-1');
  });

  it('books a forwarded request in the new owner even while its own cache still names the old one', async () => {
    const hotelId = await usHotel();
    // Each region's cache: us-east-1 owns the hotel.
    expect((await book(asiaCached, hotelId)).statusCode).toBe(201);
    await ownedIn(us.store, hotelId, 'ap-southeast-1');
    await ownedIn(asia.store, hotelId, 'ap-southeast-1');
    // us-east-1 has no entry, reads its copy and forwards; asia's entry is stale, and must not decide.
    usCached.roomTypes?.forget(hotelId, 'king');
    const res = await book(usCached, hotelId);
    expect(res.statusCode).toBe(201);
    expect(res.headers).toMatchObject({ 'x-served-region': 'us-east-1', 'x-owner-region': 'ap-southeast-1' });
  });

  it('still refuses with 503 and writes nothing while the hotel is fenced in both copies', async () => {
    const hotelId = await usHotel();
    expect((await book(asiaCached, hotelId)).statusCode).toBe(201);
    const handover = us.services.handover;
    if (!handover) throw new Error('the test regions are wired without handover stores');
    await fenceHotel(handover, hotelId, 'ap-southeast-1');
    await replicateHotel(us.store, asia.store, hotelId);
    const before = { us: await bookingsOf(us.store, hotelId), asia: await bookingsOf(asia.store, hotelId) };
    for (const services of [asiaCached, usCached]) {
      const res = await book(services, hotelId);
      expect(res.statusCode).toBe(503);
      expect(res.json.error.code).toBe('OWNER_REGION_UNAVAILABLE');
    }
    expect(await bookingsOf(us.store, hotelId)).toEqual(before.us);
    expect(await bookingsOf(asia.store, hotelId)).toEqual(before.asia);
  });
});
