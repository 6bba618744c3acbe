/**
 * The guests' outbox, locally: a JSON line per message in the data dir, appended
 * and fsynced (`npm run outbox` prints them), fed by a writer that follows the
 * booking event log from a saved position, so a restart neither loses a message
 * nor writes one twice.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { GuestMessage, GuestOutbox } from '../lambdas/domain/guest-messages';
import type { BookingEvent } from '../lambdas/events/booking-event';
import { type EventLog, parseEventLines, writeJsonAtomically } from './event-log';
import { backoffDelay } from './event-publisher';

/** Where a data dir's outbox lives. */
export function outboxDir(dataDir: string): string {
  return join(dataDir, 'outbox');
}

export function outboxFile(dataDir: string): string {
  return join(outboxDir(dataDir), 'messages.jsonl');
}

/** The outbox file: every message once, in the order written. */
export class FileOutbox implements GuestOutbox {
  private readonly ids = new Set<string>();
  private readonly fd: number;

  constructor(dataDir: string) {
    mkdirSync(outboxDir(dataDir), { recursive: true });
    const file = outboxFile(dataDir);
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    // The same torn-line rule as the event log: a crash mid-append leaves an incomplete last line.
    for (const message of parseEventLines(text) as unknown as GuestMessage[]) this.ids.add(message.id);
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    if (complete.length !== text.length) writeFileSync(file, complete);
    this.fd = openSync(file, 'a');
  }

  async has(id: string): Promise<boolean> {
    return this.ids.has(id);
  }

  async put(message: GuestMessage): Promise<void> {
    if (this.ids.has(message.id)) return;
    writeSync(this.fd, `${JSON.stringify(message)}\n`);
    fsyncSync(this.fd);
    this.ids.add(message.id);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Follows the event log and hands each event to `write` (which writes its message,
 * if it calls for one), in order, retrying an event with backoff until it succeeds;
 * the position is saved after each event.
 */
export class GuestMessageWriter {
  written = 0;
  private position = 0;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private unsubscribe?: () => void;
  private readonly cursorFile: string;

  constructor(
    private readonly log: EventLog,
    dataDir: string,
    private readonly write: (event: BookingEvent) => Promise<unknown>,
    private readonly warn: (line: string) => void = () => undefined,
  ) {
    this.cursorFile = join(outboxDir(dataDir), 'position.json');
    mkdirSync(outboxDir(dataDir), { recursive: true });
    if (existsSync(this.cursorFile))
      this.position = (JSON.parse(readFileSync(this.cursorFile, 'utf8')) as { position: number }).position;
  }

  /** How many of the log's events have been handled. */
  get handledUpTo(): number {
    return this.position;
  }

  /** Resolves once every event appended so far has been handled; throws after `timeoutMs`. */
  async waitUntilCaughtUp(timeoutMs = 60_000): Promise<void> {
    const target = this.log.length;
    const deadline = Date.now() + timeoutMs;
    while (this.position < target) {
      if (Date.now() > deadline) throw new Error(`outbox: not caught up within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.log.onAppend(() => this.wake?.());
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const [event] = this.log.slice(this.position, 1);
      if (!event) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          if (this.log.length > this.position || !this.running) resolve();
        });
        continue;
      }
      for (let attempt = 1; this.running; attempt++) {
        try {
          if (await this.write(event)) this.written++;
          this.position++;
          writeJsonAtomically(this.cursorFile, { position: this.position });
          break;
        } catch (error) {
          if (attempt === 1) this.warn(`outbox: ${event.id} failed (${(error as Error).message}); retrying`);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, backoffDelay(attempt));
            this.wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      }
    }
  }
}
