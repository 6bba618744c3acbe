/**
 * Dated search with rate plans and guests, on DynamoDB Local: each hotel's offer is
 * its cheapest plan for the stay, rooms and guests (as availability prices it), with
 * `ratePlanId` and `refundable`; a room type too small for the guests is not offered;
 * and price order stays exact when a plan's discount takes a hotel below another's
 * base price (the hotel's price floor is lowered by its plans, so it stays a bound).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EmbeddedHotelSearch } from '../../lambdas/adapters/search/embedded-search';
import { availabilityFor } from '../../lambdas/domain/availability';
import { setRoomTypeCalendar } from '../../lambdas/domain/calendar';
import { searchHotels } from '../../lambdas/domain/catalog';
import { createHotel } from '../../lambdas/domain/hotels';
import { putRatePlan, type RatePlanInput, stopRatePlan } from '../../lambdas/domain/rate-plan-management';
import { putRoomType } from '../../lambdas/domain/room-types';
import { daysFromNow, testStore } from '../support/store';

const store = testStore('us-east-1');
const OWNER = `plan-search-${randomUUID()}`;
const usd = (amount: number) => ({ amount, currency: 'USD' });
const nonRefundable = (percent: number): RatePlanInput => ({
  name: 'Non-refundable',
  priceAdjustment: { percent },
  cancellation: { freeUntilHoursBefore: null, fee: { percent: 100 } },
  noShowFee: { percent: 100 },
});

/** A hotel in `city` with one room type at `price`, indexed as its stored item says. */
async function hotelAt(city: string, name: string, price: number, occupancy: { maxOccupancy?: number } = {}) {
  const { hotelId } = await createHotel(store, OWNER, { name, city, country: 'US', timeZone: 'UTC' });
  await putRoomType(store, OWNER, hotelId, 'room', {
    name: 'Room',
    totalRooms: 3,
    pricePerNight: usd(price),
    ...occupancy,
  });
  return hotelId;
}

async function reindex(search: EmbeddedHotelSearch, ...ids: string[]) {
  for (const id of ids) {
    const stored = await store.hotels.getHotel(id, { consistent: true });
    if (stored) await search.index(stored);
  }
}

describe('dated search with rate plans and guests (DynamoDB Local)', () => {
  it('offers the cheapest plan, as availability prices it, and keeps price order exact', async () => {
    const city = `Plans ${randomUUID()}`;
    const search = new EmbeddedHotelSearch();
    const plain = await hotelAt(city, 'Plain Inn', 4_000);
    const discounted = await hotelAt(city, 'Discount House', 10_000);
    await putRatePlan(store, OWNER, discounted, 'room', 'nonref', nonRefundable(-30));
    // A calendar price after the plan: the floor goes under it by the plan's discount too
    // (5,000 × 0.7), or the walk would show the plain inn (floor 4,000) first.
    const stay = { checkIn: daysFromNow(20), checkOut: daysFromNow(22) };
    await setRoomTypeCalendar(store, OWNER, discounted, 'room', {
      from: stay.checkIn,
      to: stay.checkOut,
      pricePerNight: usd(5_000),
    });
    await reindex(search, plain, discounted);

    const page = await searchHotels(store, search, { city, ...stay, rooms: 2, sort: 'price', limit: 10 });
    // 5,000 × 0.7 × 2 nights × 2 rooms = 14,000 before the plain inn's 4,000 × 2 × 2 = 16,000.
    expect(
      page.items.map((h) => [h.name, h.offer?.totalPrice.amount, h.offer?.ratePlanId, h.offer?.refundable]),
    ).toEqual([
      ['Discount House', 14_000, 'nonref', false],
      ['Plain Inn', 16_000, 'standard', true],
    ]);
    // The same total availability quotes for that plan, per room.
    const offers = (await availabilityFor(store, discounted, stay.checkIn, stay.checkOut))[0]?.offers ?? [];
    expect(offers.find((o) => o.ratePlanId === 'nonref')?.totalPrice).toEqual(usd(7_000));
    // One page at a time, the same order.
    const first = await searchHotels(store, search, { city, ...stay, sort: 'price', limit: 1 });
    const second = await searchHotels(store, search, {
      city,
      ...stay,
      sort: 'price',
      limit: 1,
      cursor: first.nextCursor ?? undefined,
    });
    expect([...first.items, ...second.items].map((h) => h.name)).toEqual(['Discount House', 'Plain Inn']);

    // The plan stopped: the hotel is offered at its standard price again.
    await stopRatePlan(store, OWNER, discounted, 'room', 'nonref');
    await reindex(search, discounted);
    const after = await searchHotels(store, search, { city, ...stay, sort: 'price', limit: 10 });
    expect(after.items.map((h) => [h.name, h.offer?.totalPrice.amount, h.offer?.ratePlanId])).toEqual([
      ['Plain Inn', 8_000, 'standard'],
      ['Discount House', 10_000, 'standard'],
    ]);
  });

  it('prices the guests and leaves out a hotel whose rooms are too small for them', async () => {
    const city = `Guests ${randomUUID()}`;
    const search = new EmbeddedHotelSearch();
    const small = await hotelAt(city, 'Small Rooms', 5_000, { maxOccupancy: 2 });
    const family = await hotelAt(city, 'Family Rooms', 9_000, { maxOccupancy: 4 });
    await putRoomType(store, OWNER, family, 'room', {
      name: 'Room',
      totalRooms: 3,
      pricePerNight: usd(9_000),
      maxOccupancy: 4,
      standardOccupancy: 2,
      extraGuestPerNight: usd(1_500),
    });
    await reindex(search, small, family);
    const stay = { checkIn: daysFromNow(30), checkOut: daysFromNow(31) };
    const two = await searchHotels(store, search, { city, ...stay, sort: 'price', limit: 10 });
    expect(two.items.map((h) => h.name)).toEqual(['Small Rooms', 'Family Rooms']);
    const four = await searchHotels(store, search, {
      city,
      ...stay,
      adults: 2,
      children: 2,
      sort: 'price',
      limit: 10,
    });
    expect(four.items.map((h) => [h.name, h.offer?.totalPrice.amount])).toEqual([['Family Rooms', 12_000]]);
  });
});
