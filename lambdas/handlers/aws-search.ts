/**
 * Search as wired in AWS: the region's OpenSearch domain, signed with the function's role, each
 * request traced. Only the entries whose routes search import this module, so only their
 * bundles carry the OpenSearch client's transport.
 */
import { EventEmitter } from 'node:events';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3';
import { ConnectionPool } from '@opensearch-project/opensearch/lib/pool/index.js';
import Serializer from '@opensearch-project/opensearch/lib/Serializer.js';
import { type OpenSearchCalls, OpenSearchHotelSearch } from '../adapters/search/opensearch-search';
import type { CursorSeal, HotelSearch } from '../domain/ports';
import { required } from './aws-services';
import { traceOpenSearchRequests } from './aws-tracing';

const notInFunctions = () =>
  Promise.reject(new Error('Only search is served by the functions; indexing is the pipeline’s'));

/**
 * A client for an Amazon OpenSearch Service domain that can only search: the package's own
 * signed transport and connection pool, with `Client`'s defaults (3 retries, 30 s), but not
 * `Client`, whose every API namespace (~200 KiB minified) would be bundled for one call.
 */
export function searchOnlyOpenSearchClient(endpoint: string, region: string) {
  const { Connection, Transport } = AwsSigv4Signer({ region, service: 'es' });
  const events = new EventEmitter();
  const emit = events.emit.bind(events);
  const connectionPool = new ConnectionPool({
    Connection,
    emit,
    resurrectStrategy: 'ping',
    pingTimeout: 3_000,
  });
  connectionPool.addConnection(endpoint);
  const transport = new Transport({
    emit,
    connectionPool,
    serializer: new Serializer(),
    maxRetries: 3,
    requestTimeout: 30_000,
    sniffEndpoint: '_nodes/_all/http',
    nodeSelector: 'round-robin',
    name: 'opensearch-js',
  });
  const calls: OpenSearchCalls = {
    // As `Client.search` sends it: POST /<index>/_search with the query as the body.
    search: ({ index, preference, body }) =>
      transport.request({
        method: 'POST',
        path: `/${encodeURIComponent(index)}/_search`,
        body,
        querystring: preference === undefined ? {} : { preference },
      }),
    // As `Client.msearch` sends it with an index: POST /<index>/_msearch, newline-delimited lines.
    msearch: ({ index, body }) =>
      transport.request({
        method: 'POST',
        path: `/${encodeURIComponent(index)}/_msearch`,
        bulkBody: body,
        querystring: {},
      }),
    index: notInFunctions,
    delete: notInFunctions,
    indices: { exists: notInFunctions, create: notInFunctions },
  };
  return { ...calls, transport };
}

/** The region's search, for `createAwsServices`. */
export function awsSearch(env: NodeJS.ProcessEnv, region: string, cursors?: CursorSeal): HotelSearch {
  const client = searchOnlyOpenSearchClient(required(env, 'OPENSEARCH_ENDPOINT'), region);
  traceOpenSearchRequests(client.transport);
  return new OpenSearchHotelSearch(client, undefined, cursors);
}
