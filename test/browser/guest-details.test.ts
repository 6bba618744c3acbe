/**
 * Guest details in a real browser (Debian's Chromium, playwright-core) against the local
 * environment: a traveller books for someone else with a phone and a request, sees them on
 * the booking, and the hotelier sees them in the bookings list.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueHotelierToken } from '../../lambdas/adapters/auth/local-jwt';
import { freePorts, type LocalEnvironment, startLocalEnvironment } from '../../local/environment';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const dataDir = mkdtempSync(join(tmpdir(), 'hotels-guest-details-'));
let env: LocalEnvironment;
let browser: Browser;
let token: string;
let hotelId: string;
const pageErrors: string[] = [];
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function apiCall(method: string, path: string, body?: unknown) {
  const res = await fetch(`${env.urls['us-east-1']}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(SHOTS, { recursive: true });
  env = await startLocalEnvironment({
    ...(await freePorts()),
    dataDir,
    seedHotels: 0,
    crossRegionLatencyMs: 0,
  });
  token = await issueHotelierToken(env.jwtKeys, 'guest-details-hotelier');
  const made = await apiCall('POST', '/v1/manage/hotels', {
    name: 'Requests Lodge',
    city: 'Seattle',
    country: 'US',
    timeZone: 'UTC',
  });
  expect(made.status).toBe(201);
  hotelId = made.body.hotelId;
  const rt = await apiCall('PUT', `/v1/manage/hotels/${hotelId}/room-types/std`, {
    name: 'Standard',
    totalRooms: 4,
    pricePerNight: { amount: 12_000, currency: 'USD' },
  });
  expect(rt.status).toBe(201);
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

describe('guest details', () => {
  it('books for someone else with a phone and a request; the guest and the hotelier see them', async () => {
    const phone = '+1 (206) 555-0142';
    const request = 'Arriving around 23:00, please keep the room.';
    const context = await browser.newContext({
      baseURL: env.urls.web,
      viewport: { width: 1200, height: 1000 },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`/hotels/${hotelId}`);
    await page.getByRole('heading', { level: 1, name: 'Requests Lodge' }).waitFor();
    await page.getByLabel('Check-in').fill(day(40));
    await page.getByLabel('Check-in').dispatchEvent('change');
    await page.getByLabel('Check-out').fill(day(42));
    await page.getByLabel('Check-out').dispatchEvent('change');
    await page.getByLabel('Name', { exact: true }).fill('Ada Lovelace');
    await page.getByLabel('Email', { exact: true }).fill('ada@example.com');
    await page.getByLabel('Phone (optional)').fill('not a phone');
    await page.getByLabel('Requests to the hotel (optional)').fill(request);
    await expect
      .poll(() => page.locator('.counter').textContent())
      .toBe(`${request.length} / 500 characters`);
    // An invalid phone stops the form before anything is sent.
    await page.getByRole('button', { name: 'Book' }).click();
    expect(
      await page
        .getByLabel('Phone (optional)')
        .evaluate((e) => (e as unknown as { validity: { valid: boolean } }).validity.valid),
    ).toBe(false);
    await page.getByLabel('Phone (optional)').fill(phone);
    await page.getByLabel('I am booking for someone else').check();
    await page.getByLabel("Booker's name").fill('Grace Hopper');
    await page.getByLabel("Booker's email").fill('grace@example.com');
    await page.screenshot({ path: join(SHOTS, '20-guest-details-form.png'), fullPage: true });
    await page.getByRole('button', { name: 'Book' }).click();
    await page.getByRole('heading', { level: 1, name: 'Confirmed' }).waitFor();
    const summary = await page.locator('.summary').textContent();
    expect(summary).toContain(phone);
    expect(summary).toContain(request);
    expect(summary).toContain('Grace Hopper (grace@example.com)');

    await env.settle();
    await page.goto('/manage');
    await page.getByLabel('Hotelier token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your hotels' }).waitFor();
    await page.goto(`/manage/hotels/${hotelId}`);
    await page.getByRole('heading', { level: 1, name: 'Requests Lodge' }).waitFor();
    await page.getByLabel('From', { exact: true }).fill(day(39));
    await page.getByLabel('To', { exact: true }).fill(day(45));
    await page.getByRole('button', { name: 'Show bookings' }).click();
    const row = page.locator('.bookings tbody tr', { hasText: 'Ada Lovelace' });
    await expect.poll(() => row.count()).toBe(1);
    const text = await row.textContent();
    expect(text).toContain(`Phone: ${phone}`);
    expect(text).toContain(`Requests: ${request}`);
    expect(text).toContain('Booked by Grace Hopper');
    await page.screenshot({ path: join(SHOTS, '21-guest-details-list.png'), fullPage: true });

    const stored = await apiCall(
      'GET',
      `/v1/manage/hotels/${hotelId}/bookings?from=${day(39)}&to=${day(45)}`,
    );
    expect(stored.body.items).toEqual([
      expect.objectContaining({
        guest: { name: 'Ada Lovelace', email: 'ada@example.com', phone, requests: request },
        booker: { name: 'Grace Hopper', email: 'grace@example.com' },
      }),
    ]);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 90_000);
});
