/** Verified hotelier tokens remembered briefly: successes only, never past the token's expiry or the bound. */
import { describe, expect, it } from 'vitest';
import { rememberingVerifiedTokens } from '../../lambdas/adapters/auth/verified-tokens';
import { Unauthorized } from '../../lambdas/domain/errors';
import type { HotelierTokenVerifier } from '../../lambdas/domain/ports';

/** A verifier that accepts `Bearer good-<sub>` until `exp` (seconds) and counts its checks. */
function countingVerifier(exp: number) {
  const checked: string[] = [];
  const verifier: HotelierTokenVerifier = {
    async claimsOf(authorization) {
      checked.push(authorization ?? '');
      const sub = /^Bearer good-(\w+)$/.exec(authorization ?? '')?.[1];
      if (!sub) throw new Unauthorized('The hotelier token is not valid');
      return { sub, exp };
    },
  };
  return { verifier, checked };
}

describe('remembered verified tokens', () => {
  it('checks an accepted token once within the bound, and refuses a bad one every time', async () => {
    let now = 1_000_000;
    const { verifier, checked } = countingVerifier(now / 1000 + 3600);
    const tokens = rememberingVerifiedTokens(verifier, { ttlMs: 60_000, now: () => now });
    expect(await tokens.claimsOf('Bearer good-ana')).toMatchObject({ sub: 'ana' });
    expect(await tokens.claimsOf('Bearer good-ana')).toMatchObject({ sub: 'ana' });
    expect(checked).toEqual(['Bearer good-ana']);
    for (let i = 0; i < 2; i++)
      await expect(tokens.claimsOf('Bearer bad')).rejects.toBeInstanceOf(Unauthorized);
    await expect(tokens.claimsOf(undefined)).rejects.toBeInstanceOf(Unauthorized);
    expect(checked).toEqual(['Bearer good-ana', 'Bearer bad', 'Bearer bad', '']);
    now += 60_001;
    await tokens.claimsOf('Bearer good-ana');
    expect(checked.filter((c) => c === 'Bearer good-ana')).toHaveLength(2);
  });

  it('never answers from memory once the token has expired', async () => {
    let now = 1_000_000;
    const { verifier, checked } = countingVerifier(now / 1000 + 5);
    const tokens = rememberingVerifiedTokens(verifier, { ttlMs: 60_000, now: () => now });
    await tokens.claimsOf('Bearer good-bo');
    now += 4_000;
    await tokens.claimsOf('Bearer good-bo');
    expect(checked).toHaveLength(1);
    now += 1_000;
    await tokens.claimsOf('Bearer good-bo');
    expect(checked).toHaveLength(2);
  });

  it('hands out copies: a caller changing the claims changes nothing remembered', async () => {
    const { verifier } = countingVerifier(Date.now() / 1000 + 3600);
    const tokens = rememberingVerifiedTokens(verifier);
    const first = await tokens.claimsOf('Bearer good-cy');
    first.sub = 'mallory';
    expect((await tokens.claimsOf('Bearer good-cy')).sub).toBe('cy');
  });
});
