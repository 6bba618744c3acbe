/** The cursor codec both engines share, and the seal every cursor goes through: what they carry and refuse. */
import { describe, expect, it } from 'vitest';
import {
  cursorKeyFromText,
  hmacCursorSeal,
  lateKeyCursorSeal,
  newCursorKey,
  PROCESS_CURSOR_SEAL,
} from '../../lambdas/adapters/cursor-seal';
import { SearchCursors, type SortKey } from '../../lambdas/adapters/search/cursor';
import { SORT_ORDER } from '../../lambdas/adapters/search/index-definition';
import { ValidationFailed } from '../../lambdas/domain/errors';
import { forgeCursor, openCursor, unkeyedForgery } from './forged-cursor';

const cursors = new SearchCursors();
const fingerprint = cursors.queryFingerprint('bangkok', undefined);

describe('search cursor', () => {
  it('carries one value per SORT_ORDER entry: a number for the score, a string for each keyword', () => {
    const key = SORT_ORDER.map((entry) => ('_score' in entry ? 1.25 : 'x')) as SortKey;
    expect(cursors.decodeCursor(cursors.encodeCursor(fingerprint, key), fingerprint)).toEqual(key);
    // A sort field added without a cursor value (or the reverse) shows up here.
    expect(() =>
      cursors.decodeCursor(forgeCursor(1, fingerprint, JSON.stringify([...key, 'x'])), fingerprint),
    ).toThrow(ValidationFailed);
    expect(() =>
      cursors.decodeCursor(forgeCursor(1, fingerprint, JSON.stringify(key.slice(0, -1))), fingerprint),
    ).toThrow(ValidationFailed);
  });

  it('refuses a cursor sealed with the old unkeyed checksum, or with another deployment key', () => {
    const issued = cursors.encodeCursor(fingerprint, [2, 'a', 'b']);
    const { version, sortValues } = openCursor(issued);
    expect(() =>
      cursors.decodeCursor(unkeyedForgery([version, fingerprint, sortValues]), fingerprint),
    ).toThrow(ValidationFailed);
    const elsewhere = new SearchCursors(hmacCursorSeal(cursorKeyFromText(newCursorKey())));
    expect(() =>
      cursors.decodeCursor(elsewhere.encodeCursor(fingerprint, [2, 'a', 'b']), fingerprint),
    ).toThrow(ValidationFailed);
  });
});

describe('cursor seal', () => {
  const seal = PROCESS_CURSOR_SEAL;

  it('opens what it sealed, and nothing altered by one character', () => {
    const cursor = seal.seal(['P', 'x', [1, 2, 3]]);
    expect(seal.open(cursor)).toEqual(['P', 'x', [1, 2, 3]]);
    // Every other character at every position, including spellings that decode to the same bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 0; i < cursor.length; i++)
      for (const c of alphabet) {
        const altered = cursor.slice(0, i) + c + cursor.slice(i + 1);
        if (altered !== cursor) expect(seal.open(altered), `position ${i}: ${c}`).toBeUndefined();
      }
    for (const broken of ['', '.', 'abc', `${cursor}.x`, cursor.slice(0, -1), cursor.replace('.', '')])
      expect(seal.open(broken)).toBeUndefined();
  });

  it('fingerprints equal values equally whatever their key order, and differs on any value', () => {
    expect(seal.fingerprint({ a: 1, b: [2, 'x'] })).toBe(seal.fingerprint({ b: [2, 'x'], a: 1 }));
    expect(seal.fingerprint({ a: 1 })).not.toBe(seal.fingerprint({ a: 2 }));
    expect(seal.fingerprint({ a: 1, minStars: undefined })).toBe(seal.fingerprint({ a: 1 }));
    expect(seal.fingerprint({ a: 1, minStars: 4 })).not.toBe(seal.fingerprint({ a: 1 }));
  });

  it('refuses a key too short to be secret', () => {
    expect(() => hmacCursorSeal(new Uint8Array(16))).toThrow(/32 bytes/);
  });

  it('waits for a key read later (the deployment secret), and reads it again after a failure', async () => {
    const key = newCursorKey();
    let reads = 0;
    const late = lateKeyCursorSeal(async () => {
      reads++;
      if (reads === 1) throw new Error('the extension is not up yet');
      return cursorKeyFromText(key);
    });
    expect(() => late.seal(1)).toThrow(/not loaded/);
    await expect(late.ready()).rejects.toThrow(/not up yet/);
    await late.ready();
    await late.ready();
    expect(reads).toBe(2);
    // The same key as the deployment's everywhere: a cursor sealed by one container opens in another.
    expect(hmacCursorSeal(cursorKeyFromText(key)).open(late.seal(['x']))).toEqual(['x']);
  });
});
