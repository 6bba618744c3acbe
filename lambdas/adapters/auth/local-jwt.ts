/**
 * Hotelier tokens for the local environment: an ES256 key pair kept in the data
 * dir signs tokens (`npm run token`) and verifies them, in the role API
 * Gateway's JWT authorizer plays in AWS. Signature, algorithm, issuer, audience
 * and expiry are all checked; `alg: none` and forged tokens fail.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import { Unauthorized } from '../../domain/errors';
import type { HotelierTokenVerifier } from '../../domain/ports';
import { hotelierBearerToken } from './bearer';

export const LOCAL_ISSUER = 'urn:hotel-platform:local';
export const LOCAL_AUDIENCE = 'hotel-platform-manage';
const ALGORITHM = 'ES256';

export interface LocalJwtKeys {
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
}

/** Loads the key pair from `file`, creating it the first time. */
export async function loadOrCreateKeys(file: string): Promise<LocalJwtKeys> {
  if (!existsSync(file)) {
    const pair = await generateKeyPair(ALGORITHM, { extractable: true });
    const jwk = { ...(await exportJWK(pair.privateKey)), alg: ALGORITHM };
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(jwk), { mode: 0o600, flag: 'wx' });
  }
  const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  const { d: _private, ...publicJwk } = jwk;
  return {
    privateKey: (await importJWK(jwk, ALGORITHM)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, ALGORITHM)) as CryptoKey,
  };
}

/** A token for hotelier `sub`, valid for `ttlSeconds`; `groups` become `cognito:groups`, as Cognito issues them. */
export async function issueHotelierToken(
  keys: LocalJwtKeys,
  sub: string,
  ttlSeconds = 12 * 3600,
  groups: readonly string[] = [],
): Promise<string> {
  return new SignJWT(groups.length ? { 'cognito:groups': [...groups] } : {})
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(keys.privateKey);
}

/** The claims of a valid token; `Unauthorized` for anything else. */
export async function verifyHotelierToken(keys: LocalJwtKeys, token: string): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, {
      algorithms: [ALGORITHM],
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
      requiredClaims: ['sub', 'exp'],
    });
    return payload;
  } catch {
    throw new Unauthorized('The hotelier token is not valid');
  }
}

/**
 * The claims for an `Authorization` header, as API Gateway's JWT authorizer
 * would pass them on; `Unauthorized` when the header is missing or the token bad.
 */
export async function claimsFromAuthorization(
  keys: LocalJwtKeys,
  authorization: string | undefined,
): Promise<JWTPayload> {
  return verifyHotelierToken(keys, hotelierBearerToken(authorization));
}

/** The local key pair as the verifier port: what the local authorizer and the forward receiver check with. */
export function localHotelierTokens(keys: LocalJwtKeys): HotelierTokenVerifier {
  return { claimsOf: async (authorization) => ({ ...(await claimsFromAuthorization(keys, authorization)) }) };
}
