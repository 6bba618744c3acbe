/**
 * `npm run events [-- --follow]`: prints the booking events published so far in
 * this data dir (`LOCAL_DATA_DIR`), one JSON line each, in the order they were
 * published; `--follow` keeps printing new ones until Ctrl-C.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { eventLogFile } from './event-log';

const file = eventLogFile(resolve(process.env.LOCAL_DATA_DIR || '.local'));
const follow = process.argv.slice(2).includes('--follow');

let offset = 0;
let partial = '';

/** Prints the complete lines appended since the last call. */
function printNew(): void {
  if (!existsSync(file)) return;
  const size = statSync(file).size;
  if (size < offset) {
    // The data dir was reset: start over, without the old file's unfinished line.
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
    if (end >= 0) process.stdout.write(text.slice(0, end + 1));
  } finally {
    closeSync(fd);
  }
}

printNew();
if (follow) {
  setInterval(printNew, 200);
  process.on('SIGINT', () => process.exit(0));
} else if (!existsSync(file)) {
  process.stderr.write(`No events yet (${file} does not exist).\n`);
}
