import { describe, expect, it } from 'vitest';
import { EmbeddedHotelSearch } from '../../lambdas/adapters/search/embedded-search';
import type { IndexedHotel } from '../../lambdas/domain/ports';
import { searchBehaviour } from './search-behaviour';
import { searchIndexWriterBehaviour } from './search-index-writer-behaviour';
import { RATED_HOTELS, searchRatesBehaviour } from './search-rates-behaviour';

describe('embedded search (MiniSearch)', () => {
  searchBehaviour(async () => new EmbeddedHotelSearch());
});

describe('embedded search: rates (price orders, room filter)', () => {
  searchRatesBehaviour(async () => new EmbeddedHotelSearch());
});

describe("embedded search: the indexer's batch writes", () => {
  searchIndexWriterBehaviour(async () => new EmbeddedHotelSearch());
});

describe("embedded search: a city's list, kept sorted between searches", () => {
  it('follows every change to the city: a new price or name, a hotel added, moved away or removed', async () => {
    const search = new EmbeddedHotelSearch();
    for (const h of RATED_HOTELS) await search.index(h);
    const city = RATED_HOTELS[0]?.city as string;
    const list = async (order?: 'priceFloor') =>
      (await search.search({ city, order, limit: 20 })).items.map((h) => h.hotelId);
    // Asked once in each order, so that each is kept.
    expect(await list('priceFloor')).toEqual(['p-8', 'p-5', 'p-6', 'p-2', 'p-3', 'p-1', 'p-4', 'p-7']);
    expect((await list()).slice(0, 2)).toEqual(['p-3', 'p-1']); // by name: Aardvark, Alpha
    const alpha = RATED_HOTELS[0] as IndexedHotel;
    // Alpha's floor falls to USD 0.01 (after EUR still) and it is renamed to sort last by name.
    await search.index({
      ...alpha,
      name: 'Quillon Zulu',
      rates: { roomTypes: alpha.rates?.roomTypes ?? [], priceFloor: { amount: 1, currency: 'USD' } },
    });
    await search.index({ hotelId: 'p-9', name: 'Quillon Able', city, country: 'US', managedIn: 'us-east-1' });
    await search.remove('p-2');
    await search.index({ ...(RATED_HOTELS[2] as IndexedHotel), city: 'Elsewhere' });
    expect(await list('priceFloor')).toEqual(['p-9', 'p-8', 'p-5', 'p-1', 'p-6', 'p-4', 'p-7']);
    expect(await list()).toEqual(['p-9', 'p-4', 'p-5', 'p-6', 'p-7', 'p-8', 'p-1']);
  });
});
