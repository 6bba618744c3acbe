import { describe, expect, it } from 'vitest';
import {
  countryNamed,
  plausibleDate,
  sameNamed,
  stayPriceWords,
  tellApartWords,
} from '../../web/src/search-words';

describe("search's small judgements", () => {
  it('takes a date as meant only once its year is one a stay can fall in', () => {
    const today = '2026-12-06';
    for (const typing of ['0002-12-05', '0020-12-05', '0202-12-05', '2-12-05', ''])
      expect(plausibleDate(typing, today), typing).toBe(false);
    expect(plausibleDate('2027-01-15', today)).toBe(true);
    expect(plausibleDate('2025-12-31', today)).toBe(true);
    expect(plausibleDate('2029-01-01', today)).toBe(false);
  });

  it('says what a price is for, naming the rooms when there are more than one', () => {
    expect(stayPriceWords({ amount: 24_000, currency: 'USD' }, 1, 2)).toBe('$240.00 for 2 nights');
    expect(stayPriceWords({ amount: 48_000, currency: 'USD' }, 2, 1)).toBe('$480.00 for 2 rooms, 1 night');
  });

  it('knows a query that is only a country, by name or code, and nothing else', () => {
    expect(countryNamed('Thailand')).toBe('TH');
    expect(countryNamed(' sg ')).toBe('SG');
    expect(countryNamed('Viet Nam') ?? countryNamed('Vietnam')).toBe('VN');
    expect(countryNamed('Bangkok')).toBeUndefined();
    expect(countryNamed('s')).toBeUndefined();
  });

  it('finds namesakes in one city only, and says what tells them apart', () => {
    const hotels = [
      { hotelId: 'a', name: 'Twin Palms', city: 'Reno' },
      { hotelId: 'b', name: 'twin palms', city: 'Reno' },
      { hotelId: 'c', name: 'Twin Palms', city: 'Austin' },
    ];
    expect([...sameNamed(hotels)].sort()).toEqual(['a', 'b']);
    expect(tellApartWords({ description: 'By the sea.', attributes: { stars: 4 } })).toBe(
      '4 stars · By the sea.',
    );
    const long = tellApartWords({ description: 'word '.repeat(40), attributes: {} });
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long.endsWith('word…')).toBe(true);
  });
});
