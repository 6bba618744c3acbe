/**
 * `npm run outbox` (local/outbox-command.ts), run as the developer runs it: it prints the
 * guests' messages stored in the data dir's outbox, each as the e-mail it stands for (or one
 * JSON line each with --json), in the order written, and says so when there are none yet.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GuestMessage } from '../../lambdas/domain/guest-messages';
import { FileOutbox, outboxFile } from '../../local/guest-outbox';

const dataDir = mkdtempSync(join(tmpdir(), 'hotels-outbox-command-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** What the command prints for this data dir, on stdout and on stderr. */
function run(...args: string[]): { stdout: string; stderr: string } {
  const ran = spawnSync(join('node_modules', '.bin', 'tsx'), ['local/outbox-command.ts', ...args], {
    env: { ...process.env, LOCAL_DATA_DIR: dataDir },
    encoding: 'utf8',
  });
  expect(ran.status).toBe(0);
  return { stdout: ran.stdout, stderr: ran.stderr };
}
const outbox = (...args: string[]) => run(...args).stdout;

const message = (n: number, to: string, subject: string, text: string): GuestMessage => ({
  id: `event-${n}`,
  kind: n === 1 ? 'confirmation' : 'cancellation',
  hotelId: 'h-1',
  bookingId: `b-${n}`,
  reference: `REF0000${n}`,
  to,
  subject,
  text,
  link: `http://localhost:5173/bookings/h-1/b-${n}#token=t${n}`,
  createdAt: `2026-12-0${n}T10:00:00.000Z`,
});

describe('npm run outbox', () => {
  it('says there are no messages yet when the outbox was never written', () => {
    expect(run()).toEqual({
      stdout: '',
      stderr: `No messages yet (${outboxFile(dataDir)} does not exist).\n`,
    });
  });

  it('prints each stored message as an e-mail, in the order written, and as JSON lines with --json', async () => {
    const first = message(
      1,
      'ada@example.com',
      'Your booking REF00001 is confirmed',
      'See you on 24 December.',
    );
    const second = message(
      2,
      'bob@example.com',
      'Your booking REF00002 is cancelled',
      'Its rooms are free again.',
    );
    const stored = new FileOutbox(dataDir);
    await stored.put(first);
    await stored.put(second);
    await stored.put(first); // a message delivered twice is stored, and printed, once
    await stored.close();

    const rule = '-'.repeat(72);
    expect(outbox()).toBe(
      [
        'To: ada@example.com',
        'Subject: Your booking REF00001 is confirmed',
        'Date: 2026-12-01T10:00:00.000Z',
        'Message-Id: event-1',
        '',
        'See you on 24 December.',
        rule,
        'To: bob@example.com',
        'Subject: Your booking REF00002 is cancelled',
        'Date: 2026-12-02T10:00:00.000Z',
        'Message-Id: event-2',
        '',
        'Its rooms are free again.',
        rule,
        '',
      ].join('\n'),
    );
    const lines = outbox('--json').trim().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual([first, second]);
  });
});

describe('the file outbox', () => {
  it('stores puts made at once in the order made, and the same message once, each durable when its put resolves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotels-outbox-'));
    try {
      const stored = new FileOutbox(dir);
      const first = message(1, 'ada@example.com', 'One', 'Text one.');
      const second = message(2, 'bob@example.com', 'Two', 'Text two.');
      await Promise.all([stored.put(first), stored.put(second), stored.put(first)]);
      expect(await stored.has(first.id)).toBe(true);
      const lines = readFileSync(outboxFile(dir), 'utf8').trim().split('\n');
      expect(lines.map((l) => JSON.parse(l).id)).toEqual(['event-1', 'event-2']);
      await stored.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
