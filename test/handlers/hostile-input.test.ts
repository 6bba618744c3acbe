/**
 * Hostile input, property-based (fast-check), over every route: whatever arrives,
 * never a 5xx, never a write after a 4xx, and never an internal detail in an answer.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../lambdas/http/routes';
import { type TestRegion, twoRegions } from '../support/api';
import { daysFromNow, freshTable, guest, tableSnapshot } from '../support/store';

let regions: TestRegion[];
let hotelId: string;
let bookingId: string;
let accessToken: string;
const owner = { sub: 'hostile-owner' };

/** What a response must never reveal: stack frames, exception or class names, storage names, ARNs. */
const INTERNALS =
  /Exception|TypeError|ReferenceError|SyntaxError|RangeError|ZodError|\bat \S+ \(|node_modules|\.ts:\d+|DynamoDb|TransactWrite|ConditionalCheck|arn:aws|HOTEL#|BOOKING#|NIGHT#|writtenBy|accessTokenHashes|requestHash/;

beforeAll(async () => {
  const both = twoRegions(await freshTable());
  regions = Object.values(both);
  const us = both['us-east-1'];
  const made = await us.call({
    method: 'POST',
    path: '/v1/manage/hotels',
    claims: owner,
    body: { name: 'Fortress Inn', city: 'Boston', country: 'US' },
  });
  hotelId = made.body.hotelId;
  await us.call({
    method: 'PUT',
    path: `/v1/manage/hotels/${hotelId}/room-types/std`,
    claims: owner,
    body: { name: 'Standard', totalRooms: 3, pricePerNight: { amount: 10_000, currency: 'USD' } },
  });
  const booked = await us.call({
    method: 'POST',
    path: `/v1/hotels/${hotelId}/bookings`,
    body: { roomTypeId: 'std', checkIn: daysFromNow(5), checkOut: daysFromNow(6), rooms: 1, guest },
  });
  bookingId = booked.body.bookingId;
  accessToken = booked.body.accessToken;
});

const nasty = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '..',
    '%',
    '%00',
    '%2F',
    '../../etc/passwd',
    '{"$gt":""}',
    "' OR 1=1 --",
    '<script>',
    '\u0000',
    'null',
    '-1',
    '1e309',
    '9'.repeat(30),
  ),
);
const knownFields = [
  'roomTypeId',
  'checkIn',
  'checkOut',
  'rooms',
  'guest',
  'name',
  'city',
  'country',
  'description',
  'attributes',
  'managedIn',
  'totalRooms',
  'pricePerNight',
  'amount',
  'currency',
  'email',
];
const value = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nasty, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom(...knownFields, '__proto__', 'constructor'), nasty, { maxKeys: 3 }),
  fc.constantFrom(daysFromNow(3), daysFromNow(400), '2028-02-30', 'std', 'USD', 'us-east-1'),
);
const body = fc.oneof(
  fc.dictionary(fc.constantFrom(...knownFields), value, { maxKeys: 8 }).map((o) => JSON.stringify(o)),
  fc.json({ maxDepth: 3 }),
  nasty,
  fc.constant(undefined),
);
const request = fc.record({
  routeIndex: fc.nat({ max: ROUTES.length - 1 }),
  region: fc.nat({ max: 1 }),
  pathParam: fc.oneof(fc.constant('HOTEL'), fc.constant('BOOKING'), nasty),
  query: fc.dictionary(
    fc.constantFrom('q', 'city', 'limit', 'cursor', 'checkIn', 'checkOut', 'from', 'to', 'x'),
    nasty,
    { maxKeys: 4 },
  ),
  body,
  contentType: fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    '',
    'application/x-www-form-urlencoded',
  ),
  idempotencyKey: fc.option(nasty, { nil: undefined }),
  authorization: fc.option(fc.oneof(nasty, fc.constant(`Bearer ${'x'.repeat(43)}`)), { nil: undefined }),
  hotelier: fc.constantFrom('hostile-owner', 'intruder', undefined),
});

describe('hostile input (fast-check)', () => {
  it('never answers 5xx, never writes after a 4xx, never leaks internals', async () => {
    let baseline = await Promise.all(regions.map((r) => tableSnapshot(r.store)));
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        const route = ROUTES[input.routeIndex] ?? ROUTES[0];
        const region = regions[input.region] as TestRegion;
        const substitute = (name: string) =>
          input.pathParam === 'HOTEL'
            ? hotelId
            : input.pathParam === 'BOOKING'
              ? name === 'bookingId'
                ? bookingId
                : hotelId
              : encodeURIComponent(input.pathParam);
        const path = (route?.path ?? '/').replace(/\{(\w+)\}/g, (_m, name: string) => substitute(name));
        const headers: Record<string, string> = {};
        if (input.contentType) headers['content-type'] = input.contentType;
        if (input.idempotencyKey !== undefined) headers['idempotency-key'] = input.idempotencyKey;
        if (input.authorization !== undefined) headers.authorization = input.authorization;
        const res = await region.call({
          method: route?.method ?? 'GET',
          path,
          query: input.query,
          headers,
          body: input.body,
          claims: input.hotelier ? { sub: input.hotelier } : undefined,
        });
        expect(res.statusCode, `${route?.method} ${path} -> ${JSON.stringify(res.body)}`).toBeLessThan(500);
        expect(JSON.stringify(res.body ?? '')).not.toMatch(INTERNALS);
        const now = await Promise.all(regions.map((r) => tableSnapshot(r.store)));
        if (res.statusCode >= 400)
          expect(now, `${route?.method} ${path} wrote after ${res.statusCode}`).toEqual(baseline);
        baseline = now;
      }),
      { numRuns: 400, seed: 20261121 },
    );
  }, 120_000);
});

describe('security', () => {
  const intruder = { sub: 'intruder' };

  it('refuses another hotelier on every management route that names a hotel, and shows nothing of it', async () => {
    const us = regions[0] as TestRegion;
    const before = await tableSnapshot(us.store);
    for (const route of ROUTES.filter((r) => r.access === 'hotelier' && r.path.includes('{hotelId}'))) {
      const res = await us.call({
        method: route.method,
        path: route.path
          .replace('{hotelId}', hotelId)
          .replace('{roomTypeId}', 'std')
          .replace('{bookingId}', bookingId)
          .replace('{ratePlanId}', 'flex'),
        claims: intruder,
        query: { from: daysFromNow(0), to: daysFromNow(30) },
        body: route.path.endsWith('/calendar')
          ? { from: daysFromNow(1), to: daysFromNow(2), closed: true }
          : route.path.includes('/rate-plans')
            ? {
                name: 'Taken',
                cancellation: { freeUntilHoursBefore: null, fee: { percent: 100 } },
                noShowFee: { nights: 1 },
              }
            : route.path.includes('room-types')
              ? { name: 'Taken', totalRooms: 1, pricePerNight: { amount: 1, currency: 'USD' } }
              : route.path.endsWith('/bookings/{bookingId}')
                ? { rooms: 1 }
                : route.body
                  ? { name: 'Taken' }
                  : undefined,
      });
      expect(res.statusCode, `${route.method} ${route.path}`).toBe(403);
      expect(JSON.stringify(res.body)).not.toMatch(/Fortress|Boston|guest|ada@/i);
    }
    const listed = await us.call({ method: 'GET', path: '/v1/manage/hotels', claims: intruder });
    expect(listed.body.items).toEqual([]);
    expect(await tableSnapshot(us.store)).toEqual(before);
  });

  it('does not let anyone guess a booking access token', async () => {
    const us = regions[0] as TestRegion;
    const path = `/v1/hotels/${hotelId}/bookings/${bookingId}`;
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 60 }), async (guess) => {
        fc.pre(guess !== accessToken);
        const res = await us.call({ method: 'GET', path, headers: { authorization: `Bearer ${guess}` } });
        expect(res.statusCode).toBe(401);
      }),
      { numRuns: 200 },
    );
    // Near misses fail too: one character changed.
    const nearMiss = `${accessToken.slice(0, -1)}${accessToken.endsWith('A') ? 'B' : 'A'}`;
    expect(
      (await us.call({ method: 'DELETE', path, headers: { authorization: `Bearer ${nearMiss}` } }))
        .statusCode,
    ).toBe(401);
    expect(
      (await us.call({ method: 'GET', path, headers: { authorization: `Bearer ${accessToken}` } }))
        .statusCode,
    ).toBe(200);
  });

  it('treats injection-like search text as text, in both regions', async () => {
    for (const region of regions)
      for (const q of [
        '" OR 1=1',
        '{"$ne":null}',
        '*:*',
        '<img src=x onerror=alert(1)>',
        '\\u0000',
        'a'.repeat(200),
      ]) {
        const res = await region.call({ method: 'GET', path: '/v1/hotels/search', query: { q } });
        expect(res.statusCode).toBe(200);
        expect(res.body.items).toEqual([]);
      }
  });
});
