/**
 * The local environment's published events, kept durably in the data dir: one
 * JSON line per event, appended and fsynced before the stream position that
 * produced it is saved, so a restart neither loses an event nor logs one twice
 * (an id already in the log is not appended again).
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { BookingEvent } from '../lambdas/events/booking-event';

/** Where the events of a data dir live. */
export function eventsDir(dataDir: string): string {
  return join(dataDir, 'events');
}

export function eventLogFile(dataDir: string): string {
  return join(eventsDir(dataDir), 'events.jsonl');
}

/** Parses the complete lines of a log's text; a torn last line (a crash mid-append) is left out. */
export function parseEventLines(text: string): BookingEvent[] {
  const lines = text.split('\n');
  lines.pop(); // what follows the last newline is incomplete, or empty
  return lines.filter((l) => l.trim()).map((l) => JSON.parse(l) as BookingEvent);
}

/** Writes `value` as JSON to `file` atomically (write, then rename). */
export function writeJsonAtomically(file: string, value: unknown): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(value));
  renameSync(`${file}.tmp`, file);
}

export class EventLog {
  private readonly events: BookingEvent[] = [];
  private readonly ids = new Set<string>();
  /** Per booking, the types already logged: what the ordering barrier asks about. */
  private readonly typesOf = new Map<string, Set<string>>();
  private readonly listeners = new Set<() => void>();
  private readonly fd: number;
  /**
   * Changes written before this moment (epoch ms) are not published: the log did
   * not exist then (the demo seed is written before it is first opened).
   */
  readonly publishFrom: number;

  constructor(dataDir: string, now = Date.now()) {
    const dir = eventsDir(dataDir);
    mkdirSync(dir, { recursive: true });
    const stateFile = join(dir, 'state.json');
    if (!existsSync(stateFile)) writeJsonAtomically(stateFile, { publishFrom: now });
    this.publishFrom = (JSON.parse(readFileSync(stateFile, 'utf8')) as { publishFrom: number }).publishFrom;
    const file = eventLogFile(dataDir);
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    for (const event of parseEventLines(text)) this.remember(event);
    // A torn last line is cut off, so the next append starts on a line of its own.
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    if (complete.length !== text.length) writeFileSync(file, complete);
    this.fd = openSync(file, 'a');
  }

  private remember(event: BookingEvent): void {
    this.events.push(event);
    this.ids.add(event.id);
    const types = this.typesOf.get(event.bookingId) ?? new Set<string>();
    types.add(event.type);
    this.typesOf.set(event.bookingId, types);
  }

  get length(): number {
    return this.events.length;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** True once an event of `type` for the booking is in the log. */
  hasType(bookingId: string, type: string): boolean {
    return this.typesOf.get(bookingId)?.has(type) ?? false;
  }

  /** Appends the events not yet logged, durably (fsync) before returning; returns how many were new. */
  append(events: readonly BookingEvent[]): number {
    const seen = new Set<string>();
    const fresh = events.filter((e) => {
      const isNew = !this.ids.has(e.id) && !seen.has(e.id);
      seen.add(e.id);
      return isNew;
    });
    if (!fresh.length) return 0;
    writeSync(this.fd, fresh.map((e) => `${JSON.stringify(e)}\n`).join(''));
    fsyncSync(this.fd);
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

  close(): void {
    closeSync(this.fd);
  }
}
