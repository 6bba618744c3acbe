/**
 * The one fold, proven on a real node: what the index's analyzer and normalizers make of every
 * code point of the Basic Multilingual Plane, and of names in many alphabets, is exactly what
 * `fold`, `tokenize` and `nameKey` compute; and OpenSearch sorts `name.sort` as `compareFolded` does.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from '@opensearch-project/opensearch';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { OpenSearchHotelSearch } from '../../lambdas/adapters/search/opensearch-search';
import { nameKey, tokenize } from '../../lambdas/adapters/search/ranking';
import { compareFolded, fold } from '../../lambdas/domain/text-fold';
import { BEHAVIOUR_HOTELS } from '../search/search-behaviour';

const clusterUrl = inject('opensearchUrl');
if (!clusterUrl && process.env.CI) throw new Error('CI must run the real-cluster OpenSearch tests');

const NAMES = [
  'Đà Lạt Palace',
  'Eden Garden',
  'Dalat Inn',
  'Øster Hotel',
  'Oster Lodge',
  'Æble Hus',
  'Straße Hotel',
  'Łódź Rooms',
  'Hội An Riverside',
  'Phở Cổ Boutique',
  'Ðặng Suites',
  'โรงแรมสยาม',
  'โรงแรม ริมน้ำ',
  'ǅemal Ǧarden',
  'ﬁnch ﬂat',
  'Café—Lumière («Old» Town)',
  'Tab\there\u00a0nbsp\u3000wide',
  '東京ホテル 新宿',
  ...BEHAVIOUR_HOTELS.map((h) => h.name),
];

describe.runIf(clusterUrl)('the one fold on a real OpenSearch node', () => {
  const client = new Client({ node: clusterUrl || 'http://unset', ssl: { rejectUnauthorized: false } });
  const index = `hotels-fold-${randomUUID()}`;
  const analyze = async (body: Record<string, unknown>): Promise<string[]> =>
    (
      (await client.indices.analyze({ index, body: body as never })).body as {
        tokens: Array<{ token: string }>;
      }
    ).tokens.map((t) => t.token);

  beforeAll(async () => {
    await new OpenSearchHotelSearch(client, index).ensureIndex({ replicas: 0 });
  });
  afterAll(async () => {
    await client.indices.delete({ index }).catch(() => undefined);
    await client.close();
  });

  it('folds every code point of the BMP, and every one the table maps, as `fold` does', async () => {
    const chars: string[] = [];
    for (let cp = 0; cp <= 0xffff; cp++) if (cp < 0xd800 || cp > 0xdfff) chars.push(String.fromCodePoint(cp));
    const nodeFolds = JSON.parse(
      readFileSync(new URL('../fixtures/fold-table.json', import.meta.url), 'utf8'),
    );
    chars.push(...Object.keys(nodeFolds).filter((c) => (c.codePointAt(0) as number) > 0xffff));
    const differ: string[] = [];
    for (let start = 0; start < chars.length; start += 4096) {
      const batch = chars.slice(start, start + 4096);
      const folded = await analyze({ normalizer: 'folded_keyword', text: batch });
      expect(folded).toHaveLength(batch.length);
      folded.forEach((token, i) => {
        const c = batch[i] as string;
        if (token !== fold(c)) differ.push(`U+${(c.codePointAt(0) as number).toString(16)}`);
      });
    }
    expect(differ).toEqual([]);
  });

  it('splits and folds names into the words `tokenize` makes, and whole names into `nameKey` and `fold`', async () => {
    for (const name of NAMES) {
      expect(await analyze({ field: 'name', text: name }), name).toEqual(tokenize(name));
      expect(await analyze({ normalizer: 'name_words', text: name }), name).toEqual([nameKey(name)]);
      expect(await analyze({ normalizer: 'folded_keyword', text: name }), name).toEqual([fold(name)]);
    }
  });

  it('sorts names as `compareFolded` orders their folds', async () => {
    const search = new OpenSearchHotelSearch(client, index);
    const hotels = [...new Set(NAMES)].map((name, i) => ({
      hotelId: `fold-${String(i).padStart(3, '0')}`,
      name,
      city: 'Foldtown',
      country: 'VN',
      managedIn: 'ap-southeast-1',
    }));
    await search.write(hotels.map((hotel) => ({ op: 'index', hotel })));
    const listed: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await search.search({ city: 'Foldtown', limit: 20, cursor });
      listed.push(...page.items.map((h) => h.hotelId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const expected = [...hotels]
      .sort((a, b) => compareFolded(fold(a.name), fold(b.name)) || (a.hotelId < b.hotelId ? -1 : 1))
      .map((h) => h.hotelId);
    expect(listed).toEqual(expected);
  });
});
