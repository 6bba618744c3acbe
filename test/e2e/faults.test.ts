/**
 * Faults, injected into the running local environment. After each one the
 * reconcile check is clean in both regions and no booking is lost or doubled.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { issueHotelierToken } from '../../lambdas/adapters/auth/local-jwt';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { reconcileTable } from '../../lambdas/adapters/dynamodb/reconcile-scan';
import { REGIONS, type Region } from '../../lambdas/domain/regions';
import { addDays, todayUtc } from '../../lambdas/domain/stay';
import { type LocalEnvironment, TABLE_NAME } from '../../local/environment';
import {
  expectReconciled,
  hotelWithRooms as hotelWithRoomsIn,
  localEnvironmentForFile,
} from '../support/local';

const local = localEnvironmentForFile('faults');
let env: LocalEnvironment;
let token: string;
const day = (n: number) => addDays(todayUtc(new Date()), n);
const guest = { name: 'Fault Tester', email: 'faults@example.com' };

const call = local.call;

const hotelWithRooms = (owner: Region, totalRooms: number) => hotelWithRoomsIn(env, token, owner, totalRooms);

const everythingReconciles = () => expectReconciled(env);

beforeAll(async () => {
  env = local.env;
  token = await issueHotelierToken(env.jwtKeys, 'fault-hotelier');
});

describe('fault injection', () => {
  it('owner region stopped mid-load: forwarded writes get 503 and write nothing, then succeed once it is back', async () => {
    const hotelId = await hotelWithRooms('ap-southeast-1', 40);
    // Ten bookings sent to the other region, keys from `first`: the same keys mean the same requests.
    const batch = (first: number) =>
      Promise.all(
        Array.from({ length: 10 }, (_, j) => {
          const i = first + j;
          const body = {
            roomTypeId: 'std',
            checkIn: day(5 + (i % 3)),
            checkOut: day(7 + (i % 3)),
            rooms: 1,
            guest,
          };
          return call('us-east-1', 'POST', `/v1/hotels/${hotelId}/bookings`, body, {
            'idempotency-key': `outage-${i}`,
          });
        }),
      );
    expect((await batch(0)).map((r) => r.status)).toEqual(Array(10).fill(201));
    await env.takeRegionDown('ap-southeast-1');
    for (const r of await batch(10)) {
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe('OWNER_REGION_UNAVAILABLE');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    await env.bringRegionUp('ap-southeast-1');
    // The same keys again: 201, not a 200 replay, because nothing was written during the outage.
    expect((await batch(10)).map((r) => r.status)).toEqual(Array(10).fill(201));
    await everythingReconciles();
  });

  it('replication paused: the other region reads stale availability, every booking stays correct, and the regions converge', async () => {
    const hotelId = await hotelWithRooms('us-east-1', 3);
    const stay = { roomTypeId: 'std', checkIn: day(20), checkOut: day(21), rooms: 1, guest };
    env.pauseReplication();
    try {
      const booked = await Promise.all(
        [1, 2, 3, 4].map(() => call('ap-southeast-1', 'POST', `/v1/hotels/${hotelId}/bookings`, stay)),
      );
      expect(booked.map((r) => r.status).sort()).toEqual([201, 201, 201, 409]);
      const owner = await call(
        'us-east-1',
        'GET',
        `/v1/hotels/${hotelId}/availability?checkIn=${day(20)}&checkOut=${day(21)}`,
      );
      const stale = await call(
        'ap-southeast-1',
        'GET',
        `/v1/hotels/${hotelId}/availability?checkIn=${day(20)}&checkOut=${day(21)}`,
      );
      expect(owner.body.roomTypes[0].available).toBe(0);
      expect(stale.body.roomTypes[0].available).toBe(3); // stale: replication is paused
    } finally {
      env.resumeReplication();
    }
    await env.settle();
    const converged = await call(
      'ap-southeast-1',
      'GET',
      `/v1/hotels/${hotelId}/availability?checkIn=${day(20)}&checkOut=${day(21)}`,
    );
    expect(converged.body.roomTypes[0].available).toBe(0);
    await everythingReconciles();
  });

  /**
   * Books continuously through both regions while `fault` runs; returns the confirmed booking ids,
   * those whose answer was lost included, once sent again under the key their 504 named.
   */
  async function underLoad(hotelId: string, fault: () => Promise<void>): Promise<string[]> {
    const confirmed: string[] = [];
    const unknown: Array<{ region: Region; body: object; key: string }> = [];
    const path = `/v1/hotels/${hotelId}/bookings`;
    let stop = false;
    const load = (async () => {
      for (let i = 0; !stop; i++) {
        const region = REGIONS[i % 2] as Region;
        const body = {
          roomTypeId: 'std',
          checkIn: day(30 + (i % 5)),
          checkOut: day(31 + (i % 5)),
          rooms: 1,
          guest,
        };
        const r = await call(region, 'POST', path, body);
        if (r.status === 201) confirmed.push(r.body.bookingId);
        else if (r.status === 504) {
          // The store went down under the transaction: it may have committed, and the answer says so.
          expect(r.body.error.code).toBe('OUTCOME_UNKNOWN');
          const key = r.headers.get('idempotency-key');
          expect(key).toBeTruthy();
          unknown.push({ region, body, key: key as string });
        } else expect([503, 0]).toContain(r.status); // the store is down: a clear 503, never a half-done booking
      }
    })();
    await new Promise((r) => setTimeout(r, 800));
    await fault();
    await new Promise((r) => setTimeout(r, 1_500));
    stop = true;
    await load;
    for (const { region, body, key } of unknown) {
      const again = await call(region, 'POST', path, body, { 'idempotency-key': key });
      // 200: it had been booked before the store went down; 201: it had not, and is now.
      expect([200, 201]).toContain(again.status);
      confirmed.push(again.body.bookingId);
    }
    return confirmed;
  }

  it('DynamoDB Local stopped and restarted mid-load: every confirmed booking survives', async () => {
    const hotelId = await hotelWithRooms('us-east-1', 200);
    const confirmed = await underLoad(hotelId, () =>
      env.restartDatabase({ signal: 'SIGTERM', downtimeMs: 1_000 }),
    );
    expect(confirmed.length).toBeGreaterThan(5);
    const doc = createDocumentClient({ region: 'us-east-1', endpoint: env.urls.dynamodb });
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    for (const bookingId of confirmed) {
      const item = await doc.send(
        new GetCommand({
          TableName: TABLE_NAME,
          Key: { pk: `HOTEL#${hotelId}`, sk: `BOOKING#${bookingId}` },
          ConsistentRead: true,
        }),
      );
      expect(item.Item?.status, bookingId).toBe('CONFIRMED');
    }
    doc.destroy();
    await everythingReconciles();
  }, 60_000);

  it('DynamoDB Local killed (SIGKILL) mid-load: no booking is ever half-written in the region that wrote it', async () => {
    // DynamoDB Local itself may drop an acknowledged write on SIGKILL (measured here: 1 of 782);
    // DynamoDB does not. Transactions stay whole, so the owner region's invariant must hold. A
    // replica can miss a change DynamoDB Local acknowledged and then lost; reconcile reports it.
    const hotelId = await hotelWithRooms('us-east-1', 200);
    const confirmed = await underLoad(hotelId, () =>
      env.restartDatabase({ signal: 'SIGKILL', downtimeMs: 1_000 }),
    );
    expect(confirmed.length).toBeGreaterThan(5);
    await env.settle();
    const doc = createDocumentClient({ region: 'us-east-1', endpoint: env.urls.dynamodb });
    const owner = await reconcileTable(doc, TABLE_NAME, { hotelId });
    doc.destroy();
    expect(owner.discrepancies).toEqual([]);
    expect(owner.bookings).toBeGreaterThanOrEqual(confirmed.length - 1);
  }, 60_000);
});
