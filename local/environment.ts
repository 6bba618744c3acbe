/**
 * Both regions on one machine: DynamoDB Local (one database per region),
 * replication between them, search in each region fed from its own table, the
 * two regional APIs and the web page. `npm start` and the end-to-end tests
 * start it the same way; it differs from AWS only in which adapters it wires.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type LocalJwtKeys, loadOrCreateKeys, localHotelierTokens } from '../lambdas/adapters/auth/local-jwt';
import { rememberingVerifiedTokens } from '../lambdas/adapters/auth/verified-tokens';
import { cursorKeyFromText, hmacCursorSeal } from '../lambdas/adapters/cursor-seal';
import { ensureAttemptsTable } from '../lambdas/adapters/dynamodb/attempt-counter';
import { backfillRateSummaries } from '../lambdas/adapters/dynamodb/rates-backfill';
import { dynamoDbStores } from '../lambdas/adapters/dynamodb/stores';
import { HotelTableClient } from '../lambdas/adapters/dynamodb/table-client';
import { HttpForwarder } from '../lambdas/adapters/forwarding/http-forwarder';
import type { RegionStores } from '../lambdas/domain/ports';
import { otherRegion, REGIONS, type Region } from '../lambdas/domain/regions';
import type { RegionServices } from '../lambdas/http/region-services';
import { type LocalConfig, prepareDataDir } from './config';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local';
import { EventLog, eventsDir } from './event-log';
import { EventDelivery, EventPublisher } from './event-publisher';
import { freePort, freePortRun } from './free-ports';
import { type GuestMessageWriter, startGuestMessages } from './guest-outbox';
import { type RegionSearch, startLocalSearch } from './local-search';
import { regionClients, streamFollowers } from './region-clients';
import { closeServer, requestLine, startRegionServer } from './region-server';
import { localRegionServices } from './region-services';
import { Replicator } from './replicator';
import { SearchIndexer } from './search-indexer';
import type { SeedResult } from './seed';
import { settle } from './settle';
import type { StreamFollower } from './stream-follower';
import { prepareTables } from './tables';
import { startWebServer } from './web-server';
import { WriteSignal } from './write-signal';

export { configFromEnv, type LocalConfig } from './config';

export const TABLE_NAME = 'hotels';
/** Each region's lookup attempt counters (a regional table; in AWS, TTL removes old windows). */
export const ATTEMPTS_TABLE_NAME = 'lookup_attempts';
/**
 * How long a quiet stream's replicator waits between polls. This process's own writes wake
 * the stream's followers at once; a write from another process (a script, a test's own
 * client) waits up to this long.
 */
export const FOLLOWER_MAX_IDLE_POLL_MS = 1_000;
/**
 * The longest a write's nudge waits for the API requests in flight to be answered: under
 * steady load the API is never idle, and replication may lag by this much, no more.
 */
export const NUDGE_HOLD_MAX_MS = 50;
/**
 * The search indexer polls a quiet stream more rarely still: the replicator of the same
 * stream, which sees every change on it, nudges the indexer when it finds one.
 */
const INDEXER_IDLE_FACTOR = 10;

export interface LocalRegion {
  readonly services: RegionServices;
  readonly search: RegionSearch;
  readonly indexer: SearchIndexer;
  readonly indexFollower: StreamFollower;
  readonly url: string;
}

export interface LocalEnvironment {
  readonly config: LocalConfig;
  readonly urls: { readonly web: string; readonly dynamodb: string; readonly opensearch?: string } & Record<
    Region,
    string
  >;
  readonly regions: Record<Region, LocalRegion>;
  /** Keyed by the source region. */
  readonly replicators: Record<Region, Replicator & { follower: StreamFollower }>;
  /** Booking events: the durable log, each region's publisher, and one delivery per `LOCAL_EVENT_TARGETS` URL. */
  readonly events: {
    readonly log: EventLog;
    readonly publishers: Record<Region, EventPublisher & { follower: StreamFollower }>;
    readonly deliveries: readonly EventDelivery[];
    /** Writes each event's guest message to the outbox (`npm run outbox` prints it). */
    readonly messages: GuestMessageWriter;
  };
  readonly jwtKeys: LocalJwtKeys;
  readonly seed?: SeedResult;
  readonly timings: { readonly startMs: number; readonly seedMs?: number };
  /** Waits until both replication directions and both indexers have nothing pending. */
  settle(timeoutMs?: number): Promise<void>;
  pauseReplication(): void;
  resumeReplication(): void;
  /** Takes a region's API off the network (connections refused), as in a regional outage. */
  takeRegionDown(region: Region): Promise<void>;
  /** Brings it back on the same port. */
  bringRegionUp(region: Region): Promise<void>;
  /**
   * Stops DynamoDB Local mid-flight and starts it again on the same data and port:
   * SIGTERM lets its JVM shut down; SIGKILL is a crash.
   */
  restartDatabase(options?: { signal?: 'SIGTERM' | 'SIGKILL'; downtimeMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

/** The local data dir's small secrets: created once, kept across restarts. */
function secretFile(file: string): string {
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/** DynamoDB Local already booting (`npm start` spawns it before loading the rest), and when the start began. */
export interface EarlyStart {
  readonly dynamo: Promise<DynamoDbLocal>;
  readonly startedAt: number;
}

/** Starts everything and resolves once both regions can serve. */
export async function startLocalEnvironment(
  config: LocalConfig,
  early?: EarlyStart,
): Promise<LocalEnvironment> {
  const started = early?.startedAt ?? performance.now();
  const log = config.log ?? (() => undefined);
  const dynamoDir = early ? join(config.dataDir, 'dynamodb') : prepareDataDir(config);
  const seededMarker = join(config.dataDir, 'seeded.json');
  const ratesMarker = join(config.dataDir, 'rate-summaries.json');

  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
    stops.length = 0;
  };
  let dynamo: DynamoDbLocal | undefined;
  // OpenSearch's node (with LOCAL_SEARCH=opensearch) boots alongside DynamoDB Local.
  const searching = startLocalSearch(config, log);
  stops.push(async () => (await searching.catch(() => undefined))?.stop());
  try {
    dynamo = await (early?.dynamo ??
      startDynamoDbLocal({
        port: config.dynamoPort || (await freePort()),
        dataDir: dynamoDir,
        jvmOptions: config.dynamoJvmOptions,
      }));
    stops.push(async () => dynamo?.stop());
    const dynamoPort = dynamo.port;
    log(`DynamoDB Local on ${dynamo.endpoint} (data in ${dynamoDir})`);

    const jwtKeys = await loadOrCreateKeys(join(config.dataDir, 'jwt-key.json'));
    // Both regions check hoteliers' tokens with the one local key, as both check Cognito's in AWS.
    const hotelierTokens = rememberingVerifiedTokens(localHotelierTokens(jwtKeys));
    const forwardSecret = secretFile(join(config.dataDir, 'forward-secret'));
    // One cursor key per data dir, shared by both regions: a cursor from one region pages on in the other.
    const cursors = hmacCursorSeal(cursorKeyFromText(secretFile(join(config.dataDir, 'cursor-key'))));
    const port = (region: Region) =>
      config.basePort === 0 ? 0 : config.basePort + 1 + REGIONS.indexOf(region);
    const webPort = config.basePort;

    // Every write of this process goes through these clients, and tells the followers of the table it
    // wrote once no API request is in flight (or NUDGE_HOLD_MAX_MS has passed), as if they ran elsewhere.
    let requestsInFlight = 0;
    const inFlight = { begin: () => requestsInFlight++, end: () => requestsInFlight-- };
    const writes = new WriteSignal({ busy: () => requestsInFlight > 0, maxMs: NUDGE_HOLD_MAX_MS });
    const clients = regionClients(dynamo.endpoint, writes);
    /** A follower of `region`'s stream: woken by this process's writes there, polling rarely when not. */
    const follow = streamFollowers(
      clients,
      writes,
      TABLE_NAME,
      config.followerMaxIdlePollMs ?? FOLLOWER_MAX_IDLE_POLL_MS,
    );
    /** Positions `follower` on its stream, starts it, and stops it with the environment. */
    const run = async (follower: StreamFollower): Promise<StreamFollower> => {
      await follower.prime();
      follower.start();
      stops.push(() => follower.stop());
      return follower;
    };

    const seedStarted = performance.now();
    const seeding = !existsSync(seededMarker);
    if (seeding) {
      log(`Seeding ${config.seedHotels} demo hotels in both regions...`);
      // Checkpoints of an earlier, unfinished seed name a stream that is about to go.
      rmSync(join(config.dataDir, 'replication'), { recursive: true, force: true });
      rmSync(eventsDir(config.dataDir), { recursive: true, force: true });
    }
    const seed = await prepareTables(
      Object.fromEntries(REGIONS.map((r) => [r, clients[r].ddb])) as Record<Region, DynamoDBClient>,
      TABLE_NAME,
      seeding ? { hotels: config.seedHotels, progress: config.progress } : undefined,
    );
    const seedMs = seed && Math.round(performance.now() - seedStarted);
    // The seed writes every hotel with its rate summary: nothing to backfill.
    if (seeding) writeFileSync(ratesMarker, JSON.stringify({ at: new Date().toISOString() }));

    let ready = false;
    const baseUrls: Record<string, string> = {};
    const forwarder = new HttpForwarder({
      baseUrls,
      secret: forwardSecret,
      timeoutMs: config.forwardTimeoutMs ?? 5_000,
      latencyMs: config.crossRegionLatencyMs,
    });
    const watcher = requestLine(log);
    const regions = {} as Record<Region, LocalRegion>;
    // Every region's store, as each region's admin routes reach them (in AWS: each region's replica).
    const stores = Object.fromEntries(
      REGIONS.map((r) => [
        r,
        dynamoDbStores({ doc: clients[r].requests, tableName: TABLE_NAME, region: r, cursors }),
      ]),
    ) as Record<Region, RegionStores>;
    const servers = {} as Record<Region, Server>;
    // The regions load their search indexes side by side: DynamoDB Local serves each region's database on its own.
    await allOrFirstError(REGIONS, async (region) => {
      const { doc } = clients[region];
      const search = await (await searching).forRegion(region, cursors);
      // Each region counts its own lookups, in a table of its own that is never replicated.
      await ensureAttemptsTable(clients[region].ddb, ATTEMPTS_TABLE_NAME);
      const services = localRegionServices({
        region,
        doc: clients[region].requests,
        tableName: TABLE_NAME,
        attemptsTableName: ATTEMPTS_TABLE_NAME,
        stores,
        search,
        cursors,
        forwarder,
        hotelierTokens,
        isReady: () => ready,
      });
      const indexer = new SearchIndexer(search, doc, TABLE_NAME);
      const indexFollower = follow(
        region,
        {
          startAt: 'LATEST',
          onChanges: (changes) => indexer.apply(changes),
          onError: (error) => log(`[${region}] search indexer: ${(error as Error).message}`),
        },
        INDEXER_IDLE_FACTOR,
      );
      // Position on the stream first, then load: a change made during the load is applied twice, never lost.
      await indexFollower.prime();
      // A data dir from before rate summaries: its hotels get theirs now (replication carries them
      // over). Once done, or in a dir seeded since, the marker spares every later start the scan.
      if (!existsSync(ratesMarker)) {
        const { written } = await backfillRateSummaries(
          new HotelTableClient({ doc, tableName: TABLE_NAME, region }),
        );
        if (written) log(`[${region}] gave ${written} hotels their rate summary`);
      }
      const loaded = await indexer.fullLoad();
      indexFollower.start();
      stops.push(() => indexFollower.stop());
      const { server, url } = await startRegionServer({
        services,
        port: port(region),
        forwardSecret,
        watcher,
        inFlight,
      });
      servers[region] = server;
      stops.push(() => closeServer(servers[region]));
      baseUrls[region] = url;
      regions[region] = { services, search, indexer, indexFollower, url };
      log(`[${region}] API on ${url} (${loaded} hotels in its search index)`);
    });
    writeFileSync(ratesMarker, JSON.stringify({ at: new Date().toISOString() }));

    const replicators = {} as LocalEnvironment['replicators'];
    await allOrFirstError(REGIONS, async (from) => {
      const to = otherRegion(from);
      const replicator = new Replicator({
        from,
        to,
        target: clients[to].doc,
        tableName: TABLE_NAME,
        latencyMs: config.crossRegionLatencyMs,
      });
      const follower = await run(
        follow(from, {
          checkpointFile: join(config.dataDir, 'replication', `${from}-to-${to}.json`),
          startAt: 'TRIM_HORIZON',
          onChanges: (changes) => {
            // What it finds, its stream's indexer has to read too (a write from another process).
            regions[from].indexFollower.nudge();
            return replicator.apply(changes);
          },
          onError: (error) => log(`replication ${from} -> ${to}: ${(error as Error).message}`),
        }),
      );
      replicator.follower = follower;
      replicators[from] = replicator as Replicator & { follower: StreamFollower };
    });

    // Opened after the seed: the demo data is history from before events, and is not published.
    const eventLog = new EventLog(config.dataDir);
    stops.push(async () => eventLog.close());
    const publishers = {} as LocalEnvironment['events']['publishers'];
    await allOrFirstError(REGIONS, async (region) => {
      const publisher = new EventPublisher(region, eventLog, log);
      const follower = await run(
        follow(region, {
          checkpointFile: join(eventsDir(config.dataDir), `${region}-stream.json`),
          startAt: 'TRIM_HORIZON',
          onChanges: (changes) => publisher.apply(changes),
          onError: (error) => log(`[${region}] event publisher: ${(error as Error).message}`),
        }),
      );
      publishers[region] = Object.assign(publisher, { follower });
    });
    // One delivery a URL: two would share its position file (and deliver every event twice).
    const deliveries = [...new Set(config.eventTargets ?? [])].map(
      (url) => new EventDelivery(url, eventLog, config.dataDir),
    );
    for (const delivery of deliveries) {
      delivery.start();
      stops.push(() => delivery.stop());
    }
    if (deliveries.length) log(`Booking events go to ${deliveries.map((d) => d.url).join(', ')}`);

    const web = await startWebServer({ port: webPort, apis: baseUrls as Record<Region, string> });
    stops.push(() => new Promise<void>((r) => web.server.close(() => r())));

    // The guests' messages, from the events of the region that wrote each change.
    const guestMessages = startGuestMessages(
      eventLog,
      config.dataDir,
      (region) => regions[region].services,
      web.url,
      log,
    );
    stops.push(() => guestMessages.stop());
    const { messages } = guestMessages;
    const pipelines = {
      followers: [
        ...REGIONS.map((r) => replicators[r].follower),
        ...REGIONS.map((r) => regions[r].indexFollower),
        ...REGIONS.map((r) => publishers[r].follower),
      ],
      messages,
    };

    if (seed && seedMs !== undefined) {
      writeFileSync(seededMarker, JSON.stringify({ ...seed, seededAt: new Date().toISOString(), seedMs }));
      log(
        `Seeded ${seed.hotels} hotels, ${seed.roomTypes} room types and ${seed.bookings} bookings in ${(seedMs / 1000).toFixed(1)} s`,
      );
    }
    ready = true;

    return {
      config,
      urls: {
        web: web.url,
        dynamodb: dynamo.endpoint,
        opensearch: (await searching).url,
        ...(baseUrls as Record<Region, string>),
      },
      regions,
      replicators,
      events: { log: eventLog, publishers, deliveries, messages },
      jwtKeys,
      seed,
      timings: { startMs: Math.round(performance.now() - started), seedMs },
      settle: (timeoutMs = 60_000) => settle(pipelines, timeoutMs),
      pauseReplication: () => {
        for (const r of REGIONS) replicators[r].follower.pause();
      },
      resumeReplication: () => {
        for (const r of REGIONS) replicators[r].follower.resume();
      },
      takeRegionDown: (region) => {
        // Its kept-alive connections go with it, as a region's would: the next forward is refused (503).
        forwarder.dropConnections(region);
        return closeServer(servers[region]);
      },
      restartDatabase: async ({ signal = 'SIGTERM', downtimeMs = 500 } = {}) => {
        if (signal === 'SIGKILL') await dynamo?.kill();
        else await dynamo?.stop();
        await new Promise((r) => setTimeout(r, downtimeMs));
        dynamo = await startDynamoDbLocal({
          port: dynamoPort,
          dataDir: dynamoDir,
          jvmOptions: config.dynamoJvmOptions,
        });
      },
      bringRegionUp: async (region) => {
        const { server } = await startRegionServer({
          services: regions[region].services,
          port: Number(new URL(baseUrls[region] as string).port),
          forwardSecret,
          watcher,
          inFlight,
        });
        servers[region] = server;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Runs `work` for every item at once; after all have ended, throws the first failure (so none is left running). */
async function allOrFirstError<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  const results = await Promise.allSettled(items.map(work));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** A base port with base, base+1 and base+2 free, and a free DynamoDB port: for tests. */
export async function freePorts(): Promise<{ basePort: number; dynamoPort: number }> {
  // One run of four: drawn apart, DynamoDB's port could land on one of the three.
  const base = await freePortRun(4);
  return { basePort: base, dynamoPort: base + 3 };
}
