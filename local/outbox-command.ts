/**
 * `npm run outbox [-- --follow] [-- --json]`: prints the guests' messages written so
 * far in this data dir (`LOCAL_DATA_DIR`), in the order written: each as the e-mail
 * it stands for, or one JSON line each with `--json`; `--follow` keeps printing new ones.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GuestMessage } from '../lambdas/domain/guest-messages';
import { outboxFile } from './guest-outbox';

const file = outboxFile(resolve(process.env.LOCAL_DATA_DIR || '.local'));
const args = process.argv.slice(2);
const follow = args.includes('--follow');
const asJson = args.includes('--json');

let offset = 0;
let partial = '';

/** One message as the e-mail it stands for. */
function asEmail(message: GuestMessage): string {
  return `To: ${message.to}\nSubject: ${message.subject}\nDate: ${message.createdAt}\nMessage-Id: ${message.id}\n\n${message.text}\n${'-'.repeat(72)}\n`;
}

/** Prints the complete lines appended since the last call. */
function printNew(): void {
  if (!existsSync(file)) return;
  const size = statSync(file).size;
  if (size < offset) {
    offset = 0;
    partial = '';
  }
  if (size === offset) return;
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(size - offset);
    readSync(fd, buffer, 0, buffer.length, offset);
    offset = size;
    const text = partial + buffer.toString('utf8');
    const end = text.lastIndexOf('\n');
    partial = text.slice(end + 1);
    if (end < 0) return;
    const lines = text
      .slice(0, end + 1)
      .split('\n')
      .filter(Boolean);
    process.stdout.write(
      asJson ? `${lines.join('\n')}\n` : lines.map((l) => asEmail(JSON.parse(l) as GuestMessage)).join(''),
    );
  } finally {
    closeSync(fd);
  }
}

printNew();
if (follow) {
  setInterval(printNew, 200);
  process.on('SIGINT', () => process.exit(0));
} else if (!existsSync(file)) {
  process.stderr.write(`No messages yet (${file} does not exist).\n`);
}
