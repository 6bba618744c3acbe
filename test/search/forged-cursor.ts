/**
 * Cursors as an attacker can make them. The cursor's checksum is an unkeyed
 * hash, so anyone can re-seal a payload of their choosing; what protects the
 * engines is the shape check on the decoded sort values. The checksum here is
 * computed independently of `cursor.ts`, so the tests also notice if it ever
 * becomes keyed (then the "accepted" control case below starts failing).
 */
import { createHash } from 'node:crypto';

/** The fingerprint and sort values of a cursor the engine issued (payload `[version, fingerprint, sortValues]`). */
export function openCursor(cursor: string): { version: number; fingerprint: string; sortValues: unknown[] } {
  const [encoded = ''] = cursor.split('.');
  const [version, fingerprint, sortValues] = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  return { version, fingerprint, sortValues };
}

/** A cursor with a valid checksum over `[version, fingerprint, <sortValuesJson>]`, the JSON spliced in raw. */
export function forgeCursor(version: number, fingerprint: string, sortValuesJson: string): string {
  const payload = `[${version},${JSON.stringify(fingerprint)},${sortValuesJson}]`;
  const sum = createHash('sha256').update(payload).digest('base64url').slice(0, 10);
  return `${Buffer.from(payload).toString('base64url')}.${sum}`;
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
