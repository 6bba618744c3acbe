/**
 * `npm run outbox [-- --follow] [-- --json]`: prints the guests' messages written so
 * far in this data dir (`LOCAL_DATA_DIR`), in the order written: each as the e-mail
 * it stands for, or one JSON line each with `--json`; `--follow` keeps printing new ones.
 */
import { resolve } from 'node:path';
import type { GuestMessage } from '../lambdas/domain/guest-messages';
import { outboxFile } from './guest-outbox';
import { printLines } from './json-lines';

const file = outboxFile(resolve(process.env.LOCAL_DATA_DIR || '.local'));
const args = process.argv.slice(2);
const asJson = args.includes('--json');

/** One message as the e-mail it stands for. */
function asEmail(message: GuestMessage): string {
  return `To: ${message.to}\nSubject: ${message.subject}\nDate: ${message.createdAt}\nMessage-Id: ${message.id}\n\n${message.text}\n${'-'.repeat(72)}\n`;
}

printLines(
  file,
  (text) => {
    const lines = text.split('\n').filter(Boolean);
    process.stdout.write(
      asJson ? `${lines.join('\n')}\n` : lines.map((l) => asEmail(JSON.parse(l) as GuestMessage)).join(''),
    );
  },
  { follow: args.includes('--follow'), missing: `No messages yet (${file} does not exist).` },
);
