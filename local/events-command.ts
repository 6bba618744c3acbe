/**
 * `npm run events [-- --follow]`: prints the booking events published so far in
 * this data dir (`LOCAL_DATA_DIR`), one JSON line each, in the order they were
 * published; `--follow` keeps printing new ones until Ctrl-C.
 */
import { resolve } from 'node:path';
import { eventLogFile } from './event-log';
import { printLines } from './json-lines';

const file = eventLogFile(resolve(process.env.LOCAL_DATA_DIR || '.local'));
printLines(file, (lines) => process.stdout.write(lines), {
  follow: process.argv.slice(2).includes('--follow'),
  missing: `No events yet (${file} does not exist).`,
});
