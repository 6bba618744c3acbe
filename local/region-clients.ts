/**
 * Each local region's DynamoDB clients (one DynamoDB Local, a database per region), and the
 * followers of its table's stream, which every consumer (replication, search, events) runs on.
 */
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { createDocumentClient, createDynamoClient } from '../lambdas/adapters/dynamodb/client';
import { REGIONS, type Region } from '../lambdas/domain/regions';
import { StreamFollower, type StreamFollowerOptions } from './stream-follower';
import type { WriteSignal } from './write-signal';

/** How long a call to DynamoDB Local may go unanswered before it counts as lost. */
const LOCAL_ATTEMPT_TIMEOUT_MS = 5_000;

/**
 * One region's clients: for background work (seeding, replication, indexing) the table's and its
 * document client, with the SDK's own retries; for requests, a document client wired as in AWS;
 * and its stream's.
 */
export interface RegionClients {
  readonly ddb: ReturnType<typeof createDynamoClient>;
  readonly doc: ReturnType<typeof createDocumentClient>;
  /** What the API's stores use (lambdas/handlers/aws-services.ts): one attempt per call, under the request's deadline. */
  readonly requests: ReturnType<typeof createDocumentClient>;
  readonly streams: DynamoDBStreamsClient;
}

/** Every region's clients on `endpoint`; each write through them tells `writes` (which wakes the followers). */
export function regionClients(endpoint: string, writes: WriteSignal): Record<Region, RegionClients> {
  return Object.fromEntries(
    REGIONS.map((region) => {
      const ddb = createDynamoClient({ region, endpoint });
      // DynamoDB Local on a shared machine gets longer per attempt than DynamoDB does.
      const forRequests = createDynamoClient({
        region,
        endpoint,
        attemptTimeoutMs: LOCAL_ATTEMPT_TIMEOUT_MS,
      });
      for (const client of [ddb, forRequests]) writes.watch(client, region);
      const streams = new DynamoDBStreamsClient({
        region,
        endpoint,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      return [
        region,
        { ddb, doc: createDocumentClient(ddb), requests: createDocumentClient(forRequests), streams },
      ];
    }),
  ) as Record<Region, RegionClients>;
}

/** What a consumer chooses of its follower; the rest is the environment's. */
export type FollowOptions = Pick<
  StreamFollowerOptions,
  'checkpointFile' | 'startAt' | 'onChanges' | 'onError'
>;

/**
 * Makes followers of a region's stream of `tableName`: each is woken at once by this process's
 * writes there, and polls a quiet stream every `idleFactor` × `maxIdlePollMs`. No quicker polls
 * after a write: they found nothing a nudge would not have, and each is work for DynamoDB Local
 * and this event loop (36 polls a booking where 16 do). A write from another process waits up
 * to that long, as it did once the old backoff had grown.
 */
export function streamFollowers(
  clients: Record<Region, RegionClients>,
  writes: WriteSignal,
  tableName: string,
  maxIdlePollMs: number,
): (region: Region, options: FollowOptions, idleFactor?: number) => StreamFollower {
  return (region, options, idleFactor = 1) =>
    new StreamFollower({
      ddb: clients[region].ddb,
      streams: clients[region].streams,
      tableName,
      idlePollMs: idleFactor * maxIdlePollMs,
      maxIdlePollMs: idleFactor * maxIdlePollMs,
      wakeOn: (nudge) => writes.on(region, tableName, nudge),
      beforeIdlePoll: () => writes.whenIdle(),
      ...options,
    });
}
