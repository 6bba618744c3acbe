/**
 * Builds (with Maven, from Maven Central's artifacts only) and starts the project's own
 * OpenSearch node: `opensearch-node/`, one 2.19 node on loopback. No Java process outlives us.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePortRun } from './free-ports';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '../opensearch-node');
const JAR = join(PROJECT, 'target/opensearch-node-1.0.0.jar');
const CLASSPATH_FILE = join(PROJECT, 'target/classpath.txt');
const MAIN_CLASS = 'local.opensearch.LocalNode';

/**
 * The JVM's options. 512 MB of heap holds two regions' indices of a few thousand hotels with
 * room to spare; the serial collector suits a small heap on two cores. The `io.netty` and
 * `log4j` properties are the ones OpenSearch's own `jvm.options` sets: Netty without its
 * per-thread recyclers and reflection tricks, and log4j leaving shutdown to the node.
 */
export const OPENSEARCH_JVM_OPTIONS = [
  '-Xms128m',
  '-Xmx512m',
  '-XX:+UseSerialGC',
  '-XX:+ExitOnOutOfMemoryError',
  '-Dio.netty.noUnsafe=true',
  '-Dio.netty.noKeySetOptimization=true',
  '-Dio.netty.recycler.maxCapacityPerThread=0',
  '-Dlog4j.shutdownHookEnabled=false',
  '-Dlog4j2.disable.jmx=true',
  '-Djava.locale.providers=SPI,COMPAT',
];

export interface OpenSearchNode {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** SIGTERM, then SIGKILL if the node has not exited in time. */
  stop(): Promise<void>;
}

export interface OpenSearchNodeOptions {
  /** The node's home: its data and logs go in here. */
  readonly home: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly startTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

/** Whether a command runs at all (`java -version`, `mvn -v`). */
function runs(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/** What the node needs that this machine lacks: `java`, `mvn` or both; empty when it can run here. */
export function missingForOpenSearch(): string[] {
  return [...(runs('java', ['-version']) ? [] : ['java']), ...(runs('mvn', ['-v']) ? [] : ['mvn'])];
}

/** The newest modification time among the launcher's sources (pom, Java, resources). */
function newestSource(path = PROJECT): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    0,
    ...readdirSync(path)
      .filter((name) => name !== 'target')
      .map((name) => newestSource(join(path, name))),
  );
}

/** The launcher's classpath, or undefined when it must be (re)built: missing, stale, or a jar gone from ~/.m2. */
function builtClasspath(): string | undefined {
  if (!existsSync(JAR) || !existsSync(CLASSPATH_FILE)) return undefined;
  if (statSync(JAR).mtimeMs < newestSource()) return undefined;
  const jars = readFileSync(CLASSPATH_FILE, 'utf8').trim().split(delimiter);
  if (!jars.every((jar) => existsSync(jar))) return undefined;
  return [JAR, ...jars].join(delimiter);
}

/**
 * Builds the launcher when needed and returns its classpath. Offline first (`mvn -o`), since
 * ~/.m2 usually has every artifact; online from Maven Central when it does not.
 */
export function buildOpenSearchNode(log: (line: string) => void = () => undefined): string {
  const built = builtClasspath();
  if (built) return built;
  const mvn = (offline: boolean) =>
    spawnSync('mvn', ['-q', '-B', ...(offline ? ['-o'] : []), 'package', '-DskipTests', '-f', PROJECT], {
      encoding: 'utf8',
    });
  log('Building the OpenSearch node (opensearch-node/, Maven)...');
  let result = mvn(true);
  if (result.status !== 0) {
    log('Fetching its artifacts from Maven Central (once; they stay in ~/.m2)...');
    result = mvn(false);
  }
  if (result.error) throw new Error(`Maven could not run (${result.error.message}): install Maven 3.8+`);
  if (result.status !== 0)
    throw new Error(`Building opensearch-node/ failed:\n${`${result.stdout}${result.stderr}`.slice(-3000)}`);
  // Maven leaves an up-to-date jar untouched (when only the pom changed, say): mark it as built now.
  if (existsSync(JAR)) utimesSync(JAR, new Date(), new Date());
  const classpath = builtClasspath();
  if (!classpath) throw new Error('Maven built opensearch-node/ but left no launcher jar or classpath');
  return classpath;
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

/** Whether the cluster answers with a yellow or green health within a second. */
async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=1s`, {
      signal: AbortSignal.timeout(2000),
    });
    const health = (await response.json()) as { status?: string };
    return response.ok && (health.status === 'green' || health.status === 'yellow');
  } catch {
    return false;
  }
}

/** Builds if needed, starts the node and resolves once its cluster is yellow or green. */
export async function startOpenSearchNode(options: OpenSearchNodeOptions): Promise<OpenSearchNode> {
  const classpath = buildOpenSearchNode(options.log);
  // Drawn as one run when both are free to choose, so that they cannot be the same port.
  const pair = await freePortRun(2);
  const port = options.port || pair;
  const transportPort = options.port === pair + 1 ? pair : pair + 1;
  mkdirSync(options.home, { recursive: true });
  // stdin stays a pipe: the launcher exits when it closes, so even a SIGKILLed parent leaves no node.
  const child = spawn(
    'java',
    [
      ...OPENSEARCH_JVM_OPTIONS,
      '-cp',
      classpath,
      MAIN_CLASS,
      options.home,
      String(port),
      String(transportPort),
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    // Closing flushes the indices; a node that takes longer than this is stuck.
    if (!(await exited(child, 10_000))) {
      child.kill('SIGKILL');
      await exited(child, 5000);
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 90_000);
  try {
    for (;;) {
      if (spawnError) throw spawnError;
      if (child.exitCode !== null)
        throw new Error(`the OpenSearch node exited with ${child.exitCode}: ${output}`);
      if (await healthy(url)) break;
      if (Date.now() > deadline)
        throw new Error(`the OpenSearch node did not start on port ${port}: ${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, process: child, stop };
}
