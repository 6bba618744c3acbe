/** Booking references: the alphabet, the regions' disjoint prefixes, typing, and the bound on tokens. */
import { describe, expect, it } from 'vitest';
import {
  emailFingerprint,
  emailMatches,
  newReference,
  normalizeReference,
  REFERENCE_ALPHABET,
  REFERENCE_PATTERN,
  referencePrefixes,
} from '../../lambdas/domain/booking-reference';
import { withTokenHash } from '../../lambdas/domain/guest-tokens';
import { REGIONS } from '../../lambdas/domain/regions';

describe('booking references', () => {
  it('use 31 characters with no look-alikes (0/O, 1/I/L)', () => {
    expect(REFERENCE_ALPHABET).toHaveLength(31);
    expect(REFERENCE_ALPHABET).not.toMatch(/[01OIL]/);
    expect(new Set(REFERENCE_ALPHABET).size).toBe(31);
  });

  it('start with a character of their region only, so two regions never mint the same one', () => {
    const [us, asia] = REGIONS.map(referencePrefixes);
    expect([...(us ?? '')].filter((c) => asia?.includes(c))).toEqual([]);
    expect((us ?? '') + (asia ?? '')).toBe(REFERENCE_ALPHABET);
    for (const region of REGIONS)
      for (let i = 0; i < 500; i++) {
        const reference = newReference(region);
        expect(reference).toMatch(REFERENCE_PATTERN);
        expect(referencePrefixes(region)).toContain(reference[0]);
      }
  });

  it('are read as typed, in any case, with spaces or dashes', () => {
    expect(normalizeReference(' abcd-2345 ')).toBe('ABCD2345');
    expect(normalizeReference('abcd 2345')).toMatch(REFERENCE_PATTERN);
  });

  it('match an e-mail address in any case, and nothing for an unknown reference', () => {
    const stored = [emailFingerprint('Ada@Example.com')];
    expect(emailMatches(' ada@example.COM', stored)).toBe(true);
    expect(emailMatches('eve@example.com', stored)).toBe(false);
    expect(emailMatches('ada@example.com', undefined)).toBe(false);
    expect(emailMatches('ada@example.com', [])).toBe(false);
  });
});

describe('a booking token set', () => {
  it('grows to its bound, then keeps the first token and the newest, dropping the oldest later one', () => {
    let hashes = ['first'];
    for (let i = 1; i <= 4; i++) hashes = withTokenHash(hashes, `t${i}`, 4);
    expect(hashes).toEqual(['first', 't2', 't3', 't4']);
    expect(withTokenHash(hashes, 't5', 4)).toEqual(['first', 't3', 't4', 't5']);
  });
});
