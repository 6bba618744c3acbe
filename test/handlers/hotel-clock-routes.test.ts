/**
 * The hotel's clock through the handlers, with the clock injected: a stay may start on the
 * hotel's local today (which may be UTC's yesterday or tomorrow), never before, and the
 * front desk's check-in opens on the local day before arrival, whatever UTC's date says.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestRegion, twoRegions } from '../support/api';
import { freshTable, givenHotel, guest, tableSnapshot } from '../support/store';

let us: TestRegion;
/** 07:30 UTC on 15 January 2030: 23:30 on the 14th in Los Angeles, 15:30 on the 15th in Singapore. */
let clock = new Date('2030-01-15T07:30:00Z');
const owner = { sub: 'hotel-clock-owner' };

beforeAll(async () => {
  us = twoRegions(await freshTable(), () => clock)['us-east-1'];
});

async function hotelIn(timeZone: string) {
  const { hotel } = await givenHotel(us.store, { ownerId: owner.sub, timeZone, roomTypeId: 'std' });
  return hotel.hotelId;
}

const book = (hotelId: string, checkIn: string, checkOut: string) =>
  us.call({
    method: 'POST',
    path: `/v1/hotels/${hotelId}/bookings`,
    body: { roomTypeId: 'std', checkIn, checkOut, rooms: 1, guest },
  });

describe("the hotel's local date through the routes", () => {
  it("books a stay from the hotel's local today, even when that is UTC's yesterday, and refuses the day before", async () => {
    clock = new Date('2030-01-15T07:30:00Z');
    const la = await hotelIn('America/Los_Angeles');
    const sg = await hotelIn('Asia/Singapore');
    const tonight = await book(la, '2030-01-14', '2030-01-16');
    expect(tonight.statusCode, JSON.stringify(tonight.body)).toBe(201);
    const beforeRefusals = await tableSnapshot(us.store);
    for (const [hotelId, checkIn] of [
      [la, '2030-01-13'],
      [sg, '2030-01-14'],
    ] as const) {
      const past = await book(hotelId, checkIn, '2030-01-16');
      expect(past.statusCode, `${hotelId} ${checkIn}`).toBe(400);
      expect(past.body.error.code).toBe('VALIDATION');
      expect(past.body.error.details).toHaveProperty('checkIn');
    }
    expect(await tableSnapshot(us.store)).toEqual(beforeRefusals);
    // A change is held to the same local today (a stay arriving tomorrow, not yet begun).
    const tomorrow = await book(la, '2030-01-15', '2030-01-16');
    expect(tomorrow.statusCode).toBe(201);
    const before = await tableSnapshot(us.store);
    const moved = await us.call({
      method: 'PATCH',
      path: `/v1/hotels/${la}/bookings/${tomorrow.body.bookingId}`,
      headers: { authorization: `Bearer ${tomorrow.body.accessToken}` },
      body: { checkIn: '2030-01-13' },
    });
    expect(moved.statusCode).toBe(400);
    expect(moved.body.error.details).toHaveProperty('checkIn');
    expect(await tableSnapshot(us.store)).toEqual(before);
  });

  it('opens check-in at 00:00 local on the day before arrival, not at 00:00 UTC', async () => {
    clock = new Date('2030-01-15T07:30:00Z');
    const la = await hotelIn('America/Los_Angeles');
    const made = await book(la, '2030-01-16', '2030-01-18');
    expect(made.statusCode).toBe(201);
    const checkIn = () =>
      us.call({
        method: 'POST',
        path: `/v1/manage/hotels/${la}/bookings/${made.body.bookingId}/check-in`,
        claims: owner,
      });
    // 23:59 on the 14th in Los Angeles, though already the 15th in UTC: too early.
    clock = new Date('2030-01-15T07:59:00Z');
    const early = await checkIn();
    expect(early.statusCode).toBe(409);
    expect(early.body.error.code).toBe('CONFLICT');
    // 00:01 on the 15th in Los Angeles: the day before arrival has begun.
    clock = new Date('2030-01-15T08:01:00Z');
    const open = await checkIn();
    expect(open.statusCode, JSON.stringify(open.body)).toBe(200);
    expect(open.body.status).toBe('CHECKED_IN');
  });
});
