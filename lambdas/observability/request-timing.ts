/**
 * Where a request's time went: the total, and the time and number of calls spent
 * in DynamoDB, search and forwarding, reported in the `Server-Timing` header of
 * every answer; and by when it must be answered. The request's timing follows it
 * through async calls, so an adapter (or an SDK middleware) records into it, and
 * reads its deadline, without being handed it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** The parts a request's time is split into. */
export type TimedPart = 'db' | 'search' | 'fwd';

const DESCRIPTIONS: Record<TimedPart, string> = { db: 'DynamoDB', search: 'search', fwd: 'owner region' };

/** One request's clock and its calls out. */
export class RequestTiming {
  private readonly started = performance.now();
  private readonly parts = new Map<TimedPart, { ms: number; calls: number }>();

  /**
   * @param deadline when, on `performance.now()`'s clock, the answer must be ready: the caller
   *   (API Gateway, or the region that forwarded the request) stops waiting soon after.
   *   @default none: nothing cuts the request short
   */
  constructor(readonly deadline?: number) {}

  /** Adds one call of `ms` to `part`. */
  record(part: TimedPart, ms: number): void {
    const sum = this.parts.get(part) ?? { ms: 0, calls: 0 };
    this.parts.set(part, { ms: sum.ms + ms, calls: sum.calls + 1 });
  }

  /** The calls recorded so far, per part. */
  summary(): Partial<Record<TimedPart, { ms: number; calls: number }>> {
    return Object.fromEntries(this.parts);
  }

  /** The `Server-Timing` value: `total`, then each part with its duration and number of calls. */
  header(): string {
    const dur = (ms: number) => Math.round(ms * 10) / 10;
    return [
      `total;dur=${dur(performance.now() - this.started)}`,
      ...[...this.parts].map(
        ([part, { ms, calls }]) =>
          `${part};dur=${dur(ms)};desc="${DESCRIPTIONS[part]}: ${calls} call${calls === 1 ? '' : 's'}"`,
      ),
    ].join(', ');
  }
}

const current = new AsyncLocalStorage<RequestTiming>();

/** Runs `work` with `timing` as the request in progress. */
export function withRequestTiming<T>(timing: RequestTiming, work: () => Promise<T>): Promise<T> {
  return current.run(timing, work);
}

/** The deadline of the request in progress, on `performance.now()`'s clock, if it has one. */
export function requestDeadline(): number | undefined {
  return current.getStore()?.deadline;
}

/** Times one call into `part`, for the request in progress (if any). */
export async function timed<T>(part: TimedPart, call: () => Promise<T>): Promise<T> {
  const timing = current.getStore();
  if (!timing) return call();
  const started = performance.now();
  try {
    return await call();
  } finally {
    timing.record(part, performance.now() - started);
  }
}

/** `port` with every method call timed as `part`. */
export function timedPort<T extends object>(port: T, part: TimedPart): T {
  return new Proxy(port, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => timed(part, () => value.apply(target, args));
    },
  });
}

/** Renames the parts of another process's `Server-Timing` value, e.g. the owner region's, with `prefix`. */
export function prefixedServerTiming(value: string, prefix: string): string {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => /^[\w-]+(;|$)/.test(entry))
    .map((entry) => `${prefix}${entry}`)
    .join(', ');
}
