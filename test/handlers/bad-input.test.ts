/**
 * Bad input, table-driven: each case gets the right status and code, and a
 * snapshot of both regions' tables afterwards shows that nothing was written.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../lambdas/domain/stay';
import { type EventInput, type TestRegion, twoRegions } from '../support/api';
import { freshTable, guest, tableSnapshot } from '../support/store';

// A fixed "today" that puts Feb 29 of a leap year (2028) within the bookable year.
const TODAY = '2027-12-01';
const now = () => new Date(`${TODAY}T12:00:00Z`);
const day = (n: number) => addDays(TODAY, n);

let regions: Record<string, TestRegion>;
let us: TestRegion;
let hotelId: string;
const owner = { sub: 'bad-input-owner' };

beforeAll(async () => {
  regions = twoRegions(await freshTable(), now);
  us = regions['us-east-1'] as TestRegion;
  const made = await us.call({
    method: 'POST',
    path: '/v1/manage/hotels',
    claims: owner,
    body: { name: 'Edge Case Inn', city: 'Denver', country: 'US' },
  });
  hotelId = made.body.hotelId;
  const roomType = await us.call({
    method: 'PUT',
    path: `/v1/manage/hotels/${hotelId}/room-types/std`,
    claims: owner,
    body: { name: 'Standard', totalRooms: 1000, pricePerNight: { amount: 5_000, currency: 'USD' } },
  });
  expect(roomType.statusCode).toBe(201);
});

const stay = (checkIn: string, checkOut: string, rooms = 1) => ({
  roomTypeId: 'std',
  checkIn,
  checkOut,
  rooms,
  guest,
});
const book = (body: unknown, extra: Partial<EventInput> = {}): EventInput => ({
  method: 'POST',
  path: extra.path ?? `/v1/hotels/${hotelId}/bookings`,
  headers: extra.headers,
  body,
});
const manage = (method: string, path: string, body?: unknown): EventInput => ({
  method,
  path,
  body,
  claims: owner,
});

interface Case {
  readonly name: string;
  readonly request: () => EventInput;
  readonly status: number;
  readonly code?: string;
  /** Fields the error details must name. */
  readonly fields?: string[];
}

const cases: Case[] = [
  {
    name: 'malformed JSON',
    request: () => book('{"roomTypeId": "std", ', { headers: { 'content-type': 'application/json' } }),
    status: 400,
    code: 'VALIDATION',
    fields: ['body'],
  },
  {
    name: 'JSON that is not an object',
    request: () => book('[1,2]', { headers: { 'content-type': 'application/json' } }),
    status: 400,
    code: 'VALIDATION',
  },
  { name: 'no body', request: () => book(undefined), status: 400, code: 'VALIDATION', fields: ['body'] },
  {
    name: 'not JSON, sent as a form',
    request: () =>
      book('checkIn=tomorrow&rooms=1', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    status: 400,
    code: 'VALIDATION',
    fields: ['body'],
  },
  {
    name: 'wrong types',
    request: () => book({ ...stay(day(1), day(2)), rooms: '2', guest: 'me' }),
    status: 400,
    code: 'VALIDATION',
    fields: ['rooms', 'guest'],
  },
  {
    name: 'missing fields',
    request: () => book({}),
    status: 400,
    code: 'VALIDATION',
    fields: ['roomTypeId', 'checkIn', 'checkOut', 'rooms', 'guest'],
  },
  {
    name: 'a field nobody knows',
    request: () => book({ ...stay(day(1), day(2)), discount: 100 }),
    status: 400,
    code: 'VALIDATION',
    fields: ['discount'],
  },
  { name: '30 nights', request: () => book(stay(day(1), day(31))), status: 201 },
  {
    name: '31 nights',
    request: () => book(stay(day(1), day(32))),
    status: 400,
    code: 'VALIDATION',
    fields: ['checkOut'],
  },
  {
    name: 'checkOut before checkIn',
    request: () => book(stay(day(5), day(4))),
    status: 400,
    code: 'VALIDATION',
    fields: ['checkOut'],
  },
  { name: 'checkIn today', request: () => book(stay(day(0), day(1))), status: 201 },
  {
    name: 'checkIn yesterday',
    request: () => book(stay(day(-1), day(1))),
    status: 400,
    code: 'VALIDATION',
    fields: ['checkIn'],
  },
  { name: 'checkIn 365 days ahead', request: () => book(stay(day(365), day(366))), status: 201 },
  {
    name: 'checkIn 366 days ahead',
    request: () => book(stay(day(366), day(367))),
    status: 400,
    code: 'VALIDATION',
    fields: ['checkIn'],
  },
  { name: 'Feb 29 in a leap year', request: () => book(stay('2028-02-29', '2028-03-01')), status: 201 },
  {
    name: 'Feb 29 in a common year',
    request: () => book(stay('2027-02-29', '2027-03-01')),
    status: 400,
    code: 'VALIDATION',
    fields: ['checkIn'],
  },
  {
    name: 'a date with a time',
    request: () => book(stay(`${day(1)}T00:00:00Z`, day(2))),
    status: 400,
    code: 'VALIDATION',
    fields: ['checkIn'],
  },
  {
    name: 'rooms 0',
    request: () => book(stay(day(1), day(2), 0)),
    status: 400,
    code: 'VALIDATION',
    fields: ['rooms'],
  },
  { name: 'rooms 1', request: () => book(stay(day(1), day(2), 1)), status: 201 },
  { name: 'rooms 10', request: () => book(stay(day(1), day(2), 10)), status: 201 },
  {
    name: 'rooms 11',
    request: () => book(stay(day(1), day(2), 11)),
    status: 400,
    code: 'VALIDATION',
    fields: ['rooms'],
  },
  {
    name: 'rooms 1.5',
    request: () => book(stay(day(1), day(2), 1.5)),
    status: 400,
    code: 'VALIDATION',
    fields: ['rooms'],
  },
  {
    name: 'a 65 KiB body',
    request: () => book({ ...stay(day(1), day(2)), guest: { name: 'x'.repeat(65 * 1024), email: 'a@b.co' } }),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'an operator-like object for the room type',
    request: () => book({ ...stay(day(1), day(2)), roomTypeId: { $ne: null } }),
    status: 400,
    code: 'VALIDATION',
    fields: ['roomTypeId'],
  },
  {
    name: 'an operator-like object for the guest name',
    request: () => book({ ...stay(day(1), day(2)), guest: { name: { $gt: '' }, email: 'a@b.co' } }),
    status: 400,
    code: 'VALIDATION',
    fields: ['guest.name'],
  },
  {
    name: 'a bad email',
    request: () => book({ ...stay(day(1), day(2)), guest: { name: 'A', email: 'not-an-email' } }),
    status: 400,
    code: 'VALIDATION',
    fields: ['guest.email'],
  },
  {
    name: 'an invalid roomTypeId',
    request: () => book({ ...stay(day(1), day(2)), roomTypeId: 'Deluxe King!' }),
    status: 400,
    code: 'VALIDATION',
    fields: ['roomTypeId'],
  },
  {
    name: 'an unknown room type',
    request: () => book({ ...stay(day(1), day(2)), roomTypeId: 'penthouse' }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'an unknown hotel',
    request: () =>
      book(stay(day(1), day(2)), { path: '/v1/hotels/7d1e8a52-0000-4000-8000-000000000000/bookings' }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'an Idempotency-Key of 129 characters',
    request: () => book(stay(day(1), day(2)), { headers: { 'idempotency-key': 'k'.repeat(129) } }),
    status: 400,
    code: 'VALIDATION',
    fields: ['Idempotency-Key'],
  },
  {
    name: 'room type id with capitals',
    request: () =>
      manage('PUT', `/v1/manage/hotels/${hotelId}/room-types/Suite`, {
        name: 'S',
        totalRooms: 1,
        pricePerNight: { amount: 1, currency: 'USD' },
      }),
    status: 400,
    code: 'VALIDATION',
    fields: ['roomTypeId'],
  },
  {
    name: 'totalRooms 10001',
    request: () =>
      manage('PUT', `/v1/manage/hotels/${hotelId}/room-types/big`, {
        name: 'B',
        totalRooms: 10_001,
        pricePerNight: { amount: 1, currency: 'USD' },
      }),
    status: 400,
    code: 'VALIDATION',
    fields: ['totalRooms'],
  },
  {
    name: 'an unknown currency',
    request: () =>
      manage('PUT', `/v1/manage/hotels/${hotelId}/room-types/big`, {
        name: 'B',
        totalRooms: 1,
        pricePerNight: { amount: 1, currency: 'XYZ' },
      }),
    status: 400,
    code: 'VALIDATION',
    fields: ['pricePerNight.currency'],
  },
  {
    name: 'a negative price',
    request: () =>
      manage('PUT', `/v1/manage/hotels/${hotelId}/room-types/big`, {
        name: 'B',
        totalRooms: 1,
        pricePerNight: { amount: -1, currency: 'USD' },
      }),
    status: 400,
    code: 'VALIDATION',
    fields: ['pricePerNight.amount'],
  },
  {
    name: 'a hotel name of 201 characters',
    request: () =>
      manage('POST', '/v1/manage/hotels', { name: 'n'.repeat(201), city: 'Denver', country: 'US' }),
    status: 400,
    code: 'VALIDATION',
    fields: ['name'],
  },
  {
    name: 'a blank hotel name',
    request: () => manage('POST', '/v1/manage/hotels', { name: '   ', city: 'Denver', country: 'US' }),
    status: 400,
    code: 'VALIDATION',
    fields: ['name'],
  },
  {
    name: 'an unknown country',
    request: () => manage('POST', '/v1/manage/hotels', { name: 'N', city: 'Denver', country: 'XX' }),
    status: 400,
    code: 'VALIDATION',
    fields: ['country'],
  },
  {
    name: 'an unknown region',
    request: () =>
      manage('POST', '/v1/manage/hotels', {
        name: 'N',
        city: 'Denver',
        country: 'US',
        managedIn: 'eu-west-1',
      }),
    status: 400,
    code: 'VALIDATION',
    fields: ['managedIn'],
  },
  {
    name: '51 attribute keys',
    request: () =>
      manage('POST', '/v1/manage/hotels', {
        name: 'N',
        city: 'Denver',
        country: 'US',
        attributes: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])),
      }),
    status: 400,
    code: 'VALIDATION',
    fields: ['attributes'],
  },
  {
    name: 'a nested attribute object',
    request: () =>
      manage('POST', '/v1/manage/hotels', {
        name: 'N',
        city: 'Denver',
        country: 'US',
        attributes: { nested: { a: 1 } },
      }),
    status: 400,
    code: 'VALIDATION',
    fields: ['attributes.nested'],
  },
  // Found by the fuzzer (npm run fuzz:api): these were stored as they came and answered 500.
  {
    name: 'an attribute number past 2^53, which the table cannot give back exactly',
    request: () =>
      manage('POST', '/v1/manage/hotels', {
        name: 'N',
        city: 'Denver',
        country: 'US',
        attributes: { big: 43014090072477784 },
      }),
    status: 400,
    code: 'VALIDATION',
    fields: ['attributes.big'],
  },
  {
    name: 'an attribute number too large for the table, in a patch',
    request: () =>
      manage('PATCH', `/v1/manage/hotels/${hotelId}`, { attributes: { big: -7.469387747012386e84 } }),
    status: 400,
    code: 'VALIDATION',
    fields: ['attributes.big'],
  },
  {
    name: 'an attribute number too close to zero for the table',
    request: () => manage('PATCH', `/v1/manage/hotels/${hotelId}`, { attributes: { tiny: 1e-200 } }),
    status: 400,
    code: 'VALIDATION',
    fields: ['attributes.tiny'],
  },
  {
    name: 'attribute numbers at the bounds the table holds',
    request: () =>
      manage('POST', '/v1/manage/hotels', {
        name: 'N',
        city: 'Denver',
        country: 'US',
        attributes: {
          top: 9007199254740991,
          bottom: -9007199254740991,
          small: 1.5e-7,
          least: 1e-130,
          zero: 0,
        },
      }),
    status: 201,
  },
  {
    name: 'a description of 5,001 characters',
    request: () => manage('PATCH', `/v1/manage/hotels/${hotelId}`, { description: 'd'.repeat(5_001) }),
    status: 400,
    code: 'VALIDATION',
    fields: ['description'],
  },
  {
    name: 'an empty patch',
    request: () => manage('PATCH', `/v1/manage/hotels/${hotelId}`, {}),
    status: 400,
    code: 'VALIDATION',
  },
  {
    name: 'a patch of the owner region',
    request: () => manage('PATCH', `/v1/manage/hotels/${hotelId}`, { managedIn: 'ap-southeast-1' }),
    status: 400,
    code: 'VALIDATION',
    fields: ['managedIn'],
  },
];

describe('bad input', () => {
  it.each(cases)('$name -> $status', async ({ request, status, code, fields }) => {
    const before = await Promise.all(Object.values(regions).map((r) => tableSnapshot(r.store)));
    const res = await us.call(request());
    expect(res.statusCode, JSON.stringify(res.body)).toBe(status);
    if (status >= 400) {
      expect(res.body.error.code).toBe(code);
      expect(typeof res.body.error.message).toBe('string');
      for (const field of fields ?? []) expect(res.body.error.details).toHaveProperty([field]);
      expect(JSON.stringify(res.body)).not.toMatch(/ZodError|stack|DynamoDB|at Object/);
      const after = await Promise.all(Object.values(regions).map((r) => tableSnapshot(r.store)));
      expect(after).toEqual(before);
    }
  });
});
