/**
 * EventBridge, locally. A publisher per region follows that region's stream and
 * logs the events its own writes stand for (the same derivation the AWS publisher
 * runs); a delivery per target URL POSTs the log's events in order, retrying each
 * with bounded, jittered backoff until a 2xx, and remembers how far it got.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Region } from '../lambdas/domain/regions';
import { type BookingEvent, bookingEventOf, EVENT_TYPES } from '../lambdas/events/booking-event';
import { type EventLog, EventLogReader, eventsDir } from './event-log';
import { LatencyStats } from './latency-stats';
import type { Change } from './stream-follower';

/**
 * How long a change waits for the event of the status it leaves to be logged by
 * the other region's publisher (after a handover, the old owner may be behind),
 * before it is logged anyway.
 */
const PREDECESSOR_WAIT_MS = 30_000;

/** Derives and logs the events of one region's stream. */
export class EventPublisher {
  published = 0;

  constructor(
    private readonly region: Region,
    private readonly log: EventLog,
    private readonly warn: (line: string) => void = () => undefined,
  ) {}

  /** Handles a batch of stream changes, in stream order; resolves once their events are durable. */
  async apply(changes: readonly Change[]): Promise<void> {
    let pending: BookingEvent[] = [];
    for (const change of changes) {
      const event = bookingEventOf(change, this.region);
      if (!event || Date.parse(event.time) < this.log.publishFrom) continue;
      const before = this.predecessorType(change);
      if (before && !this.log.hasType(event.bookingId, before) && !pending.some((e) => e.type === before)) {
        this.published += await this.log.append(pending);
        pending = [];
        await this.awaitPredecessor(event, before);
      }
      pending.push(event);
    }
    this.published += await this.log.append(pending);
  }

  /**
   * The event type of the status this change leaves, when that event must come first:
   * the booking was made after the log began, so its earlier change was published.
   */
  private predecessorType(change: Change): string | undefined {
    const old = change.oldImage;
    if (!old || old.entity !== change.newImage?.entity || old.status === change.newImage?.status)
      return undefined;
    if (Date.parse(String(old.createdAt)) < this.log.publishFrom) return undefined;
    return EVENT_TYPES[old.status as keyof typeof EVENT_TYPES];
  }

  /**
   * Per booking, a later change is never logged before an earlier one, even when the
   * earlier was written by the region that owned the hotel before a handover and its
   * publisher is behind: wait for it, within a bound.
   */
  private async awaitPredecessor(event: BookingEvent, type: string): Promise<void> {
    const deadline = Date.now() + PREDECESSOR_WAIT_MS;
    while (!this.log.hasType(event.bookingId, type)) {
      if (Date.now() > deadline) {
        this.warn(`[${this.region}] events: ${event.id} logged without its earlier ${type} event`);
        return;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

/** Delivery's retry schedule: bounded exponential backoff with full jitter. */
export interface BackoffPolicy {
  /** @default 50 */
  readonly firstMs?: number;
  /** The longest wait between two attempts. @default 2000 */
  readonly maxMs?: number;
}

/** The wait before retry `attempt` (1-based): a random time up to the doubled delay, capped. */
export function backoffDelay(attempt: number, policy: BackoffPolicy = {}, random = Math.random): number {
  const first = policy.firstMs ?? 50;
  const cap = policy.maxMs ?? 2_000;
  const ceiling = Math.min(cap, first * 2 ** Math.min(attempt - 1, 20));
  return Math.max(1, Math.round(ceiling * (0.5 + random() / 2)));
}

/** Events handed to a target at once; within them, each booking's events still go one after another. */
const WINDOW = 64;

/** POSTs every logged event to one URL, in order per booking, until each is accepted. */
export class EventDelivery extends EventLogReader {
  /** From an event's write to its 2xx. */
  readonly lag = new LatencyStats();
  delivered = 0;
  attempts = 0;
  private readonly aborts = new AbortController();

  constructor(
    readonly url: string,
    log: EventLog,
    dataDir: string,
    private readonly policy: BackoffPolicy = {},
  ) {
    const name = createHash('sha256').update(url).digest('hex').slice(0, 16);
    super(log, join(eventsDir(dataDir), `delivered-${name}.json`));
  }

  /** How many of the log's events this target has accepted, counted from the log's start. */
  get deliveredUpTo(): number {
    return this.position;
  }

  /** Aborts the attempts in flight on stop; what they carried is sent again next time. */
  protected override onStop(): void {
    this.aborts.abort();
  }

  protected async run(): Promise<void> {
    while (this.running) {
      const window = await this.next(WINDOW);
      if (!window.length) return;
      const byBooking = new Map<string, BookingEvent[]>();
      for (const event of window)
        byBooking.set(event.bookingId, [...(byBooking.get(event.bookingId) ?? []), event]);
      // Bookings go side by side; one booking's events strictly one after another.
      const done = await Promise.all(
        [...byBooking.values()].map(async (events) => {
          for (const event of events) if (!(await this.deliver(event))) return false;
          return true;
        }),
      );
      if (done.includes(false)) return; // stopped mid-window: resend it next time
      await this.advance(window.length, { url: this.url });
    }
  }

  /** Waits `ms`, or less when stopped. */
  private pauseFor(ms: number): Promise<void> {
    const signal = this.aborts.signal;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** One event, retried until a 2xx; false only when stopped first. */
  private async deliver(event: BookingEvent): Promise<boolean> {
    const body = JSON.stringify(event);
    for (let attempt = 1; this.running; attempt++) {
      this.attempts++;
      try {
        const response = await fetch(this.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          // A redirect would turn the POST into a body-less GET: a 3xx is a failed delivery, retried.
          redirect: 'manual',
          signal: AbortSignal.any([this.aborts.signal, AbortSignal.timeout(10_000)]),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) {
          this.delivered++;
          this.lag.record(Date.now() - Date.parse(event.time));
          return true;
        }
      } catch {
        // Refused, reset or timed out: the consumer is down; try again after the backoff.
      }
      if (!this.running) return false;
      await this.pauseFor(backoffDelay(attempt, this.policy));
    }
    return false;
  }
}
