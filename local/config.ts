/** The local environment's settings (the contract's environment variables) and its data dir. */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface LocalConfig {
  /** The web UI listens here; us-east-1's API on +1, ap-southeast-1's on +2. */
  readonly basePort: number;
  readonly dynamoPort: number;
  readonly dataDir: string;
  readonly seedHotels: number;
  readonly crossRegionLatencyMs: number;
  /**
   * How long a forwarded write may take, there and back, before its outcome is
   * unknown (504 OUTCOME_UNKNOWN). Lower it below twice the simulated latency to see one.
   * @default 5000
   */
  readonly forwardTimeoutMs?: number;
  /** Start from an empty data dir. */
  readonly reset?: boolean;
  /** The longest wait of a quiet stream's replicator (its indexer's is ten times this). @default 1000 */
  readonly followerMaxIdlePollMs?: number;
  /** Every booking event is POSTed to each of these URLs (`LOCAL_EVENT_TARGETS`, comma-separated). */
  readonly eventTargets?: readonly string[];
  /** Each region's search engine (`LOCAL_SEARCH`). @default 'embedded' */
  readonly search?: LocalSearchEngine;
  /** With `search: 'opensearch'`, the cluster to use (`OPENSEARCH_URL`); the project's own node without it. */
  readonly opensearchUrl?: string;
  /** The project's own node's HTTP port (`OPENSEARCH_PORT`); 0 picks a free one. @default 0 */
  readonly opensearchPort?: number;
  /**
   * DynamoDB Local's JVM options when the environment starts it (and restarts it); one
   * already started and handed in (`npm start`'s early start) keeps its own. A test's
   * short-lived environment passes `QUICK_START_JVM_OPTIONS`. @default JVM_OPTIONS (see `dynamodb-local.ts`)
   */
  readonly dynamoJvmOptions?: readonly string[];
  /** Where progress and request lines go; silent without it. */
  readonly log?: (line: string) => void;
  /** Where the seeding progress bar goes (a TTY redraws it in place). */
  readonly progress?: (done: number, total: number) => void;
}

/** The embedded engine (the default) or OpenSearch, as in AWS. */
export type LocalSearchEngine = 'embedded' | 'opensearch';

/** `LOCAL_SEARCH`: empty or `embedded`, or `opensearch`; anything else stops the start with its name. */
export function searchEngineFrom(raw: string | undefined): LocalSearchEngine {
  if (!raw || raw === 'embedded') return 'embedded';
  if (raw === 'opensearch') return 'opensearch';
  throw new Error(`LOCAL_SEARCH must be "embedded" or "opensearch", got "${raw}"`);
}

/** Reads the contract's environment variables (and `--reset`). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env, argv: string[] = []): LocalConfig {
  const int = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`${name} must be a whole number, got "${raw}"`);
    return value;
  };
  return {
    basePort: int('LOCAL_BASE_PORT', 3000),
    dynamoPort: int('DYNAMODB_LOCAL_PORT', 8000),
    dataDir: resolve(env.LOCAL_DATA_DIR || '.local'),
    seedHotels: int('LOCAL_SEED_HOTELS', 2000),
    crossRegionLatencyMs: int('LOCAL_CROSS_REGION_LATENCY_MS', 0),
    forwardTimeoutMs: Math.max(1, int('LOCAL_FORWARD_TIMEOUT_MS', 5_000)),
    reset: argv.includes('--reset'),
    eventTargets: eventTargetsFrom(env.LOCAL_EVENT_TARGETS),
    search: searchEngineFrom(env.LOCAL_SEARCH),
    opensearchUrl: env.OPENSEARCH_URL || undefined,
    opensearchPort: int('OPENSEARCH_PORT', 0),
  };
}

/** The URLs of `LOCAL_EVENT_TARGETS`; a value that is not an http(s) URL stops the start with its name. */
export function eventTargetsFrom(raw: string | undefined): string[] {
  const urls = (raw ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  for (const url of urls) {
    let protocol = '';
    try {
      protocol = new URL(url).protocol;
    } catch {
      // reported below
    }
    if (protocol !== 'http:' && protocol !== 'https:')
      throw new Error(`LOCAL_EVENT_TARGETS must be comma-separated http(s) URLs, got "${url}"`);
  }
  return urls;
}

/** Empties the data dir first when `reset`; returns the directory DynamoDB Local keeps its files in. */
export function prepareDataDir(config: LocalConfig): string {
  if (config.reset) rmSync(config.dataDir, { recursive: true, force: true });
  const dir = join(config.dataDir, 'dynamodb');
  mkdirSync(dir, { recursive: true });
  return dir;
}
