/**
 * The AWS verifier of hoteliers' tokens (what the forward receiver checks with): the issuer's keys
 * from a JWKS served over HTTP here, as Cognito serves its pool's, and API Gateway's rules.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwksHotelierTokens } from '../../lambdas/adapters/auth/jwks-verifier';
import { OwnerRegionUnavailable, Unauthorized } from '../../lambdas/domain/errors';

const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool';
const CLIENT = 'test-client-id';
let server: Server;
let jwksUrl: string;
let keys: Awaited<ReturnType<typeof generateKeyPair>>;

beforeAll(async () => {
  keys = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'pool-key-1', alg: 'RS256', use: 'sig' };
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});

afterAll(() => new Promise((r) => server.close(r)));

/** A token signed with the pool's key (or `signer`), carrying `claims`. */
async function token(
  claims: JWTPayload,
  options: {
    kid?: string;
    ttl?: string;
    issuer?: string;
    signer?: Parameters<SignJWT['sign']>[0];
    alg?: string;
  } = {},
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? 'pool-key-1' })
    .setSubject('hotelier-1')
    .setIssuer(options.issuer ?? ISSUER)
    .setIssuedAt()
    .setExpirationTime(options.ttl ?? '1h')
    .sign(options.signer ?? keys.privateKey);
}

const verifier = () => jwksHotelierTokens({ issuer: ISSUER, audience: CLIENT, jwksUrl });
const bearer = (t: string) => `Bearer ${t}`;

describe('hoteliers’ tokens checked against the issuer’s JWKS', () => {
  it("accepts the pool's ID token (aud) and access token (client_id), as API Gateway's authorizer does", async () => {
    const tokens = verifier();
    expect(await tokens.claimsOf(bearer(await token({ aud: CLIENT, token_use: 'id' })))).toMatchObject({
      sub: 'hotelier-1',
      aud: CLIENT,
    });
    expect(
      await tokens.claimsOf(bearer(await token({ client_id: CLIENT, token_use: 'access' }))),
    ).toMatchObject({ sub: 'hotelier-1', client_id: CLIENT });
  });

  it('refuses with 401 a token that is missing, of another issuer or client, expired, unknown-keyed or not RSA-signed', async () => {
    const tokens = verifier();
    const stranger = await generateKeyPair('RS256');
    const ecKey = await generateKeyPair('ES256');
    const refused: Array<[string, string | undefined]> = [
      ['no header', undefined],
      ['not bearer', `Basic ${Buffer.from('a:b').toString('base64')}`],
      ['another issuer', bearer(await token({ aud: CLIENT }, { issuer: 'https://evil.example.com' }))],
      ['another client (aud)', bearer(await token({ aud: 'other-client' }))],
      ['another client (client_id)', bearer(await token({ client_id: 'other-client' }))],
      ['no audience at all', bearer(await token({}))],
      ['expired', bearer(await token({ aud: CLIENT }, { ttl: '-60s' }))],
      ['a key the pool never had', bearer(await token({ aud: CLIENT }, { signer: stranger.privateKey }))],
      ['a kid the pool does not publish', bearer(await token({ aud: CLIENT }, { kid: 'pool-key-9' }))],
      ['an EC signature', bearer(await token({ aud: CLIENT }, { alg: 'ES256', signer: ecKey.privateKey }))],
    ];
    for (const [what, header] of refused)
      await expect(tokens.claimsOf(header), what).rejects.toBeInstanceOf(Unauthorized);
  });

  it('says the owner region cannot check tokens now (503, nothing written) when the JWKS cannot be fetched', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/.well-known/jwks.json`;
    await new Promise((r) => closed.close(r));
    const tokens = jwksHotelierTokens({ issuer: ISSUER, audience: CLIENT, jwksUrl: url });
    await expect(tokens.claimsOf(bearer(await token({ aud: CLIENT })))).rejects.toBeInstanceOf(
      OwnerRegionUnavailable,
    );
  });
});
