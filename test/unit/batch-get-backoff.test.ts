/** BatchGetItem's unprocessed keys wait out a jittered, growing, bounded backoff before each retry, then give up. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { HotelTableClient } from '../../lambdas/adapters/dynamodb/table-client';
import { StoreBusy } from '../../lambdas/domain/errors';

const policy = { maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 50 };
const key = (n: number) => ({ pk: `HOTEL#${n}`, sk: 'HOTEL' });

/** A table whose BatchGetItem leaves every key unprocessed `throttledRounds` times, recording the pauses. */
function throttledTable(throttledRounds: number) {
  const pauses: number[] = [];
  let calls = 0;
  const doc = {
    async send(command: { input: { RequestItems: Record<string, { Keys: unknown[] }> } }) {
      const keys = command.input.RequestItems.hotels?.Keys ?? [];
      if (calls++ < throttledRounds)
        return { Responses: { hotels: [] }, UnprocessedKeys: { hotels: { Keys: keys } } };
      return { Responses: { hotels: keys } };
    },
  } as unknown as DynamoDBDocumentClient;
  const table = new HotelTableClient({
    doc,
    tableName: 'hotels',
    region: 'us-east-1',
    retryPolicy: policy,
    sleep: async (ms) => {
      pauses.push(ms);
    },
  });
  return { table, pauses, calls: () => calls };
}

describe('batchGet', () => {
  it('pauses before each retry of unprocessed keys, within the growing ceiling, and never past the bound', async () => {
    const { table, pauses } = throttledTable(3);
    expect(await table.batchGet([key(1), key(2)])).toHaveLength(2);
    expect(pauses).toHaveLength(3);
    pauses.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** i));
    });
  });

  it('gives up with StoreBusy after the policy’s attempts', async () => {
    const { table, pauses, calls } = throttledTable(100);
    await expect(table.batchGet([key(1)])).rejects.toBeInstanceOf(StoreBusy);
    expect(calls()).toBe(policy.maxAttempts);
    expect(pauses).toHaveLength(policy.maxAttempts - 1);
  });
});
