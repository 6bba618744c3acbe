/**
 * Cursors as an attacker can make them, and as only a leaked key could. Every
 * cursor is sealed with an HMAC under the deployment's key (`cursor-seal.ts`):
 * `unkeyedForgery` is what anyone can compute (refused by the seal), and
 * `forgeCursor` seals with the key the engines use in tests (this process's), as
 * if it had leaked, so that the shape checks behind the seal are tested too.
 */
import { createHash } from 'node:crypto';
import { PROCESS_CURSOR_SEAL } from '../../lambdas/adapters/cursor-seal';

/** The fingerprint and sort values of a cursor the engine issued (payload `[version, fingerprint, sortValues]`). */
export function openCursor(cursor: string): { version: number; fingerprint: string; sortValues: unknown[] } {
  const [encoded = ''] = cursor.split('.');
  const [version, fingerprint, sortValues] = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  return { version, fingerprint, sortValues };
}

/** A cursor sealed under the tests' key over `[version, fingerprint, <sortValuesJson>]`. */
export function forgeCursor(version: number, fingerprint: string, sortValuesJson: string): string {
  return PROCESS_CURSOR_SEAL.seal(
    JSON.parse(`[${version},${JSON.stringify(fingerprint)},${sortValuesJson}]`),
  );
}

/** `payload` under the unkeyed checksum cursors once had: anyone can make it, and it must be refused. */
export function unkeyedForgery(payload: unknown): string {
  const text = JSON.stringify(payload);
  const sum = createHash('sha256').update(text).digest('base64url').slice(0, 10);
  return `${Buffer.from(text).toString('base64url')}.${sum}`;
}

/**
 * Sort values no engine issues (both issue `[score: finite number, name: string, hotelId: string]`),
 * as raw JSON so that NaN (which JSON spells null) and overflowing numbers can be sent too.
 */
export const MALFORMED_SORT_VALUES: readonly string[] = [
  '["1.5","hotel a","a"]', // a string where the score goes
  '[{"gt":0},"hotel a","a"]', // an object
  '[null,"hotel a","a"]', // NaN, once serialized
  '[1e999,"hotel a","a"]', // Infinity after parsing
  '[1.5,"hotel a","a","extra"]', // too long
  '[1.5,"hotel a","a","x","y"]', // much too long
  '[1.5,"hotel a"]', // too short
  '[]',
  '[1.5,7,"a"]', // a number where the name goes
  '[1.5,"hotel a",["a"]]', // an array where the id goes
  '[1.5,"hotel a",true]',
  '{"0":1.5,"1":"hotel a","2":"a"}', // not an array at all
];
