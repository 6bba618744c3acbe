/**
 * The data dir's JSON-lines files (the booking event log, the guests' outbox): one JSON
 * value a line, appended and fsynced, where a crash mid-append leaves a torn last line.
 */
import {
  closeSync,
  existsSync,
  fsync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  write,
  writeFileSync,
} from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const writeToFd = promisify(write);
const fsyncFd = promisify(fsync);

/** Parses the complete lines of a file's text; a torn last line (a crash mid-append) is left out. */
function parseJsonLines<T>(text: string): T[] {
  const lines = text.split('\n');
  lines.pop(); // what follows the last newline is incomplete, or empty
  return lines.filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}

/** The file a replacement of `file` is written to before it is renamed over it. */
const replacementOf = (file: string) => `${file}.tmp`;

/** Writes `value` as JSON to `file` atomically (write, then rename), before the environment serves. */
export function writeJsonAtomicallySync(file: string, value: unknown): void {
  writeFileSync(replacementOf(file), JSON.stringify(value));
  renameSync(replacementOf(file), file);
}

/**
 * Writes `value` as JSON to `file` atomically (write, then rename), off the event loop: a
 * position saved after every batch must not hold up the API's requests on the same loop.
 * Calls for one file must not overlap (their writers await each before the next).
 */
export async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  await writeFile(replacementOf(file), JSON.stringify(value));
  await rename(replacementOf(file), file);
}

/**
 * A JSON-lines file of values with ids, opened for appending, with the values its complete
 * lines held: each id is in it once.
 */
export class JsonLinesFile<T extends { readonly id: string }> {
  /** What the file held when opened. */
  readonly existing: readonly T[];
  private readonly fd: number;
  private readonly ids: Set<string>;
  /** The appends in order: each starts once the one before it is durable. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(file: string) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    this.existing = parseJsonLines<T>(text);
    this.ids = new Set(this.existing.map((v) => v.id));
    // A torn last line is cut off, so the next append starts on a line of its own.
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    if (complete.length !== text.length) writeFileSync(file, complete);
    this.fd = openSync(file, 'a');
  }

  /** True once a value with this id is durably in the file. */
  has(id: string): boolean {
    return this.ids.has(id);
  }

  /**
   * Appends the values whose ids are not in the file yet, a line each; resolves, once they
   * are durable (fsync), with those values. Appends run one after another, so two at once
   * never write an id twice, and the write and the fsync run off the event loop, so that the
   * API's requests never wait for the disk.
   */
  append(values: readonly T[]): Promise<T[]> {
    const appended = this.tail.then(async () => {
      const inBatch = new Set<string>();
      const fresh = values.filter((v) => !this.ids.has(v.id) && !inBatch.has(v.id) && inBatch.add(v.id));
      if (!fresh.length) return fresh;
      await writeToFd(this.fd, fresh.map((v) => `${JSON.stringify(v)}\n`).join(''));
      await fsyncFd(this.fd);
      for (const value of fresh) this.ids.add(value.id);
      return fresh;
    });
    // A failed append fails its caller; the next still runs after it.
    this.tail = appended.catch(() => undefined);
    return appended;
  }

  /** Closes the file once the appends in flight have ended. */
  async close(): Promise<void> {
    await this.tail;
    closeSync(this.fd);
  }
}

/**
 * `npm run events` and `npm run outbox`: hands `print` the complete lines of `file` (as one text,
 * each line with its newline), then with `follow` every line appended after, until Ctrl-C.
 * `missing` is said on stderr when the file does not exist and there is nothing to follow.
 */
export function printLines(
  file: string,
  print: (lines: string) => void,
  options: { follow: boolean; missing: string },
): void {
  let offset = 0;
  let partial = '';
  const printNew = () => {
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
      if (end >= 0) print(text.slice(0, end + 1));
    } finally {
      closeSync(fd);
    }
  };
  printNew();
  if (options.follow) {
    setInterval(printNew, 200);
    process.on('SIGINT', () => process.exit(0));
  } else if (!existsSync(file)) {
    process.stderr.write(`${options.missing}\n`);
  }
}
