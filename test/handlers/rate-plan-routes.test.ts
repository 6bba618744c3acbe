/**
 * Rate plans, policies and occupancy through the handlers, on DynamoDB Local, with the clock
 * injected (January 2030: Los Angeles is UTC−8, Singapore UTC+8): the plans' routes, the
 * offers, the fee 1 minute before and 1 minute after a deadline, the no-show fee, and guests
 * beyond the room.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestRegion, twoRegions } from '../support/api';
import { freshTable, tableSnapshot } from '../support/store';

let regions: Record<'us-east-1' | 'ap-southeast-1', TestRegion>;
let us: TestRegion;
let clock = new Date('2030-01-10T12:00:00Z');
const owner = { sub: 'rate-plan-owner' };
const usd = (amount: number) => ({ amount, currency: 'USD' });
const guest = { name: 'Ada Lovelace', email: 'ada@example.com' };

beforeAll(async () => {
  regions = twoRegions(await freshTable(), () => clock);
  us = regions['us-east-1'];
});

const flexible24 = {
  name: 'Flexible, breakfast',
  priceAdjustment: { percent: 10 },
  cancellation: { freeUntilHoursBefore: 24, fee: { nights: 1 } },
  noShowFee: { percent: 100 },
  includes: ['breakfast'],
};
const nonRefundable = {
  name: 'Non-refundable',
  priceAdjustment: { percent: -15 },
  cancellation: { freeUntilHoursBefore: null, fee: { percent: 100 } },
  noShowFee: { percent: 100 },
};

async function hotelIn(timeZone: string, checkInTime = '15:00') {
  clock = new Date('2030-01-10T12:00:00Z');
  const hotel = await us.call({
    method: 'POST',
    path: '/v1/manage/hotels',
    claims: owner,
    body: {
      name: 'Plan Hotel',
      city: 'Anywhere',
      country: 'US',
      managedIn: 'us-east-1',
      timeZone,
      checkInTime,
    },
  });
  expect(hotel.statusCode).toBe(201);
  const hotelId = hotel.body.hotelId as string;
  const roomType = await us.call({
    method: 'PUT',
    path: `/v1/manage/hotels/${hotelId}/room-types/family`,
    claims: owner,
    body: {
      name: 'Family',
      totalRooms: 5,
      pricePerNight: usd(10_000),
      maxOccupancy: 4,
      standardOccupancy: 2,
      extraGuestPerNight: usd(2_000),
    },
  });
  expect(roomType.statusCode).toBe(201);
  for (const [id, body] of [
    ['flex', flexible24],
    ['saver', nonRefundable],
  ] as const) {
    const put = await putPlan(hotelId, id, body);
    expect(put.statusCode, JSON.stringify(put.body)).toBe(201);
  }
  return hotelId;
}

const putPlan = (hotelId: string, ratePlanId: string, body: unknown, claims = owner, region = us) =>
  region.call({
    method: 'PUT',
    path: `/v1/manage/hotels/${hotelId}/room-types/family/rate-plans/${ratePlanId}`,
    claims,
    body,
  });

const book = (hotelId: string, body: Record<string, unknown>) =>
  us.call({
    method: 'POST',
    path: `/v1/hotels/${hotelId}/bookings`,
    body: { roomTypeId: 'family', checkIn: '2030-01-20', checkOut: '2030-01-22', rooms: 1, guest, ...body },
  });

const cancel = (hotelId: string, made: { body: { bookingId: string; accessToken: string } }) =>
  us.call({
    method: 'DELETE',
    path: `/v1/hotels/${hotelId}/bookings/${made.body.bookingId}`,
    headers: { authorization: `Bearer ${made.body.accessToken}` },
  });

describe('rate plan routes', () => {
  it('puts (201, then 200), lists with standard first, stops (204, again 204), and refuses standard', async () => {
    const hotelId = await hotelIn('America/Los_Angeles');
    const again = await putPlan(hotelId, 'flex', { ...flexible24, name: 'Flexible' });
    expect(again.statusCode).toBe(200);
    expect(again.body).toMatchObject({ ratePlanId: 'flex', name: 'Flexible', includes: ['breakfast'] });
    const list = () =>
      us.call({
        method: 'GET',
        path: `/v1/manage/hotels/${hotelId}/room-types/family/rate-plans`,
        claims: owner,
      });
    expect((await list()).body.items.map((p: { ratePlanId: string }) => p.ratePlanId)).toEqual([
      'standard',
      'flex',
      'saver',
    ]);
    expect((await list()).body.items[0]).toEqual({
      ratePlanId: 'standard',
      name: 'Standard',
      cancellation: { freeUntilHoursBefore: 0, fee: { nights: 1 } },
      noShowFee: { nights: 1 },
      includes: [],
    });
    const stop = () =>
      us.call({
        method: 'DELETE',
        path: `/v1/manage/hotels/${hotelId}/room-types/family/rate-plans/saver`,
        claims: owner,
      });
    expect((await stop()).statusCode).toBe(204);
    expect((await stop()).statusCode).toBe(204);
    expect((await list()).body.items.map((p: { ratePlanId: string }) => p.ratePlanId)).toEqual([
      'standard',
      'flex',
    ]);
    const stopped = await book(hotelId, { ratePlanId: 'saver' });
    expect(stopped.statusCode).toBe(404);
    // Put again, it sells again: a new plan to the caller.
    expect((await putPlan(hotelId, 'saver', nonRefundable)).statusCode).toBe(201);

    const before = await tableSnapshot(us.store);
    const standard = await putPlan(hotelId, 'standard', nonRefundable);
    expect(standard.statusCode).toBe(400);
    expect(standard.body.error.details).toHaveProperty('ratePlanId');
    const foreign = await putPlan(hotelId, 'euro', {
      ...nonRefundable,
      priceAdjustment: { amount: { amount: -500, currency: 'EUR' } },
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.body.error.details).toHaveProperty('priceAdjustment');
    const intruder = await putPlan(hotelId, 'mine', nonRefundable, { sub: 'someone-else' });
    expect(intruder.statusCode).toBe(403);
    const noRoomType = await us.call({
      method: 'PUT',
      path: `/v1/manage/hotels/${hotelId}/room-types/nope/rate-plans/flex`,
      claims: owner,
      body: flexible24,
    });
    expect(noRoomType.statusCode).toBe(404);
    expect(await tableSnapshot(us.store)).toEqual(before);
  });

  it("runs a plan's write in the hotel's owner region when another region receives it", async () => {
    const hotelId = await hotelIn('America/Los_Angeles');
    const res = await putPlan(hotelId, 'weekly', nonRefundable, owner, regions['ap-southeast-1']);
    expect(res.statusCode).toBe(201);
    expect(res.headers).toMatchObject({ 'x-served-region': 'ap-southeast-1', 'x-owner-region': 'us-east-1' });
    // A booking under the plan sent to the other region is booked in the owner region, under that plan.
    const booked = await regions['ap-southeast-1'].call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      body: {
        roomTypeId: 'family',
        checkIn: '2030-01-20',
        checkOut: '2030-01-22',
        rooms: 1,
        guest,
        ratePlanId: 'weekly',
      },
    });
    expect(booked.statusCode).toBe(201);
    expect(booked.headers).toMatchObject({
      'x-served-region': 'ap-southeast-1',
      'x-owner-region': 'us-east-1',
    });
    expect(booked.body).toMatchObject({ ratePlanId: 'weekly', totalPrice: usd(17_000) });
  });
});

describe("offers and fees on the hotel's clock", () => {
  it("offers each plan with its total for the guests, its inclusions and its deadline in the hotel's offset", async () => {
    const hotelId = await hotelIn('America/Los_Angeles');
    const res = await us.call({
      method: 'GET',
      path: `/v1/hotels/${hotelId}/availability`,
      query: { checkIn: '2030-01-20', checkOut: '2030-01-22', adults: '2', children: '1' },
    });
    expect(res.statusCode).toBe(200);
    const [family] = res.body.roomTypes;
    // Two nights of 100.00: one guest above the standard two adds 20.00 a night after the plan's adjustment.
    expect(family.totalPrice).toEqual(usd(24_000));
    expect(family.offers).toEqual([
      {
        ratePlanId: 'standard',
        name: 'Standard',
        totalPrice: usd(24_000),
        includes: [],
        cancellation: { freeUntil: '2030-01-20T15:00:00-08:00', feeAfter: usd(12_000) },
        noShowFee: usd(12_000),
      },
      {
        ratePlanId: 'flex',
        name: 'Flexible, breakfast',
        totalPrice: usd(26_000),
        includes: ['breakfast'],
        cancellation: { freeUntil: '2030-01-19T15:00:00-08:00', feeAfter: usd(13_000) },
        noShowFee: usd(26_000),
      },
      {
        ratePlanId: 'saver',
        name: 'Non-refundable',
        totalPrice: usd(21_000),
        includes: [],
        cancellation: { freeUntil: null, feeAfter: usd(21_000) },
        noShowFee: usd(21_000),
      },
    ]);
  });

  for (const [zone, timeZone, deadline] of [
    // 24 hours before 15:00 local on 20 January.
    ['UTC−8', 'America/Los_Angeles', '2030-01-19T23:00:00Z'],
    ['UTC+8', 'Asia/Singapore', '2030-01-19T07:00:00Z'],
  ] as const) {
    it(`a cancel 1 minute before the deadline is free, 1 minute after costs the fee (${zone} hotel)`, async () => {
      const hotelId = await hotelIn(timeZone);
      const early = await book(hotelId, { ratePlanId: 'flex' });
      const late = await book(hotelId, { ratePlanId: 'flex' });
      expect(early.statusCode, JSON.stringify(early.body)).toBe(201);
      expect(Date.parse(early.body.cancellation.freeUntil)).toBe(Date.parse(deadline));
      expect(early.body.cancellation.freeUntil).toMatch(zone === 'UTC−8' ? /-08:00$/ : /\+08:00$/);
      clock = new Date(Date.parse(deadline) - 60_000);
      const free = await cancel(hotelId, early);
      expect(free.statusCode).toBe(200);
      expect(free.body).toMatchObject({ status: 'CANCELLED', cancellationFee: usd(0) });
      clock = new Date(Date.parse(deadline) + 60_000);
      const charged = await cancel(hotelId, late);
      expect(charged.statusCode).toBe(200);
      // The first night under the plan: 100.00 + 10%.
      expect(charged.body).toMatchObject({ status: 'CANCELLED', cancellationFee: usd(11_000) });
      // Cancelling again answers the same fee: the booking keeps it.
      expect((await cancel(hotelId, late)).body.cancellationFee).toEqual(usd(11_000));
    });
  }

  it('a non-refundable stay costs its fee from the moment of booking; a no-show answers its fee', async () => {
    const hotelId = await hotelIn('Asia/Singapore');
    const saver = await book(hotelId, { ratePlanId: 'saver', adults: 2, children: 1 });
    expect(saver.statusCode).toBe(201);
    expect(saver.body).toMatchObject({
      ratePlanId: 'saver',
      adults: 2,
      children: 1,
      totalPrice: usd(2 * (8_500 + 2_000)),
      cancellation: { freeUntil: null, feeAfter: usd(21_000) },
    });
    expect((await cancel(hotelId, saver)).body.cancellationFee).toEqual(usd(21_000));
    const standard = await book(hotelId, {});
    expect(standard.body).toMatchObject({
      ratePlanId: 'standard',
      adults: 2,
      children: 0,
      totalPrice: usd(20_000),
    });
    clock = new Date('2030-01-20T10:00:00Z');
    const noShow = await us.call({
      method: 'POST',
      path: `/v1/manage/hotels/${hotelId}/bookings/${standard.body.bookingId}/no-show`,
      claims: owner,
    });
    expect(noShow.statusCode).toBe(200);
    expect(noShow.body).toMatchObject({ status: 'NO_SHOW', noShowFee: usd(10_000) });
  });
});

describe('occupancy', () => {
  it('refuses guests beyond the room with a 400 naming adults and writes nothing; availability leaves the room type out', async () => {
    const hotelId = await hotelIn('America/Los_Angeles');
    const before = await tableSnapshot(us.store);
    const tooMany = await book(hotelId, { adults: 3, children: 2 });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body.error.code).toBe('VALIDATION');
    expect(tooMany.body.error.details.adults).toMatch(/at most 4 guests/);
    expect(await tableSnapshot(us.store)).toEqual(before);
    const availability = await us.call({
      method: 'GET',
      path: `/v1/hotels/${hotelId}/availability`,
      query: { checkIn: '2030-01-20', checkOut: '2030-01-22', adults: '4', children: '1' },
    });
    expect(availability.statusCode).toBe(200);
    expect(availability.body.roomTypes).toEqual([]);
    const badRoomType = await us.call({
      method: 'PUT',
      path: `/v1/manage/hotels/${hotelId}/room-types/family`,
      claims: owner,
      body: { name: 'Family', totalRooms: 5, pricePerNight: usd(10_000), standardOccupancy: 5 },
    });
    expect(badRoomType.statusCode).toBe(400);
    expect(badRoomType.body.error.details).toHaveProperty('standardOccupancy');
    // Put again without occupancy: it keeps what it had.
    const kept = await us.call({
      method: 'PUT',
      path: `/v1/manage/hotels/${hotelId}/room-types/family`,
      claims: owner,
      body: { name: 'Family', totalRooms: 5, pricePerNight: usd(10_000) },
    });
    expect(kept.body).toMatchObject({
      maxOccupancy: 4,
      standardOccupancy: 2,
      extraGuestPerNight: usd(2_000),
    });
  });
});

describe('rate plan limits', () => {
  it('a room type sells under at most 20 plans besides standard: a 21st is 409, a replaced one is not', async () => {
    const hotelId = await hotelIn('America/Los_Angeles');
    // Two exist already (flex, saver).
    for (let i = 0; i < 18; i++)
      expect((await putPlan(hotelId, `plan-${i}`, nonRefundable)).statusCode).toBe(201);
    const over = await putPlan(hotelId, 'one-too-many', nonRefundable);
    expect(over.statusCode).toBe(409);
    expect(over.body.error.code).toBe('CONFLICT');
    expect((await putPlan(hotelId, 'flex', flexible24)).statusCode).toBe(200);
  });
});
