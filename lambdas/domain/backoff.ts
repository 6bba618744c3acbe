/** Bounded retries with full jitter: the one definition of backoff, for the domain and its adapters. */

export interface RetryPolicy {
  /** Tries in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  /** No pause is longer than this, however many retries came before. */
  readonly maxDelayMs: number;
}

/**
 * The pause before retry `attempt` (1 is the first retry): uniform in
 * `[0, min(maxDelayMs, baseDelayMs * 2^(attempt-1)))`, so that callers that failed
 * together do not retry together.
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Waits `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
