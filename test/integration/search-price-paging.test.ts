/**
 * Paging a dated search by price while prices change, on DynamoDB Local: a
 * hotel shown on one page whose price then rises is not shown again on the
 * next (a price floor only goes down, so it never comes after where the next
 * page goes on from), and the hotel held by the cursor is checked again.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EmbeddedHotelSearch } from '../../lambdas/adapters/search/embedded-search';
import { setRoomTypeCalendar } from '../../lambdas/domain/calendar';
import { searchHotels } from '../../lambdas/domain/catalog';
import { createHotel } from '../../lambdas/domain/hotels';
import { putRoomType } from '../../lambdas/domain/room-types';
import { daysFromNow, testStore } from '../support/store';

const store = testStore('us-east-1');
const owner = `price-paging-${randomUUID()}`;

async function hotelAt(city: string, name: string, amount: number) {
  const hotel = await createHotel(store, owner, { name, city, country: 'US' });
  await putRoomType(store, owner, hotel.hotelId, 'std', {
    name: 'Standard',
    totalRooms: 2,
    pricePerNight: { amount, currency: 'USD' },
  });
  return hotel.hotelId;
}

describe('dated search by price across pages', () => {
  it('never shows a hotel twice, even when its price rises between pages', async () => {
    const city = `Paging ${randomUUID()}`;
    const search = new EmbeddedHotelSearch();
    const index = async (id: string) => {
      const hotel = await store.hotels.getHotel(id, { consistent: true });
      if (hotel) await search.index(hotel);
    };
    // A once had a promotion: its floor (10.00) is far below its price (50.00). B costs 20.00.
    const a = await hotelAt(city, 'Alder Lodge', 5_000);
    const range = { from: daysFromNow(20), to: daysFromNow(21) };
    await setRoomTypeCalendar(store, owner, a, 'std', {
      ...range,
      pricePerNight: { amount: 1_000, currency: 'USD' },
    });
    await setRoomTypeCalendar(store, owner, a, 'std', { ...range, pricePerNight: null });
    const b = await hotelAt(city, 'Birch House', 2_000);
    await index(a);
    await index(b);

    const stay = {
      city,
      checkIn: daysFromNow(10),
      checkOut: daysFromNow(11),
      sort: 'price' as const,
      limit: 1,
    };
    const first = await searchHotels(store, search, stay);
    expect(first.items.map((h) => [h.hotelId, h.offer?.totalPrice.amount])).toEqual([[b, 2_000]]);

    // B's price rises above A's before the next page: it now sorts after A, yet it was already shown.
    await putRoomType(store, owner, b, 'std', {
      name: 'Standard',
      totalRooms: 2,
      pricePerNight: { amount: 9_000, currency: 'USD' },
    });
    await index(b);
    const second = await searchHotels(store, search, { ...stay, cursor: first.nextCursor as string });
    expect(second.items.map((h) => [h.hotelId, h.offer?.totalPrice.amount])).toEqual([[a, 5_000]]);
    expect(second.nextCursor).toBeNull();
  });
});
