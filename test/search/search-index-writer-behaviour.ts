/**
 * What the search indexer relies on from either engine's `write`: a batch applies in order,
 * removing an absent hotel is fine, and everything is searchable once it resolves, however
 * large the batch. Runs on the embedded engine (unit) and on a real OpenSearch node.
 */
import { beforeAll, expect, it } from 'vitest';
import type { HotelSearch, IndexedHotel, SearchIndexWriter } from '../../lambdas/domain/ports';

const CITY = 'Quillon Writes';
const hotel = (hotelId: string, name: string): IndexedHotel => ({
  hotelId,
  name,
  city: CITY,
  country: 'SG',
  managedIn: 'ap-southeast-1',
});

/** Registers the tests for the engine `make` returns (empty). */
export function searchIndexWriterBehaviour(make: () => Promise<HotelSearch & SearchIndexWriter>): void {
  let search: HotelSearch & SearchIndexWriter;
  const inCity = async (q?: string) =>
    (await search.search({ q, city: CITY, limit: 100 })).items.map((h) => `${h.hotelId}:${h.name}`);

  beforeAll(async () => {
    search = await make();
  });

  it('applies a batch in order: a later change to the same hotel wins', async () => {
    await search.write([
      { op: 'index', hotel: hotel('w-1', 'Gone Again Inn') },
      { op: 'remove', hotelId: 'w-1' },
      { op: 'remove', hotelId: 'w-2' },
      { op: 'index', hotel: hotel('w-2', 'Back Again Lodge') },
      { op: 'index', hotel: hotel('w-3', 'First Name Hotel') },
      { op: 'index', hotel: hotel('w-3', 'Renamed Harbour Hotel') },
      { op: 'remove', hotelId: 'never-there' },
    ]);
    expect(await inCity()).toEqual(['w-2:Back Again Lodge', 'w-3:Renamed Harbour Hotel']);
    expect(await inCity('first')).toEqual([]);
    await search.write([
      { op: 'remove', hotelId: 'w-2' },
      { op: 'remove', hotelId: 'w-3' },
    ]);
    expect(await inCity()).toEqual([]);
  });

  it('makes a batch larger than one bulk request searchable when it resolves', async () => {
    const many = Array.from({ length: 1_203 }, (_, i) =>
      hotel(`m-${String(i).padStart(4, '0')}`, `Many ${i}`),
    );
    await search.write(many.map((h) => ({ op: 'index', hotel: h })));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await search.search({ city: CITY, limit: 100, cursor });
      seen.push(...page.items.map((h) => h.hotelId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(many.length);
    expect(new Set(seen)).toEqual(new Set(many.map((h) => h.hotelId)));
  });
}
