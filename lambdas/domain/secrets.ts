/** Guest access tokens and idempotency fingerprints. */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** A new guest access token: 256 random bits, base64url. */
export function newAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The only form in which an access token is stored. A fast hash suffices: the token has 256 bits of entropy. */
export function hashAccessToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/**
 * True when `hash` is one of `hashes` (both base64url). Every comparison runs, in
 * constant time: the time taken does not depend on which hash matched, or whether one did.
 */
export function hashIsOneOf(hash: string, hashes: readonly string[]): boolean {
  const candidate = Buffer.from(hash, 'base64url');
  let matched = false;
  for (const stored of hashes) {
    const expected = Buffer.from(stored, 'base64url');
    // No early exit.
    if (expected.length === candidate.length && timingSafeEqual(expected, candidate)) matched = true;
  }
  return matched;
}

/** True when `token` hashes to one of `hashes`; every comparison takes the same time. */
export function accessTokenMatches(token: string, hashes: readonly string[]): boolean {
  return hashIsOneOf(hashAccessToken(token), hashes);
}

/**
 * Canonical JSON (sorted keys, undefined left out of objects and null in arrays, as JSON has it),
 * so equal values fingerprint equally: idempotent requests here, cursor bindings in cursor-seal.ts.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A fingerprint of a request body, to tell a replay from a key reused for something else. */
export function requestFingerprint(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('base64url');
}

/** A UUID derived from `parts` (SHA-256, laid out as RFC 4122 version 5), the same wherever it is computed. */
function derivedUuid(...parts: readonly string[]): string {
  const h = createHash('sha256').update(parts.join('\0')).digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50; // version 5 layout (name-based, here SHA-256)
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A key for an idempotent write that came without one, so that its retry can be made safe. */
export function newIdempotencyKey(): string {
  return randomUUID();
}

/**
 * The booking id for an idempotency key: a UUID derived from (hotel, key), so a
 * replay in any region, after any timeout, lands on the same item and the
 * booking's conditional put refuses the second copy.
 */
export function bookingIdFor(hotelId: string, idempotencyKey: string | undefined): string {
  return idempotencyKey === undefined ? randomUUID() : derivedUuid('booking', hotelId, idempotencyKey);
}

/** The hotel id for a hotelier's idempotency key: a retried create lands on the hotel it made. */
export function hotelIdFor(ownerId: string, idempotencyKey: string | undefined): string {
  return idempotencyKey === undefined ? randomUUID() : derivedUuid('hotel', ownerId, idempotencyKey);
}
