/**
 * Changing a booking through the handlers: the guest's and the hotelier's PATCH,
 * forwarded to the owner region like every write, idempotent under a key, its
 * refusals in the contract's shape; and the guest's cancel cut-off at the
 * hotel's local check-in time, with the clock injected.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestRegion, twoRegions } from '../support/api';
import {
  daysFromNow,
  discrepanciesOf,
  freshTable,
  givenHotel,
  guest,
  replicateHotel,
  tableSnapshot,
} from '../support/store';

let us: TestRegion;
let asia: TestRegion;
/** The regions' clock: real time unless a test sets it. */
let clock: Date | undefined;
const owner = { sub: 'modify-owner' };

/** A us-east-1 hotel at UTC−8 with a 2-night booking 10 days ahead, copied to ap-southeast-1 as replication would. */
async function booked() {
  const { hotel } = await givenHotel(us.store, {
    ownerId: owner.sub,
    timeZone: 'America/Los_Angeles',
    roomTypeId: 'king',
    totalRooms: 2,
    amount: 20_000,
  });
  const hotelId = hotel.hotelId;
  const res = await us.call({
    method: 'POST',
    path: `/v1/hotels/${hotelId}/bookings`,
    body: { roomTypeId: 'king', checkIn: daysFromNow(10), checkOut: daysFromNow(12), rooms: 1, guest },
  });
  expect(res.statusCode).toBe(201);
  await replicateHotel(us.store, asia.store, hotelId);
  const path = `/v1/hotels/${hotelId}/bookings/${res.body.bookingId}`;
  return {
    hotelId,
    bookingId: res.body.bookingId as string,
    path,
    auth: { authorization: `Bearer ${res.body.accessToken}` },
  };
}

beforeAll(async () => {
  const regions = twoRegions(await freshTable(), () => clock ?? new Date());
  us = regions['us-east-1'];
  asia = regions['ap-southeast-1'];
});

beforeEach(() => {
  clock = undefined;
  us.link.mode = 'up';
  asia.link.mode = 'up';
});

describe('PATCH a booking', () => {
  it("the guest's change reaching the other region is forwarded, written in the owner region only, and idempotent", async () => {
    const b = await booked();
    const asiaBefore = await tableSnapshot(asia.store);
    const body = { checkOut: daysFromNow(13), expectedTotalPrice: { amount: 60_000, currency: 'USD' } };
    const headers = { ...b.auth, 'idempotency-key': 'extend-1' };
    const res = await asia.call({ method: 'PATCH', path: b.path, headers, body });
    expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      checkOut: daysFromNow(13),
      totalPrice: { amount: 60_000 },
      status: 'CONFIRMED',
    });
    expect(res.body).not.toHaveProperty('nightPrices');
    expect(res.body).not.toHaveProperty('modificationKeys');
    expect(res.headers).toMatchObject({ 'x-served-region': 'ap-southeast-1', 'x-owner-region': 'us-east-1' });
    expect(await tableSnapshot(asia.store)).toEqual(asiaBefore);
    const again = await us.call({ method: 'PATCH', path: b.path, headers, body });
    expect(again.statusCode).toBe(200);
    expect(again.body).toEqual(res.body);
    const other = await us.call({
      method: 'PATCH',
      path: b.path,
      headers,
      body: { checkOut: daysFromNow(14) },
    });
    expect(other.statusCode).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_MISMATCH');
    expect(await discrepanciesOf(us.store, b.hotelId)).toEqual([]);
  });

  it('refuses bad bodies (400), no or a wrong token (401), a price that moved (409 PRICE_CHANGED), and writes nothing', async () => {
    const b = await booked();
    const before = await tableSnapshot(us.store);
    for (const body of [
      {},
      { checkOut: '2027-02-30' },
      { rooms: 11 },
      { nights: 3 },
      { checkIn: daysFromNow(20) },
    ]) {
      const res = await us.call({ method: 'PATCH', path: b.path, headers: b.auth, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
    }
    expect((await us.call({ method: 'PATCH', path: b.path, body: { rooms: 2 } })).statusCode).toBe(401);
    const wrong = { authorization: 'Bearer not-the-token' };
    expect(
      (await us.call({ method: 'PATCH', path: b.path, headers: wrong, body: { rooms: 2 } })).statusCode,
    ).toBe(401);
    const priced = await us.call({
      method: 'PATCH',
      path: b.path,
      headers: b.auth,
      body: { rooms: 2, expectedTotalPrice: { amount: 1, currency: 'USD' } },
    });
    expect(priced.statusCode).toBe(409);
    expect(priced.body.error).toMatchObject({
      code: 'PRICE_CHANGED',
      details: { totalPrice: { amount: 80_000 } },
    });
    expect(await tableSnapshot(us.store)).toEqual(before);
  });

  it('the hotelier changes it too; another hotelier gets 403', async () => {
    const b = await booked();
    const path = `/v1/manage/hotels/${b.hotelId}/bookings/${b.bookingId}`;
    const stolen = await us.call({
      method: 'PATCH',
      path,
      claims: { sub: 'someone-else' },
      body: { rooms: 2 },
    });
    expect(stolen.statusCode).toBe(403);
    const res = await asia.call({ method: 'PATCH', path, claims: owner, body: { rooms: 2 } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({ rooms: 2, totalPrice: { amount: 80_000 } });
    expect(res.headers['x-owner-region']).toBe('us-east-1');
  });

  it("closes the guest's cancel and change at 15:00 on the arrival day, Los Angeles time (409 naming it)", async () => {
    const b = await booked();
    // 14:59 and 15:00 on the arrival day in Los Angeles, whichever offset the date has.
    const arrival = daysFromNow(10);
    const offsetHours = new Date(`${arrival}T12:00:00Z`).toLocaleString('en-US', {
      timeZone: 'America/Los_Angeles',
      hour: 'numeric',
      hourCycle: 'h23',
    });
    const utcHourAt15 = 15 + (12 - Number(offsetHours));
    const at = (minute: number) =>
      new Date(Date.parse(`${arrival}T00:00:00Z`) + (utcHourAt15 * 60 + minute) * 60_000);
    clock = at(0);
    const change = await us.call({ method: 'PATCH', path: b.path, headers: b.auth, body: { rooms: 2 } });
    expect(change.statusCode).toBe(409);
    expect(change.body.error.code).toBe('CONFLICT');
    const cancel = await us.call({ method: 'DELETE', path: b.path, headers: b.auth });
    expect(cancel.statusCode).toBe(409);
    expect(cancel.body.error.message).toMatch(/15:00 local time \(America\/Los_Angeles\)/);
    clock = at(-1);
    const stillOpen = await us.call({ method: 'DELETE', path: b.path, headers: b.auth });
    expect(stillOpen.statusCode).toBe(200);
    expect(stillOpen.body.status).toBe('CANCELLED');
  });

  it('a checked-in stay may change only its check-out at the desk: longer 200, checkIn or rooms 409 CONFLICT', async () => {
    const b = await booked();
    const desk = `/v1/manage/hotels/${b.hotelId}/bookings/${b.bookingId}`;
    // Noon on the arrival day in Los Angeles (19:00 or 20:00 UTC): the stay has begun.
    clock = new Date(`${daysFromNow(10)}T20:00:00Z`);
    const checkedIn = await us.call({ method: 'POST', path: `${desk}/check-in`, claims: owner });
    expect(checkedIn.statusCode, JSON.stringify(checkedIn.body)).toBe(200);
    const longer = await us.call({
      method: 'PATCH',
      path: desk,
      claims: owner,
      body: { checkOut: daysFromNow(13) },
    });
    expect(longer.statusCode, JSON.stringify(longer.body)).toBe(200);
    expect(longer.body).toMatchObject({
      status: 'CHECKED_IN',
      checkIn: daysFromNow(10),
      checkOut: daysFromNow(13),
      totalPrice: { amount: 60_000 },
    });
    const before = await tableSnapshot(us.store);
    for (const body of [
      { checkIn: daysFromNow(11) },
      { rooms: 2 },
      { checkIn: daysFromNow(9), checkOut: daysFromNow(13) },
    ]) {
      const refused = await us.call({ method: 'PATCH', path: desk, claims: owner, body });
      expect(refused.statusCode, JSON.stringify(body)).toBe(409);
      expect(refused.body.error.code).toBe('CONFLICT');
    }
    expect(await tableSnapshot(us.store)).toEqual(before);
    expect(await discrepanciesOf(us.store, b.hotelId)).toEqual([]);
  });

  it('a cancelled booking cannot change (409 CONFLICT naming its status), by the guest or the desk', async () => {
    const b = await booked();
    expect((await us.call({ method: 'DELETE', path: b.path, headers: b.auth })).statusCode).toBe(200);
    const before = await tableSnapshot(us.store);
    const asGuest = await us.call({ method: 'PATCH', path: b.path, headers: b.auth, body: { rooms: 2 } });
    const atDesk = await us.call({
      method: 'PATCH',
      path: `/v1/manage/hotels/${b.hotelId}/bookings/${b.bookingId}`,
      claims: owner,
      body: { checkOut: daysFromNow(13) },
    });
    for (const refused of [asGuest, atDesk]) {
      expect(refused.statusCode).toBe(409);
      expect(refused.body.error.code).toBe('CONFLICT');
      expect(refused.body.error.message).toMatch(/CANCELLED/);
    }
    expect(await tableSnapshot(us.store)).toEqual(before);
  });

  it('refuses nights a new booking could not have: 409 SOLD_OUT and NOT_BOOKABLE, nothing written', async () => {
    const b = await booked();
    const closed = await us.call({
      method: 'PUT',
      path: `/v1/manage/hotels/${b.hotelId}/room-types/king/calendar`,
      claims: owner,
      body: { from: daysFromNow(12), to: daysFromNow(13), closed: true },
    });
    expect(closed.statusCode).toBe(200);
    const before = await tableSnapshot(us.store);
    const soldOut = await us.call({ method: 'PATCH', path: b.path, headers: b.auth, body: { rooms: 3 } });
    expect(soldOut.statusCode).toBe(409);
    expect(soldOut.body.error.code).toBe('SOLD_OUT');
    const notBookable = await us.call({
      method: 'PATCH',
      path: b.path,
      headers: b.auth,
      body: { checkOut: daysFromNow(13) },
    });
    expect(notBookable.statusCode).toBe(409);
    expect(notBookable.body.error.code).toBe('NOT_BOOKABLE');
    expect(await tableSnapshot(us.store)).toEqual(before);
  });

  it('forwarded to an owner that cannot be reached: 503 OWNER_REGION_UNAVAILABLE, nothing written', async () => {
    const b = await booked();
    const before = await tableSnapshot(us.store);
    const asiaBefore = await tableSnapshot(asia.store);
    asia.link.mode = 'down';
    const res = await asia.call({ method: 'PATCH', path: b.path, headers: b.auth, body: { rooms: 2 } });
    expect(res.statusCode).toBe(503);
    expect(res.body.error.code).toBe('OWNER_REGION_UNAVAILABLE');
    expect(res.headers['x-served-region']).toBe('ap-southeast-1');
    expect(await tableSnapshot(us.store)).toEqual(before);
    expect(await tableSnapshot(asia.store)).toEqual(asiaBefore);
  });

  it('forwarded and run by the owner, its answer lost: 504 OUTCOME_UNKNOWN, never 503; the keyed retry changes nothing more', async () => {
    const b = await booked();
    asia.link.mode = 'lose-answer';
    const request = {
      method: 'PATCH',
      path: b.path,
      headers: { ...b.auth, 'idempotency-key': 'lost-change-1' },
      body: { checkOut: daysFromNow(13) },
    };
    const lost = await asia.call(request);
    expect(lost.statusCode).toBe(504);
    expect(lost.body.error.code).toBe('OUTCOME_UNKNOWN');
    asia.link.mode = 'up';
    const retried = await asia.call(request);
    expect(retried.statusCode, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body).toMatchObject({ checkOut: daysFromNow(13), totalPrice: { amount: 60_000 } });
    expect(retried.headers).toMatchObject({
      'x-served-region': 'ap-southeast-1',
      'x-owner-region': 'us-east-1',
    });
    const stored = await us.store.bookings.getBooking(b.hotelId, b.bookingId, { consistent: true });
    // Booked at version 1, changed once: the retry found the change its key had made.
    expect(stored).toMatchObject({ checkOut: daysFromNow(13), version: 2 });
    expect(await discrepanciesOf(us.store, b.hotelId)).toEqual([]);
  });

  it('run where it arrives when that is the owner: x-served-region and x-owner-region both name it', async () => {
    const b = await booked();
    const res = await us.call({ method: 'PATCH', path: b.path, headers: b.auth, body: { rooms: 2 } });
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({ 'x-served-region': 'us-east-1', 'x-owner-region': 'us-east-1' });
  });
});
