/**
 * A dated search reads each hotel's cheapest room type first (by its own lowest price) and
 * the others only when that one does not settle the offer: when it is full or closed, or when
 * the hotel's price floor says another room type may cost less (a calendar price). The offers
 * are the ones reading every room type gives, ties included: at the same total, the room type
 * whose own price is lower. On DynamoDB Local, with every change going through the domain, so
 * the rate summary and the floor are the ones those changes write.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { setRoomTypeCalendar } from '../../lambdas/domain/calendar';
import { searchHotels } from '../../lambdas/domain/catalog';
import { createHotel } from '../../lambdas/domain/hotels';
import type { Hotel } from '../../lambdas/domain/model';
import { putRoomType } from '../../lambdas/domain/room-types';
import { daysFromNow, testStore } from '../support/store';
import { countingStore as countingStoreOf, indexedFrom, withOldSummary } from '../support/summary-search';

const store = testStore('ap-southeast-1');
const OWNER = `cheapest-first-${randomUUID()}`;
const sgd = (amount: number) => ({ amount, currency: 'SGD' });

const countingStore = () => countingStoreOf(store);
const indexed = (ids: readonly string[], as?: (hotel: Hotel) => Hotel) => indexedFrom(store, ids, as);

describe('dated search reads the cheapest room type first (DynamoDB Local)', () => {
  it('reads the others only where the cheapest does not settle the offer, and offers what reading all would', async () => {
    const city = `Cheapest ${randomUUID()}`;
    const stay = { checkIn: daysFromNow(40), checkOut: daysFromNow(42) };
    const ids: string[] = [];
    const kinds: string[] = [];
    for (let i = 0; i < 16; i++) {
      const { hotelId } = await createHotel(store, OWNER, {
        name: `Cheapest Hotel ${i}`,
        city,
        country: 'SG',
        timeZone: 'Asia/Singapore',
      });
      ids.push(hotelId);
      // "King" sorts before "Queen": a tie broken by name would name the king.
      for (const [id, name, amount] of [
        ['queen', 'Queen', 10_000 + 100 * i],
        ['king', 'King', 14_000 + 100 * i],
        ['suite', 'Suite', 20_000 + 100 * i],
      ] as const)
        await putRoomType(store, OWNER, hotelId, id, { name, totalRooms: 3, pricePerNight: sgd(amount) });
      const both = { from: stay.checkIn, to: stay.checkOut };
      const kind = ['plain', 'queen closed', 'suite on offer', 'king at the queen price'][i % 4] as string;
      kinds.push(kind);
      if (kind === 'queen closed')
        await setRoomTypeCalendar(store, OWNER, hotelId, 'queen', {
          from: stay.checkIn,
          to: daysFromNow(41),
          closed: true,
        });
      if (kind === 'suite on offer')
        await setRoomTypeCalendar(store, OWNER, hotelId, 'suite', { ...both, pricePerNight: sgd(8_000) });
      if (kind === 'king at the queen price')
        await setRoomTypeCalendar(store, OWNER, hotelId, 'king', {
          ...both,
          pricePerNight: sgd(10_000 + 100 * i),
        });
    }
    const query = { city, ...stay, rooms: 1, limit: 20 };
    const offers = (page: Awaited<ReturnType<typeof searchHotels>>) =>
      page.items.map((h) => [h.hotelId, h.offer]);

    for (const sort of ['relevance', 'price'] as const) {
      const first = countingStore();
      const page = await searchHotels(first.ctx, await indexed(ids), { ...query, sort });
      const all = countingStore();
      const whole = await searchHotels(all.ctx, await indexed(ids, withOldSummary), { ...query, sort });
      expect(offers(page)).toEqual(offers(whole));
      expect(page.items).toHaveLength(16);
      // Two nights of the queen for the plain hotels and the king at her price; of all three for the others.
      expect(first.counted.nights).toBe(8 * 2 + 8 * 3 * 2);
      expect(all.counted.nights).toBe(16 * 3 * 2);
      const offerOf = (i: number) => page.items.find((h) => h.hotelId === ids[i])?.offer;
      for (let i = 0; i < 16; i++) {
        const expected = {
          plain: ['queen', 2 * (10_000 + 100 * i)],
          'queen closed': ['king', 2 * (14_000 + 100 * i)],
          'suite on offer': ['suite', 2 * 8_000],
          // The same total: the room type whose own price is lower, not the first by name.
          'king at the queen price': ['queen', 2 * (10_000 + 100 * i)],
        }[kinds[i] as string] as [string, number];
        expect(offerOf(i), `${kinds[i]} (${i})`).toMatchObject({
          roomTypeId: expected[0],
          totalPrice: sgd(expected[1]),
        });
      }
    }
  }, 60_000);
});
