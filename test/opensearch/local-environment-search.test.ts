/**
 * `LOCAL_SEARCH=opensearch`: the local environment with each region's search on the real node
 * (its own index per region), fed by the same stream stand-in as the embedded engine.
 */
import { describe, expect, inject, it } from 'vitest';
import { issueHotelierToken } from '../../lambdas/adapters/auth/local-jwt';
import { REGIONS, type Region } from '../../lambdas/domain/regions';
import { localIndexName } from '../../local/local-search';
import { localEnvironmentForFile } from '../support/local';

const clusterUrl = inject('opensearchUrl');
if (!clusterUrl && process.env.CI) throw new Error('CI must run the real-cluster OpenSearch tests');

/** Polls until `check` passes (indexing follows the stream, as in AWS). */
async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe.runIf(clusterUrl)('the local environment with LOCAL_SEARCH=opensearch', () => {
  const local = localEnvironmentForFile('opensearch-search', {
    search: 'opensearch',
    opensearchUrl: clusterUrl,
    seedHotels: 20,
  });
  const found = async (region: Region, q: string) =>
    (
      (await local.call(region, 'GET', `/v1/hotels/search?q=${encodeURIComponent(q)}`)).body.items as Array<{
        hotelId: string;
      }>
    ).map((h) => h.hotelId);

  it('loads every seeded hotel into each region’s own index on the cluster', async () => {
    expect(local.env.urls.opensearch).toBe(clusterUrl);
    for (const region of REGIONS) {
      const response = await fetch(`${clusterUrl}/${localIndexName(region)}/_count`);
      expect(response.status, region).toBe(200);
      expect(((await response.json()) as { count: number }).count, region).toBe(local.env.seed?.hotels);
    }
  });

  it('keeps each region’s index following creates, updates and deletes', async () => {
    const token = await issueHotelierToken(local.env.jwtKeys, 'opensearch-hotelier');
    const manage = (region: Region, method: string, path: string, body?: unknown) =>
      local.call(region, method, path, body, { authorization: `Bearer ${token}` });
    const made = await manage('us-east-1', 'POST', '/v1/manage/hotels', {
      name: 'Quokka Quarters',
      city: 'Austin',
      country: 'US',
    });
    expect(made.status).toBe(201);
    const { hotelId } = made.body as { hotelId: string };
    await eventually(async () => {
      for (const region of REGIONS) expect(await found(region, 'quokka'), region).toEqual([hotelId]);
    });
    const renamed = await manage('ap-southeast-1', 'PATCH', `/v1/manage/hotels/${hotelId}`, {
      name: 'Wombat Warren',
    });
    expect(renamed.status).toBe(200);
    await eventually(async () => {
      for (const region of REGIONS) {
        expect(await found(region, 'wombat'), region).toEqual([hotelId]);
        expect(await found(region, 'quokka'), region).toEqual([]);
      }
    });
    expect((await manage('us-east-1', 'DELETE', `/v1/manage/hotels/${hotelId}`)).status).toBe(204);
    await eventually(async () => {
      for (const region of REGIONS) expect(await found(region, 'wombat'), region).toEqual([]);
    });
  });
});
