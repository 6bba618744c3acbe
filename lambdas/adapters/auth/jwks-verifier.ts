/**
 * Hotelier tokens in AWS, checked in a function: the same checks API Gateway's JWT authorizer
 * makes (an RSA signature by a key of the issuer's JWKS, the issuer, `aud` or else `client_id`,
 * expiry), for the forward receiver, which API Gateway does not front. The keys are fetched once
 * and kept (jose refetches them when a token names a key it does not know, at most every 30 s).
 */
import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { OwnerRegionUnavailable, Unauthorized } from '../../domain/errors';
import type { HotelierTokenVerifier } from '../../domain/ports';
import { hotelierBearerToken } from './bearer';

/** API Gateway's JWT authorizers accept only RSA signatures; Cognito signs with RS256. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512'];

export interface JwksVerifierOptions {
  /** The `iss` a token must carry (for Cognito, `https://cognito-idp.<region>.amazonaws.com/<pool id>`). */
  readonly issuer: string;
  /** The app client id: a token's `aud` (ID tokens) or, without one, its `client_id` (access tokens). */
  readonly audience: string;
  /** Where the issuer publishes its keys (for Cognito, `<issuer>/.well-known/jwks.json`). */
  readonly jwksUrl: string;
  /** The keys, for tests. @default fetched from `jwksUrl` */
  readonly keys?: JWTVerifyGetKey;
}

/** True when the token was issued to `audience`, as API Gateway decides it. */
function issuedTo(payload: Record<string, unknown>, audience: string): boolean {
  const aud = payload.aud;
  if (aud !== undefined) return Array.isArray(aud) ? aud.includes(audience) : aud === audience;
  return payload.client_id === audience;
}

/** A verifier of the issuer's tokens, with its keys from its JWKS. */
export function jwksHotelierTokens(options: JwksVerifierOptions): HotelierTokenVerifier {
  const keys = options.keys ?? createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 2_000 });
  return {
    async claimsOf(authorization) {
      const token = hotelierBearerToken(authorization);
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          algorithms: ALGORITHMS,
          issuer: options.issuer,
          requiredClaims: ['sub', 'exp'],
        }));
      } catch (error) {
        // The issuer's keys could not be fetched: the token is not at fault, and nothing ran.
        if (
          error instanceof errors.JWKSTimeout ||
          error instanceof errors.JWKSInvalid ||
          !(error instanceof errors.JOSEError)
        )
          throw new OwnerRegionUnavailable(
            "The hotel's region cannot check hotelier tokens right now; nothing was written",
          );
        throw new Unauthorized('The hotelier token is not valid');
      }
      if (!issuedTo(payload, options.audience)) throw new Unauthorized('The hotelier token is not valid');
      return { ...payload };
    },
  };
}
