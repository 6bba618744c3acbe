/**
 * A lost answer on the local environment: with 600 ms of simulated latency each
 * way and a 1 s forwarding bound (LOCAL_CROSS_REGION_LATENCY_MS and
 * LOCAL_FORWARD_TIMEOUT_MS), the owner runs a forwarded booking but its answer
 * comes back too late.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueHotelierToken } from '../../lambdas/adapters/auth/local-jwt';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { addDays, todayUtc } from '../../lambdas/domain/stay';
import { TABLE_NAME } from '../../local/environment';
import { expectReconciled, hotelWithRooms, localEnvironmentForFile } from '../support/local';

const local = localEnvironmentForFile('lost-answer', { crossRegionLatencyMs: 600, forwardTimeoutMs: 1_000 });
let token: string;

beforeAll(async () => {
  token = await issueHotelierToken(local.env.jwtKeys, 'lost-answer-hotelier');
});

/** The bookings of a hotel in one region's table. */
async function bookingsIn(region: 'us-east-1', hotelId: string) {
  const doc = createDocumentClient({ region, endpoint: local.env.urls.dynamodb });
  try {
    const out = await doc.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :b)',
        ExpressionAttributeValues: { ':pk': `HOTEL#${hotelId}`, ':b': 'BOOKING#' },
        ConsistentRead: true,
      }),
    );
    return out.Items ?? [];
  } finally {
    doc.destroy();
  }
}

describe('an owner slower than the forwarding bound', () => {
  it('answers 504 with a key; retrying with the key returns the same booking; the owner holds exactly one', async () => {
    const hotelId = await hotelWithRooms(local.env, token, 'us-east-1', 3);
    const body = {
      roomTypeId: 'std',
      checkIn: addDays(todayUtc(new Date()), 12),
      checkOut: addDays(todayUtc(new Date()), 14),
      rooms: 1,
      guest: { name: 'Slow Answer', email: 'slow@example.com' },
    };
    const lost = await local.call('ap-southeast-1', 'POST', `/v1/hotels/${hotelId}/bookings`, body);
    expect(lost.status).toBe(504);
    expect(lost.body.error.code).toBe('OUTCOME_UNKNOWN');
    const key = lost.headers.get('idempotency-key');
    expect(key).toBeTruthy();
    expect(lost.headers.get('x-owner-region')).toBe('us-east-1');

    // The owner did commit it.
    expect(await bookingsIn('us-east-1', hotelId)).toHaveLength(1);
    // The traveller retries with the key; latency routing now lands them on the owner region.
    const retried = await local.call('us-east-1', 'POST', `/v1/hotels/${hotelId}/bookings`, body, {
      'idempotency-key': key as string,
    });
    expect(retried.status).toBe(200);
    const stored = await bookingsIn('us-east-1', hotelId);
    expect(stored.map((b) => b.bookingId)).toEqual([retried.body.bookingId]);
    const seen = await local.call(
      'us-east-1',
      'GET',
      `/v1/hotels/${hotelId}/bookings/${retried.body.bookingId}`,
      undefined,
      {
        authorization: `Bearer ${retried.body.accessToken}`,
      },
    );
    expect(seen.status).toBe(200);
    await expectReconciled(local.env);
  });
});
