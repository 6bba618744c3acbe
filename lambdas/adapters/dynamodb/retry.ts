/** Bounded retries with full jitter, for what DynamoDB says may succeed if tried again. */
import { backoffDelay, type RetryPolicy, sleep as sleepFor } from '../../domain/backoff';
import { StoreBusy } from '../../domain/errors';

export type { RetryPolicy } from '../../domain/backoff';

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 15, maxDelayMs: 400 };

const RETRYABLE_ERRORS = new Set([
  'TransactionConflictException',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
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

// The store did not answer (refused, reset, timed out): nothing says the request failed for good.
const NETWORK_FAILURES = new Set([
  'TimeoutError',
  'NetworkingError',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);

/**
 * True when trying again may succeed: contention, throttling, or a store that
 * did not answer. Retrying after an answer was lost is safe because every
 * write is conditional or carries a client request token. A cancelled
 * transaction is retryable only if no condition of it failed, because a failed
 * condition is an answer, not an accident.
 */
export function isRetryable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { name, CancellationReasons } = error as {
    name?: string;
    CancellationReasons?: Array<{ Code?: string }>;
  };
  if (name === 'TransactionCanceledException') {
    const codes = (CancellationReasons ?? []).map((r) => r.Code ?? 'None');
    return !codes.includes('ConditionalCheckFailed') && codes.some((c) => RETRYABLE_REASONS.has(c));
  }
  const code = (error as { code?: string }).code;
  return (
    RETRYABLE_ERRORS.has(name ?? '') || NETWORK_FAILURES.has(name ?? '') || NETWORK_FAILURES.has(code ?? '')
  );
}

/** Runs `operation`, retrying retryable failures with full-jitter backoff; gives up with `StoreBusy`. */
export async function withRetries<T>(
  operation: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  sleep: (ms: number) => Promise<void> = sleepFor,
  random: () => number = Math.random,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isRetryable(error)) throw error;
      if (attempt >= policy.maxAttempts) throw new StoreBusy();
      await sleep(backoffDelay(attempt, policy, random));
    }
  }
}
