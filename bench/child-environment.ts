/**
 * `npm start` in a process of its own, for benchmarks whose client must never
 * share the event loop of the environment it measures.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Region } from '../lambdas/domain/regions';
import { freePorts } from '../local/environment';
import { CLOCK_TICKS_PER_SECOND, processGroup } from './process-cpu';

export interface ChildEnvironment {
  readonly api: Record<Region, string>;
  readonly dynamodb: string;
  /** A hotelier token the environment accepts. */
  token(hotelierId: string): string;
  /** CPU used so far, in ms: by its Node processes (the API and all it runs) and by DynamoDB Local's Java. */
  cpuMs(): { node: number; java: number };
  stop(): Promise<void>;
}

/**
 * Waits until `child` (an `npm start`) prints that it is ready; its output so far.
 * Throws with that output when it exits first or `timeoutMs` runs out.
 */
export async function untilReady(child: ChildProcess, timeoutMs = 300_000, pollMs = 200): Promise<string> {
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + timeoutMs;
  while (!output.includes('Press Ctrl-C to stop.')) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`npm start did not get ready:\n${output.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return output;
}

/** True when process `pid` runs DynamoDB Local (its command line names the jar). */
function isDynamoDbLocal(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal');
  } catch {
    return false;
  }
}

/** Starts `npm start` in its own process group; resolves once it is ready. */
async function startNpm(env: NodeJS.ProcessEnv, cwd?: string): Promise<ChildProcess> {
  const child = spawn('npx', ['tsx', 'local/start.ts', '--reset'], {
    env,
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  await untilReady(child);
  return child;
}

async function stopNpm(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || !child.pid) return;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), name);
    } catch {
      // Already gone.
    }
  };
  const exited = new Promise((r) => child.once('exit', r));
  signal('SIGINT');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
  if (child.exitCode === null) signal('SIGKILL');
}

/**
 * Starts `npm start` on free ports and a fresh data dir with `seedHotels` demo hotels (and
 * `extraEnv`, e.g. LOCAL_EVENT_TARGETS), from `productDir` (another checkout, for a before and
 * after in one run; `BENCH_PRODUCT_DIR`, else this one).
 */
export async function startChildEnvironment(
  seedHotels: number,
  extraEnv: Readonly<Record<string, string>> = {},
  productDir = process.env.BENCH_PRODUCT_DIR || undefined,
): Promise<ChildEnvironment> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotels-bench-'));
  const { basePort, dynamoPort } = await freePorts();
  const env = {
    ...process.env,
    LOCAL_BASE_PORT: String(basePort),
    DYNAMODB_LOCAL_PORT: String(dynamoPort),
    LOCAL_DATA_DIR: dataDir,
    LOCAL_SEED_HOTELS: String(seedHotels),
    ...extraEnv,
  };
  const child = await startNpm(env, productDir);
  return {
    api: {
      'us-east-1': `http://127.0.0.1:${basePort + 1}`,
      'ap-southeast-1': `http://127.0.0.1:${basePort + 2}`,
    },
    dynamodb: `http://127.0.0.1:${dynamoPort}`,
    token: (hotelierId) =>
      execFileSync('npx', ['tsx', 'local/token.ts', hotelierId], {
        env,
        encoding: 'utf8',
        cwd: productDir,
      }).trim(),
    cpuMs() {
      const used = { node: 0, java: 0 };
      for (const p of processGroup(child.pid as number)) {
        // DynamoDB Local's JVM only: with LOCAL_SEARCH=opensearch, a second one runs OpenSearch.
        const kind =
          p.command === 'node' ? 'node' : p.command === 'java' && isDynamoDbLocal(p.pid) ? 'java' : undefined;
        if (kind) used[kind] += (p.cpuTicks * 1000) / CLOCK_TICKS_PER_SECOND;
      }
      return used;
    },
    async stop() {
      await stopNpm(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
