/**
 * The one home of cursor sealing and hashing. Every cursor the API hands out
 * (dated and undated search, the hoteliers' hotel and booking lists) is
 * base64url JSON followed by an HMAC-SHA256 tag under the deployment's cursor
 * key, so only the deployment can make one: a forged, altered or truncated
 * cursor opens to `undefined`, which each reader answers with a 400.
 *
 * What a cursor is bound to (its query, filters, owner) is a `fingerprint`: a
 * hash of the canonical JSON of those values, so a field added to a query later
 * is bound without anyone listing it. It needs no key (the seal around it is what
 * cannot be forged), so a search without a cursor never waits for the key.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CursorSeal } from '../domain/ports';
import { canonicalJson } from '../domain/secrets';

/** Bytes of the tag kept: 128 bits, beyond guessing. */
const TAG_BYTES = 16;
/** The shortest key accepted: 256 bits, as the deployment generates it. */
export const MIN_CURSOR_KEY_BYTES = 32;

/** A `CursorSeal` under `key` (at least 32 bytes of randomness). */
export function hmacCursorSeal(key: Uint8Array): CursorSeal {
  if (key.length < MIN_CURSOR_KEY_BYTES)
    throw new Error(`A cursor key needs at least ${MIN_CURSOR_KEY_BYTES} bytes`);
  const secret = Buffer.from(key);
  const tagOf = (purpose: string, text: string) =>
    createHmac('sha256', secret).update(`${purpose}\0${text}`).digest().subarray(0, TAG_BYTES);
  return {
    seal(value) {
      const encoded = Buffer.from(JSON.stringify(value)).toString('base64url');
      return `${encoded}.${tagOf('cursor', encoded).toString('base64url')}`;
    },
    open(cursor) {
      const [encoded, tag, extra] = cursor.split('.');
      if (!encoded || !tag || extra !== undefined || !/^[\w-]+$/.test(encoded) || !/^[\w-]+$/.test(tag))
        return undefined;
      const given = Buffer.from(tag, 'base64url');
      const expected = tagOf('cursor', encoded);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      // Only the one spelling it was sealed in: a last character with other unused bits is an alteration too.
      const bytes = Buffer.from(encoded, 'base64url');
      if (bytes.toString('base64url') !== encoded || given.toString('base64url') !== tag) return undefined;
      try {
        return JSON.parse(bytes.toString('utf8'));
      } catch {
        return undefined;
      }
    },
    fingerprint: cursorFingerprint,
  };
}

/** A short hash of `value`'s canonical JSON: what a cursor is bound to (inside its seal). */
export function cursorFingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest().subarray(0, 9).toString('base64url');
}

/** A cursor key from its stored text (base64url, as `newCursorKey` writes it). */
export function cursorKeyFromText(text: string): Uint8Array {
  return Buffer.from(text.trim(), 'base64url');
}

/** A fresh random cursor key, as text to store (the local data dir's, a test's). */
export function newCursorKey(): string {
  return randomBytes(MIN_CURSOR_KEY_BYTES).toString('base64url');
}

/**
 * A seal under a key drawn at random when this process started: for tests and
 * single-process tools, where every cursor is opened by the process that made it.
 * A deployment passes its own key instead (`hmacCursorSeal`), shared by every
 * container and region.
 */
export const PROCESS_CURSOR_SEAL: CursorSeal = hmacCursorSeal(randomBytes(MIN_CURSOR_KEY_BYTES));

/** A `CursorSeal` whose key arrives later (read once per container); `ready()` must resolve before use. */
export function lateKeyCursorSeal(
  loadKey: () => Promise<Uint8Array>,
): CursorSeal & { ready(): Promise<void> } {
  let loaded: CursorSeal | undefined;
  let loading: Promise<void> | undefined;
  const current = () => {
    if (!loaded) throw new Error('The cursor key is not loaded yet');
    return loaded;
  };
  return {
    ready() {
      loading ??= loadKey().then(
        (key) => {
          loaded = hmacCursorSeal(key);
        },
        (error) => {
          loading = undefined; // the next request tries again
          throw error;
        },
      );
      return loading;
    },
    seal: (value) => current().seal(value),
    open: (cursor) => current().open(cursor),
    fingerprint: cursorFingerprint,
  };
}
