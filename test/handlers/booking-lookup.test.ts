/**
 * Finding a booking again: every booking's reference, `POST /v1/bookings/lookup` with a fresh
 * token, the same 404 for a wrong reference and a wrong address, the limits, forwarding to the
 * owner region, and the bound on a booking's tokens; through the Lambda handlers on DynamoDB Local.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_ACCESS_TOKENS } from '../../lambdas/domain/booking';
import type { LookupLimits } from '../../lambdas/domain/booking-lookup';
import { REFERENCE_PATTERN } from '../../lambdas/domain/booking-reference';
import { dispatch } from '../../lambdas/http/dispatch';
import type { RegionServices } from '../../lambdas/http/region-services';
import { Router } from '../../lambdas/http/router';
import { ROUTES } from '../../lambdas/http/routes';
import { type TestRegion, twoRegions } from '../support/api';
import {
  daysFromNow,
  freshTable,
  givenHotel,
  guest,
  replicateHotel,
  testGuestAccess,
} from '../support/store';

let us: TestRegion;
let asia: TestRegion;
const hotelier = { sub: 'hotelier-lookup' };
let ip = 0;
/** A caller of its own, so that one test's attempts never count against another's. */
const newCaller = () => `198.51.100.${++ip}`;

async function newBooking(email = guest.email, booker?: { name: string; email: string }) {
  const { hotel } = await givenHotel(us.store, {
    ownerId: hotelier.sub,
    roomTypeId: 'queen',
    totalRooms: 3,
    amount: 20_000,
  });
  const hotelId = hotel.hotelId;
  const booked = await us.call({
    method: 'POST',
    path: `/v1/hotels/${hotelId}/bookings`,
    body: {
      roomTypeId: 'queen',
      checkIn: daysFromNow(3),
      checkOut: daysFromNow(5),
      rooms: 1,
      guest: { ...guest, email },
      ...(booker && { booker }),
    },
  });
  expect(booked.statusCode).toBe(201);
  return booked.body as { hotelId: string; bookingId: string; reference: string; accessToken: string };
}

const lookup = (region: TestRegion, body: unknown, sourceIp = newCaller()) =>
  region.call({ method: 'POST', path: '/v1/bookings/lookup', body, sourceIp });

const view = (region: TestRegion, booking: { hotelId: string; bookingId: string }, token: string) =>
  region.call({
    method: 'GET',
    path: `/v1/hotels/${booking.hotelId}/bookings/${booking.bookingId}`,
    headers: { authorization: `Bearer ${token}` },
  });

/** Dispatches a lookup to `services` (with limits of the test's own) from `sourceIp`. */
async function lookupWith(services: RegionServices, body: unknown, sourceIp: string) {
  const res = await dispatch(services, new Router(ROUTES), {
    method: 'POST',
    path: '/v1/bookings/lookup',
    query: {},
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    requestId: 'lookup',
    sourceIp,
  });
  return { statusCode: res.statusCode, headers: res.headers, body: JSON.parse(res.body) };
}

/**
 * us-east-1's services with lookup limits of the test's own, on a clock stopped at one instant:
 * the limits count in fixed windows, and a window's end falling between two attempts of a test
 * (a run at 10:59:59.9 for an hourly window) would start the count again.
 */
function withLimits(limits: LookupLimits): RegionServices {
  const at = new Date();
  const now = () => at;
  return { ...us.services, now, guestAccess: testGuestAccess({ ...us.store, now }, 'us-east-1', limits) };
}

beforeAll(async () => {
  const regions = twoRegions(await freshTable());
  us = regions['us-east-1'];
  asia = regions['ap-southeast-1'];
});

describe('a booking reference', () => {
  it('is on the booking answer and every view of the booking, 8 characters without look-alikes', async () => {
    const booking = await newBooking();
    expect(booking.reference).toMatch(REFERENCE_PATTERN);
    expect(booking.reference).not.toMatch(/[01OIL]/);
    expect((await view(us, booking, booking.accessToken)).body.reference).toBe(booking.reference);
    const list = await us.call({
      method: 'GET',
      path: `/v1/manage/hotels/${booking.hotelId}/bookings`,
      query: { from: daysFromNow(0), to: daysFromNow(30) },
      claims: hotelier,
    });
    expect(list.body.items[0].reference).toBe(booking.reference);
  });
});

describe('a booking reference, in every view', () => {
  it("the guest's change and cancel, the desk's change and check-in, and the lookup's booking carry it", async () => {
    const booking = await newBooking();
    const path = `/v1/hotels/${booking.hotelId}/bookings/${booking.bookingId}`;
    const desk = `/v1/manage/hotels/${booking.hotelId}/bookings/${booking.bookingId}`;
    const guestAuth = { authorization: `Bearer ${booking.accessToken}` };
    const answers = {
      'guest PATCH': await us.call({ method: 'PATCH', path, headers: guestAuth, body: { rooms: 2 } }),
      'desk PATCH': await us.call({ method: 'PATCH', path: desk, claims: hotelier, body: { rooms: 1 } }),
      'guest DELETE': await us.call({ method: 'DELETE', path, headers: guestAuth }),
    };
    for (const [what, res] of Object.entries(answers)) {
      expect(res.statusCode, `${what}: ${JSON.stringify(res.body)}`).toBe(200);
      expect(res.body.reference, what).toBe(booking.reference);
    }
    const arriving = await us.call({
      method: 'POST',
      path: `/v1/hotels/${booking.hotelId}/bookings`,
      body: { roomTypeId: 'queen', checkIn: daysFromNow(0), checkOut: daysFromNow(1), rooms: 1, guest },
    });
    expect(arriving.statusCode).toBe(201);
    const checkedIn = await us.call({
      method: 'POST',
      path: `/v1/manage/hotels/${booking.hotelId}/bookings/${arriving.body.bookingId}/check-in`,
      claims: hotelier,
    });
    expect(checkedIn.statusCode, JSON.stringify(checkedIn.body)).toBe(200);
    expect(checkedIn.body.reference).toBe(arriving.body.reference);
    const found = await lookup(us, { reference: booking.reference, email: guest.email });
    expect((await view(us, booking, found.body.accessToken)).body.reference).toBe(booking.reference);
  });
});

describe('POST /v1/bookings/lookup', () => {
  it('finds the booking by reference and e-mail in any case, with a fresh token; the first token still works', async () => {
    const booking = await newBooking('Grace.Hopper@Example.com');
    const typed = `${booking.reference.slice(0, 4).toLowerCase()}-${booking.reference.slice(4)}`;
    const res = await lookup(us, { reference: typed, email: 'grace.hopper@EXAMPLE.com' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toEqual({
      hotelId: booking.hotelId,
      bookingId: booking.bookingId,
      accessToken: expect.any(String),
    });
    expect(res.headers['x-owner-region']).toBe('us-east-1');
    expect(Buffer.from(res.body.accessToken, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(res.body.accessToken).not.toBe(booking.accessToken);
    expect((await view(us, booking, res.body.accessToken)).statusCode).toBe(200);
    expect((await view(us, booking, booking.accessToken)).statusCode).toBe(200);
  });

  it("finds the booking by the booker's e-mail too, when someone else stays", async () => {
    const booking = await newBooking('guest.stays@example.com', {
      name: 'Pat Payer',
      email: 'Pat.Payer@example.com',
    });
    for (const email of ['pat.payer@example.com', 'guest.stays@example.com']) {
      const res = await lookup(us, { reference: booking.reference, email });
      expect(res.statusCode, email).toBe(200);
      expect(res.body.bookingId).toBe(booking.bookingId);
    }
    expect(
      (await lookup(us, { reference: booking.reference, email: 'someone.else@example.com' })).statusCode,
    ).toBe(404);
  });

  it('answers a wrong reference and a wrong e-mail with the same 404, and writes no token', async () => {
    const booking = await newBooking();
    const before = await us.services.bookings.getBooking(booking.hotelId, booking.bookingId);
    const wrongEmail = await lookup(us, { reference: booking.reference, email: 'someone@example.com' });
    const unknown = booking.reference.startsWith('2') ? '3' : '2';
    const wrongReference = await lookup(us, {
      reference: `${unknown}${booking.reference.slice(1)}`,
      email: guest.email,
    });
    expect(wrongEmail.statusCode).toBe(404);
    expect(wrongReference.statusCode).toBe(404);
    expect(wrongEmail.body).toEqual(wrongReference.body);
    expect(wrongEmail.body.error.code).toBe('NOT_FOUND');
    const after = await us.services.bookings.getBooking(booking.hotelId, booking.bookingId);
    expect(after?.accessTokenHashes).toEqual(before?.accessTokenHashes);
  });

  it('refuses a reference that cannot be one with a 400 naming the field', async () => {
    const res = await lookup(us, { reference: 'O0I1L', email: guest.email });
    expect(res.statusCode).toBe(400);
    expect(res.body.error.details).toHaveProperty('reference');
  });

  it('arriving in the other region, is forwarded to the owner region, which mints the token', async () => {
    const booking = await newBooking();
    await replicateHotel(us.store, asia.store, booking.hotelId);
    const key = { pk: `REFERENCE#${booking.reference}`, sk: 'REFERENCE' };
    const item = await us.store.doc.send(new GetCommand({ TableName: us.store.tableName, Key: key }));
    await asia.store.doc.send(new PutCommand({ TableName: asia.store.tableName, Item: item.Item }));
    const res = await lookup(asia, { reference: booking.reference, email: guest.email });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-served-region']).toBe('ap-southeast-1');
    expect(res.headers['x-owner-region']).toBe('us-east-1');
    expect((await view(us, booking, res.body.accessToken)).statusCode).toBe(200);
  });

  it('is limited per reference: 429 with Retry-After, whoever asks', async () => {
    const booking = await newBooking();
    const services = withLimits({
      perCaller: { attempts: 100, windowSeconds: 3_600 },
      perReference: { attempts: 3, windowSeconds: 3_600 },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push(
        (
          await lookupWith(
            services,
            { reference: booking.reference, email: `x${i}@example.com` },
            newCaller(),
          )
        ).statusCode,
      );
    expect(statuses).toEqual([404, 404, 404]);
    // The right address, from yet another caller, is refused too: the reference is locked for the window.
    const locked = await lookupWith(
      services,
      { reference: booking.reference, email: guest.email },
      newCaller(),
    );
    expect(locked.statusCode).toBe(429);
    expect(locked.body.error.code).toBe('TOO_MANY_REQUESTS');
    const wait = Number(locked.headers['retry-after']);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(3_600);
  });

  it('is limited per caller, across references', async () => {
    const services = withLimits({
      perCaller: { attempts: 2, windowSeconds: 600 },
      perReference: { attempts: 100, windowSeconds: 600 },
    });
    const caller = newCaller();
    const tries = ['23456789', '3456789A', '456789AB'].map((reference) => ({
      reference,
      email: guest.email,
    }));
    const statuses = [];
    for (const body of tries) statuses.push((await lookupWith(services, body, caller)).statusCode);
    expect(statuses).toEqual([404, 404, 429]);
    const refused = await lookupWith(services, tries[0], caller);
    expect(refused.statusCode).toBe(429);
    expect(refused.body.error.code).toBe('TOO_MANY_REQUESTS');
    const wait = Number(refused.headers['retry-after']);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(600);
    expect((await lookupWith(services, tries[0], newCaller())).statusCode).toBe(404);
  });

  it(`keeps at most ${MAX_ACCESS_TOKENS} tokens: the booking's first token and the newest always work`, async () => {
    const booking = await newBooking();
    const services = withLimits({
      perCaller: { attempts: 100, windowSeconds: 3_600 },
      perReference: { attempts: 100, windowSeconds: 3_600 },
    });
    const tokens: string[] = [];
    for (let i = 0; i < MAX_ACCESS_TOKENS + 5; i++) {
      const res = await lookupWith(
        services,
        { reference: booking.reference, email: guest.email },
        newCaller(),
      );
      expect(res.statusCode).toBe(200);
      tokens.push(res.body.accessToken);
    }
    const stored = await us.services.bookings.getBooking(booking.hotelId, booking.bookingId, {
      consistent: true,
    });
    expect(stored?.accessTokenHashes).toHaveLength(MAX_ACCESS_TOKENS);
    expect((await view(us, booking, booking.accessToken)).statusCode).toBe(200);
    expect((await view(us, booking, tokens.at(-1) ?? '')).statusCode).toBe(200);
    // The oldest of the later tokens gave way.
    expect((await view(us, booking, tokens[0] ?? '')).statusCode).toBe(401);
  });
});
