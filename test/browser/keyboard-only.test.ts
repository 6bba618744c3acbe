/**
 * The web app by keyboard alone, in a real browser (Debian's Chromium, playwright-core)
 * against the local environment: focus moves only by Tab and Shift+Tab (and the search
 * results' arrow keys), controls act on Enter or Space, text is typed, and nothing is
 * clicked. A traveller searches, opens a hotel, books, sees the confirmation and cancels;
 * finds the booking again by reference; a hotelier signs in and checks a guest in.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { day, useBrowserHarness } from './support/browser-harness';

const h = useBrowserHarness({ name: 'keyboard', seedHotels: 0 });
const { pageErrors } = h;
let hotelId: string;

beforeAll(async () => {
  const made = await h.api('POST', '/v1/manage/hotels', {
    name: 'Tabstop Lodge',
    city: 'Tromsø',
    country: 'NO',
    timeZone: 'UTC', // its check-in day is the test's UTC today
  });
  expect(made.status).toBe(201);
  hotelId = made.body.hotelId;
  const rt = await h.api('PUT', `/v1/manage/hotels/${hotelId}/room-types/twin`, {
    name: 'Twin',
    totalRooms: 6,
    pricePerNight: { amount: 12_000, currency: 'NOK' },
  });
  expect(rt.status).toBe(201);
  await h.env.settle();
});

/** What has the keyboard: its label, its accessible name or its text, trimmed. */
const focusedName = (page: Page) =>
  page.evaluate(`(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return '';
    const label = e.labels?.[0]?.textContent ?? e.getAttribute('aria-label') ?? e.textContent ?? '';
    return label.replace(/\\s+/g, ' ').trim();
  })()`) as Promise<string>;

/** Presses Tab (Shift+Tab with `back`) until the focused control's name matches, and fails if it never does. */
async function tabTo(page: Page, name: string | RegExp, back = false): Promise<void> {
  const seen: string[] = [];
  for (let presses = 0; presses < 60; presses++) {
    const now = await focusedName(page);
    if (typeof name === 'string' ? now === name || now.startsWith(`${name} `) : name.test(now)) return;
    seen.push(now);
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached "${name}"; it went through: ${seen.join(' | ')}`);
}

/** Types an ISO date into the focused date field, as an en-US keyboard user does: month, day, year. */
async function typeDate(page: Page, iso: string): Promise<void> {
  const [year, month, date] = iso.split('-');
  await page.keyboard.type(`${month}${date}${year}`);
}

describe('by keyboard alone', () => {
  it('a traveller searches, opens a hotel, books, reads the confirmation, cancels, and finds the booking again', async () => {
    const context = await h.newContext({ locale: 'en-US' });
    const page = await h.newPage(context);
    page.on('dialog', (dialog) => void dialog.accept()); // the browser's own "OK", which Enter presses
    await page.goto('/');
    // The search box has the keyboard on arrival.
    await expect.poll(() => focusedName(page)).toMatch(/^Search hotels/);
    await page.keyboard.type('Tromsø');
    await tabTo(page, 'Check-in');
    await typeDate(page, day(30));
    await tabTo(page, 'Check-out');
    await typeDate(page, day(32));
    await tabTo(page, /^Search hotels/, true);
    await page.getByRole('link', { name: /Tabstop Lodge/ }).waitFor();
    await expect.poll(() => page.locator('#results a').first().getAttribute('href')).toContain(day(30));
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedName(page)).toMatch(/^Tabstop Lodge/);
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { level: 1, name: 'Tabstop Lodge' }).waitFor();
    await expect(page.getByLabel('Check-in').inputValue()).resolves.toBe(day(30));
    await tabTo(page, 'Name');
    await page.keyboard.type('Kim Keys');
    await tabTo(page, 'Email');
    await page.keyboard.type('kim.keys@example.com');
    await tabTo(page, 'Book');
    await expect.poll(() => page.getByRole('button', { name: 'Book', exact: true }).isEnabled()).toBe(true);
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { level: 1, name: 'Confirmed' }).waitFor();
    const reference = ((await page.locator('.reference').textContent()) ?? '').trim();
    expect(reference).toMatch(/^[A-Z0-9]{8}$/);
    await tabTo(page, 'Cancel booking');
    await page.keyboard.press('Space');
    await page.getByRole('heading', { level: 1, name: 'Cancelled' }).waitFor();
    await expect.poll(() => focusedName(page)).toBe('Your booking is cancelled.');

    // Find my booking, from the header's link.
    await tabTo(page, 'Find my booking', true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Find my booking' }).waitFor();
    await expect.poll(() => focusedName(page)).toMatch(/^Booking reference/);
    await page.keyboard.type(reference);
    await tabTo(page, /^E-mail address/);
    await page.keyboard.type('kim.keys@example.com');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Cancelled' }).waitFor();
    await expect(page.locator('.reference').textContent()).resolves.toBe(reference);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 90_000);

  it('a hotelier signs in and checks a guest in at the front desk', async () => {
    const arriving = await h.api(
      'POST',
      `/v1/hotels/${hotelId}/bookings`,
      {
        roomTypeId: 'twin',
        checkIn: day(0),
        checkOut: day(2),
        rooms: 1,
        guest: { name: 'Ava Arrival', email: 'ava@example.com' },
      },
      null,
    );
    expect(arriving.status).toBe(201);
    await h.env.settle();
    const context = await h.newContext({ locale: 'en-US' });
    const page = await h.newPage(context);
    await page.goto('/');
    await tabTo(page, 'For hoteliers');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'For hoteliers' }).waitFor();
    await tabTo(page, /^Hotelier token/);
    await page.keyboard.type(h.token);
    await tabTo(page, 'Sign in');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Your hotels' }).waitFor();
    await page.getByRole('link', { name: 'Tabstop Lodge' }).first().waitFor();
    await tabTo(page, /^Tabstop Lodge/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Tabstop Lodge' }).waitFor();
    await tabTo(page, 'Show bookings');
    await page.keyboard.press('Enter');
    await page.locator('.bookings tbody tr', { hasText: 'Ava Arrival' }).waitFor();
    await tabTo(page, 'Check in: Ava Arrival');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Ava Arrival is checked in.' }).waitFor();
    await expect
      .poll(() =>
        page.locator('.bookings tbody tr', { hasText: 'Ava Arrival' }).locator('.status').textContent(),
      )
      .toBe('checked in');
    const stored = await h.api(
      'GET',
      `/v1/hotels/${hotelId}/bookings/${arriving.body.bookingId}`,
      undefined,
      arriving.body.accessToken,
    );
    expect(stored.body.status).toBe('CHECKED_IN');
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 90_000);
});
