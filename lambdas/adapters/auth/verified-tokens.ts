/**
 * Tokens verified lately, remembered briefly: a hotelier's writes come in bursts
 * (a calendar, a room type, then its rates), and each forwarded one was checked
 * again in the owner region, signature and all. A remembered token is one whose
 * signature, issuer and audience already passed; it is still refused once it
 * expires, and only successes are remembered, so nothing refused gets through.
 */
import { createHash } from 'node:crypto';
import type { HotelierTokenVerifier } from '../../domain/ports';

export interface VerifiedTokenOptions {
  /** How long a success is remembered, at most (never past the token's own `exp`). @default 60 s */
  readonly ttlMs?: number;
  /** How many tokens are remembered; the oldest go first. @default 1,000 */
  readonly maxEntries?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** `verifier`, with each token it accepted remembered until `ttlMs` or the token's expiry, whichever is first. */
export function rememberingVerifiedTokens(
  verifier: HotelierTokenVerifier,
  options: VerifiedTokenOptions = {},
): HotelierTokenVerifier {
  const { ttlMs = 60_000, maxEntries = 1_000, now = Date.now } = options;
  // Keyed by a hash of the header: the tokens themselves are not kept.
  const remembered = new Map<string, { claims: Record<string, unknown>; until: number }>();
  return {
    async claimsOf(authorization) {
      const key = createHash('sha256')
        .update(authorization ?? '')
        .digest('base64url');
      const hit = remembered.get(key);
      if (hit && hit.until > now()) return { ...hit.claims };
      remembered.delete(key);
      const claims = await verifier.claimsOf(authorization);
      const expiresAt = typeof claims.exp === 'number' ? claims.exp * 1000 : now();
      const until = Math.min(now() + ttlMs, expiresAt);
      if (until > now()) {
        if (remembered.size >= maxEntries) remembered.delete(remembered.keys().next().value as string);
        remembered.set(key, { claims: { ...claims }, until });
      }
      return claims;
    },
  };
}
