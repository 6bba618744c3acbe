/** The cursor codec both engines share: what it carries, and what it refuses. */
import { describe, expect, it } from 'vitest';
import {
  decodeCursor,
  encodeCursor,
  queryFingerprint,
  type SortKey,
} from '../../lambdas/adapters/search/cursor';
import { SORT_ORDER } from '../../lambdas/adapters/search/index-definition';
import { ValidationFailed } from '../../lambdas/domain/errors';
import { forgeCursor } from './forged-cursor';

const fingerprint = queryFingerprint('bangkok', undefined);

describe('search cursor', () => {
  it('carries one value per SORT_ORDER entry: a number for the score, a string for each keyword', () => {
    const key = SORT_ORDER.map((entry) => ('_score' in entry ? 1.25 : 'x')) as SortKey;
    expect(decodeCursor(encodeCursor(fingerprint, key), fingerprint)).toEqual(key);
    // A sort field added without a cursor value (or the reverse) shows up here.
    expect(() =>
      decodeCursor(forgeCursor(1, fingerprint, JSON.stringify([...key, 'x'])), fingerprint),
    ).toThrow(ValidationFailed);
    expect(() =>
      decodeCursor(forgeCursor(1, fingerprint, JSON.stringify(key.slice(0, -1))), fingerprint),
    ).toThrow(ValidationFailed);
  });

  it('reads a cursor sealed with the same unkeyed checksum an attacker can compute', () => {
    // So the checksum proves nothing about origin: the shape check is what guards the engines.
    expect(decodeCursor(forgeCursor(1, fingerprint, '[2,"a","b"]'), fingerprint)).toEqual([2, 'a', 'b']);
  });
});
