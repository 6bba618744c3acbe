/**
 * A dated search makes its offers from the hotel's rate summary, as the index has it,
 * and reads only the nights: no room type item, when the summary carries each room
 * type's name, size, price and occupancy. A summary written before it carried them
 * (no `name`) makes the search read the room types, and the offers are the same.
 * On DynamoDB Local, with room type changes going through the domain, so the summary
 * is the one each change writes.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { setRoomTypeCalendar } from '../../lambdas/domain/calendar';
import { searchHotels } from '../../lambdas/domain/catalog';
import { createHotel } from '../../lambdas/domain/hotels';
import type { Hotel } from '../../lambdas/domain/model';
import { putRatePlan } from '../../lambdas/domain/rate-plan-management';
import { putRoomType } from '../../lambdas/domain/room-types';
import { daysFromNow, testStore } from '../support/store';
import { countingStore as countingStoreOf, indexedFrom, withOldSummary } from '../support/summary-search';

const store = testStore('ap-southeast-1');
const OWNER = `summary-offers-${randomUUID()}`;
const sgd = (amount: number) => ({ amount, currency: 'SGD' });

const countingStore = () => countingStoreOf(store);
const indexed = (ids: readonly string[], as?: (hotel: Hotel) => Hotel) => indexedFrom(store, ids, as);

describe('dated search offers from the rate summary (DynamoDB Local)', () => {
  it('reads no room type when the summary carries them, and offers what reading them would', async () => {
    const city = `Summary ${randomUUID()}`;
    const stay = { checkIn: daysFromNow(30), checkOut: daysFromNow(33) };
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const { hotelId } = await createHotel(store, OWNER, {
        name: `Summary Hotel ${i}`,
        city,
        country: 'SG',
        timeZone: 'Asia/Singapore',
      });
      ids.push(hotelId);
      // Room types that differ in what an offer is made of: size, price, occupancy, extra guests.
      await putRoomType(store, OWNER, hotelId, 'twin', {
        name: `Twin ${i}`,
        totalRooms: 1 + (i % 3),
        pricePerNight: sgd(10_000 + 500 * i),
        maxOccupancy: 2,
      });
      await putRoomType(store, OWNER, hotelId, 'family', {
        name: `Family ${i}`,
        totalRooms: 4,
        pricePerNight: sgd(9_000 + 700 * i),
        maxOccupancy: 4,
        standardOccupancy: 2,
        extraGuestPerNight: sgd(1_500),
      });
      if (i % 4 === 0)
        await putRatePlan(store, OWNER, hotelId, 'family', 'saver', {
          name: 'Saver',
          priceAdjustment: { percent: -10 },
          cancellation: { freeUntilHoursBefore: null, fee: { percent: 100 } },
          noShowFee: { percent: 100 },
        });
      // A closed night rules a room type out; a calendar price moves a total.
      if (i % 5 === 1)
        await setRoomTypeCalendar(store, OWNER, hotelId, 'family', {
          from: stay.checkIn,
          to: daysFromNow(31),
          closed: true,
        });
      if (i % 5 === 2)
        await setRoomTypeCalendar(store, OWNER, hotelId, 'twin', {
          from: daysFromNow(31),
          to: daysFromNow(32),
          pricePerNight: sgd(4_000),
        });
    }
    const query = { city, ...stay, adults: 3, rooms: 1, limit: 20 };

    const fromSummary = countingStore();
    const summarized = await indexed(ids);
    const byRelevance = await searchHotels(fromSummary.ctx, summarized, query);
    const byPrice = await searchHotels(fromSummary.ctx, summarized, { ...query, sort: 'price' });
    expect(fromSummary.counted.roomTypes).toBe(0);
    expect(fromSummary.counted.nights).toBeGreaterThan(0);

    const fromItems = countingStore();
    const old = await indexed(ids, withOldSummary);
    const oldByRelevance = await searchHotels(fromItems.ctx, old, query);
    const oldByPrice = await searchHotels(fromItems.ctx, old, { ...query, sort: 'price' });
    expect(fromItems.counted.roomTypes).toBeGreaterThan(0);

    const offers = (page: typeof byPrice) => page.items.map((h) => [h.hotelId, h.offer]);
    expect(offers(byRelevance)).toEqual(offers(oldByRelevance));
    expect(offers(byPrice)).toEqual(offers(oldByPrice));
    // Three guests fit only the family room: closed on a night at 1, 6 and 11, so those hotels are out.
    expect(byPrice.items).toHaveLength(9);
    expect(new Set(byPrice.items.map((h) => h.offer?.roomTypeId))).toEqual(new Set(['family']));
    // 3 nights of (9,000 less 10% on the saver plan, and 1,500 for the third guest, which no plan discounts).
    expect(byPrice.items.find((h) => h.hotelId === ids[0])?.offer).toMatchObject({
      totalPrice: sgd(28_800),
      ratePlanId: 'saver',
      name: 'Family 0',
    });
  });

  it('follows a room type change: the summary each change writes is what search prices from', async () => {
    const city = `Summary change ${randomUUID()}`;
    const stay = { checkIn: daysFromNow(40), checkOut: daysFromNow(42) };
    const { hotelId } = await createHotel(store, OWNER, {
      name: 'Changing Rooms',
      city,
      country: 'SG',
      timeZone: 'Asia/Singapore',
    });
    const room = { name: 'Studio', totalRooms: 2, pricePerNight: sgd(12_000), maxOccupancy: 3 };
    await putRoomType(store, OWNER, hotelId, 'studio', room);
    const { ctx, counted } = countingStore();
    const query = { city, ...stay, adults: 3, rooms: 2, limit: 5 };
    expect((await searchHotels(ctx, await indexed([hotelId]), query)).items[0]?.offer).toMatchObject({
      name: 'Studio',
      totalPrice: sgd(48_000),
    });
    // Renamed, two guests in the price, a fee for the third, and one room fewer: too few for 2 rooms.
    await putRoomType(store, OWNER, hotelId, 'studio', {
      ...room,
      name: 'Garden Studio',
      standardOccupancy: 2,
      extraGuestPerNight: sgd(2_000),
    });
    expect((await searchHotels(ctx, await indexed([hotelId]), query)).items[0]?.offer).toMatchObject({
      name: 'Garden Studio',
      totalPrice: sgd(56_000),
    });
    await putRoomType(store, OWNER, hotelId, 'studio', { ...room, totalRooms: 1 });
    expect((await searchHotels(ctx, await indexed([hotelId]), query)).items).toEqual([]);
    expect(counted.roomTypes).toBe(0);
  });
});
