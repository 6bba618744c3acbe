/**
 * Adding a room type in a real browser (Debian's Chromium, playwright-core)
 * against the local environment: the id is made from the name and never
 * clashes, the hotelier may still type their own, and the currency starts as
 * the hotel's and takes lowercase.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueHotelierToken } from '../../lambdas/adapters/auth/local-jwt';
import { freePorts, type LocalEnvironment, startLocalEnvironment } from '../../local/environment';
import { expectNoSeriousAxeViolations } from './support/axe';

const CHROMIUM = '/usr/bin/chromium';
const dataDir = mkdtempSync(join(tmpdir(), 'hotels-room-types-'));
let env: LocalEnvironment;
let browser: Browser;
let context: BrowserContext;
let token: string;
const pageErrors: string[] = [];

async function apiCall(method: string, path: string, body?: unknown) {
  const res = await fetch(`${env.urls['us-east-1']}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

async function givenHotel(name: string, country: string): Promise<string> {
  const made = await apiCall('POST', '/v1/manage/hotels', { name, city: 'Anywhere', country });
  expect(made.status).toBe(201);
  return made.body.hotelId;
}

async function openHotel(hotelId: string, name: string): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(8_000);
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  await page.goto(`/manage/hotels/${hotelId}`);
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.getByRole('heading', { level: 3, name: 'Add a room type' }).waitFor();
  return page;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  env = await startLocalEnvironment({
    ...(await freePorts()),
    dataDir,
    seedHotels: 2,
    crossRegionLatencyMs: 0,
  });
  token = await issueHotelierToken(env.jwtKeys, 'room-type-hotelier');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  context = await browser.newContext({ baseURL: env.urls.web, viewport: { width: 1200, height: 900 } });
  await context.addInitScript(`sessionStorage.setItem('hotelierToken', ${JSON.stringify(token)})`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await env?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('adding a room type', () => {
  it("makes the id from the name, unique in the hotel, and prices in the hotel's currency", async () => {
    const hotelId = await givenHotel('Orchid Court', 'SG');
    const put = await apiCall('PUT', `/v1/manage/hotels/${hotelId}/room-types/deluxe`, {
      name: 'Deluxe',
      totalRooms: 5,
      pricePerNight: { amount: 30_000, currency: 'SGD' },
    });
    expect(put.status).toBe(201);
    await env.settle();
    const page = await openHotel(hotelId, 'Orchid Court');
    const add = page.locator('form.room-type').last();
    await expect(add.getByLabel('Currency').inputValue()).resolves.toBe('SGD');
    // "Deluxe" is taken: the new one must not overwrite it.
    await add.getByLabel('Room type name').fill('Deluxe');
    await expect(add.getByLabel('Room type id').inputValue()).resolves.toBe('deluxe-2');
    await add.getByLabel('Room type name').fill('Garden Suite (Twin)');
    await expect(add.getByLabel('Room type id').inputValue()).resolves.toBe('garden-suite-twin');
    await add.getByLabel('Total rooms').fill('3');
    await add.getByLabel('Price per night').fill('250');
    // Lowercase is taken and shown as the code it is.
    await add.getByLabel('Currency').fill('sgd');
    await expect(add.getByLabel('Currency').inputValue()).resolves.toBe('SGD');
    await add.getByRole('button', { name: 'Add room type' }).click();
    await page.getByText('Room type Garden Suite (Twin) saved.').waitFor();
    await page.getByRole('link', { name: 'Calendar of Garden Suite (Twin)' }).waitFor();
    await expectNoSeriousAxeViolations(page, "the hotel's management page with two room types");
    await env.settle();
    const hotel = await apiCall('GET', `/v1/hotels/${hotelId}`);
    expect(
      Object.fromEntries(hotel.body.roomTypes.map((rt: any) => [rt.roomTypeId, [rt.name, rt.pricePerNight]])),
    ).toEqual({
      deluxe: ['Deluxe', { amount: 30_000, currency: 'SGD' }],
      'garden-suite-twin': ['Garden Suite (Twin)', { amount: 25_000, currency: 'SGD' }],
    });
    await page.close();
  });

  it("starts a hotel's first room type in its country's currency, and keeps an id the hotelier typed", async () => {
    const hotelId = await givenHotel('Riverside Baan', 'TH');
    const page = await openHotel(hotelId, 'Riverside Baan');
    const add = page.locator('form.room-type').last();
    await expect(add.getByLabel('Currency').inputValue()).resolves.toBe('THB');
    await add.getByLabel('Room type id').fill('river-view');
    await add.getByLabel('Room type name').fill('Superior Double, River View');
    await expect(add.getByLabel('Room type id').inputValue()).resolves.toBe('river-view');
    await add.getByLabel('Price per night').fill('1800');
    await add.getByRole('button', { name: 'Add room type' }).click();
    await page.getByText('Room type Superior Double, River View saved.').waitFor();
    await env.settle();
    const hotel = await apiCall('GET', `/v1/hotels/${hotelId}`);
    expect(hotel.body.roomTypes).toEqual([
      expect.objectContaining({
        roomTypeId: 'river-view',
        pricePerNight: { amount: 180_000, currency: 'THB' },
      }),
    ]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
