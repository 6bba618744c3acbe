/**
 * The OpenSearch adapter on a real cluster: the behaviour suites both engines must pass, on
 * the project's own node (or `OPENSEARCH_URL`), which test/opensearch/global-setup.ts starts.
 */
import { randomUUID } from 'node:crypto';
import { Client } from '@opensearch-project/opensearch';
import { afterAll, describe, inject } from 'vitest';
import { OpenSearchHotelSearch } from '../../lambdas/adapters/search/opensearch-search';
import { searchBehaviour } from '../search/search-behaviour';
import { searchIndexWriterBehaviour } from '../search/search-index-writer-behaviour';
import { searchRatesBehaviour } from '../search/search-rates-behaviour';

const clusterUrl = inject('opensearchUrl');
// The setup refuses to go on in CI without a cluster; this holds that line if it is ever bypassed.
if (!clusterUrl && process.env.CI) throw new Error('CI must run the real-cluster OpenSearch tests');

describe.runIf(clusterUrl)('OpenSearch adapter on a real cluster', () => {
  const real = new Client({ node: clusterUrl || 'http://unset', ssl: { rejectUnauthorized: false } });
  const index = `hotels-test-${randomUUID()}`;
  /** A fresh index per suite, with the shared definition. */
  const adapterOn = (name: string) => async () => {
    const adapter = new OpenSearchHotelSearch(real, name);
    await adapter.ensureIndex({ replicas: 0 });
    // Each test write waits for a refresh (once a second by default): the suites index ~80 hotels one by one.
    await real.indices.putSettings({ index: name, body: { index: { refresh_interval: '100ms' } } });
    return adapter;
  };
  afterAll(async () => {
    await real.indices.delete({ index: `${index}*` }).catch(() => undefined);
    await real.close();
  });
  searchBehaviour(adapterOn(index));
  describe('rates', () => {
    searchRatesBehaviour(adapterOn(`${index}-rates`));
  });
  describe("the indexer's batch writes", () => {
    searchIndexWriterBehaviour(adapterOn(`${index}-writes`));
  });
});
