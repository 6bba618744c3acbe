/** Helpers for tests against the running local environment. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { reconcileRegions, reconcileTable } from '../../lambdas/adapters/dynamodb/reconcile-scan';
import { REGIONS, type Region } from '../../lambdas/domain/regions';
import { QUICK_START_JVM_OPTIONS } from '../../local/dynamodb-local';
import {
  freePorts,
  type LocalConfig,
  type LocalEnvironment,
  startLocalEnvironment,
  TABLE_NAME,
} from '../../local/environment';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

/** The local environment of one test file, and a shortcut to call its regions. */
export interface LocalSuite {
  /** Set once the file's `beforeAll` has run. */
  readonly env: LocalEnvironment;
  call(
    region: Region,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<HttpAnswer>;
}

/**
 * What each test's own environment starts with: free ports, and a DynamoDB Local on the
 * JIT that starts on less CPU, since it lives for one file's seconds, not `npm start`'s hours.
 */
export async function testEnvironmentBasics(): Promise<
  Pick<LocalConfig, 'basePort' | 'dynamoPort' | 'dynamoJvmOptions'>
> {
  return { ...(await freePorts()), dynamoJvmOptions: QUICK_START_JVM_OPTIONS };
}

/**
 * Starts the whole local environment for this test file (free ports, a temporary
 * data dir, a few seeded hotels) before its tests, and stops and removes it after.
 */
export function localEnvironmentForFile(name: string, overrides: Partial<LocalConfig> = {}): LocalSuite {
  const dataDir = mkdtempSync(join(tmpdir(), `hotels-${name}-`));
  let env: LocalEnvironment | undefined;
  beforeAll(async () => {
    env = await startLocalEnvironment({
      ...(await testEnvironmentBasics()),
      dataDir,
      seedHotels: 10,
      crossRegionLatencyMs: 0,
      ...overrides,
    });
  }, 120_000);
  afterAll(async () => {
    await env?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const suite: LocalSuite = {
    get env() {
      if (!env) throw new Error(`the ${name} environment has not started`);
      return env;
    },
    call: (region, method, path, body, headers = {}) =>
      callRegion(suite.env, region, method, path, body, headers),
  };
  return suite;
}

/** One request to a region's API; a refused connection is status 0, not a throw. */
export async function callRegion(
  env: LocalEnvironment,
  region: Region,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  try {
    const res = await fetch(`${env.urls[region]}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  } catch {
    return { status: 0, headers: new Headers(), body: undefined };
  }
}

/**
 * A hotel owned by `owner` with one room type `std` of `totalRooms` rooms, made through
 * the management API and settled (replicated and indexed in both regions).
 */
export async function hotelWithRooms(
  env: LocalEnvironment,
  hotelierToken: string,
  owner: Region,
  totalRooms: number,
  /** UTC unless the test is about the hotel's clock: its days are then the test's UTC days. */
  timeZone = 'UTC',
): Promise<string> {
  const auth = { authorization: `Bearer ${hotelierToken}` };
  const made = await callRegion(
    env,
    owner,
    'POST',
    '/v1/manage/hotels',
    {
      name: `Test Inn ${Math.random()}`,
      city: 'Denver',
      country: owner === 'us-east-1' ? 'US' : 'SG',
      timeZone,
    },
    auth,
  );
  expect(made.status).toBe(201);
  const hotelId = made.body.hotelId as string;
  const rt = await callRegion(
    env,
    owner,
    'PUT',
    `/v1/manage/hotels/${hotelId}/room-types/std`,
    { name: 'Standard', totalRooms, pricePerNight: { amount: 10_000, currency: 'USD' } },
    auth,
  );
  expect(rt.status).toBe(201);
  await env.settle();
  return hotelId;
}

/** After everything settles: the invariant holds in each region, and the regions agree, with no non-owner write. */
export async function expectReconciled(env: LocalEnvironment): Promise<void> {
  await env.settle();
  const docs = REGIONS.map((region) => ({
    region,
    doc: createDocumentClient({ region, endpoint: env.urls.dynamodb }),
  }));
  try {
    for (const { region, doc } of docs)
      expect((await reconcileTable(doc, TABLE_NAME)).discrepancies, region).toEqual([]);
    const cross = await reconcileRegions(docs, TABLE_NAME, { lagMs: 0 });
    expect(cross.differences).toEqual([]);
    expect(cross.nonOwnerWrites).toEqual([]);
  } finally {
    for (const { doc } of docs) doc.destroy();
  }
}
