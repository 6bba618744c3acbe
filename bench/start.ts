/**
 * `npm run bench:start`: `npm start` as a user runs it, in its own process group,
 * on free ports and a temporary data dir. Measures time to "Ready" on an empty
 * data dir, the RSS of the process tree after seeding, a restart on the same data
 * dir, and the idle CPU of the whole tree (Node and DynamoDB Local's Java) over a
 * window. Prints a Markdown table.
 *
 * Options: --runs N (default 1), --hotels N (2000), --idle S (30 seconds of idle CPU).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '../local/environment';
import { untilReady } from './child-environment';
import { CLOCK_TICKS_PER_SECOND, type ProcessSample, processGroup } from './process-cpu';

const repo = new URL('..', import.meta.url).pathname;
const log = (line: string) => process.stderr.write(`${line}\n`);

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

/** The heap cap on DynamoDB Local's command line, if any. */
function javaHeapCap(pgid: number): string {
  for (const p of processGroup(pgid)) {
    if (p.command !== 'java') continue;
    const args = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').split('\0');
    return args.find((a) => a.startsWith('-Xmx')) ?? 'none';
  }
  return 'no java';
}

interface Started {
  readonly child: ChildProcess;
  /** Wall clock from spawning `npm start` to its "Press Ctrl-C" line (includes npm, prestart's web build, tsx). */
  readonly wallMs: number;
  /** What `npm start` itself printed as "Ready in". */
  readonly readyMs: number;
  /** CPU time the whole tree had used by then: less swayed than the wall clock by a busy machine. */
  readonly cpuMs: number;
  /** The 1-minute load average when it started. */
  readonly load: number;
}

async function startNpm(env: NodeJS.ProcessEnv, timeoutMs = 300_000): Promise<Started> {
  const began = performance.now();
  const load = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  const child = spawn('npm', ['start'], {
    cwd: repo,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output: string;
  try {
    output = await untilReady(child, timeoutMs, 20);
  } catch (error) {
    await stopNpm(child);
    throw error;
  }
  const wallMs = performance.now() - began;
  const readyMs = Number(/Ready in ([\d.]+) s/.exec(output)?.[1] ?? Number.NaN) * 1000;
  const ticks = processGroup(child.pid as number).reduce((n, p) => n + p.treeTicks, 0);
  return { child, wallMs, readyMs, cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND, load };
}

/** Ctrl-C to the whole group, as a terminal sends it; SIGKILL to whatever is left after 15 s. */
async function stopNpm(child: ChildProcess): Promise<void> {
  const pgid = child.pid as number;
  try {
    process.kill(-pgid, 'SIGINT');
  } catch {
    return;
  }
  const deadline = Date.now() + 15_000;
  while (processGroup(pgid).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const left = processGroup(pgid);
  if (left.length) {
    log(`still running after Ctrl-C: ${left.map((p) => `${p.pid} ${p.command}`).join(', ')}; killing`);
    process.kill(-pgid, 'SIGKILL');
  }
}

interface Run {
  readonly firstLoad: number;
  readonly firstWallMs: number;
  readonly firstReadyMs: number;
  readonly firstCpuMs: number;
  readonly rssAfterSeedMb: number;
  readonly rssByCommand: string;
  readonly restartWallMs: number;
  readonly restartReadyMs: number;
  readonly restartCpuMs: number;
  readonly idleCpuPercent: number;
  readonly idleByCommand: string;
  readonly rssAfterIdleMb: number;
  readonly heapCap: string;
}

async function oneRun(hotels: number, idleSeconds: number): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotels-bench-start-'));
  const { basePort, dynamoPort } = await freePorts();
  const env = {
    ...process.env,
    LOCAL_BASE_PORT: String(basePort),
    DYNAMODB_LOCAL_PORT: String(dynamoPort),
    LOCAL_DATA_DIR: dataDir,
    LOCAL_SEED_HOTELS: String(hotels),
  };
  const running: ChildProcess[] = [];
  const onSignal = () => {
    for (const c of running) if (c.pid) process.kill(-c.pid, 'SIGKILL');
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  try {
    const first = await startNpm(env);
    running.push(first.child);
    const mb = (samples: ProcessSample[]) => samples.reduce((n, p) => n + p.rssKb, 0) / 1024;
    const seeded = processGroup(first.child.pid as number);
    const rssAfterSeedMb = mb(seeded);
    const rssByCommand = seeded
      .filter((p) => p.rssKb > 10_000)
      .map((p) => `${p.command} ${(p.rssKb / 1024).toFixed(0)}`)
      .join(', ');
    const heapCap = javaHeapCap(first.child.pid as number);
    log(`first start: ${(first.wallMs / 1000).toFixed(1)} s; RSS ${rssAfterSeedMb.toFixed(0)} MB`);
    await stopNpm(first.child);

    const again = await startNpm(env);
    running.push(again.child);
    const pgid = again.child.pid as number;
    log(`restart: ${(again.wallMs / 1000).toFixed(1)} s; idle for ${idleSeconds} s...`);
    // Let the restart's own work (JIT, first polls) pass before calling it idle.
    await new Promise((r) => setTimeout(r, 5_000));
    const before = new Map(processGroup(pgid).map((p) => [p.pid, p]));
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, idleSeconds * 1000));
    const after = processGroup(pgid);
    const seconds = (performance.now() - t0) / 1000;
    const byCommand = new Map<string, number>();
    for (const p of after) {
      const ticks = p.cpuTicks - (before.get(p.pid)?.cpuTicks ?? 0);
      byCommand.set(p.command, (byCommand.get(p.command) ?? 0) + ticks);
    }
    const percent = (ticks: number) => (100 * ticks) / CLOCK_TICKS_PER_SECOND / seconds;
    const total = [...byCommand.values()].reduce((a, b) => a + b, 0);
    const rssAfterIdleMb = mb(after);
    await stopNpm(again.child);
    return {
      firstLoad: first.load,
      firstWallMs: first.wallMs,
      firstReadyMs: first.readyMs,
      firstCpuMs: first.cpuMs,
      rssAfterSeedMb,
      rssByCommand,
      restartWallMs: again.wallMs,
      restartReadyMs: again.readyMs,
      restartCpuMs: again.cpuMs,
      idleCpuPercent: percent(total),
      idleByCommand: [...byCommand]
        .filter(([, t]) => t > 0)
        .map(([c, t]) => `${c} ${percent(t).toFixed(1)}`)
        .join(', '),
      rssAfterIdleMb,
      heapCap,
    };
  } finally {
    process.removeListener('SIGINT', onSignal);
    for (const c of running) if (c.pid && processGroup(c.pid).length) process.kill(-c.pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const runs = option('runs', 1);
const hotels = option('hotels', 2000);
const idleSeconds = option('idle', 30);
const results: Run[] = [];
for (let i = 0; i < runs; i++) {
  log(
    `run ${i + 1} of ${runs} (${hotels} hotels; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`,
  );
  results.push(await oneRun(hotels, idleSeconds));
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const spread = (values: number[], format: (v: number) => string) =>
  values.length > 1 ? `${format(Math.min(...values))} – ${format(Math.max(...values))}` : '';
const rows: Array<[string, (r: Run) => number, (v: number) => string]> = [
  ['load average (1 min) when the run began', (r) => r.firstLoad, (v) => v.toFixed(1)],
  ['first start to Ready, empty data dir (wall clock)', (r) => r.firstWallMs, s],
  ['first start, "Ready in" as printed', (r) => r.firstReadyMs, s],
  ['first start, CPU time of the whole tree to Ready', (r) => r.firstCpuMs, s],
  ['RSS of the process tree after seeding', (r) => r.rssAfterSeedMb, (v) => `${v.toFixed(0)} MB`],
  ['restart to Ready (wall clock)', (r) => r.restartWallMs, s],
  ['restart, "Ready in" as printed', (r) => r.restartReadyMs, s],
  ['restart, CPU time of the whole tree to Ready', (r) => r.restartCpuMs, s],
  [
    `idle CPU over ${idleSeconds} s, whole tree (% of one core)`,
    (r) => r.idleCpuPercent,
    (v) => `${v.toFixed(1)}%`,
  ],
  ['RSS of the process tree after idling', (r) => r.rssAfterIdleMb, (v) => `${v.toFixed(0)} MB`],
];
const header = results.map((_, i) => `run ${i + 1}`);
console.log(`\`npm start\` with ${hotels} demo hotels; DynamoDB Local heap cap: ${results[0]?.heapCap}\n`);
console.log(`| measure | ${header.join(' | ')} |${runs > 1 ? ' spread |' : ''}`);
console.log(`| --- | ${header.map(() => '---').join(' | ')} |${runs > 1 ? ' --- |' : ''}`);
for (const [name, pick, format] of rows) {
  const values = results.map(pick);
  console.log(
    `| ${name} | ${values.map(format).join(' | ')} |${runs > 1 ? ` ${spread(values, format)} |` : ''}`,
  );
}
console.log(`\nIdle CPU by process (% of one core): ${results.map((r) => r.idleByCommand).join('; ')}`);
console.log(`RSS after seeding by process (MB): ${results.map((r) => r.rssByCommand).join('; ')}`);
