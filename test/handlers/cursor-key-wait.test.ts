/**
 * The cursor key (read once per container in AWS) is waited for only by a route that pages:
 * every other route, /health and bookings among them, answers while it is still being read.
 */
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '../../lambdas/handlers/lambda-entry';
import type { RegionServices } from '../../lambdas/http/region-services';
import { apiEvent, lambdaContext, SubstringSearch, TestLink, testHotelierTokens } from '../support/api';
import { testStore } from '../support/store';

describe('the cursor key', () => {
  it('is waited for by a route that pages, and never by one that does not', async () => {
    let reads = 0;
    let keyLoaded!: () => void;
    const loading = new Promise<void>((resolve) => {
      keyLoaded = resolve;
    });
    const services: RegionServices = {
      ...testStore('us-east-1'),
      search: new SubstringSearch(),
      forwarder: new TestLink(),
      hotelierTokens: testHotelierTokens,
      prepare: () => {
        reads++;
        return loading;
      },
    };
    const handler = createApiHandler('public', () => services);

    const health = await handler(apiEvent({ method: 'GET', path: '/health' }), lambdaContext());
    expect(health.statusCode).toBe(200);
    const missing = await handler(
      apiEvent({ method: 'GET', path: '/v1/hotels/no-such-hotel' }),
      lambdaContext(),
    );
    expect(missing.statusCode).toBe(404);
    expect(reads).toBe(0);

    let answered = false;
    const search = handler(
      apiEvent({ method: 'GET', path: '/v1/hotels/search', query: { q: 'harbour' } }),
      lambdaContext(),
    ).then((result) => {
      answered = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reads).toBe(1);
    expect(answered).toBe(false);
    keyLoaded();
    expect((await search).statusCode).toBe(200);
  });
});
