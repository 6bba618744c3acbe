/**
 * Opaque cursors for paged DynamoDB queries: the last evaluated key, bound to the
 * query that produced it and sealed under the deployment's cursor key (see
 * `cursor-seal.ts`). The key is also checked against the shape the query issues
 * before it reaches DynamoDB, so a broken, foreign or forged cursor is a 400,
 * never a 500 and never a read of another partition.
 */
import { ValidationFailed } from '../../domain/errors';
import type { CursorSeal } from '../../domain/ports';
import type { Item } from './items/item-kind';

const VERSION = 1;

/** What a cursor is bound to: the query's parameters, in a fixed order. */
export function pageBinding(seal: CursorSeal, ...parts: ReadonlyArray<string | number | undefined>): string {
  return seal.fingerprint(parts.map((p) => p ?? null));
}

/** The cursor that continues after `key` for the query bound as `binding`. */
export function encodePageCursor(seal: CursorSeal, binding: string, key: Item): string {
  return seal.seal([VERSION, binding, key]);
}

/**
 * The key a cursor continues after, if it is intact, for this query, and has
 * exactly the attributes `expected` (each a string that the check accepts).
 */
export function decodePageCursor(
  seal: CursorSeal,
  cursor: string,
  binding: string,
  expected: Readonly<Record<string, (value: string) => boolean>>,
): Item {
  const invalid = () =>
    new ValidationFailed('The cursor is not valid for this list', { cursor: 'is not valid' });
  if (cursor.length > 2_048) throw invalid();
  const parsed = seal.open(cursor);
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== VERSION || parsed[1] !== binding)
    throw invalid();
  const key = parsed[2] as unknown;
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw invalid();
  const entries = Object.entries(key as Record<string, unknown>);
  if (entries.length !== Object.keys(expected).length) throw invalid();
  for (const [name, value] of entries) {
    const check = expected[name];
    if (!check || typeof value !== 'string' || !check(value)) throw invalid();
  }
  return key as Item;
}
