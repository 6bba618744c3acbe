/**
 * The seeded first start, end to end: both regions receive the same items directly,
 * the replicator replays none of them, the copies reconcile clean, a restart neither
 * seeds nor replays, and the quiet followers wake at once for a write.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { HOTEL_ITEM } from '../../lambdas/adapters/dynamodb/items/hotel';
import { readAll } from '../../lambdas/adapters/dynamodb/reconcile-scan';
import type { Hotel } from '../../lambdas/domain/model';
import { REGIONS, type Region } from '../../lambdas/domain/regions';
import { addDays, todayUtc } from '../../lambdas/domain/stay';
import {
  type LocalConfig,
  type LocalEnvironment,
  startLocalEnvironment,
  TABLE_NAME,
} from '../../local/environment';
import { callRegion, expectReconciled, testEnvironmentBasics } from '../support/local';

const HOTELS = 60;
const dataDir = mkdtempSync(join(tmpdir(), 'hotels-seeded-'));
let config: LocalConfig;
let env: LocalEnvironment;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every item of both regions' tables, keyed by pk and sk. */
async function tables(): Promise<Record<Region, Map<string, Record<string, unknown>>>> {
  const out = {} as Record<Region, Map<string, Record<string, unknown>>>;
  for (const region of REGIONS) {
    const doc = createDocumentClient({ region, endpoint: env.urls.dynamodb });
    out[region] = new Map((await readAll(doc, TABLE_NAME)).map((i) => [`${i.pk}|${i.sk}`, i]));
    doc.destroy();
  }
  return out;
}

async function expectSeededOnce(): Promise<void> {
  await env.settle();
  // Nothing of the seed travelled through the replicators: not applied, not even tried.
  for (const region of REGIONS) {
    expect(env.replicators[region].applied, region).toBe(0);
    expect(env.replicators[region].skippedOlder, region).toBe(0);
  }
  const copies = await tables();
  const hotels = [...copies['us-east-1'].values()].filter((i) => i.entity === 'HOTEL');
  expect(hotels).toHaveLength(HOTELS);
  // Identical copies, item for item and stamp for stamp, as global tables would hold them.
  expect(copies['ap-southeast-1']).toEqual(copies['us-east-1']);
  await expectReconciled(env);
  for (const region of REGIONS) {
    const listed = await callRegion(env, region, 'GET', '/v1/hotels/search?q=&limit=100');
    expect(listed.body.items, region).toHaveLength(HOTELS);
  }
}

beforeAll(async () => {
  // A long idle backoff, so that a write that failed to wake its followers would show.
  config = {
    ...(await testEnvironmentBasics()),
    dataDir,
    seedHotels: HOTELS,
    crossRegionLatencyMs: 0,
    followerMaxIdlePollMs: 5_000,
  };
  env = await startLocalEnvironment(config);
}, 120_000);

afterAll(async () => {
  await env?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a seeded first start', () => {
  it('holds the same items in both regions, replicated by nobody, reconciled clean and searchable', async () => {
    expect(env.seed?.hotels).toBe(HOTELS);
    await expectSeededOnce();
  });

  it('writes seeded bookings and night counters of the shape a real booking writes', async () => {
    const items = [...(await tables())['us-east-1'].values()];
    const seededNight = items.find((i) => i.entity === 'NIGHT') as Record<string, unknown>;
    const seededBooking = items.find((i) => i.entity === 'BOOKING') as Record<string, unknown>;
    expect(seededNight).toBeDefined();
    const roomType = items.find((i) => i.entity === 'ROOM_TYPE' && i.managedIn === 'us-east-1') as Record<
      string,
      string
    >;
    // Later than any seeded stay, so the booking creates its night counters.
    const checkIn = addDays(todayUtc(new Date()), 80);
    const booked = await callRegion(env, 'us-east-1', 'POST', `/v1/hotels/${roomType.hotelId}/bookings`, {
      roomTypeId: roomType.roomTypeId,
      checkIn,
      checkOut: addDays(checkIn, 1),
      rooms: 1,
      guest: { name: 'G', email: 'g@example.com' },
    });
    expect(booked.status).toBe(201);
    await env.settle();
    const after = (await tables())['us-east-1'];
    const realNight = after.get(`HOTEL#${roomType.hotelId}|NIGHT#${roomType.roomTypeId}#${checkIn}`);
    const realBooking = after.get(`HOTEL#${roomType.hotelId}|BOOKING#${booked.body.bookingId}`);
    expect(Object.keys(seededNight).sort()).toEqual(Object.keys(realNight ?? {}).sort());
    expect(Object.keys(seededBooking).sort()).toEqual(Object.keys(realBooking ?? {}).sort());
    await expectReconciled(env);
  });

  it('wakes its quiet followers at once for a write: replicated and searchable in the other region', async () => {
    const hotel = (await callRegion(env, 'ap-southeast-1', 'GET', '/v1/hotels/search?q=&limit=100')).body
      .items[0] as { hotelId: string; managedIn: Region };
    const other: Region = hotel.managedIn === 'us-east-1' ? 'ap-southeast-1' : 'us-east-1';
    const token = await (await import('../../lambdas/adapters/auth/local-jwt')).issueHotelierToken(
      env.jwtKeys,
      'demo-hotelier',
    );
    await sleep(3_000); // quiet: the followers now wait seconds between polls
    for (let i = 0; i < 3; i++) {
      const name = `Quiet Spell ${i} ${Math.random().toString(36).slice(2, 8)}`;
      const renamed = await callRegion(
        env,
        hotel.managedIn,
        'PATCH',
        `/v1/manage/hotels/${hotel.hotelId}`,
        { name },
        { authorization: `Bearer ${token}` },
      );
      expect(renamed.status).toBe(200);
      const written = performance.now();
      for (;;) {
        const found = await callRegion(env, other, 'GET', `/v1/hotels/search?q=${encodeURIComponent(name)}`);
        if (found.body.items.some((h: { name: string }) => h.name === name)) break;
        expect(performance.now() - written, `write ${i} reached ${other}`).toBeLessThan(1_000);
        await sleep(5);
      }
      await sleep(1_500);
    }
  });

  it('picks up a write from another process by the next poll: replicated and indexed in both regions', async () => {
    await sleep(2_000); // quiet again
    const hotelId = randomUUID();
    const name = `Outside Writer ${hotelId.slice(0, 8)}`;
    const hotel: Hotel = {
      hotelId,
      ownerId: 'demo-hotelier',
      name,
      city: 'Denver',
      country: 'US',
      description: 'Written by another process.',
      attributes: {},
      timeZone: 'America/Denver',
      checkInTime: '15:00',
      checkOutTime: '11:00',
      managedIn: 'us-east-1',
      status: 'ACTIVE',
      roomTypeCount: 0,
      version: 1,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    };
    // This client is not the environment's: no follower hears of the write.
    const doc = createDocumentClient({ region: 'us-east-1', endpoint: env.urls.dynamodb });
    await doc.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: HOTEL_ITEM.toItem(hotel, { writtenBy: 'us-east-1', writtenAt: Date.now() }),
      }),
    );
    doc.destroy();
    const written = performance.now();
    // The replicator finds it within its longest wait (5 s here) and wakes its stream's indexer,
    // whose own longest wait is ten times that.
    for (const region of ['us-east-1', 'ap-southeast-1'] as const)
      for (;;) {
        const found = await callRegion(env, region, 'GET', `/v1/hotels/search?q=${encodeURIComponent(name)}`);
        if (found.body.items.some((h: { hotelId: string }) => h.hotelId === hotelId)) break;
        expect(performance.now() - written, `indexed in ${region}`).toBeLessThan(8_000);
        await sleep(50);
      }
    await expectReconciled(env);
  }, 30_000);

  it('restarts without seeding or replaying anything', async () => {
    await env.stop();
    env = await startLocalEnvironment(config);
    expect(env.seed).toBeUndefined();
    await env.settle();
    for (const region of REGIONS) expect(env.replicators[region].applied, region).toBe(0);
    await expectReconciled(env);
  });

  it('starts a seed that never finished afresh, rather than adding to it', async () => {
    await env.stop();
    rmSync(join(dataDir, 'seeded.json')); // as if the first start had died while seeding
    env = await startLocalEnvironment(config);
    expect(env.seed?.hotels).toBe(HOTELS);
    await expectSeededOnce();
  });
});
