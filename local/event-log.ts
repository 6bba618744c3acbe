/**
 * The local environment's published events, kept durably in the data dir: one
 * JSON line per event, appended and fsynced before the stream position that
 * produced it is saved, so a restart neither loses an event nor logs one twice
 * (an id already in the log is not appended again).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BookingEvent } from '../lambdas/events/booking-event';
import { JsonLinesFile, writeJsonAtomically, writeJsonAtomicallySync } from './json-lines';

/** Where the events of a data dir live. */
export function eventsDir(dataDir: string): string {
  return join(dataDir, 'events');
}

export function eventLogFile(dataDir: string): string {
  return join(eventsDir(dataDir), 'events.jsonl');
}

export class EventLog {
  private readonly events: BookingEvent[] = [];
  /** Per booking, the types already logged: what the ordering barrier asks about. */
  private readonly typesOf = new Map<string, Set<string>>();
  private readonly listeners = new Set<() => void>();
  private readonly file: JsonLinesFile<BookingEvent>;
  /**
   * Changes written before this moment (epoch ms) are not published: the log did
   * not exist then (the demo seed is written before it is first opened).
   */
  readonly publishFrom: number;

  constructor(dataDir: string, now = Date.now()) {
    const dir = eventsDir(dataDir);
    mkdirSync(dir, { recursive: true });
    const stateFile = join(dir, 'state.json');
    if (!existsSync(stateFile)) writeJsonAtomicallySync(stateFile, { publishFrom: now });
    this.publishFrom = (JSON.parse(readFileSync(stateFile, 'utf8')) as { publishFrom: number }).publishFrom;
    this.file = new JsonLinesFile(eventLogFile(dataDir));
    for (const event of this.file.existing) this.remember(event);
  }

  private remember(event: BookingEvent): void {
    this.events.push(event);
    const types = this.typesOf.get(event.bookingId) ?? new Set<string>();
    types.add(event.type);
    this.typesOf.set(event.bookingId, types);
  }

  get length(): number {
    return this.events.length;
  }

  has(id: string): boolean {
    return this.file.has(id);
  }

  /** True once an event of `type` for the booking is in the log. */
  hasType(bookingId: string, type: string): boolean {
    return this.typesOf.get(bookingId)?.has(type) ?? false;
  }

  /**
   * Appends the events not yet logged; resolves, once they are durable (fsync), with how many
   * were new. Appends run one after another, so a call never sees another half done.
   */
  async append(events: readonly BookingEvent[]): Promise<number> {
    const fresh = await this.file.append(events);
    if (!fresh.length) return 0;
    for (const event of fresh) this.remember(event);
    for (const listener of this.listeners) listener();
    return fresh.length;
  }

  /** Up to `max` events from position `from` on. */
  slice(from: number, max: number): BookingEvent[] {
    return this.events.slice(from, from + max);
  }

  /** Calls `listener` after every append; returns the unsubscribe. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Closes the log once the appends in flight have ended. */
  close(): Promise<void> {
    return this.file.close();
  }
}

/**
 * Reads the log in order from a position saved in `positionFile`, so that a restart goes on where
 * the last run stopped: what the event deliveries and the guests' message writer share.
 */
export abstract class EventLogReader {
  protected position = 0;
  protected running = false;
  /** Ends the current wait (for an append, or a retry's backoff) early. */
  protected wake?: () => void;
  private loop?: Promise<void>;
  private unsubscribe?: () => void;

  constructor(
    protected readonly log: EventLog,
    private readonly positionFile: string,
  ) {
    if (existsSync(positionFile))
      this.position = (JSON.parse(readFileSync(positionFile, 'utf8')) as { position: number }).position;
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
    this.onStop();
    this.wake?.();
    await this.loop;
  }

  /** Called by `stop` before the loop is woken: a reader ends here what it has in flight. */
  protected onStop(): void {}

  /** The reading loop, from `start` until stopped. */
  protected abstract run(): Promise<void>;

  /** Up to `max` events from the position on, once there is one; none once stopped. */
  protected async next(max: number): Promise<BookingEvent[]> {
    while (this.running) {
      const events = this.log.slice(this.position, max);
      if (events.length) return events;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        if (this.log.length > this.position || !this.running) resolve();
      });
    }
    return [];
  }

  /** Moves the position on by `count` events and saves it, with `also` beside it. */
  protected async advance(count: number, also: Record<string, unknown> = {}): Promise<void> {
    const position = this.position + count;
    await writeJsonAtomically(this.positionFile, { ...also, position });
    // Moved only once saved: a save that fails leaves the events to be handled again.
    this.position = position;
  }
}
