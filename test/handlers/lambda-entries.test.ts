/** The deployed entry points build their services from the environment the CDK sets. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, SignJWT } from 'jose';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { HEALTH_STORE_BOUND_MS } from '../../lambdas/http/public-routes';
import { HOTELIER_TOKEN_ENV } from '../../lambdas/infrastructure-contract';
import { apiGatewayEvent, localLambdaContext } from '../../local/api-gateway-event';

const ENV = {
  AWS_REGION: 'ap-southeast-1',
  TABLE_NAME: 'hotels',
  OPENSEARCH_ENDPOINT: 'https://search-hotels.ap-southeast-1.es.amazonaws.com',
  FORWARD_RECEIVER_ARNS: JSON.stringify({
    'us-east-1': 'arn:aws:lambda:us-east-1:111122223333:function:hotels-forward-receiver',
    'ap-southeast-1': 'arn:aws:lambda:ap-southeast-1:111122223333:function:hotels-forward-receiver',
  }),
};

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('Lambda entries', () => {
  it('answer health from the region in their environment, once its table answers', async () => {
    for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
    // The SDK's service endpoint variable points the function's table at DynamoDB Local.
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', inject('dynamoEndpoint'));
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    vi.stubEnv('TABLE_NAME', inject('tableName'));
    const { handler } = await import('../../lambdas/handlers/public-api');
    const result = await handler(
      apiGatewayEvent({ method: 'GET', path: '/health' }),
      localLambdaContext('public-api'),
    );
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '')).toEqual({ status: 'ok', region: 'ap-southeast-1' });
  });

  it('answer health 503 within the bound when the table cannot be reached, so Route 53 stops routing there', async () => {
    for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
    const silent = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', `http://127.0.0.1:${(silent.address() as AddressInfo).port}`);
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
      const { handler } = await import('../../lambdas/handlers/public-api');
      const started = Date.now();
      const result = await handler(
        apiGatewayEvent({ method: 'GET', path: '/health' }),
        localLambdaContext('public-api'),
      );
      expect(result.statusCode).toBe(503);
      expect(JSON.parse(result.body ?? '').error.code).toBe('SERVICE_UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(HEALTH_STORE_BOUND_MS + 1_000);
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  });

  it('route only their own group: the manage function has no public routes', async () => {
    for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
    const { handler } = await import('../../lambdas/handlers/manage-api');
    const result = await handler(
      apiGatewayEvent({ method: 'GET', path: '/health' }),
      localLambdaContext('manage-api'),
    );
    expect(result.statusCode).toBe(404);
  });

  it('refuse to start in a region that is not the product’s, with a clear error', async () => {
    const { createAwsServices } = await import('../../lambdas/handlers/aws-services');
    expect(() => createAwsServices({ ...ENV, AWS_REGION: 'eu-west-1' })).toThrow(
      /not one of the product's regions/,
    );
    expect(() => createAwsServices({ ...ENV, TABLE_NAME: '' })).toThrow(/TABLE_NAME is not set/);
  });

  it('give only the admin function the stores of every region (for handovers)', async () => {
    const { createAwsServices } = await import('../../lambdas/handlers/aws-services');
    expect(createAwsServices(ENV).handover).toBeUndefined();
    const admin = createAwsServices(ENV, { handover: true });
    expect(Object.keys(admin.handover?.stores ?? {})).toEqual(['us-east-1', 'ap-southeast-1']);
    expect(admin.hotels).toBe(admin.handover?.stores['ap-southeast-1'].hotels);
    expect(admin.bookings).toBe(admin.handover?.stores['ap-southeast-1'].bookings);
    // Without an admins-group token the admin entry refuses, before any store is touched.
    for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
    const { handler } = await import('../../lambdas/handlers/admin-api');
    const result = await handler(
      apiGatewayEvent({
        method: 'GET',
        path: '/v1/admin/hotels/h-1/handover',
        query: { toRegion: 'us-east-1' },
        claims: { sub: 'someone' },
      }),
      localLambdaContext('admin-api'),
    );
    expect(result.statusCode).toBe(403);
  });

  it("run a forwarded hotelier write in the receiver only with the hotelier's token, checked against the configured issuer", async () => {
    for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
    // An issuer whose keys cannot be fetched: a token-less envelope is refused before they are needed.
    vi.stubEnv(HOTELIER_TOKEN_ENV.issuer, 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool');
    vi.stubEnv(HOTELIER_TOKEN_ENV.audience, 'client');
    vi.stubEnv(HOTELIER_TOKEN_ENV.jwksUrl, 'http://127.0.0.1:9/.well-known/jwks.json');
    const { handler } = await import('../../lambdas/handlers/forward-receiver');
    const envelope = (headers: Record<string, string>) => ({
      method: 'PATCH',
      path: '/v1/manage/hotels/h-1',
      query: {},
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ name: 'Taken' }),
      hotelierId: 'someone-else',
      servedRegion: 'us-east-1',
      deadline: Date.now() + 5_000,
    });
    const context = localLambdaContext('forward-receiver');
    const unsigned = await handler(envelope({}), context);
    expect(unsigned.statusCode).toBe(401);
    expect(JSON.parse(unsigned.body).error.code).toBe('UNAUTHORIZED');
    // A well-formed token whose keys cannot be fetched (the issuer is out of reach): 503, nothing written.
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ aud: 'client' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('someone-else')
      .setIssuer('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool')
      .setExpirationTime('1h')
      .sign(privateKey);
    const unchecked = await handler(envelope({ authorization: `Bearer ${token}` }), context);
    expect(unchecked.statusCode).toBe(503);
    expect(JSON.parse(unchecked.body).error.code).toBe('OWNER_REGION_UNAVAILABLE');
  });

  it('refuse to build the receiver without the issuer it checks hoteliers’ tokens against', async () => {
    const { createAwsServices } = await import('../../lambdas/handlers/aws-services');
    const { awsHotelierTokens } = await import('../../lambdas/handlers/aws-hotelier-tokens');
    expect(() => createAwsServices(ENV, { hotelierTokens: awsHotelierTokens })).toThrow(
      new RegExp(`${HOTELIER_TOKEN_ENV.issuer} is not set`),
    );
  });
});
