/**
 * Each region's search engine: the embedded one (the default), or OpenSearch as in AWS
 * (`LOCAL_SEARCH=opensearch`), on `OPENSEARCH_URL` or on the project's own node, started
 * here with its data in the data dir. One index per region on the one cluster.
 */
import { join } from 'node:path';
import { EmbeddedHotelSearch } from '../lambdas/adapters/search/embedded-search';
import { OpenSearchHotelSearch } from '../lambdas/adapters/search/opensearch-search';
import type { CursorSeal, HotelSearch, SearchIndexWriter } from '../lambdas/domain/ports';
import type { Region } from '../lambdas/domain/regions';
import type { LocalConfig } from './config';

/** What a region searches and what its indexer feeds: the same engine. */
export type RegionSearch = HotelSearch & SearchIndexWriter;

export interface LocalSearch {
  /** The cluster's URL, with OpenSearch. */
  readonly url?: string;
  /** A region's engine, empty (the indexer's full load fills it), sealing its cursors with `cursors` (the data dir's key). */
  forRegion(region: Region, cursors: CursorSeal): Promise<RegionSearch>;
  stop(): Promise<void>;
}

/** The local index of a region: prefixed, so a shared cluster's own `hotels` index is never touched. */
export const localIndexName = (region: Region) => `local-hotels-${region}`;

/** Starts the configured engine (and the project's OpenSearch node when it is needed). */
export async function startLocalSearch(
  config: Pick<LocalConfig, 'search' | 'opensearchUrl' | 'opensearchPort' | 'dataDir'>,
  log: (line: string) => void,
): Promise<LocalSearch> {
  if (config.search !== 'opensearch')
    return {
      forRegion: async (_region, cursors) => new EmbeddedHotelSearch({ cursors }),
      stop: async () => undefined,
    };
  let url = config.opensearchUrl;
  let stopNode: () => Promise<void> = async () => undefined;
  if (!url) {
    const { missingForOpenSearch, startOpenSearchNode } = await import('./opensearch-node');
    const missing = missingForOpenSearch();
    if (missing.length)
      throw new Error(
        `LOCAL_SEARCH=opensearch starts the project's OpenSearch node, which needs ${missing.join(' and ')}; or set OPENSEARCH_URL`,
      );
    const home = join(config.dataDir, 'opensearch');
    const node = await startOpenSearchNode({ home, port: config.opensearchPort, log });
    log(`OpenSearch on ${node.url} (data in ${home})`);
    url = node.url;
    stopNode = () => node.stop();
  } else log(`OpenSearch on ${url} (OPENSEARCH_URL)`);
  const { Client } = await import('@opensearch-project/opensearch');
  // A user's own cluster (a Docker container, say) often has a self-signed certificate.
  const client = new Client({ node: url, ssl: { rejectUnauthorized: false } });
  return {
    url,
    async forRegion(region, cursors) {
      const index = localIndexName(region);
      // Hotels removed while the environment was down must not linger: each start loads the index afresh.
      await client.indices.delete({ index, ignore_unavailable: true });
      const search = new OpenSearchHotelSearch(client, index, cursors);
      await search.ensureIndex({ replicas: 0 });
      return search;
    },
    async stop() {
      await client.close();
      await stopNode();
    },
  };
}
