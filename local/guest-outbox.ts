/**
 * The guests' outbox, locally: a JSON line per message in the data dir, appended
 * and fsynced (`npm run outbox` prints them), fed by a writer that follows the
 * booking event log from a saved position, so a restart neither loses a message
 * nor writes one twice.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type GuestMessage, type GuestOutbox, writeGuestMessage } from '../lambdas/domain/guest-messages';
import type { Region } from '../lambdas/domain/regions';
import type { BookingEvent } from '../lambdas/events/booking-event';
import type { RegionServices } from '../lambdas/http/region-services';
import { type EventLog, EventLogReader } from './event-log';
import { backoffDelay } from './event-publisher';
import { JsonLinesFile } from './json-lines';

/** Where a data dir's outbox lives. */
export function outboxDir(dataDir: string): string {
  return join(dataDir, 'outbox');
}

export function outboxFile(dataDir: string): string {
  return join(outboxDir(dataDir), 'messages.jsonl');
}

/** The outbox file: every message once, in the order written. */
export class FileOutbox implements GuestOutbox {
  private readonly file: JsonLinesFile<GuestMessage>;

  constructor(dataDir: string) {
    mkdirSync(outboxDir(dataDir), { recursive: true });
    // The same torn-line rule as the event log: a crash mid-append leaves an incomplete last line.
    this.file = new JsonLinesFile(outboxFile(dataDir));
  }

  async has(id: string): Promise<boolean> {
    return this.file.has(id);
  }

  /** Stores `message` once, durably; a second put of it waits for the first one's write. */
  async put(message: GuestMessage): Promise<void> {
    await this.file.append([message]);
  }

  /** Closes the file once the appends in flight have ended. */
  close(): Promise<void> {
    return this.file.close();
  }
}

/**
 * Follows the event log and hands each event to `write` (which writes its message,
 * if it calls for one), in order, retrying an event with backoff until it succeeds;
 * the position is saved after each event.
 */
export class GuestMessageWriter extends EventLogReader {
  written = 0;

  constructor(
    log: EventLog,
    dataDir: string,
    private readonly write: (event: BookingEvent) => Promise<unknown>,
    private readonly warn: (line: string) => void = () => undefined,
  ) {
    super(log, join(outboxDir(dataDir), 'position.json'));
    mkdirSync(outboxDir(dataDir), { recursive: true });
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

  protected async run(): Promise<void> {
    while (this.running) {
      const [event] = await this.next(1);
      if (!event) return;
      for (let attempt = 1; this.running; attempt++) {
        try {
          if (await this.write(event)) this.written++;
          await this.advance(1);
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

/**
 * The guests' messages, from the events of the region that wrote each change: opens the outbox
 * and starts its writer. `stop` ends the writer, then closes the outbox.
 */
export function startGuestMessages(
  log: EventLog,
  dataDir: string,
  servicesOf: (region: Region) => RegionServices,
  webBaseUrl: string,
  warn: (line: string) => void,
): { readonly messages: GuestMessageWriter; stop(): Promise<void> } {
  const outbox = new FileOutbox(dataDir);
  const messages = new GuestMessageWriter(
    log,
    dataDir,
    (event) => {
      const services = servicesOf(event.region);
      if (!services.guestAccess) throw new Error('guest access is not wired');
      return writeGuestMessage(services, services.guestAccess.store, outbox, { webBaseUrl }, event);
    },
    warn,
  );
  messages.start();
  return {
    messages,
    stop: async () => {
      try {
        await messages.stop();
      } finally {
        await outbox.close();
      }
    },
  };
}
