import { describe, expect, it } from 'vitest';
import {
  accessTokenMatches,
  bookingIdFor,
  hashAccessToken,
  newAccessToken,
  requestFingerprint,
} from '../../lambdas/domain/secrets';

describe('access tokens', () => {
  it('carry at least 128 random bits and differ every time', () => {
    const tokens = new Set(Array.from({ length: 1000 }, newAccessToken));
    expect(tokens.size).toBe(1000);
    for (const token of tokens)
      expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });

  it('are stored only as a hash that does not contain the token', () => {
    const token = newAccessToken();
    const hash = hashAccessToken(token);
    expect(hash).not.toContain(token);
    expect(hash).not.toEqual(token);
  });

  it('match only their own hash', () => {
    const token = newAccessToken();
    const other = newAccessToken();
    expect(accessTokenMatches(token, [hashAccessToken(other), hashAccessToken(token)])).toBe(true);
    expect(accessTokenMatches(other, [hashAccessToken(token)])).toBe(false);
    expect(accessTokenMatches('', [hashAccessToken(token)])).toBe(false);
    expect(accessTokenMatches(token, ['short'])).toBe(false);
  });
});

describe('idempotency', () => {
  it('derives one booking id per (hotel, key), as a UUID', () => {
    const id = bookingIdFor('h1', 'key-1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(bookingIdFor('h1', 'key-1')).toBe(id);
    expect(bookingIdFor('h2', 'key-1')).not.toBe(id);
    expect(bookingIdFor('h1', 'key-2')).not.toBe(id);
    expect(bookingIdFor('h1', undefined)).not.toBe(bookingIdFor('h1', undefined));
  });

  it('fingerprints requests independently of key order', () => {
    expect(requestFingerprint({ a: 1, b: { c: 2, d: [1, 2] } })).toBe(
      requestFingerprint({ b: { d: [1, 2], c: 2 }, a: 1 }),
    );
    expect(requestFingerprint({ a: 1 })).not.toBe(requestFingerprint({ a: 2 }));
    expect(requestFingerprint({ a: [1, 2] })).not.toBe(requestFingerprint({ a: [2, 1] }));
  });
});
