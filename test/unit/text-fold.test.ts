/** The one text fold: what it makes of names in many alphabets, and the order it compares them in. */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareFolded, fold } from '../../lambdas/domain/text-fold';

/** What a real OpenSearch node's fold filters make of every code point they change (scripts/build-fold-table.ts). */
const NODE_FOLDS: Record<string, string> = JSON.parse(
  readFileSync(new URL('../fixtures/fold-table.json', import.meta.url), 'utf8'),
);

describe('fold', () => {
  it('folds case, accents and special letters as the index does', () => {
    expect(
      ['Đà Lạt Palace', 'Øresund', 'Æble', 'Straße', 'Łódź', 'Hội An', 'CAFÉ Lumière', 'ǧ', 'ᴀ'].map(fold),
    ).toEqual(['da lat palace', 'oresund', 'aeble', 'strasse', 'lodz', 'hoi an', 'cafe lumiere', 'g', 'a']);
    // Scripts without case or accents to fold stay as written.
    expect(fold('โรงแรมสยาม')).toBe('โรงแรมสยาม');
    expect(fold('東京ホテル')).toBe('東京ホテル');
  });

  it("folds every code point as the node does (this Node's Unicode data and the exceptions together)", () => {
    const differ: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      if (fold(c) !== (NODE_FOLDS[c] ?? c)) differ.push(`U+${cp.toString(16)}`);
    }
    expect(differ).toEqual([]);
  });

  it('is idempotent: a folded word folds to itself, so the index may fold a query word again', () => {
    for (const [from, to] of Object.entries(NODE_FOLDS)) expect(fold(to), from).toBe(to);
  });

  it('compares by code point, as OpenSearch keywords and DynamoDB keys sort', () => {
    // U+FF21 (a fullwidth letter) is one UTF-16 unit above every surrogate, but its code point is below U+1D400.
    expect(compareFolded('\uff41', '\u{1d41a}')).toBeLessThan(0);
    expect('\uff41' < '\u{1d41a}').toBe(false);
    expect(compareFolded('da lat', 'eden')).toBeLessThan(0);
    expect(compareFolded('abc', 'ab')).toBeGreaterThan(0);
    expect(compareFolded('same', 'same')).toBe(0);
  });
});
