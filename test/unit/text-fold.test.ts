/** The one text fold: what it makes of names in many alphabets, and the order it compares them in. */
import { describe, expect, it } from 'vitest';
import { compareFolded, fold } from '../../lambdas/domain/text-fold';
import { FOLD_TABLE } from '../../lambdas/domain/text-fold-table';

describe('fold', () => {
  it('folds case, accents and special letters as the index does', () => {
    expect(
      ['Đà Lạt Palace', 'Øresund', 'Æble', 'Straße', 'Łódź', 'Hội An', 'CAFÉ Lumière', 'ǧ', 'ᴀ'].map(fold),
    ).toEqual(['da lat palace', 'oresund', 'aeble', 'strasse', 'lodz', 'hoi an', 'cafe lumiere', 'g', 'a']);
    // Scripts without case or accents to fold stay as written.
    expect(fold('โรงแรมสยาม')).toBe('โรงแรมสยาม');
    expect(fold('東京ホテル')).toBe('東京ホテル');
  });

  it('is idempotent: a folded word folds to itself, so the index may fold a query word again', () => {
    for (const [from, to] of FOLD_TABLE) expect(fold(to), from).toBe(to);
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
