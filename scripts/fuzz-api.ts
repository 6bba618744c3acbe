/**
 * `npm run fuzz:api`: Schemathesis, an outside fuzzer, against `npm start`. Starts the local
 * environment on free ports with a temporary data dir, waits for both regions' /health, runs
 * Schemathesis with docs/openapi.json and every check on the public routes (no credentials), the
 * management routes (the token of the seeded hotels' hotelier) and the operators' routes (an
 * operator's token) of both regional APIs, then stops the environment (DynamoDB Local's JVM too).
 * Exits non-zero on any finding. The settings, and every exclusion with its reason, are in
 * scripts/schemathesis.toml. FUZZ_MAX_EXAMPLES and FUZZ_SEED override the bounds below.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGIONS } from '../lambdas/domain/regions';
import { freePorts } from '../local/environment';

const root = new URL('..', import.meta.url).pathname;
// Bounded so that one run takes a few minutes on a 2-core machine; fixed so that CI is reproducible.
const maxExamples = process.env.FUZZ_MAX_EXAMPLES || '25';
const seed = process.env.FUZZ_SEED || '20261206';
const startedAt = performance.now();
const out = (line: string) => process.stdout.write(`${line}\n`);

const st = execFileSync(join(root, 'scripts/install-schemathesis.sh'), { encoding: 'utf8' }).trim();
const { basePort, dynamoPort } = await freePorts();
const dataDir = mkdtempSync(join(tmpdir(), 'hotels-fuzz-'));
const env = {
  ...process.env,
  LOCAL_BASE_PORT: String(basePort),
  DYNAMODB_LOCAL_PORT: String(dynamoPort),
  LOCAL_DATA_DIR: dataDir,
  LOCAL_SEED_HOTELS: '50',
};
const apiUrl = (index: number) => `http://127.0.0.1:${basePort + 1 + index}`;
const logFile = join(dataDir, 'npm-start.log');

/** `npm start` in its own process group, so that stopping it reaches every process it started. */
function startEnvironment(): ChildProcess {
  const log = createWriteStream(logFile);
  const child = spawn('npm', ['start'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

async function waitForHealth(child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (const [index] of REGIONS.entries()) {
    for (;;) {
      if (child.exitCode !== null) throw new Error('npm start exited before it was ready');
      if (Date.now() > deadline) throw new Error('npm start was not healthy within 180 s');
      const ok = await fetch(`${apiUrl(index)}/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Ctrl-C as a terminal sends it, then SIGKILL for whatever outlives 30 s (DynamoDB Local's JVM can). */
async function stopEnvironment(child: ChildProcess): Promise<void> {
  const pid = child.pid as number;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  try {
    process.kill(-pid, 'SIGINT');
  } catch {
    // the group is already gone
  }
  const inTime = await Promise.race([
    exited.then(() => true),
    new Promise((r) => setTimeout(r, 30_000, false)),
  ]);
  const leftovers = () =>
    spawnSync('pgrep', ['-f', `DynamoDBLocal.jar.*${dataDir}`], { encoding: 'utf8' }).stdout.trim();
  for (let i = 0; i < 50 && leftovers(); i++) await new Promise((r) => setTimeout(r, 100));
  const left = leftovers();
  if (!inTime || left) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // the group is already gone
    }
    for (const java of left.split('\n').filter(Boolean)) process.kill(Number(java), 'SIGKILL');
    throw new Error(
      `npm start did not stop cleanly on SIGINT${left ? ` (DynamoDBLocal.jar left: ${left})` : ''}`,
    );
  }
}

const configFile = join(dataDir, 'schemathesis.toml');

/**
 * scripts/schemathesis.toml, plus ids of seeded hotels (the demo hotelier's) for half of the
 * `hotelId`s the fuzzer sends: made-up ids only ever reach a 404, real ones reach the handlers.
 */
async function writeConfig(jwt: string): Promise<void> {
  const answer = await fetch(`${apiUrl(0)}/v1/manage/hotels?limit=5`, {
    headers: { authorization: `Bearer ${jwt}` },
  });
  const hotels = ((await answer.json()) as { items: Array<{ hotelId: string }> }).items.map((h) => h.hotelId);
  if (!hotels.length) throw new Error('no seeded hotels to fuzz with');
  const base = readFileSync(join(root, 'scripts/schemathesis.toml'), 'utf8');
  writeFileSync(
    configFile,
    `${base}
[dictionaries.hotels]
values = ${JSON.stringify(hotels)}

` +
      `[parameters]
"path.hotelId" = { dictionary = "hotels", probability = 0.5 }
`,
  );
}

/** Every run's whole report, not just a failing one's (`FUZZ_VERBOSE=1`). */
const verbose = process.env.FUZZ_VERBOSE === '1';

/**
 * One Schemathesis run; true when it found nothing. A clean run prints one line (its test-case
 * count): CI's log keeps its tail, and six full reports would push the test summary out of it.
 * A run with findings prints its whole report.
 */
async function schemathesis(label: string, baseUrl: string, args: readonly string[]): Promise<boolean> {
  const run = spawn(
    st,
    [
      '--config-file',
      configFile,
      'run',
      join(root, 'docs/openapi.json'),
      '--url',
      baseUrl,
      '--max-examples',
      maxExamples,
      '--seed',
      seed,
      '--no-color',
      ...args,
    ],
    { cwd: dataDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let report = '';
  // Decoded per stream, so that a character split between two chunks is not garbled.
  run.stdout.setEncoding('utf8');
  run.stderr.setEncoding('utf8');
  run.stdout.on('data', (chunk) => {
    report += chunk;
  });
  run.stderr.on('data', (chunk) => {
    report += chunk;
  });
  const status = await new Promise<number | null>((resolve) => {
    run.once('error', (error) => {
      report += String(error);
      resolve(null);
    });
    run.once('close', (code) => resolve(code));
  });
  const clean = status === 0;
  const cases = /^\s*(\d+ generated.*)$/m.exec(report)?.[1] ?? 'no test-case count in the report';
  out(`== ${label} (${baseUrl}): ${clean ? 'clean' : `FINDINGS (exit ${status})`}, ${cases}`);
  if (!clean || verbose) out(report);
  return clean;
}

let ok = false;
const child = startEnvironment();
try {
  await waitForHealth(child);
  out(`npm start is healthy (${((performance.now() - startedAt) / 1000).toFixed(1)} s); data in ${dataDir}`);
  const token = (...args: string[]) =>
    execFileSync('npm', ['run', '--silent', 'token', '--', ...args], {
      cwd: root,
      env,
      encoding: 'utf8',
    }).trim();
  const bearer = (jwt: string) => ['--header', `Authorization: Bearer ${jwt}`];
  const demoHotelier = token('demo-hotelier');
  await writeConfig(demoHotelier);
  const hotelier = bearer(demoHotelier);
  const operator = bearer(token('fuzz-operator', '--admin'));
  // Travellers' routes in both regions at once (a run alone left one of the two cores idle, and
  // travellers do meet both regions at once); the hoteliers' and operators' runs one at a time.
  const results = await Promise.all(
    REGIONS.map((region, index) =>
      schemathesis(`${region} public`, apiUrl(index), ['--include-tag', 'public']),
    ),
  );
  for (const [index, region] of REGIONS.entries()) {
    results.push(
      await schemathesis(`${region} manage`, apiUrl(index), ['--include-tag', 'manage', ...hotelier]),
    );
    results.push(
      await schemathesis(`${region} admin`, apiUrl(index), ['--include-tag', 'admin', ...operator]),
    );
  }
  ok = results.every(Boolean);
} catch (error) {
  out(`fuzz:api: ${(error as Error).message}\n--- npm start's output:\n${readFileSync(logFile, 'utf8')}`);
} finally {
  await stopEnvironment(child).catch((error: Error) => {
    ok = false;
    out(`fuzz:api: ${error.message}`);
  });
  if (ok) rmSync(dataDir, { recursive: true, force: true });
  else out(`fuzz:api: kept ${dataDir} (npm-start.log holds the environment's output)`);
}
out(
  `\nfuzz:api: ${ok ? 'no findings' : 'FAILED'} in ${((performance.now() - startedAt) / 1000).toFixed(0)} s`,
);
process.exit(ok ? 0 : 1);
