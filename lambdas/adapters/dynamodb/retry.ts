/**
 * Bounded retries with full jitter, for what DynamoDB says may succeed if tried
 * again: the one retry layer of a client that answers requests (the SDK makes a
 * single attempt there, see client.ts), and it stops at the request's deadline.
 */
import { backoffDelay, type RetryPolicy, sleep as sleepFor } from '../../domain/backoff';
import { OutcomeUnknown, StoreBusy } from '../../domain/errors';
import { requestDeadline } from '../../observability/request-timing';

export type { RetryPolicy } from '../../domain/backoff';

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 15, maxDelayMs: 400 };

// DynamoDB answered, and the answer was "not now": nothing was written.
const REFUSED_ERRORS = new Set([
  'TransactionConflictException',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
]);
// DynamoDB (or a hop before it: any 5xx) answered that it failed, or that an earlier attempt under
// the same client request token is still running: a write may or may not have happened.
const FAILED_ERRORS = new Set([
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
]);
const RETRYABLE_REASONS = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);

// The store did not answer (reset, timed out, cut at the deadline): nothing says the request failed for good.
const NETWORK_FAILURES = new Set([
  'TimeoutError',
  'NetworkingError',
  'AbortError',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);
// Refused before a byte was sent.
const NOT_CONNECTED = 'ECONNREFUSED';

const nameOf = (error: unknown) => (error as { name?: string }).name ?? '';
const codeOf = (error: unknown) => (error as { code?: string }).code ?? '';

/**
 * True when trying again may succeed: contention, throttling, or a store that
 * did not answer. Retrying after an answer was lost is safe because every
 * write is conditional or carries a client request token. A cancelled
 * transaction is retryable only if no condition of it failed, because a failed
 * condition is an answer, not an accident.
 */
export function isRetryable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const name = nameOf(error);
  if (name === 'TransactionCanceledException') {
    const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
    const codes = (reasons ?? []).map((r) => r.Code ?? 'None');
    return !codes.includes('ConditionalCheckFailed') && codes.some((c) => RETRYABLE_REASONS.has(c));
  }
  const code = codeOf(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
  return (
    REFUSED_ERRORS.has(name) ||
    FAILED_ERRORS.has(name) ||
    status >= 500 ||
    NETWORK_FAILURES.has(name) ||
    NETWORK_FAILURES.has(code) ||
    code === NOT_CONNECTED
  );
}

/** True when a retryable failure leaves a write's outcome unknown: the request went out and no answer said no. */
export function leavesOutcomeUnknown(error: unknown): boolean {
  if (!isRetryable(error)) return false;
  const name = nameOf(error);
  return (
    name !== 'TransactionCanceledException' && !REFUSED_ERRORS.has(name) && codeOf(error) !== NOT_CONNECTED
  );
}

/** The request's deadline came before DynamoDB's answer: the attempt was cut off. */
class DeadlineReached extends Error {
  override readonly name = 'TimeoutError';
}

export interface RetryOptions {
  /** @default DEFAULT_RETRY_POLICY */
  readonly policy?: RetryPolicy;
  /** How a pause between attempts is waited out. @default a timer */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Math.random */
  readonly random?: () => number;
  /**
   * True for a write: when the store stays silent to the end, it may have written, and
   * the caller is told so (`OutcomeUnknown`), never "nothing was written".
   * @default false: a read changes nothing, so it ends in `StoreBusy`
   */
  readonly writes?: boolean;
  /**
   * For a write whose condition its own earlier attempt would fail (a put of a new item, a version
   * check): after a lost answer, a failed condition may be that attempt's doing, so the outcome is
   * unknown. A transaction needs none of this: its retries carry the same client request token.
   * @default false: a failed condition is the answer (a floor already lower, an item already done)
   */
  readonly conditionFailsOnOwnWrite?: boolean;
}

/**
 * Waits `ms` before another attempt, unless the pause would run past the request's deadline:
 * then throws `giveUp()` (`StoreBusy` unless told).
 */
export async function pauseBeforeRetry(
  ms: number,
  sleep: (ms: number) => Promise<void> = sleepFor,
  giveUp: () => Error = () => new StoreBusy(),
): Promise<void> {
  const deadline = requestDeadline();
  if (deadline !== undefined && performance.now() + ms >= deadline) throw giveUp();
  await sleep(ms);
}

/** One attempt, cut off (its request aborted) at the request's deadline if there is one. */
async function attemptBefore<T>(
  operation: (abortSignal?: AbortSignal) => Promise<T>,
  deadline: number | undefined,
): Promise<T> {
  if (deadline === undefined) return operation();
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cutOff = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        controller.abort();
        reject(new DeadlineReached('The request reached its deadline before DynamoDB answered'));
      },
      Math.max(0, deadline - performance.now()),
    );
  });
  try {
    // Raced as well as aborted: a client that ignores the signal still cannot hold the request.
    return await Promise.race([operation(controller.signal), cutOff]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `operation`, retrying retryable failures with full-jitter backoff, within the
 * policy's attempts and before the request's deadline. When it gives up: `StoreBusy`
 * (nothing was written), or, for a write whose answer went missing, `OutcomeUnknown`.
 */
export async function withRetries<T>(
  operation: (abortSignal?: AbortSignal) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const { policy = DEFAULT_RETRY_POLICY, sleep = sleepFor, random = Math.random } = options;
  const { writes = false, conditionFailsOnOwnWrite = false } = options;
  const deadline = requestDeadline();
  // Once an attempt's answer is lost, the write may have happened, whatever later attempts are told.
  let unknown = false;
  const giveUp = () =>
    unknown && writes
      ? new OutcomeUnknown('The database did not answer in time; the write may or may not have happened')
      : new StoreBusy();
  for (let attempt = 1; ; attempt++) {
    if (deadline !== undefined && performance.now() >= deadline) throw giveUp();
    try {
      return await attemptBefore(operation, deadline);
    } catch (error) {
      // The condition refusing the retry of an attempt that may have written: perhaps that very write.
      const ownRefusal = conditionFailsOnOwnWrite && nameOf(error) === 'ConditionalCheckFailedException';
      if (unknown && writes && ownRefusal) throw giveUp();
      if (!isRetryable(error)) throw error;
      unknown ||= leavesOutcomeUnknown(error);
      if (attempt >= policy.maxAttempts || error instanceof DeadlineReached) throw giveUp();
      await pauseBeforeRetry(backoffDelay(attempt, policy, random), sleep, giveUp);
    }
  }
}
