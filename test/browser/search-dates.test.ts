/**
 * Searching with dates in a real browser against the local environment: the
 * price from per night without dates; with dates only hotels with a room for
 * the stay, its price and "n rooms left"; sort by price; the search kept in
 * the URL across a reload; and the stay carried to the hotel page. A
 * screenshot of each state lands in test-results/screenshots/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueHotelierToken } from '../../lambdas/adapters/auth/local-jwt';
import { freePorts, type LocalEnvironment, startLocalEnvironment } from '../../local/environment';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const dataDir = mkdtempSync(join(tmpdir(), 'hotels-search-dates-'));
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const CHECK_IN = day(30);
const CHECK_OUT = day(32);
let env: LocalEnvironment;
let browser: Browser;
const pageErrors: string[] = [];

async function call(path: string, method: string, body: unknown, token?: string) {
  const res = await fetch(`${env.urls['us-east-1']}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

/** A hotel in Quillonville with one room type. */
async function givenHotel(token: string, name: string, totalRooms: number, amount: number) {
  const made = await call('/v1/manage/hotels', 'POST', { name, city: 'Quillonville', country: 'US' }, token);
  expect(made.status).toBe(201);
  const put = await call(
    `/v1/manage/hotels/${made.body.hotelId}/room-types/standard`,
    'PUT',
    { name: 'Standard', totalRooms, pricePerNight: { amount, currency: 'USD' } },
    token,
  );
  expect(put.status).toBe(201);
  return made.body.hotelId as string;
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

const resultNames = (page: Page) => page.locator('#results li a > strong').allTextContents();

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(SHOTS, { recursive: true });
  env = await startLocalEnvironment({
    ...(await freePorts()),
    dataDir,
    seedHotels: 0,
    crossRegionLatencyMs: 0,
  });
  const token = await issueHotelierToken(env.jwtKeys, 'dates-hotelier');
  const full = await givenHotel(token, 'Quillon Harbor Inn', 2, 15_000);
  await givenHotel(token, 'Quillon Budget Stay', 10, 9_000);
  await givenHotel(token, 'Quillon Corner Hotel', 2, 12_000);
  // The Harbor Inn is sold out for the stay.
  const booked = await call(`/v1/hotels/${full}/bookings`, 'POST', {
    roomTypeId: 'standard',
    checkIn: CHECK_IN,
    checkOut: CHECK_OUT,
    rooms: 2,
    guest: { name: 'Ada Lovelace', email: 'ada@example.com' },
  });
  expect(booked.status).toBe(201);
  await env.settle();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await env?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('searching with dates in the web UI', () => {
  it('shows prices from, then only hotels with a room for the stay, sorts by price, and keeps the stay', async () => {
    const context = await browser.newContext({
      baseURL: env.urls.web,
      viewport: { width: 1100, height: 900 },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto('/');
    await page.getByRole('combobox', { name: 'Search hotels' }).fill('quillonville');
    await page.getByRole('status').filter({ hasText: '3 hotels found' }).waitFor();
    await page.getByText('from $90.00 per night').waitFor();
    await shot(page, 'search-dates-1-undated');

    await page.getByLabel('Check-in').fill(CHECK_IN);
    await page.getByLabel('Check-in').dispatchEvent('change');
    await page.getByLabel('Check-out').fill(CHECK_OUT);
    await page.getByLabel('Check-out').dispatchEvent('change');
    await page.getByRole('status').filter({ hasText: '2 hotels found' }).waitFor();
    expect((await resultNames(page)).sort()).toEqual(['Quillon Budget Stay', 'Quillon Corner Hotel']);
    const corner = page.getByRole('link', { name: /Quillon Corner Hotel/ });
    await expect(corner.textContent()).resolves.toMatch(/\$240\.00 for the stay.*2 rooms left/);
    await expect(page.getByRole('link', { name: /Quillon Budget Stay/ }).textContent()).resolves.not.toMatch(
      /left/,
    );
    await shot(page, 'search-dates-2-dated');

    await page.getByLabel('Sort by').selectOption('price');
    await page.waitForURL(/sort=price/);
    await page.waitForFunction(
      "document.querySelector('#results li a > strong')?.textContent === 'Quillon Budget Stay'",
    );
    expect(await resultNames(page)).toEqual(['Quillon Budget Stay', 'Quillon Corner Hotel']);
    expect(page.url()).toContain(`checkIn=${CHECK_IN}`);
    expect(page.url()).toContain(`checkOut=${CHECK_OUT}`);
    await shot(page, 'search-dates-3-by-price');

    // Two rooms: the Corner Hotel still has them, shared and reloaded from the URL alone.
    const shared = new URL(page.url());
    shared.searchParams.set('rooms', '2');
    await page.goto(shared.pathname + shared.search);
    await page.getByRole('status').filter({ hasText: '2 hotels found' }).waitFor();
    await expect(page.getByLabel('Rooms').inputValue()).resolves.toBe('2');
    await expect(page.getByLabel('Check-in').inputValue()).resolves.toBe(CHECK_IN);
    await expect(corner.textContent()).resolves.toMatch(/\$480\.00 for the stay/);
    await shot(page, 'search-dates-4-reloaded-two-rooms');

    await corner.click();
    await page.getByRole('heading', { level: 1, name: 'Quillon Corner Hotel' }).waitFor();
    await expect(page.getByLabel('Check-in').inputValue()).resolves.toBe(CHECK_IN);
    await expect(page.getByLabel('Check-out').inputValue()).resolves.toBe(CHECK_OUT);
    await expect(page.getByLabel('Rooms').inputValue()).resolves.toBe('2');
    await page.getByText('2 rooms left').waitFor();
    await shot(page, 'search-dates-5-hotel-keeps-stay');
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);
});
