/**
 * End to end, against the local environment exactly as `npm start` runs it:
 * DynamoDB Local on disk, replication both ways, search indexers, both APIs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueHotelierToken } from '../../lambdas/adapters/auth/local-jwt';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { reconcileTable } from '../../lambdas/adapters/dynamodb/reconcile-scan';
import { REGIONS, type Region } from '../../lambdas/domain/regions';
import { addDays, todayUtc } from '../../lambdas/domain/stay';
import {
  type LocalConfig,
  type LocalEnvironment,
  startLocalEnvironment,
  TABLE_NAME,
} from '../../local/environment';
import { callRegion, testEnvironmentBasics } from '../support/local';

const dataDir = mkdtempSync(join(tmpdir(), 'hotels-e2e-'));
let config: LocalConfig;
let env: LocalEnvironment;
const lines: string[] = [];
const day = (n: number) => addDays(todayUtc(new Date()), n);
let token: string;

const call = (
  region: Region,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => callRegion(env, region, method, path, body, headers);
const manage = (region: Region, method: string, path: string, body?: unknown) =>
  call(region, method, path, body, { authorization: `Bearer ${token}` });

/** Polls until `check` passes (replication and indexing are asynchronous, as in AWS). */
async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function createHotel(region: Region, body: Record<string, unknown>) {
  const made = await manage(region, 'POST', '/v1/manage/hotels', body);
  expect(made.status).toBe(201);
  return made.body as { hotelId: string; managedIn: Region };
}

async function reconcileBoth() {
  return Promise.all(
    REGIONS.map(async (region) => {
      const doc = createDocumentClient({ region, endpoint: env.urls.dynamodb });
      const report = await reconcileTable(doc, TABLE_NAME);
      doc.destroy();
      return report;
    }),
  );
}

beforeAll(async () => {
  config = {
    ...(await testEnvironmentBasics()),
    dataDir,
    seedHotels: 40,
    crossRegionLatencyMs: 0,
    log: (l) => lines.push(l),
  };
  env = await startLocalEnvironment(config);
  token = await issueHotelierToken(env.jwtKeys, 'e2e-hotelier');
}, 120_000);

afterAll(async () => {
  await env?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the local environment', () => {
  it('serves health in both regions once seeded, with demo hotels searchable in both', async () => {
    expect(env.seed?.hotels).toBe(40);
    for (const region of REGIONS) {
      expect(await call(region, 'GET', '/health')).toMatchObject({
        status: 200,
        body: { status: 'ok', region },
      });
      const listed = await call(region, 'GET', '/v1/hotels/search?q=&limit=100');
      expect(listed.body.items).toHaveLength(40);
    }
    // The web services, and the config that tells it where both regional APIs are.
    expect(await (await fetch(env.urls.web)).text()).toContain('<main id="main"');
    expect(await (await fetch(`${env.urls.web}/config.json`)).json()).toEqual({
      apis: { 'us-east-1': env.urls['us-east-1'], 'ap-southeast-1': env.urls['ap-southeast-1'] },
    });
    expect(await (await fetch(`${env.urls.web}/hotels/anything`)).text()).toContain('<main id="main"');
  });

  it('lands a hotel created through either region in its owner region, readable in both', async () => {
    const viaUs = await createHotel('us-east-1', {
      name: 'Jalan Besar Loft',
      city: 'Singapore',
      country: 'SG',
    });
    const viaAsia = await createHotel('ap-southeast-1', {
      name: 'Back Bay Commons',
      city: 'Boston',
      country: 'US',
    });
    expect(viaUs.managedIn).toBe('ap-southeast-1');
    expect(viaAsia.managedIn).toBe('us-east-1');
    await eventually(async () => {
      for (const region of REGIONS) {
        expect((await call(region, 'GET', `/v1/hotels/${viaUs.hotelId}`)).status).toBe(200);
        expect((await call(region, 'GET', `/v1/hotels/${viaAsia.hotelId}`)).status).toBe(200);
      }
    });
    expect(
      lines.some(
        (l) =>
          l.includes('[us-east-1] POST /v1/manage/hotels 201') && l.includes('forwarded to ap-southeast-1'),
      ),
    ).toBe(true);
  });

  it('keeps each region’s search index following creates, updates and deletes', async () => {
    const hotel = await createHotel('us-east-1', { name: 'Quokka Quarters', city: 'Austin', country: 'US' });
    const found = async (region: Region, q: string) =>
      (
        (await call(region, 'GET', `/v1/hotels/search?q=${encodeURIComponent(q)}`)).body.items as Array<{
          hotelId: string;
        }>
      ).map((h) => h.hotelId);
    await eventually(async () => {
      for (const region of REGIONS) expect(await found(region, 'quokka')).toEqual([hotel.hotelId]);
    });
    expect(
      (
        await manage('ap-southeast-1', 'PATCH', `/v1/manage/hotels/${hotel.hotelId}`, {
          name: 'Wombat Warren',
        })
      ).status,
    ).toBe(200);
    await eventually(async () => {
      for (const region of REGIONS) {
        expect(await found(region, 'wombat')).toEqual([hotel.hotelId]);
        expect(await found(region, 'quokka')).toEqual([]);
      }
    });
    expect((await manage('us-east-1', 'DELETE', `/v1/manage/hotels/${hotel.hotelId}`)).status).toBe(204);
    await eventually(async () => {
      for (const region of REGIONS) expect(await found(region, 'wombat')).toEqual([]);
    });
  });

  it('confirms exactly 5 of 40 concurrent bookings for 5 rooms sent to both regions; availability is 0 in both', async () => {
    const hotel = await createHotel('ap-southeast-1', {
      name: 'Last Rooms Inn',
      city: 'Bangkok',
      country: 'TH',
    });
    expect(
      (
        await manage('us-east-1', 'PUT', `/v1/manage/hotels/${hotel.hotelId}/room-types/std`, {
          name: 'Standard',
          totalRooms: 5,
          pricePerNight: { amount: 150_000, currency: 'THB' },
        })
      ).status,
    ).toBe(201);
    await eventually(async () =>
      expect((await call('us-east-1', 'GET', `/v1/hotels/${hotel.hotelId}`)).body.roomTypes).toHaveLength(1),
    );
    const stay = {
      roomTypeId: 'std',
      checkIn: day(30),
      checkOut: day(33),
      rooms: 1,
      guest: { name: 'G', email: 'g@example.com' },
    };
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call(REGIONS[i % 2] as Region, 'POST', `/v1/hotels/${hotel.hotelId}/bookings`, stay),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(35);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'SOLD_OUT')).toBe(true);
    for (const r of results) expect(r.headers.get('x-owner-region')).toBe('ap-southeast-1');
    await env.settle();
    for (const region of REGIONS) {
      const availability = await call(
        region,
        'GET',
        `/v1/hotels/${hotel.hotelId}/availability?checkIn=${day(30)}&checkOut=${day(33)}`,
      );
      expect(availability.body.roomTypes[0].available).toBe(0);
    }
    for (const report of await reconcileBoth()) expect(report.discrepancies).toEqual([]);
  });

  it('books once for an idempotent replay sent to the other region', async () => {
    const hotel = await createHotel('us-east-1', { name: 'Replay Lodge', city: 'Denver', country: 'US' });
    await manage('us-east-1', 'PUT', `/v1/manage/hotels/${hotel.hotelId}/room-types/std`, {
      name: 'Standard',
      totalRooms: 3,
      pricePerNight: { amount: 14_000, currency: 'USD' },
    });
    await env.settle();
    const stay = {
      roomTypeId: 'std',
      checkIn: day(12),
      checkOut: day(14),
      rooms: 1,
      guest: { name: 'G', email: 'g@example.com' },
    };
    const key = { 'idempotency-key': 'e2e-replay-1' };
    const first = await call('us-east-1', 'POST', `/v1/hotels/${hotel.hotelId}/bookings`, stay, key);
    const replay = await call('ap-southeast-1', 'POST', `/v1/hotels/${hotel.hotelId}/bookings`, stay, key);
    expect(first.status).toBe(201);
    expect(replay.status).toBe(200);
    expect(replay.body.bookingId).toBe(first.body.bookingId);
    expect(replay.headers.get('x-served-region')).toBe('ap-southeast-1');
    const availability = await call(
      'us-east-1',
      'GET',
      `/v1/hotels/${hotel.hotelId}/availability?checkIn=${day(12)}&checkOut=${day(14)}`,
    );
    expect(availability.body.roomTypes[0].available).toBe(2);
  });

  it('answers 503 for a forwarded write while the owner region is down, and nothing is written', async () => {
    const hotel = await createHotel('ap-southeast-1', {
      name: 'Down Under Digs',
      city: 'Phuket',
      country: 'TH',
    });
    await env.settle();
    const owner = env.regions['ap-southeast-1'].services;
    const before = await reconcileBoth();
    await env.takeRegionDown('ap-southeast-1');
    try {
      const res = await manage('us-east-1', 'PATCH', `/v1/manage/hotels/${hotel.hotelId}`, { name: 'Never' });
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('OWNER_REGION_UNAVAILABLE');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      // Reads are served from the local replica all the while.
      expect((await call('us-east-1', 'GET', `/v1/hotels/${hotel.hotelId}`)).status).toBe(200);
    } finally {
      await env.bringRegionUp('ap-southeast-1');
    }
    const retried = await manage('us-east-1', 'PATCH', `/v1/manage/hotels/${hotel.hotelId}`, {
      description: 'Back',
    });
    expect(retried.status).toBe(200);
    expect((await owner.hotels.getHotel(hotel.hotelId, { consistent: true }))?.name).toBe('Down Under Digs');
    expect((await reconcileBoth()).map((r) => r.bookings)).toEqual(before.map((r) => r.bookings));
  });

  it('keeps every booking across a restart, resumes replication where it stopped, and reconciles clean', async () => {
    const hotel = await createHotel('us-east-1', { name: 'Restart Resort', city: 'Miami', country: 'US' });
    await manage('us-east-1', 'PUT', `/v1/manage/hotels/${hotel.hotelId}/room-types/std`, {
      name: 'Standard',
      totalRooms: 4,
      pricePerNight: { amount: 20_000, currency: 'USD' },
    });
    await env.settle();
    const stay = {
      roomTypeId: 'std',
      checkIn: day(40),
      checkOut: day(42),
      rooms: 1,
      guest: { name: 'G', email: 'g@example.com' },
    };
    const booked = await call('us-east-1', 'POST', `/v1/hotels/${hotel.hotelId}/bookings`, stay);
    expect(booked.status).toBe(201);
    await env.settle();
    // Writes made while replication is paused are still pending in the stream when we stop.
    env.pauseReplication();
    const pending = await call('us-east-1', 'POST', `/v1/hotels/${hotel.hotelId}/bookings`, stay);
    expect(pending.status).toBe(201);
    await new Promise((r) => setTimeout(r, 300));
    const asiaDoc = createDocumentClient({ region: 'ap-southeast-1', endpoint: env.urls.dynamodb });
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const inAsia = async (bookingId: string) =>
      (
        await asiaDoc.send(
          new GetCommand({
            TableName: TABLE_NAME,
            Key: { pk: `HOTEL#${hotel.hotelId}`, sk: `BOOKING#${bookingId}` },
          }),
        )
      ).Item;
    expect(await inAsia(pending.body.bookingId)).toBeUndefined();
    asiaDoc.destroy();

    const startsBefore = performance.now();
    await env.stop();
    env = await startLocalEnvironment(config);
    const restartMs = performance.now() - startsBefore;
    expect(env.seed).toBeUndefined(); // already seeded: not seeded again
    await env.settle();
    const asiaAgain = createDocumentClient({ region: 'ap-southeast-1', endpoint: env.urls.dynamodb });
    const check = await asiaAgain.send(
      new GetCommand({
        TableName: TABLE_NAME,
        Key: { pk: `HOTEL#${hotel.hotelId}`, sk: `BOOKING#${pending.body.bookingId}` },
      }),
    );
    asiaAgain.destroy();
    expect(check.Item?.status).toBe('CONFIRMED');
    // It resumed from its checkpoint: only what was pending crossed again, not the whole history.
    expect(env.replicators['us-east-1'].applied).toBeLessThan(10);
    for (const bookingId of [booked.body.bookingId, pending.body.bookingId])
      for (const region of REGIONS) {
        const seen = await call(
          region,
          'GET',
          `/v1/hotels/${hotel.hotelId}/bookings/${bookingId}`,
          undefined,
          {
            authorization: `Bearer ${bookingId === booked.body.bookingId ? booked.body.accessToken : pending.body.accessToken}`,
          },
        );
        expect(seen.status).toBe(200);
      }
    for (const report of await reconcileBoth()) expect(report.discrepancies).toEqual([]);
    console.log(`restart on a seeded data dir: ${Math.round(restartMs)} ms`);
  });
});
