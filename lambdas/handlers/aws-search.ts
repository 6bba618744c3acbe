/**
 * Search as wired in AWS: the region's OpenSearch domain, signed with the function's role, each
 * request traced. Only the entries whose routes search import this module, so only their
 * bundles carry the OpenSearch client.
 */
import { awsOpenSearchClient, OpenSearchHotelSearch } from '../adapters/search/opensearch-search';
import type { HotelSearch } from '../domain/ports';
import { required } from './aws-services';
import { traceOpenSearchRequests } from './aws-tracing';

/** The region's search, for `createAwsServices`. */
export function awsSearch(env: NodeJS.ProcessEnv, region: string): HotelSearch {
  const client = awsOpenSearchClient(required(env, 'OPENSEARCH_ENDPOINT'), region);
  traceOpenSearchRequests(client.transport);
  return new OpenSearchHotelSearch(client);
}
