/**
 * The region services as wired in AWS: DynamoDB for the store, and (given by the entries that
 * need them) OpenSearch for search and Lambda Invoke for forwarding. Only these environment
 * variables, set by the CDK stack, differ between regions.
 */

import { DynamoDbAttemptCounter } from '../adapters/dynamodb/attempt-counter';
import { createDocumentClient, createDynamoClient } from '../adapters/dynamodb/client';
import { dynamoDbGuestAccess } from '../adapters/dynamodb/guest-access-store';
import { dynamoDbStores } from '../adapters/dynamodb/stores';
import type {
  CursorSeal,
  HotelierTokenVerifier,
  HotelSearch,
  RegionForwarder,
  RegionStores,
} from '../domain/ports';
import { isRegion, REGIONS, type Region } from '../domain/regions';
import { RoomTypeCache } from '../domain/room-type-cache';
import type { RegionServices } from '../http/region-services';
import { metricSignals } from '../observability/metric-signals';
import { awsCursorSeal } from './aws-cursor-key';
import { traced } from './aws-tracing';

/** A variable the CDK stack sets; its absence is a deployment error, said at the first request. */
export function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/**
 * What one function needs beyond its table. Each entry passes only what its routes use, so that
 * the OpenSearch and Lambda clients are bundled only into the functions that call them.
 */
export interface AwsWiring {
  /** @default a search port that fails: the function serves no route that searches */
  readonly search?: (env: NodeJS.ProcessEnv, region: Region, cursors: CursorSeal) => HotelSearch;
  /** @default a forwarder that fails: the function never forwards (the receiver, admin routes) */
  readonly forwarder?: (env: NodeJS.ProcessEnv) => RegionForwarder;
  /**
   * Checks the token of a forwarded hotelier write again (the forward receiver, which no authorizer
   * fronts). @default none: the function refuses every forwarded hotelier write
   */
  readonly hotelierTokens?: (env: NodeJS.ProcessEnv) => HotelierTokenVerifier;
  /** Every region's table, for the operators' handover routes. @default false */
  readonly handover?: boolean;
  /**
   * Background work with no one waiting (the guests' messages): the SDK's own retries and no
   * timeout per call, instead of the requests' one attempt per call. @default false
   */
  readonly background?: boolean;
}

/** What a port this function was built without does: reaching it is a wiring bug, answered as a 500. */
const notWired = (port: string) => () => Promise.reject(new Error(`${port} is not wired in this function`));
const NO_SEARCH: HotelSearch = {
  search: notWired('search'),
  index: notWired('search'),
  remove: notWired('search'),
};
const NO_FORWARDER: RegionForwarder = { forwardToOwnerRegion: notWired('forwarding') };

/**
 * How long one DynamoDB call may go unanswered before it is retried on a fresh connection: a
 * hundred times a slow answer, and short enough to leave a 10 s function a retry or two.
 */
const ATTEMPT_TIMEOUT_MS = 2_000;

/**
 * Builds the region services from the function's environment. Only the admin function asks for
 * `handover`: the others never reach the other region's table, so they build no client for it.
 */
export function createAwsServices(
  env: NodeJS.ProcessEnv = process.env,
  wiring: AwsWiring = {},
): RegionServices {
  const region = required(env, 'AWS_REGION');
  if (!isRegion(region)) throw new Error(`AWS_REGION ${region} is not one of the product's regions`);
  const tableName = required(env, 'TABLE_NAME');
  const cursors = awsCursorSeal(env);
  const attemptTimeoutMs = wiring.background ? undefined : ATTEMPT_TIMEOUT_MS;
  const client = (r: Region) =>
    createDocumentClient(traced(createDynamoClient({ region: r, attemptTimeoutMs })));
  const doc = client(region);
  const storesIn = (r: Region) =>
    dynamoDbStores({
      doc: r === region ? doc : client(r),
      tableName,
      region: r,
      cursors,
    });
  // Only the internet-facing function counts lookups; a forwarded lookup was counted where it arrived.
  const attemptsTable = env.ATTEMPTS_TABLE_NAME;
  const attempts = attemptsTable
    ? new DynamoDbAttemptCounter(doc, attemptsTable)
    : { hit: notWired('attempt counters') };
  // Each region's replica of the global table, reached in its own region: what a handover writes to.
  const stores = wiring.handover
    ? (Object.fromEntries(REGIONS.map((r) => [r, storesIn(r)])) as Record<Region, RegionStores>)
    : undefined;
  const own = stores?.[region] ?? storesIn(region);
  return {
    region,
    now: () => new Date(),
    roomTypes: new RoomTypeCache(),
    signals: metricSignals(),
    hotels: own.hotels,
    bookings: own.bookings,
    search: wiring.search?.(env, region, cursors) ?? NO_SEARCH,
    cursors,
    prepare: () => cursors.ready(),
    forwarder: wiring.forwarder?.(env) ?? NO_FORWARDER,
    ...(wiring.hotelierTokens && { hotelierTokens: wiring.hotelierTokens(env) }),
    guestAccess: dynamoDbGuestAccess({ doc, tableName, region }, attempts),
    ...(stores && {
      handover: {
        stores,
        now: () => new Date(),
        drain: { timeoutMs: Number(env.HANDOVER_DRAIN_BUDGET_MS ?? 20_000) },
      },
    }),
  };
}
