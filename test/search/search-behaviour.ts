/**
 * The behaviour every HotelSearch adapter must show, as travellers expect it.
 * Run against the embedded engine (unit project) and against a real OpenSearch
 * node (test/opensearch/, the `opensearch` project).
 */
import { beforeAll, expect, it } from 'vitest';
import { ValidationFailed } from '../../lambdas/domain/errors';
import type { HotelSearch, HotelSummary } from '../../lambdas/domain/ports';
import { forgeCursor, MALFORMED_SORT_VALUES, openCursor } from './forged-cursor';

const hotel = (hotelId: string, name: string, city: string, country: string): HotelSummary => ({
  hotelId,
  name,
  city,
  country,
  managedIn: ['US'].includes(country) ? 'us-east-1' : 'ap-southeast-1',
});

export const BEHAVIOUR_HOTELS: HotelSummary[] = [
  hotel('sg-1', 'Marina Bay Grand Hotel', 'Singapore', 'SG'),
  hotel('sg-2', 'Raffles Court Hotel', 'Singapore', 'SG'),
  hotel('sg-3', 'Tanjong Pagar Lodge', 'Singapore', 'SG'),
  hotel('us-1', 'The Singapore Inn', 'San Francisco', 'US'),
  hotel('th-1', 'Orchid Riverside Hotel', 'Bangkok', 'TH'),
  hotel('th-2', 'Bangkok Garden Suites', 'Bangkok', 'TH'),
  hotel('th-3', 'Silom Orchid Residence', 'Chiang Mai', 'TH'),
  hotel('vn-1', 'Café Lumière', 'Hanoi', 'VN'),
  hotel('vn-2', 'Phố Cổ Boutique', 'Hội An', 'VN'),
  hotel('vn-3', 'Đà Nẵng Beach Resort', 'Đà Nẵng', 'VN'),
  hotel('la-1', 'Hôtel de la Paix', 'Luang Prabang', 'LA'),
  hotel('us-2', 'Harbour Lights Hotel', 'Boston', 'US'),
  hotel('us-3', 'Lone Star Lodge', 'Austin', 'US'),
  // Names a typo away from a city ("Angkor" and "bangkok", "Marina" and "manila"): rare, so typo matches once outscored the city.
  hotel('kh-1', 'Angkor Vista Hotel', 'Siem Reap', 'KH'),
  hotel('kh-2', 'Angkor Royal Lodge', 'Siem Reap', 'KH'),
  hotel('kh-3', 'Imperial Angkor Inn', 'Siem Reap', 'KH'),
  hotel('ph-1', 'Malate Bayview Suites', 'Manila', 'PH'),
  hotel('ph-2', 'Ermita Courtyard Inn', 'Manila', 'PH'),
  hotel('ph-3', 'Banilad Town Hotel', 'Cebu City', 'PH'),
  hotel('us-6', 'Marina Pier Hotel', 'San Diego', 'US'),
  // A hotel whose whole name is a city's name, in another city.
  hotel('us-5', 'Hanoi', 'Boston', 'US'),
  // Query-syntax characters in a name: found by them as plain text, never read as operators.
  hotel('us-4', 'Bar & Grill* "Old Town" (1920)', 'Boston', 'US'),
  ...Array.from({ length: 25 }, (_, i) =>
    hotel(
      `my-${String(i).padStart(2, '0')}`,
      `Petaling Stay ${String.fromCharCode(65 + i)}`,
      'Kuala Lumpur',
      'MY',
    ),
  ),
];

const ids = (items: HotelSummary[]) => items.map((h) => h.hotelId);

/** Registers the behaviour tests for the search returned by `make` (which starts empty). */
export function searchBehaviour(make: () => Promise<HotelSearch>): void {
  let search: HotelSearch;
  // Each hit also carries the cursor after it (`after`); these cases are about the hotels.
  const find = async (q: string, city?: string, limit = 20) =>
    (await search.search({ q, city, limit })).items.map(({ after: _after, ...h }) => h);

  beforeAll(async () => {
    search = await make();
    for (const h of BEHAVIOUR_HOTELS) await search.index(h);
  });

  it('matches a prefix as you type ("singap")', async () => {
    const found = ids(await find('singap'));
    expect(found).toEqual(expect.arrayContaining(['sg-1', 'sg-2', 'sg-3', 'us-1']));
    expect(found).not.toContain('th-1');
  });

  it('forgives typos in a typed-out word ("Marina Bey", "bangkokk", "Bnagkok")', async () => {
    expect(ids(await find('Marina Bey'))[0]).toBe('sg-1');
    expect(ids(await find('bangkokk'))).toEqual(expect.arrayContaining(['th-1', 'th-2']));
    expect(ids(await find('Bnagkok'))).toEqual(expect.arrayContaining(['th-1', 'th-2']));
    expect(ids(await find('hotle'))).toEqual(expect.arrayContaining(['sg-1', 'sg-2', 'th-1', 'us-2']));
  });

  it('ignores accents both ways ("cafe lumiere", "hoi an", "Café")', async () => {
    expect(ids(await find('cafe lumiere'))[0]).toBe('vn-1');
    expect(ids(await find('hoi an'))).toContain('vn-2');
    expect(ids(await find('da nang beach'))[0]).toBe('vn-3');
    expect(ids(await find('hôtel paix'))[0]).toBe('la-1');
    expect(ids(await find('hotel de la paix'))[0]).toBe('la-1');
  });

  it('mixes city and name words ("bangkok orchid")', async () => {
    const found = ids(await find('bangkok orchid'));
    expect(found[0]).toBe('th-1');
    expect(found).not.toContain('th-3'); // an Orchid, but not in Bangkok
  });

  it('filters by city exactly, ignoring case and accents', async () => {
    expect(ids(await find('hotel', 'singapore')).sort()).toEqual(['sg-1', 'sg-2']);
    expect(ids(await find('hotel', 'SINGAPORE')).sort()).toEqual(['sg-1', 'sg-2']);
    expect(ids(await find('', 'Hoi An'))).toEqual(['vn-2']);
    expect(await find('hotel', 'Singa')).toEqual([]);
  });

  it('lists a city for an empty query, in name order', async () => {
    const found = await find('', 'Singapore');
    expect(found.map((h) => h.name)).toEqual([
      'Marina Bay Grand Hotel',
      'Raffles Court Hotel',
      'Tanjong Pagar Lodge',
    ]);
    expect(found[0]).toEqual(BEHAVIOUR_HOTELS[0]);
  });

  it('pages with a cursor without duplicates or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await search.search({ q: 'petaling', limit: 10, cursor });
      seen.push(...ids(page.items));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(
      BEHAVIOUR_HOTELS.filter((h) => h.city === 'Kuala Lumpur')
        .map((h) => h.hotelId)
        .sort(),
    );
  });

  it('refuses a tampered cursor, or one from another query, as a validation error', async () => {
    const first = await search.search({ q: 'petaling', limit: 5 });
    const cursor = first.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    const [body = '', sum = ''] = cursor.split('.');
    const tampered = `${body.slice(0, -2)}${body.slice(-2) === 'AA' ? 'BB' : 'AA'}.${sum}`;
    for (const bad of [tampered, 'garbage', `${cursor}x`, '..', 'e30.AAAAAAAAAA', `${body}.${sum}.x`])
      await expect(search.search({ q: 'petaling', limit: 5, cursor: bad })).rejects.toBeInstanceOf(
        ValidationFailed,
      );
    await expect(search.search({ q: 'hotel', limit: 5, cursor })).rejects.toBeInstanceOf(ValidationFailed);
    // An empty cursor (`cursor=`) means the first page.
    expect(ids((await search.search({ q: 'petaling', limit: 5, cursor: '' })).items)).toEqual(
      ids(first.items),
    );
  });

  it("narrows to one hotelier's hotels when asked, and never shows who owns a hotel", async () => {
    await search.index({ ...hotel('own-1', 'Orchid Owner Hotel', 'Bangkok', 'TH'), ownerId: 'owner-a' });
    await search.index({ ...hotel('own-2', 'Orchid Other Hotel', 'Bangkok', 'TH'), ownerId: 'owner-b' });
    await search.index({ ...hotel('own-3', 'Owner Two Lodge', 'Hanoi', 'VN'), ownerId: 'owner-a' });
    const mine = await search.search({ q: 'orchid', ownerId: 'owner-a', limit: 20 });
    expect(ids(mine.items)).toEqual(['own-1']);
    // By name, not by how well each matches: a hotelier's list keeps its order while filtering.
    await search.index({ ...hotel('own-4', 'Aardvark Orchard', 'Hanoi', 'VN'), ownerId: 'owner-a' });
    expect(ids((await search.search({ q: 'o', ownerId: 'owner-a', limit: 20 })).items)).toEqual([
      'own-4',
      'own-1',
      'own-3',
    ]);
    // A traveller's search sees every hotel, and no result carries its owner.
    const everyone = await search.search({ q: 'orchid', limit: 20 });
    expect(ids(everyone.items)).toEqual(expect.arrayContaining(['own-1', 'own-2', 'th-1', 'th-3']));
    for (const item of everyone.items)
      expect(
        Object.keys(item)
          .filter((k) => k !== 'after')
          .sort(),
      ).toEqual(Object.keys(hotel('', '', '', '')).sort());
    // A cursor of one hotelier's list is not one of another's.
    const page = await search.search({ q: 'o', ownerId: 'owner-a', limit: 1 });
    expect(page.nextCursor).toEqual(expect.any(String));
    await expect(
      search.search({ q: 'o', ownerId: 'owner-b', limit: 1, cursor: page.nextCursor as string }),
    ).rejects.toBeInstanceOf(ValidationFailed);
    for (const id of ['own-1', 'own-2', 'own-3', 'own-4']) await search.remove(id);
  });

  it('forgets deleted hotels and follows renames', async () => {
    await search.index(hotel('tmp-1', 'Ephemeral Palms', 'Boston', 'US'));
    expect(ids(await find('ephemeral'))).toEqual(['tmp-1']);
    await search.index(hotel('tmp-1', 'Permanent Pines', 'Boston', 'US'));
    expect(await find('ephemeral')).toEqual([]);
    expect(ids(await find('permanent'))).toEqual(['tmp-1']);
    await search.remove('tmp-1');
    expect(await find('permanent')).toEqual([]);
    await search.remove('tmp-1'); // removing twice is fine
  });

  it('refuses a re-sealed cursor whose sort values are not what the engine issues', async () => {
    const first = await search.search({ q: 'petaling', limit: 5 });
    const second = await search.search({ q: 'petaling', limit: 5, cursor: first.nextCursor ?? undefined });
    const { version, fingerprint, sortValues } = openCursor(first.nextCursor as string);
    // Control: re-sealing the issued values is accepted, so each refusal below is about the values alone.
    const resealed = forgeCursor(version, fingerprint, JSON.stringify(sortValues));
    expect(ids((await search.search({ q: 'petaling', limit: 5, cursor: resealed })).items)).toEqual(
      ids(second.items),
    );
    for (const values of MALFORMED_SORT_VALUES) {
      const cursor = forgeCursor(version, fingerprint, values);
      await expect(search.search({ q: 'petaling', limit: 5, cursor }), values).rejects.toBeInstanceOf(
        ValidationFailed,
      );
    }
  });

  it('treats query syntax as plain text: symbols alone match nothing, operators and fields are just words', async () => {
    // As query_string syntax these mean "everything" (or fail to parse); as text they hold no word any hotel has.
    for (const q of [
      '*',
      '?',
      '*:*',
      'name:*',
      '\\',
      '(((',
      '"',
      '{"match_all":{}}',
      '"><script>alert(1)</script>',
    ])
      expect(await find(q), q).toEqual([]);
    // "-raffles" would exclude Raffles, "OR" would unite, "name:" would pick a field: as words, they are just words.
    // (The query names Singapore, so its other hotels follow: see the destination cases.)
    expect(ids(await find('singapore -raffles'))[0]).toBe('sg-2');
    expect(ids(await find('Marina OR Bangkok'))).toEqual(ids(await find('Marina Bangkok')));
    expect(ids(await find('name:raffles'))).toEqual(ids(await find('name raffles')));
    expect(ids(await find("' OR 1=1 --"))).toEqual(ids(await find('or 1 1')));
    expect(await find('{"$gt": ""}')).toEqual([]);
    // A name made of such characters is found through them, unbalanced or not.
    for (const q of ['"old town"', '"Old Town', '(1920)', '(1920', 'grill*', 'grill\\', 'bar & grill'])
      expect(ids(await find(q)), q).toEqual(['us-4']);
  });

  it('ranks a whole city name above rarer names a typo away ("bangkok", "manila")', async () => {
    const bangkok = ids(await find('bangkok'));
    expect(bangkok.slice(0, 2).sort()).toEqual(['th-1', 'th-2']);
    expect(bangkok.filter((id) => id.startsWith('kh-'))).toEqual([]); // a typo's first letter must be right
    const manila = ids(await find('manila'));
    expect(manila.slice(0, 2).sort()).toEqual(['ph-1', 'ph-2']);
    expect(manila).not.toContain('ph-3'); // "Banilad": the first letter differs
    // A typo still finds what it can, below the exact matches.
    expect(ids(await find('marina'))).toEqual(expect.arrayContaining(['sg-1', 'us-6']));
  });

  it('puts the hotel a query names first, even before the hotels of a city it names', async () => {
    expect(ids(await find('hanoi'))[0]).toBe('us-5');
    expect(ids(await find('hanoi')).slice(1)).toContain('vn-1');
    expect(ids(await find('marina bay grand hotel'))[0]).toBe('sg-1');
    expect(ids(await find('angkor royal lodge'))[0]).toBe('kh-2');
  });

  it('falls back to the hotels matching most words when none matches them all', async () => {
    // "cheap" matches nothing: the other words still find Singapore's hotels.
    const cheap = ids(await find('cheap hotel singapore'));
    expect(cheap.slice(0, 2).sort()).toEqual(['sg-1', 'sg-2']);
    // No hotel has all of "pier", "marina" and "grand": those with two of them come first (after
    // them, Manila's hotels, since "marina" is a typo of a city's name, and a named city's hotels are all results).
    const most = ids(await find('pier marina grand'));
    expect(most.slice(0, 2).sort()).toEqual(['sg-1', 'us-6']);
    expect(most.slice(2).sort()).toEqual(['ph-1', 'ph-2']);
    // Every word matching somewhere is still an AND when some hotel has them all.
    expect(ids(await find('orchid riverside'))).toEqual(['th-1']);
    // The fallback's pages hold still: paging it gives the same hotels as one page.
    const all = ids((await search.search({ q: 'cheap hotel singapore', limit: 50 })).items);
    const first = await search.search({ q: 'cheap hotel singapore', limit: 1 });
    const second = await search.search({
      q: 'cheap hotel singapore',
      limit: 1,
      cursor: first.nextCursor as string,
    });
    expect([...ids(first.items), ...ids(second.items)]).toEqual(all.slice(0, 2));
  });

  it('finds every hotel of a city the query names, exactly or with a typo, whatever its generic words', async () => {
    const boston = ['us-2', 'us-4', 'us-5'];
    // "hotels", "in", "near", "the", "best", "cheap" describe no hotel: they never narrow the answer.
    for (const q of [
      'hotels in boston',
      'best hotel near boston',
      'the cheap hotels boston',
      'bostn',
      'hotels in bostin',
    ])
      expect(ids(await find(q)).sort(), q).toEqual(boston);
    expect(ids(await find('hotels in kuala lumpur', undefined, 50))).toHaveLength(25);
    // A query of generic words alone still needs them: "hotel" finds hotels named so.
    expect(ids(await find('hotel'))).toEqual(expect.arrayContaining(['sg-1', 'us-2', 'th-1']));
    expect(ids(await find('hotel'))).not.toContain('sg-3');
  });

  it("ranks a named city's hotels by the query's other words, and a named hotel first", async () => {
    // The city's name counts far more than a typo of it elsewhere: every Manila hotel before San Diego's "Marina Pier Hotel".
    const manila = ids(await find('cheap hotel manila'));
    expect(manila.slice(0, 2).sort()).toEqual(['ph-1', 'ph-2']);
    // The other words decide within the city, and every hotel of the city is still there.
    const harbour = ids(await find('harbour boston'));
    expect(harbour[0]).toBe('us-2');
    expect(harbour.sort()).toEqual(['us-2', 'us-4', 'us-5']);
    expect(ids(await find('garden bangkok'))[0]).toBe('th-2');
    expect(ids(await find('garden bangkok')).sort()).toEqual(['th-1', 'th-2']);
    // A hotel the query names comes first, before the hotels of the city it also names.
    const hanoi = ids(await find('hotels in hanoi'));
    expect(hanoi[0]).toBe('us-5');
    expect(hanoi).toContain('vn-1');
  });
}
