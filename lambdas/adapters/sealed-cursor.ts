/**
 * The envelope both kinds of cursor travel in: base64url JSON sealed with a
 * checksum. The checksum catches damage, not forgery (it is unkeyed), so each
 * cursor's reader still checks what the payload holds before using it.
 */
import { createHash } from 'node:crypto';

function checksum(payload: string): string {
  return createHash('sha256').update(payload).digest('base64url').slice(0, 10);
}

/** `value` as an opaque, sealed cursor. */
export function sealCursor(value: unknown): string {
  const payload = JSON.stringify(value);
  return `${Buffer.from(payload).toString('base64url')}.${checksum(payload)}`;
}

/** What a sealed cursor holds; undefined when it is malformed, damaged or not JSON. */
export function unsealCursor(cursor: string): unknown {
  const [encoded, sum, extra] = cursor.split('.');
  if (!encoded || !sum || extra !== undefined || !/^[\w-]+$/.test(encoded)) return undefined;
  const payload = Buffer.from(encoded, 'base64url').toString('utf8');
  if (checksum(payload) !== sum) return undefined;
  try {
    return JSON.parse(payload);
  } catch {
    return undefined;
  }
}
