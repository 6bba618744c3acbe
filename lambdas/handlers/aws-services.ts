/**
 * The region services as wired in AWS: DynamoDB for the store, OpenSearch for search,
 * Lambda Invoke for forwarding. Only these environment variables, set by the
 * CDK stack, differ between regions.
 */
import { createDocumentClient } from '../adapters/dynamodb/client';
import { dynamoDbStores } from '../adapters/dynamodb/stores';
import { LambdaInvokeForwarder } from '../adapters/forwarding/lambda-invoke-forwarder';
import { awsOpenSearchClient, OpenSearchHotelSearch } from '../adapters/search/opensearch-search';
import type { RegionStores } from '../domain/ports';
import { isRegion, REGIONS, type Region } from '../domain/regions';
import { RoomTypeCache } from '../domain/room-type-cache';
import type { RegionServices } from '../http/region-services';

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/**
 * Builds the region services from the function's environment. Only the admin function asks for
 * `handover`: the others never reach the other region's table, so they build no client for it.
 */
export function createAwsServices(
  env: NodeJS.ProcessEnv = process.env,
  options: { handover?: boolean } = {},
): RegionServices {
  const region = required(env, 'AWS_REGION');
  if (!isRegion(region)) throw new Error(`AWS_REGION ${region} is not one of the product's regions`);
  const tableName = required(env, 'TABLE_NAME');
  const storesIn = (r: Region) =>
    dynamoDbStores({ doc: createDocumentClient({ region: r }), tableName, region: r });
  // Each region's replica of the global table, reached in its own region: what a handover writes to.
  const stores = options.handover
    ? (Object.fromEntries(REGIONS.map((r) => [r, storesIn(r)])) as Record<Region, RegionStores>)
    : undefined;
  const own = stores?.[region] ?? storesIn(region);
  const receiverArns = JSON.parse(required(env, 'FORWARD_RECEIVER_ARNS')) as Record<string, string>;
  return {
    region,
    now: () => new Date(),
    roomTypes: new RoomTypeCache(),
    hotels: own.hotels,
    bookings: own.bookings,
    search: new OpenSearchHotelSearch(awsOpenSearchClient(required(env, 'OPENSEARCH_ENDPOINT'), region)),
    forwarder: new LambdaInvokeForwarder({
      receiverArns,
      timeoutMs: Number(env.FORWARD_TIMEOUT_MS ?? 3_000),
    }),
    ...(stores && {
      handover: {
        stores,
        now: () => new Date(),
        drain: { timeoutMs: Number(env.HANDOVER_DRAIN_BUDGET_MS ?? 20_000) },
      },
    }),
  };
}
