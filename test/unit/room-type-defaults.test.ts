import { describe, expect, it } from 'vitest';
import { defaultCurrency, roomTypeIdFor } from '../../web/src/room-type-defaults';

const API_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

describe("a new room type's id from its name", () => {
  it('makes a lowercase slug the API accepts, without accents or stray dashes', () => {
    expect(roomTypeIdFor('Deluxe King (Sea View)', new Set())).toBe('deluxe-king-sea-view');
    expect(roomTypeIdFor('  Suite Élégance — 2 pax ', new Set())).toBe('suite-elegance-2-pax');
    expect(roomTypeIdFor('東京 ★', new Set())).toBe('room');
    const long = roomTypeIdFor(`${'Grand '.repeat(20)}Room`, new Set());
    expect(long).toMatch(API_ID);
    expect(long.endsWith('-')).toBe(false);
  });

  it('never takes an id the hotel already has', () => {
    expect(roomTypeIdFor('Twin', new Set(['twin']))).toBe('twin-2');
    expect(roomTypeIdFor('Twin', new Set(['twin', 'twin-2', 'twin-3']))).toBe('twin-4');
    const base = 'a'.repeat(64);
    const next = roomTypeIdFor(base, new Set([base]));
    expect(next).toMatch(API_ID);
    expect(next).toBe(`${'a'.repeat(62)}-2`);
  });
});

describe("a new room type's currency", () => {
  it("is the one most of the hotel's room types use", () => {
    expect(defaultCurrency([{ currency: 'SGD' }, { currency: 'USD' }, { currency: 'SGD' }], 'US')).toBe(
      'SGD',
    );
  });

  it("is the country's when the hotel has no room type yet, and USD where the country is unknown", () => {
    expect(defaultCurrency([], 'SG')).toBe('SGD');
    expect(defaultCurrency([], 'th')).toBe('THB');
    expect(defaultCurrency([], 'FR')).toBe('EUR');
    expect(defaultCurrency([], 'AQ')).toBe('USD');
  });
});
