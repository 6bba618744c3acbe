/**
 * Accessibility in a real browser (Debian's Chromium, playwright-core) against
 * the local environment: axe-core on every page, failing on any serious or
 * critical violation, and the hotelier's calendar used by keyboard alone.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueHotelierToken } from '../../lambdas/adapters/auth/local-jwt';
import { freePorts, type LocalEnvironment, startLocalEnvironment } from '../../local/environment';
import { expectNoSeriousAxeViolations } from './support/axe';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const dataDir = mkdtempSync(join(tmpdir(), 'hotels-a11y-'));
let env: LocalEnvironment;
let browser: Browser;
let context: BrowserContext;
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

async function newPage(): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(8_000);
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  return page;
}

/** The `YYYY-MM-DD` date `days` after `date`. */
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** The night the keyboard is on: the focused element's data-night, if any. */
const focusedNight = (page: Page) =>
  page.evaluate('document.activeElement?.getAttribute("data-night") ?? null') as Promise<string | null>;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(SHOTS, { recursive: true });
  env = await startLocalEnvironment({
    ...(await freePorts()),
    dataDir,
    seedHotels: 4,
    crossRegionLatencyMs: 0,
  });
  token = await issueHotelierToken(env.jwtKeys, 'a11y-hotelier');
  const made = await apiCall('POST', '/v1/manage/hotels', {
    name: 'Keyboard Inn',
    city: 'Singapore',
    country: 'SG',
    description: 'Every room reachable without a mouse.',
  });
  expect(made.status).toBe(201);
  hotelId = made.body.hotelId;
  const rt = await apiCall('PUT', `/v1/manage/hotels/${hotelId}/room-types/deluxe`, {
    name: 'Deluxe',
    totalRooms: 4,
    pricePerNight: { amount: 25_000, currency: 'SGD' },
  });
  expect(rt.status).toBe(201);
  await env.settle();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  context = await browser.newContext({ baseURL: env.urls.web, viewport: { width: 1200, height: 900 } });
  // Signed in as the hotelier: the page reads the token from this tab's session storage.
  await context.addInitScript(`sessionStorage.setItem('hotelierToken', ${JSON.stringify(token)})`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await env?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the hotelier's calendar by keyboard", () => {
  it('moves by arrow keys, keeps focus on each night chosen, and selects the 20th to the 21st', async () => {
    const page = await newPage();
    await page.goto(`/manage/hotels/${hotelId}/room-types/deluxe/calendar`);
    await page.getByRole('heading', { level: 1, name: 'Deluxe: calendar' }).waitFor();
    const grid = page.getByRole('grid');
    const shownMonth = async () =>
      ((await grid.locator('[data-night]').first().getAttribute('data-night')) ?? '').slice(0, 8);
    const thisMonth = await shownMonth();
    // The month after the one shown first: none of its nights is in the past, whatever today is.
    await page.getByRole('button', { name: 'Next month ›' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(shownMonth).not.toBe(thisMonth);
    const month = await shownMonth();
    const night = (d: number) => `${month}${String(d).padStart(2, '0')}`;

    // One tab stop: Tab from the month buttons lands on the month's first night.
    await page.keyboard.press('Tab');
    expect(await focusedNight(page)).toBe(night(1));
    expect(await grid.locator('[tabindex="0"]').count()).toBe(1);
    // Two weeks down and five days right: the 20th.
    for (const key of [
      'ArrowDown',
      'ArrowDown',
      'ArrowRight',
      'ArrowRight',
      'ArrowRight',
      'ArrowRight',
      'ArrowRight',
    ])
      await page.keyboard.press(key);
    expect(await focusedNight(page)).toBe(night(20));
    await page.keyboard.press('Enter');
    await page.getByText(/: choose the last night/).waitFor();
    // The redrawn grid keeps the keyboard on the night just chosen.
    expect(await focusedNight(page)).toBe(night(20));
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    await page.getByText(/^Selected .*, 2 nights$/).waitFor();
    expect(await focusedNight(page)).toBe(night(21));
    expect(
      await grid
        .locator('[aria-pressed="true"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-night'))),
    ).toEqual([night(20), night(21)]);
    await expect(page.getByLabel('First night').inputValue()).resolves.toBe(night(20));
    await expect(page.getByLabel('Last night').inputValue()).resolves.toBe(night(21));

    // Leaving the grid and coming back returns to the same night.
    await page.keyboard.press('Tab');
    expect(await focusedNight(page)).toBeNull();
    await page.keyboard.press('Shift+Tab');
    expect(await focusedNight(page)).toBe(night(21));
    // Home and End: the ends of the week, Monday to Sunday.
    await page.keyboard.press('Home');
    const monday = (await focusedNight(page)) ?? '';
    expect(new Date(`${monday}T00:00:00Z`).getUTCDay()).toBe(1);
    await page.keyboard.press('End');
    expect(await focusedNight(page)).toBe(addDays(monday, 6));
    // Page Down turns the month and keeps the day; Arrow Up from the next month's first weeks turns it back.
    const sunday = addDays(monday, 6);
    await page.keyboard.press('PageDown');
    const sameDayNextMonth = `${addDays(`${month}01`, 32).slice(0, 8)}${sunday.slice(8)}`;
    await expect.poll(() => focusedNight(page)).toBe(sameDayNextMonth);
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowUp');
    await expect.poll(() => focusedNight(page)).toBe(addDays(sameDayNextMonth, -28));
    expect(await shownMonth()).toBe(month);
    // The range chosen is still the 20th and 21st.
    expect(
      await grid
        .locator('[aria-pressed="true"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-night'))),
    ).toEqual([night(20), night(21)]);
    await page.screenshot({ path: join(SHOTS, 'a11y-calendar-keyboard.png'), fullPage: true });
    await page.close();
  });
});

describe('axe-core on every page', () => {
  it('finds no serious or critical violation on search, hotel, booking, manage list, manage hotel and calendar', async () => {
    const booked = await fetch(`${env.urls['us-east-1']}/v1/hotels/${hotelId}/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        roomTypeId: 'deluxe',
        checkIn: day(10),
        checkOut: day(12),
        rooms: 1,
        guest: { name: 'Axel Checker', email: 'axel@example.com' },
      }),
    });
    expect(booked.status).toBe(201);
    const booking = (await booked.json()) as { bookingId: string; accessToken: string };
    await env.settle();
    const page = await newPage();

    await page.goto('/');
    await page
      .getByRole('combobox', { name: 'Search hotels' })
      .pressSequentially('keyboard inn', { delay: 30 });
    await page.getByRole('link', { name: /Keyboard Inn/ }).waitFor();
    await expectNoSeriousAxeViolations(page, 'the search page with results');

    await page.goto(`/hotels/${hotelId}`);
    await page.getByRole('heading', { level: 1, name: 'Keyboard Inn' }).waitFor();
    await page
      .getByLabel('Room type')
      .locator('option', { hasText: 'Deluxe' })
      .waitFor({ state: 'attached' });
    await expectNoSeriousAxeViolations(page, 'the hotel page');

    await page.goto(
      `/bookings/${hotelId}/${booking.bookingId}#token=${encodeURIComponent(booking.accessToken)}`,
    );
    await page.getByRole('heading', { level: 1, name: 'Confirmed' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'the booking page');

    await page.goto('/manage');
    await page.getByRole('heading', { level: 1, name: 'Your hotels' }).waitFor();
    await page.getByRole('link', { name: 'Keyboard Inn' }).first().waitFor();
    await expectNoSeriousAxeViolations(page, 'the list of your hotels');

    await page.goto(`/manage/hotels/${hotelId}`);
    await page.getByRole('heading', { level: 1, name: 'Keyboard Inn' }).waitFor();
    await page.getByRole('button', { name: 'Show bookings' }).click();
    await page.locator('.bookings tbody tr').first().waitFor();
    await expectNoSeriousAxeViolations(page, "the hotel's management page with its bookings");

    await page.goto(`/manage/hotels/${hotelId}/room-types/deluxe/calendar`);
    await page.getByRole('heading', { level: 1, name: 'Deluxe: calendar' }).waitFor();
    await page.getByRole('grid').locator('[data-night]').first().waitFor();
    await expectNoSeriousAxeViolations(page, 'the calendar');
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
