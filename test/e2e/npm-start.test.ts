/** `npm start` and the token command as a user runs them, in a child process. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePorts } from '../../local/environment';

const dataDir = mkdtempSync(join(tmpdir(), 'hotels-cli-'));
let child: ChildProcess | undefined;
const javaProcesses = () => {
  try {
    return execFileSync('pgrep', ['-f', `DynamoDBLocal.jar.*${dataDir}`], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('starts both regions, prints where everything is, accepts a token, and stops cleanly on Ctrl-C', async () => {
    // `npm start` as users run it, DynamoDB Local's JIT included (not a test's quick-start one).
    const { basePort, dynamoPort } = await freePorts();
    const env = {
      ...process.env,
      LOCAL_BASE_PORT: String(basePort),
      DYNAMODB_LOCAL_PORT: String(dynamoPort),
      LOCAL_DATA_DIR: dataDir,
      LOCAL_SEED_HOTELS: '12',
    };
    child = spawn('npm', ['start', '--', '--reset'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const deadline = Date.now() + 90_000;
    while (!output.includes('Press Ctrl-C to stop.')) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`npm start did not get ready:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(output).toContain(`us-east-1 API   http://127.0.0.1:${basePort + 1}`);
    expect(output).toContain(`ap-southeast-1  http://127.0.0.1:${basePort + 2}`);
    expect(output).toMatch(/Seeded 12 hotels/);

    const token = execFileSync('npm', ['run', '--silent', 'token', '--', 'demo-hotelier'], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(token.trim().split('\n')).toHaveLength(1);
    const mine = await fetch(`http://127.0.0.1:${basePort + 2}/v1/manage/hotels`, {
      headers: { authorization: `Bearer ${token.trim()}` },
    });
    expect(mine.status).toBe(200);
    const hotels = ((await mine.json()) as { items: Array<{ hotelId: string; managedIn: string }> }).items;
    expect(hotels).toHaveLength(12);
    await new Promise((r) => setTimeout(r, 200));
    expect(output).toMatch(/\[ap-southeast-1\] GET \/v1\/manage\/hotels 200 [\d.]+ms/);

    // The operator's command, as a user runs it: move one hotel to the other region.
    const moving = hotels[0] as { hotelId: string; managedIn: string };
    const target = moving.managedIn === 'us-east-1' ? 'ap-southeast-1' : 'us-east-1';
    const handover = execFileSync('npm', ['run', '--silent', 'handover', '--', moving.hotelId, target], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(handover).toMatch(new RegExp(`phase SWITCHED; managed in ${target}`));
    const status = execFileSync(
      'npm',
      ['run', '--silent', 'handover', '--', moving.hotelId, target, '--status'],
      {
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    expect(JSON.parse(status)).toMatchObject({ phase: 'SWITCHED', managedIn: target });

    // Ctrl-C goes to the whole process group, as a terminal sends it.
    process.kill(-(child.pid as number), 'SIGINT');
    await new Promise<void>((resolve) => child?.once('exit', () => resolve()));
    expect(output).toContain('Stopped.');
    expect(javaProcesses()).toBe('');
  }, 120_000);
});
