/**
 * Opaque search cursors: base64url JSON of the last hit's sort values, bound to
 * the query that produced them and sealed with a checksum. A cursor that was
 * altered, truncated, or belongs to another query is a 400, never a 500.
 * (Forging a valid one would only move within the same public result list.)
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ValidationFailed } from '../../domain/errors';

const VERSION = 1;
const payloadSchema = z.tuple([
  z.literal(VERSION),
  z.string(),
  z
    .array(z.union([z.number(), z.string()]))
    .min(1)
    .max(5),
]);

/** What the cursor is bound to: the normalized query text and city filter. */
export function queryFingerprint(q: string | undefined, city: string | undefined): string {
  return createHash('sha256')
    .update(`${q ?? ''}\0${city ?? ''}`)
    .digest('base64url')
    .slice(0, 12);
}

function checksum(payload: string): string {
  return createHash('sha256').update(payload).digest('base64url').slice(0, 10);
}

/** The cursor that continues after `sortValues`, for this query. */
export function encodeCursor(fingerprint: string, sortValues: ReadonlyArray<number | string>): string {
  const payload = JSON.stringify([VERSION, fingerprint, sortValues]);
  return `${Buffer.from(payload).toString('base64url')}.${checksum(payload)}`;
}

/** The sort values a cursor continues after; `ValidationFailed` unless it is intact and for this query. */
export function decodeCursor(cursor: string, fingerprint: string): Array<number | string> {
  const invalid = () =>
    new ValidationFailed('The cursor is not valid for this search', { cursor: 'is not valid' });
  const [encoded, sum, extra] = cursor.split('.');
  if (!encoded || !sum || extra !== undefined || !/^[\w-]+$/.test(encoded)) throw invalid();
  const payload = Buffer.from(encoded, 'base64url').toString('utf8');
  if (checksum(payload) !== sum) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    throw invalid();
  }
  const result = payloadSchema.safeParse(parsed);
  if (!result.success || result.data[1] !== fingerprint) throw invalid();
  return result.data[2];
}
