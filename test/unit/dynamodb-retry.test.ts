/** The adapters' one retry layer: its deadline, and what it says when it gives up. */
import { describe, expect, it } from 'vitest';
import { leavesOutcomeUnknown, pauseBeforeRetry, withRetries } from '../../lambdas/adapters/dynamodb/retry';
import { OutcomeUnknown, StoreBusy } from '../../lambdas/domain/errors';
import { within } from '../support/deadline';

const failure = (name: string, code?: string) => Object.assign(new Error(name), { name, code });
const throttled = () => failure('ThrottlingException');
const timedOut = () => failure('TimeoutError');
const refused = () => failure('Error', 'ECONNREFUSED');
const policy = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 };

/** An operation that fails with each of `failures` in turn, then succeeds; counts its calls. */
function failing(...failures: Array<() => Error>) {
  const op = async () => {
    const next = failures[op.calls++];
    if (next) throw next();
    return 'done';
  };
  op.calls = 0;
  return op;
}

describe('what a retry that gives up says', () => {
  it('says "nothing was written" after refusals, and for a read whose answers were lost', async () => {
    const writes = failing(throttled, throttled, throttled, throttled);
    await expect(withRetries(writes, { policy, writes: true })).rejects.toBeInstanceOf(StoreBusy);
    expect(writes.calls).toBe(4);
    const notConnected = failing(refused, refused, refused, refused);
    await expect(withRetries(notConnected, { policy, writes: true })).rejects.toBeInstanceOf(StoreBusy);
    const read = failing(timedOut, timedOut, timedOut, timedOut);
    await expect(withRetries(read, { policy })).rejects.toBeInstanceOf(StoreBusy);
  });

  it('says the outcome is unknown for a write once any answer was lost, whatever came after', async () => {
    const lostThenThrottled = failing(timedOut, throttled, throttled, throttled);
    const error = await withRetries(lostThenThrottled, { policy, writes: true }).catch((e) => e);
    expect(error).toBeInstanceOf(OutcomeUnknown);
    expect(error).not.toBeInstanceOf(StoreBusy);
    expect(lostThenThrottled.calls).toBe(4);
  });

  it("takes a single item's failed condition after a lost answer as perhaps its own write", async () => {
    const conditionFailed = () => failure('ConditionalCheckFailedException');
    const guarded = { policy, writes: true, conditionFailsOnOwnWrite: true };
    const afterLost = failing(timedOut, conditionFailed);
    await expect(withRetries(afterLost, guarded)).rejects.toBeInstanceOf(OutcomeUnknown);
    // Without a lost answer before it, the failed condition is the answer, passed on as it came;
    // and so it is for a write whose own attempt could not fail its condition.
    const asCame = { name: 'ConditionalCheckFailedException' };
    await expect(withRetries(failing(conditionFailed), guarded)).rejects.toMatchObject(asCame);
    const unguarded = failing(timedOut, conditionFailed);
    await expect(withRetries(unguarded, { policy, writes: true })).rejects.toMatchObject(asCame);
  });

  it('succeeds when an attempt after a lost answer is answered', async () => {
    const op = failing(timedOut, () => failure('Error', 'ECONNRESET'));
    await expect(withRetries(op, { policy, writes: true })).resolves.toBe('done');
    expect(op.calls).toBe(3);
  });

  it('counts an answer lost on the way, and a failure DynamoDB reports, as unknown; a refusal as not', () => {
    const badGateway = Object.assign(failure('Unknown'), { $metadata: { httpStatusCode: 502 } });
    for (const lost of [
      timedOut(),
      failure('Error', 'ECONNRESET'),
      failure('InternalServerError'),
      badGateway,
    ])
      expect(leavesOutcomeUnknown(lost)).toBe(true);
    for (const answered of [throttled(), refused(), failure('TransactionConflictException')])
      expect(leavesOutcomeUnknown(answered)).toBe(false);
    expect(leavesOutcomeUnknown(failure('ConditionalCheckFailedException'))).toBe(false);
  });
});

describe("a request's deadline", () => {
  it('cuts off an attempt that never answers, aborts its request, and tells a write the outcome is unknown', async () => {
    const signals: AbortSignal[] = [];
    const silent = (signal?: AbortSignal) => {
      if (signal) signals.push(signal);
      return new Promise<never>(() => undefined);
    };
    const error = await within(150, () => withRetries(silent, { policy, writes: true })).catch((e) => e);
    expect(error).toBeInstanceOf(OutcomeUnknown);
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(true);
    // A read cut off changed nothing.
    await expect(within(50, () => withRetries(silent, { policy }))).rejects.toBeInstanceOf(StoreBusy);
  });

  it('starts no attempt, and no pause, that would end after it', async () => {
    const op = failing(throttled, throttled, throttled);
    const waits: number[] = [];
    const slowPolicy = { maxAttempts: 10, baseDelayMs: 20_000, maxDelayMs: 20_000 };
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    await expect(
      within(2_000, () => withRetries(op, { policy: slowPolicy, sleep, random: () => 0.5 })),
    ).rejects.toBeInstanceOf(StoreBusy);
    // The first pause (10 s) would outlast the request: no second attempt.
    expect(op.calls).toBe(1);
    expect(waits).toEqual([]);
    const late = failing();
    await expect(within(-1, () => withRetries(late, { policy }))).rejects.toBeInstanceOf(StoreBusy);
    expect(late.calls).toBe(0);
  });

  it('refuses a pause between rounds that would outlast it', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    await expect(within(2_000, () => pauseBeforeRetry(10_000, sleep))).rejects.toBeInstanceOf(StoreBusy);
    await within(2_000, () => pauseBeforeRetry(5, sleep));
    await pauseBeforeRetry(10_000, sleep);
    expect(waits).toEqual([5, 10_000]);
  });

  it('leaves a request without a deadline to its attempts alone', async () => {
    const op = failing(throttled, throttled, throttled);
    await expect(withRetries(op, { policy })).resolves.toBe('done');
    expect(op.calls).toBe(4);
  });
});
