/**
 * Accessibility in a real browser (Debian's Chromium, playwright-core) against
 * the local environment: axe-core on every page, failing on any serious or
 * critical violation, and the hotelier's calendar used by keyboard alone.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, expectNoSeriousAxeViolations } from './support/axe';
import { day, useBrowserHarness } from './support/browser-harness';
import { borderContrasts } from './support/contrast';

const h = useBrowserHarness({ name: 'a11y', seedHotels: 4 });
const { api: apiCall, pageErrors } = h;
let context: BrowserContext;
let hotelId: string;

const newPage = () => h.newPage(context);
/** The `YYYY-MM-DD` date `days` after `date`. */
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** The night the keyboard is on: the focused element's data-night, if any. */
const focusedNight = (page: Page) =>
  page.evaluate('document.activeElement?.getAttribute("data-night") ?? null') as Promise<string | null>;

beforeAll(async () => {
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
  await h.env.settle();
  // Signed in as the hotelier: the page reads the token from this tab's session storage.
  context = await h.newContext({ signedIn: true });
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
    await h.shot(page, 'a11y-calendar-keyboard');
    await page.close();
  });
});

describe('axe-core on every page', () => {
  it('finds no serious or critical violation on search, hotel, booking, manage list, manage hotel, calendar, rates and rate plans', async () => {
    const booked = await apiCall(
      'POST',
      `/v1/hotels/${hotelId}/bookings`,
      {
        roomTypeId: 'deluxe',
        checkIn: day(10),
        checkOut: day(12),
        rooms: 1,
        guest: { name: 'Axel Checker', email: 'axel@example.com' },
      },
      null,
    );
    expect(booked.status).toBe(201);
    const booking = booked.body as { bookingId: string; accessToken: string };
    await h.env.settle();
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

    await page.goto(`/manage/hotels/${hotelId}/rates`);
    await page.locator('[data-cell]').first().waitFor();
    await expectNoSeriousAxeViolations(page, 'the rates grid');
    await page.goto(`/manage/hotels/${hotelId}/room-types/deluxe/rate-plans`);
    await page.getByRole('heading', { level: 2, name: 'Add a rate plan' }).waitFor();
    await expectNoSeriousAxeViolations(page, "a room type's rate plans");
    await page.goto('/find-booking');
    await page.getByRole('heading', { level: 1, name: 'Find my booking' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'Find my booking');
    await page.goto('/no/such/page');
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'the not-found page');
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});

describe('axe-core on the states a signed-in walk does not reach', () => {
  it('finds no serious or critical violation on the signed-out sign-in form and on a booking page opened without its token', async () => {
    const booked = await apiCall(
      'POST',
      `/v1/hotels/${hotelId}/bookings`,
      {
        roomTypeId: 'deluxe',
        checkIn: day(14),
        checkOut: day(15),
        rooms: 1,
        guest: { name: 'Tina Tokenless', email: 'tina@example.com' },
      },
      null,
    );
    expect(booked.status).toBe(201);
    const signedOut = await h.newContext();
    const page = await h.newPage(signedOut);
    await page.goto('/manage');
    await page.getByLabel('Hotelier token').waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'the signed-out sign-in form');
    await page.goto(`/bookings/${hotelId}/${booked.body.bookingId}`);
    await page.getByRole('heading', { level: 1, name: 'Your booking' }).waitFor();
    await page.getByRole('link', { name: 'Find my booking' }).last().waitFor();
    await expectNoSeriousAxeViolations(page, 'a booking page opened without its token');
    expect(pageErrors).toEqual([]);
    await signedOut.close();
  });
});

describe('borders that show where a control is (WCAG 1.4.11; axe does not check borders)', () => {
  it('give every input and every calendar night a border of at least 3:1 against what is inside and around it', async () => {
    // A closed night, in a month of its own (two after this one) so no other test here meets it.
    const now = new Date();
    const closed = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 3))
      .toISOString()
      .slice(0, 10);
    const close = await apiCall('PUT', `/v1/manage/hotels/${hotelId}/room-types/deluxe/calendar`, {
      from: closed,
      to: addDays(closed, 1), // the night of `closed` alone: `to` is the morning after
      closed: true,
    });
    expect(close.status).toBe(200);
    await h.env.settle();
    const page = await newPage();
    await page.goto(`/hotels/${hotelId}`);
    await page
      .getByLabel('Room type')
      .locator('option', { hasText: 'Deluxe' })
      .waitFor({ state: 'attached' });
    const inputs = await borderContrasts(
      page,
      'input:not([type=checkbox]):not([type=radio]):not([type=hidden]):not(:disabled), select:not(:disabled), textarea:not(:disabled)',
    );
    expect(inputs.length).toBeGreaterThanOrEqual(6);
    expect(inputs.filter((b) => b.ratio < 3)).toEqual([]);

    await page.goto(`/manage/hotels/${hotelId}/room-types/deluxe/calendar`);
    await page.getByRole('heading', { level: 1, name: 'Deluxe: calendar' }).waitFor();
    const closedNight = page.locator(`[data-night="${closed}"]`);
    for (let turns = 0; turns < 3 && !(await closedNight.count()); turns++) {
      const first = await page.locator('[data-night]').first().getAttribute('data-night');
      await page.getByRole('button', { name: 'Next month ›' }).click();
      await expect
        .poll(() => page.locator('[data-night]').first().getAttribute('data-night'))
        .not.toBe(first);
    }
    await expect.poll(() => closedNight.count()).toBe(1);
    // Past nights are dimmed and inactive, which 1.4.11 leaves out; every other night, open or closed, counts.
    const nights = await borderContrasts(page, '.night:not(.past) .night-pick');
    expect(nights.length).toBeGreaterThanOrEqual(28);
    expect(nights.some((b) => b.what.includes(closed))).toBe(true);
    expect(nights.filter((b) => b.ratio < 3)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});

describe('the checks themselves', () => {
  it("run label-content-name-mismatch, which axe leaves off by default, so a night cell's name must hold its text", async () => {
    const page = await newPage();
    await page.goto('/no/such/page');
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    // A button whose name does not contain what it shows, as the calendar's nights once were.
    await page.evaluate(
      `document.getElementById('main').insertAdjacentHTML('beforeend', '<button aria-label="Choose this night">24</button>')`,
    );
    const found = (await axeViolations(page)).map((v) => v.id);
    expect(found).toContain('label-content-name-mismatch');
    await page.close();
  });
});
