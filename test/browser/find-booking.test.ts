/**
 * Finding a booking again in a real browser against the local environment: the
 * confirmation shows the reference and says a message was sent; a booking page
 * opened without its token points to "Find my booking" (never "sign in"); the
 * page finds the booking by reference and e-mail, typed loosely, and says plainly
 * when nothing matches. Screenshots land in test-results/screenshots/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueHotelierToken } from '../../lambdas/adapters/auth/local-jwt';
import type { GuestMessage } from '../../lambdas/domain/guest-messages';
import { freePorts, type LocalEnvironment, startLocalEnvironment } from '../../local/environment';
import { outboxFile } from '../../local/guest-outbox';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const dataDir = mkdtempSync(join(tmpdir(), 'hotels-find-booking-'));
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
let env: LocalEnvironment;
let browser: Browser;
const pageErrors: string[] = [];
let booking: { hotelId: string; bookingId: string; reference: string; accessToken: string };

async function call(path: string, method: string, body: unknown, token?: string) {
  const res = await fetch(`${env.urls['us-east-1']}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
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
  const token = await issueHotelierToken(env.jwtKeys, 'find-hotelier');
  const made = await call(
    '/v1/manage/hotels',
    'POST',
    { name: 'Lantern House', city: 'Portland', country: 'US' },
    token,
  );
  expect(made.status).toBe(201);
  const put = await call(
    `/v1/manage/hotels/${made.body.hotelId}/room-types/standard`,
    'PUT',
    { name: 'Standard', totalRooms: 4, pricePerNight: { amount: 11_000, currency: 'USD' } },
    token,
  );
  expect(put.status).toBe(201);
  const booked = await call(`/v1/hotels/${made.body.hotelId}/bookings`, 'POST', {
    roomTypeId: 'standard',
    checkIn: day(20),
    checkOut: day(22),
    rooms: 1,
    guest: { name: 'Grace Hopper', email: 'Grace.Hopper@example.com' },
  });
  expect(booked.status).toBe(201);
  booking = booked.body;
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

describe('finding a booking again in the web UI', () => {
  it('shows the reference on the confirmation and says where the message went', async () => {
    const context = await browser.newContext({
      baseURL: env.urls.web,
      viewport: { width: 1100, height: 900 },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const path = `/bookings/${booking.hotelId}/${booking.bookingId}`;
    await page.goto(`${path}#token=${encodeURIComponent(booking.accessToken)}&new=1`);
    await page.getByRole('heading', { level: 1, name: 'Confirmed' }).waitFor();
    await expect(page.locator('.reference').textContent()).resolves.toBe(booking.reference);
    await page
      .getByText(
        'We have sent a confirmation with this reference and your private link to Grace.Hopper@example.com',
      )
      .waitFor();
    await shot(page, 'find-booking-1-confirmation');
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);

  it('leads from a booking page without its token to "Find my booking", and finds it by reference and e-mail', async () => {
    const context = await browser.newContext({
      baseURL: env.urls.web,
      viewport: { width: 390, height: 844 },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`/bookings/${booking.hotelId}/${booking.bookingId}`);
    await page.getByRole('heading', { level: 2, name: 'Find your booking' }).waitFor();
    await expect(page.getByText(/sign in/i).count()).resolves.toBe(0);
    await shot(page, 'find-booking-2-no-token');
    await page.getByRole('main').getByRole('link', { name: 'Find my booking' }).click();
    await page.getByRole('heading', { level: 1, name: 'Find my booking' }).waitFor();

    // A wrong address: said plainly, and the traveller stays on the form.
    const typed = `${booking.reference.slice(0, 4).toLowerCase()}-${booking.reference.slice(4)}`;
    await page.getByLabel('Booking reference').fill(typed);
    await page.getByLabel('E-mail address').fill('someone.else@example.com');
    await page.getByRole('button', { name: 'Find my booking' }).click();
    await page.getByRole('alert').filter({ hasText: 'We found no booking with that reference' }).waitFor();
    await shot(page, 'find-booking-3-no-match');

    await page.getByLabel('E-mail address').fill('grace.hopper@EXAMPLE.com');
    await page.getByRole('button', { name: 'Find my booking' }).click();
    await page.getByRole('heading', { level: 1, name: 'Confirmed' }).waitFor();
    await expect(page.locator('.reference').textContent()).resolves.toBe(booking.reference);
    expect(page.url()).toContain(`/bookings/${booking.hotelId}/${booking.bookingId}#token=`);
    // Nothing sticks out sideways on a phone.
    await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(390);
    await shot(page, 'find-booking-4-found');

    // The header links to the page from anywhere.
    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Find my booking' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Find my booking' }).waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);

  it("writes the guest's confirmation to the outbox, with a private link that opens the booking", async () => {
    let confirmation: GuestMessage | undefined;
    for (let i = 0; i < 100 && !confirmation; i++) {
      const file = outboxFile(dataDir);
      const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
      confirmation = lines
        .map((l) => JSON.parse(l) as GuestMessage)
        .find((m) => m.bookingId === booking.bookingId && m.kind === 'confirmation');
      if (!confirmation) await new Promise((r) => setTimeout(r, 100));
    }
    expect(confirmation).toMatchObject({ to: 'Grace.Hopper@example.com', reference: booking.reference });
    expect(confirmation?.link.startsWith(`${env.urls.web}/bookings/`)).toBe(true);
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(confirmation?.link ?? '');
    await page.getByRole('heading', { level: 1, name: 'Confirmed' }).waitFor();
    await expect(page.locator('.reference').textContent()).resolves.toBe(booking.reference);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);
});
