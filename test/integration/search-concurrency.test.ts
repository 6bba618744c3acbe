/**
 * The local engine under concurrent use, on DynamoDB Local: dated searches page through two
 * cities while other travellers type searches and the indexer rewrites hotels, all at once.
 * Each dated page waits on DynamoDB between the engine's answer and reading its hits'
 * cursors, which is when another search or an index update used to change what a cursor said.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EmbeddedHotelSearch } from '../../lambdas/adapters/search/embedded-search';
import { searchHotels } from '../../lambdas/domain/catalog';
import { createHotel } from '../../lambdas/domain/hotels';
import type { Hotel } from '../../lambdas/domain/model';
import { putRoomType } from '../../lambdas/domain/room-types';
import { daysFromNow, testStore } from '../support/store';

const store = testStore('us-east-1');
const owner = `concurrency-${randomUUID()}`;
const HOTELS_PER_CITY = 24;
const WORDS = ['Orchard', 'Harbour', 'Garden', 'Summit', 'Lantern', 'Willow'];

async function cityOf(city: string): Promise<Hotel[]> {
  const hotels: Hotel[] = [];
  for (let i = 0; i < HOTELS_PER_CITY; i++) {
    const name = `${WORDS[i % WORDS.length]} ${['Inn', 'Lodge', 'Rooms', 'Suites'][i % 4]} ${i}`;
    const hotel = await createHotel(store, owner, { name, city, country: 'US' });
    // Prices tie in threes, so the name decides the order within a tie.
    await putRoomType(store, owner, hotel.hotelId, 'std', {
      name: 'Standard',
      totalRooms: 3,
      pricePerNight: { amount: 5_000 + Math.floor(i / 3) * 500, currency: 'USD' },
    });
    hotels.push((await store.hotels.getHotel(hotel.hotelId, { consistent: true })) as Hotel);
  }
  return hotels;
}

describe('the embedded engine under concurrent searches and index updates', () => {
  it('pages dated searches with no repeat and no gap, and never fails, while others search and the index changes', async () => {
    const tag = randomUUID().slice(0, 8).replace(/\d/g, 'x');
    // Relevance pages through one city by its (unique) name; price pages through another by its filter.
    const relevanceCity = `Quillon${tag}`;
    const priceCity = `Pricefield${tag}`;
    const [byRelevance, byPrice, elsewhere] = [
      await cityOf(relevanceCity),
      await cityOf(priceCity),
      await cityOf(`Elsewhere${tag}`),
    ];
    const search = new EmbeddedHotelSearch();
    for (const hotel of [...byRelevance, ...byPrice, ...elsewhere]) await search.index(hotel);
    const stay = { checkIn: daysFromNow(30), checkOut: daysFromNow(32), limit: 4 };

    const pageThrough = async (request: Parameters<typeof searchHotels>[2]) => {
      const shown: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await searchHotels(store, search, { ...request, cursor });
        shown.push(...page.items.map((h) => h.hotelId));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return shown;
    };
    let searching = true;
    const typing = async () => {
      for (let i = 0; searching; i++) {
        // Prefixes and words of both cities' hotels: these searches score the same hotels differently.
        const word = WORDS[i % WORDS.length] as string;
        await search.search({ q: `${word.slice(0, 2 + (i % 4))}`, limit: 10 });
        await search.search({ q: `${relevanceCity} ${word}`, limit: 5 });
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const indexing = async () => {
      // The same hotels again: the engine gives each a new ordinal and drops the old one.
      for (let round = 0; searching; round++) {
        for (const hotel of [...byPrice, ...elsewhere]) {
          await search.index(hotel);
          if (round % 2) await new Promise((resolve) => setImmediate(resolve));
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const walks = async () => {
      const results: Array<{ kind: string; shown: string[] }> = [];
      for (let i = 0; i < 3; i++) {
        const [relevance, price] = await Promise.all([
          pageThrough({ ...stay, q: relevanceCity }),
          pageThrough({ ...stay, city: priceCity, sort: 'price' }),
        ]);
        results.push({ kind: 'relevance', shown: relevance }, { kind: 'price', shown: price });
      }
      return results;
    };
    const background = [typing(), typing(), indexing()];
    let results: Array<{ kind: string; shown: string[] }>;
    try {
      results = (await Promise.all([walks(), walks()])).flat();
    } finally {
      searching = false;
      await Promise.all(background);
    }
    for (const { kind, shown } of results) {
      const expected = (kind === 'price' ? byPrice : byRelevance).map((h) => h.hotelId);
      expect(shown.length, `${kind}: ${shown.length} shown`).toBe(new Set(shown).size);
      expect([...shown].sort(), kind).toEqual([...expected].sort());
    }
    // Price order is exact: by price, then name.
    const expectedByPrice = [...byPrice]
      .map((h, i) => ({ id: h.hotelId, name: h.name, price: 5_000 + Math.floor(i / 3) * 500 }))
      .sort((a, b) => a.price - b.price || (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1))
      .map((h) => h.id);
    for (const { kind, shown } of results) if (kind === 'price') expect(shown).toEqual(expectedByPrice);
  });
});
