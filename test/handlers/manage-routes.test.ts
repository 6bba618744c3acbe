/** Every management route through its handler: hoteliers act on their own hotels only. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64url, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  claimsFromAuthorization,
  issueHotelierToken,
  type LocalJwtKeys,
  loadOrCreateKeys,
} from '../../lambdas/adapters/auth/local-jwt';
import { type EventInput, type TestRegion, twoRegions } from '../support/api';
import { daysFromNow, freshTable, guest } from '../support/store';

let us: TestRegion;
let keys: LocalJwtKeys;
const alice = { sub: 'alice' };
const bob = { sub: 'bob' };

/** What the local server does for /v1/manage/*: verify the JWT, then hand the claims to the handler. */
async function callWithToken(region: TestRegion, token: string | undefined, input: EventInput) {
  try {
    const claims = await claimsFromAuthorization(keys, token === undefined ? undefined : `Bearer ${token}`);
    return await region.call({ ...input, claims: claims as Record<string, unknown> });
  } catch (error) {
    return { statusCode: 401, headers: {}, body: { error: { code: (error as { code?: string }).code } } };
  }
}

async function aliceHotel(name = 'Alice Inn') {
  const res = await us.call({
    method: 'POST',
    path: '/v1/manage/hotels',
    claims: alice,
    body: { name, city: 'Austin', country: 'US' },
  });
  expect(res.statusCode).toBe(201);
  return res.body.hotelId as string;
}

beforeAll(async () => {
  us = twoRegions(await freshTable())['us-east-1'];
  keys = await loadOrCreateKeys(join(mkdtempSync(join(tmpdir(), 'jwt-')), 'jwt-key.json'));
});

describe('management routes', () => {
  it('POST creates a hotel with a UUID, owned by the region of its country', async () => {
    const res = await us.call({
      method: 'POST',
      path: '/v1/manage/hotels',
      claims: alice,
      body: {
        name: '  Lone Star Lodge ',
        city: 'Austin',
        country: 'us',
        attributes: { pets: true, tags: ['bbq'] },
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Lone Star Lodge',
      city: 'Austin',
      country: 'US',
      managedIn: 'us-east-1',
      description: '',
      attributes: { pets: true, tags: ['bbq'] },
    });
    expect(res.body.hotelId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(res.headers['x-owner-region']).toBe('us-east-1');
  });

  it('GET lists only the caller’s hotels', async () => {
    const hotelId = await aliceHotel('Listed Inn');
    const mine = await us.call({ method: 'GET', path: '/v1/manage/hotels', claims: alice });
    expect(mine.body.items.map((h: { hotelId: string }) => h.hotelId)).toContain(hotelId);
    const bobs = await us.call({ method: 'GET', path: '/v1/manage/hotels', claims: bob });
    expect(bobs.body.items.map((h: { hotelId: string }) => h.hotelId)).not.toContain(hotelId);
  });

  it('GET pages the caller’s hotels: items and nextCursor, limit and cursor checked', async () => {
    const carol = { sub: `carol-${Date.now()}` };
    for (const name of ['Carol C', 'Carol A', 'Carol B'])
      await us.call({
        method: 'POST',
        path: '/v1/manage/hotels',
        claims: carol,
        body: { name, city: 'Austin', country: 'US' },
      });
    const first = await us.call({
      method: 'GET',
      path: '/v1/manage/hotels',
      claims: carol,
      query: { limit: '2' },
    });
    expect(first.statusCode).toBe(200);
    expect(first.body.items.map((h: { name: string }) => h.name)).toEqual(['Carol A', 'Carol B']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await us.call({
      method: 'GET',
      path: '/v1/manage/hotels',
      claims: carol,
      query: { limit: '2', cursor: first.body.nextCursor },
    });
    expect(second.body).toEqual({ items: [expect.objectContaining({ name: 'Carol C' })], nextCursor: null });
    for (const query of [
      { limit: '0' },
      { limit: '101' },
      { limit: 'x' },
      { cursor: 'not-a-cursor' },
    ] as Array<Record<string, string>>) {
      const bad = await us.call({ method: 'GET', path: '/v1/manage/hotels', claims: carol, query });
      expect(bad.statusCode, JSON.stringify(query)).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION');
    }
    // Another hotelier's cursor is not a way into this list.
    const stolen = await us.call({
      method: 'GET',
      path: '/v1/manage/hotels',
      claims: alice,
      query: { limit: '2', cursor: first.body.nextCursor },
    });
    expect(stolen.statusCode).toBe(400);
  });

  it('GET one hotel: the owner’s management view; another hotelier gets 403', async () => {
    const hotelId = await aliceHotel('Single Inn');
    const mine = await us.call({ method: 'GET', path: `/v1/manage/hotels/${hotelId}`, claims: alice });
    expect(mine).toMatchObject({ statusCode: 200, body: { hotelId, name: 'Single Inn', status: 'ACTIVE' } });
    const theirs = await us.call({ method: 'GET', path: `/v1/manage/hotels/${hotelId}`, claims: bob });
    expect(theirs.statusCode).toBe(403);
    expect(JSON.stringify(theirs.body)).not.toContain('Single Inn');
  });

  it("takes the hotel's clock on POST and PATCH, defaults it by country, and refuses an unknown zone or time", async () => {
    const made = await us.call({
      method: 'POST',
      path: '/v1/manage/hotels',
      claims: alice,
      body: { name: 'Pacific Rest', city: 'Los Angeles', country: 'US', timeZone: 'America/Los_Angeles' },
    });
    expect(made.body).toMatchObject({
      timeZone: 'America/Los_Angeles',
      checkInTime: '15:00',
      checkOutTime: '11:00',
    });
    const defaulted = await aliceHotel('Defaulted Inn');
    expect((await us.call({ method: 'GET', path: `/v1/hotels/${defaulted}` })).body.timeZone).toBe(
      'America/New_York',
    );
    const patched = await us.call({
      method: 'PATCH',
      path: `/v1/manage/hotels/${made.body.hotelId}`,
      claims: alice,
      body: { checkInTime: '14:00', checkOutTime: '10:30' },
    });
    expect(patched.body).toMatchObject({
      timeZone: 'America/Los_Angeles',
      checkInTime: '14:00',
      checkOutTime: '10:30',
    });
    const hotelsBefore = await us.call({ method: 'GET', path: `/v1/hotels/${made.body.hotelId}` });
    for (const [body, field] of [
      [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ timeZone: 'PST8PDT-nonsense' }, 'timeZone'],
      [{ checkInTime: '25:00' }, 'checkInTime'],
      [{ checkOutTime: '9:00' }, 'checkOutTime'],
    ] as const) {
      const refused = await us.call({
        method: 'PATCH',
        path: `/v1/manage/hotels/${made.body.hotelId}`,
        claims: alice,
        body,
      });
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION');
      expect(JSON.stringify(refused.body.error.details)).toContain(field);
    }
    const created = await us.call({
      method: 'POST',
      path: '/v1/manage/hotels',
      claims: alice,
      body: { name: 'Nowhere Inn', city: 'Austin', country: 'US', timeZone: 'Nowhere/Special' },
    });
    expect(created.statusCode).toBe(400);
    expect((await us.call({ method: 'GET', path: `/v1/hotels/${made.body.hotelId}` })).body).toEqual(
      hotelsBefore.body,
    );
  });

  it('PATCH changes fields; another hotelier gets 403 and changes nothing', async () => {
    const hotelId = await aliceHotel();
    const patched = await us.call({
      method: 'PATCH',
      path: `/v1/manage/hotels/${hotelId}`,
      claims: alice,
      body: { description: 'Now with a pool', attributes: { pool: true } },
    });
    expect(patched).toMatchObject({
      statusCode: 200,
      body: { description: 'Now with a pool', attributes: { pool: true } },
    });
    const stolen = await us.call({
      method: 'PATCH',
      path: `/v1/manage/hotels/${hotelId}`,
      claims: bob,
      body: { name: 'Bob’s now' },
    });
    expect(stolen.statusCode).toBe(403);
    expect(JSON.stringify(stolen.body)).not.toContain('Alice');
    const page = await us.call({ method: 'GET', path: `/v1/hotels/${hotelId}` });
    expect(page.body.name).toBe('Alice Inn');
  });

  it('PUT room type: 201 then 200; lowering below booked nights is 409 CONFLICT naming them', async () => {
    const hotelId = await aliceHotel();
    const path = `/v1/manage/hotels/${hotelId}/room-types/twin`;
    const body = (totalRooms: number) => ({
      name: 'Twin',
      totalRooms,
      pricePerNight: { amount: 8_000, currency: 'USD' },
    });
    expect((await us.call({ method: 'PUT', path, claims: alice, body: body(4) })).statusCode).toBe(201);
    expect((await us.call({ method: 'PUT', path, claims: alice, body: body(5) })).statusCode).toBe(200);
    const booked = await us.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      body: { roomTypeId: 'twin', checkIn: daysFromNow(2), checkOut: daysFromNow(3), rooms: 3, guest },
    });
    expect(booked.statusCode).toBe(201);
    const lowered = await us.call({ method: 'PUT', path, claims: alice, body: body(2) });
    expect(lowered.statusCode).toBe(409);
    expect(lowered.body.error).toMatchObject({
      code: 'CONFLICT',
      details: { nights: [{ night: daysFromNow(2), booked: 3 }] },
    });
    expect((await us.call({ method: 'PUT', path, claims: bob, body: body(9) })).statusCode).toBe(403);
    const page = await us.call({ method: 'GET', path: `/v1/hotels/${hotelId}` });
    expect(page.body.roomTypes[0].totalRooms).toBe(5);
  });

  it('GET bookings lists stays overlapping [from, to), for the owner only', async () => {
    const hotelId = await aliceHotel();
    await us.call({
      method: 'PUT',
      path: `/v1/manage/hotels/${hotelId}/room-types/twin`,
      claims: alice,
      body: { name: 'Twin', totalRooms: 2, pricePerNight: { amount: 8_000, currency: 'USD' } },
    });
    const made = await us.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      body: { roomTypeId: 'twin', checkIn: daysFromNow(5), checkOut: daysFromNow(7), rooms: 1, guest },
    });
    const path = `/v1/manage/hotels/${hotelId}/bookings`;
    await expect
      .poll(
        async () =>
          (
            await us.call({
              method: 'GET',
              path,
              claims: alice,
              query: { from: daysFromNow(6), to: daysFromNow(9) },
            })
          ).body.items,
      )
      .toEqual([expect.objectContaining({ bookingId: made.body.bookingId, guest })]);
    const none = await us.call({
      method: 'GET',
      path,
      claims: alice,
      query: { from: daysFromNow(7), to: daysFromNow(9) },
    });
    expect(none.body).toEqual({ items: [], nextCursor: null });
    const cancelled = await us.call({
      method: 'GET',
      path,
      claims: alice,
      query: { from: daysFromNow(0), to: daysFromNow(9), status: 'CANCELLED' },
    });
    expect(cancelled.body).toEqual({ items: [], nextCursor: null });
    for (const query of [
      { from: daysFromNow(0), to: daysFromNow(9), status: 'GONE' },
      { from: daysFromNow(0), to: daysFromNow(9), limit: '0' },
      { from: daysFromNow(0), to: daysFromNow(9), cursor: 'x.y' },
    ] as Array<Record<string, string>>)
      expect(
        (await us.call({ method: 'GET', path, claims: alice, query })).statusCode,
        JSON.stringify(query),
      ).toBe(400);
    expect(
      (
        await us.call({
          method: 'GET',
          path,
          claims: bob,
          query: { from: daysFromNow(0), to: daysFromNow(9) },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await us.call({
          method: 'GET',
          path,
          claims: alice,
          query: { from: daysFromNow(9), to: daysFromNow(1) },
        })
      ).statusCode,
    ).toBe(400);
  });

  it('DELETE: 403 for another hotelier, 409 with future bookings, 204 otherwise; then 404', async () => {
    const hotelId = await aliceHotel();
    const path = `/v1/manage/hotels/${hotelId}`;
    await us.call({
      method: 'PUT',
      path: `${path}/room-types/twin`,
      claims: alice,
      body: { name: 'Twin', totalRooms: 1, pricePerNight: { amount: 8_000, currency: 'USD' } },
    });
    const made = await us.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      body: { roomTypeId: 'twin', checkIn: daysFromNow(1), checkOut: daysFromNow(2), rooms: 1, guest },
    });
    expect((await us.call({ method: 'DELETE', path, claims: bob })).statusCode).toBe(403);
    const refused = await us.call({ method: 'DELETE', path, claims: alice });
    expect(refused).toMatchObject({ statusCode: 409, body: { error: { code: 'CONFLICT' } } });
    await us.call({
      method: 'DELETE',
      path: `/v1/hotels/${hotelId}/bookings/${made.body.bookingId}`,
      headers: { authorization: `Bearer ${made.body.accessToken}` },
    });
    const deleted = await us.call({ method: 'DELETE', path, claims: alice });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect((await us.call({ method: 'GET', path: `/v1/hotels/${hotelId}` })).statusCode).toBe(404);
    expect((await us.call({ method: 'DELETE', path, claims: alice })).statusCode).toBe(404);
  });
});

describe('hotelier authentication (local verifier, in the role of the JWT authorizer)', () => {
  const list: EventInput = { method: 'GET', path: '/v1/manage/hotels' };

  it('accepts a token from the token command', async () => {
    const token = await issueHotelierToken(keys, 'alice');
    expect((await callWithToken(us, token, list)).statusCode).toBe(200);
  });

  it('refuses no token, a forged one, an expired one, alg none and a wrong audience with 401', async () => {
    const otherKeys = await loadOrCreateKeys(join(mkdtempSync(join(tmpdir(), 'jwt-')), 'k.json'));
    const forged = await issueHotelierToken(otherKeys, 'alice');
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('alice')
      .setIssuer('urn:hotel-platform:local')
      .setAudience('hotel-platform-manage')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(keys.privateKey);
    const none = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url.encode(
      JSON.stringify({
        sub: 'alice',
        iss: 'urn:hotel-platform:local',
        aud: 'hotel-platform-manage',
        exp: 9_999_999_999,
      }),
    )}.`;
    const wrongAudience = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('alice')
      .setIssuer('urn:hotel-platform:local')
      .setAudience('someone-else')
      .setExpirationTime('1h')
      .sign(keys.privateKey);
    const valid = await issueHotelierToken(keys, 'alice');
    const tampered = valid.replace(/\.([^.]+)\./, (_m, payload: string) => {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      return `.${Buffer.from(JSON.stringify({ ...claims, sub: 'bob' })).toString('base64url')}.`;
    });
    for (const token of [undefined, forged, expired, none, wrongAudience, tampered, 'garbage']) {
      const res = await callWithToken(us, token, list);
      expect(res.statusCode, String(token)).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHORIZED');
    }
  });

  it('answers 401 in the handler itself when no claims arrive (defence in depth)', async () => {
    const res = await us.call(list);
    expect(res).toMatchObject({ statusCode: 401, body: { error: { code: 'UNAUTHORIZED' } } });
  });
});
