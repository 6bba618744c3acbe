/**
 * Every kind of cursor the API hands out, through the handlers: the dated search's
 * (by relevance and by price) and the hoteliers' lists (their hotels, a hotel's
 * bookings). Each is sealed under the deployment's key, so one altered by a
 * character, one re-made with the unkeyed checksum cursors once had, and one sealed
 * under another key are all a 400 VALIDATION, and the genuine one pages on.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cursorKeyFromText, hmacCursorSeal, newCursorKey } from '../../lambdas/adapters/cursor-seal';
import { unkeyedForgery } from '../search/forged-cursor';
import { type TestRegion, twoRegions } from '../support/api';
import { daysFromNow, freshTable, givenHotel, guest } from '../support/store';

let us: TestRegion;
let ownerId: string;
let hotelId: string;
const city = 'Singapore';

/** Variants of a genuine cursor that nobody without the key could make. */
function forgeriesOf(cursor: string): string[] {
  const [encoded = ''] = cursor.split('.');
  const payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  const middle = Math.floor(encoded.length / 2);
  return [
    `${encoded.slice(0, middle)}${encoded[middle] === 'A' ? 'B' : 'A'}${cursor.slice(middle + 1)}`,
    unkeyedForgery(payload),
    hmacCursorSeal(cursorKeyFromText(newCursorKey())).seal(payload),
  ];
}

beforeAll(async () => {
  us = twoRegions(await freshTable())['us-east-1'];
  const first = await givenHotel(us.store);
  ownerId = first.ownerId;
  hotelId = first.hotel.hotelId;
  const second = await givenHotel(us.store, { ownerId, amount: 15_000 });
  for (const id of [hotelId, second.hotel.hotelId]) {
    const hotel = await us.store.hotels.getHotel(id, { consistent: true });
    if (hotel) await us.search.index(hotel);
  }
  for (const offset of [3, 5]) {
    const res = await us.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      body: {
        roomTypeId: 'deluxe-king',
        checkIn: daysFromNow(offset),
        checkOut: daysFromNow(offset + 1),
        rooms: 1,
        guest,
      },
    });
    expect(res.statusCode).toBe(201);
  }
});

describe('a forged or altered cursor', () => {
  it('is a 400 for every kind of cursor, and the genuine one pages on', async () => {
    const stay = { city, checkIn: daysFromNow(20), checkOut: daysFromNow(22), limit: '1' };
    const kinds: Array<{
      name: string;
      path: string;
      query: Record<string, string>;
      claims?: { sub: string };
    }> = [
      { name: 'dated search by relevance', path: '/v1/hotels/search', query: stay },
      { name: 'dated search by price', path: '/v1/hotels/search', query: { ...stay, sort: 'price' } },
      {
        name: "a hotelier's hotels",
        path: '/v1/manage/hotels',
        query: { limit: '1' },
        claims: { sub: ownerId },
      },
      {
        name: "a hotel's bookings",
        path: `/v1/manage/hotels/${hotelId}/bookings`,
        query: { from: daysFromNow(0), to: daysFromNow(30), limit: '1' },
        claims: { sub: ownerId },
      },
    ];
    for (const kind of kinds) {
      const call = (cursor?: string) =>
        us.call({
          method: 'GET',
          path: kind.path,
          query: { ...kind.query, ...(cursor ? { cursor } : {}) },
          ...(kind.claims ? { claims: kind.claims } : {}),
        });
      const first = await call();
      expect(first.statusCode, kind.name).toBe(200);
      const cursor = first.body.nextCursor as string;
      expect(cursor, kind.name).toEqual(expect.any(String));
      expect((await call(cursor)).statusCode, kind.name).toBe(200);
      for (const forged of forgeriesOf(cursor)) {
        const res = await call(forged);
        expect(res.statusCode, `${kind.name}: ${forged}`).toBe(400);
        expect(res.body.error.code, kind.name).toBe('VALIDATION');
      }
    }
  });
});
