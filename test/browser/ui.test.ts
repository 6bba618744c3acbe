/**
 * The web UI in a real browser (Debian's Chromium, driven by playwright-core)
 * against the local environment. Screenshots of each main page land in
 * test-results/screenshots/.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueHotelierToken } from '../../lambdas/adapters/auth/local-jwt';
import { day, useBrowserHarness } from './support/browser-harness';

const h = useBrowserHarness({ name: 'ui', seedHotels: 30 });
const { api, shot } = h;
/** Script errors (the harness's) and console errors (this file's) of every page. */
const consoleErrors = h.pageErrors;
let context: BrowserContext;
let hotelId: string;

async function newPage(): Promise<Page> {
  const page = await h.newPage(context);
  page.on('console', (m) => {
    // Chrome logs every 4xx fetch as an error; a 409 SOLD_OUT is an answer the page handles, not a fault.
    // Script errors, 5xx and anything else still count.
    if (
      m.type() === 'error' &&
      !/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())
    )
      consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  return page;
}

beforeAll(async () => {
  const made = await api('POST', '/v1/manage/hotels', {
    name: 'Marina Bay Grand Hotel',
    city: 'Singapore',
    country: 'SG',
    description: 'Harbour views, a rooftop pool and breakfast on the terrace.',
    attributes: { stars: 5, amenities: ['pool', 'spa', 'wifi'], petsAllowed: false },
  });
  hotelId = made.body.hotelId;
  const put = await api(
    'PUT',
    `/v1/manage/hotels/${hotelId}/room-types/harbour-king`,
    { name: 'Harbour King', totalRooms: 3, pricePerNight: { amount: 42_000, currency: 'SGD' } },
    undefined,
    'ap-southeast-1',
  );
  expect(put.status).toBe(201);
  await h.env.settle();
  context = await h.newContext({ viewport: { width: 1100, height: 900 }, timezoneId: 'Asia/Singapore' });
});

describe('the web UI', () => {
  let privateLink = '';

  it('searches with a typo typed key by key, opens the hotel, books two rooms and shows Confirmed', async () => {
    const page = await newPage();
    await page.goto('/');
    const box = page.getByRole('combobox', { name: 'Search hotels' });
    await box.pressSequentially('marina bey', { delay: 60 });
    const result = page.getByRole('link', { name: /Marina Bay Grand Hotel/ });
    await result.waitFor();
    await expect(result.textContent()).resolves.toMatch(/Singapore/);
    // The final answer: the hotel the query names comes first ("marina" is also a typo of the
    // city Manila, whose hotels, if any, follow it).
    await page
      .getByRole('status')
      .filter({ hasText: /\d+ hotels? found/ })
      .waitFor();
    await expect(page.locator('.results a').first().textContent()).resolves.toMatch(/Marina Bay Grand Hotel/);
    await shot(page, '1-search');
    // Arrow keys reach the results from the search box.
    await box.press('ArrowDown');
    await expect(page.evaluate('document.activeElement?.textContent')).resolves.toMatch(
      /Marina Bay Grand Hotel/,
    );
    await result.click();
    await page.getByRole('heading', { level: 1, name: 'Marina Bay Grand Hotel' }).waitFor();
    await page.getByLabel('Check-in').fill(day(20));
    await page.getByLabel('Check-in').dispatchEvent('change');
    await page.getByLabel('Check-out').fill(day(23));
    await page.getByLabel('Check-out').dispatchEvent('change');
    await page.getByText('3 rooms left').waitFor();
    await page.getByLabel('Room type').selectOption('harbour-king');
    await page.getByLabel('Rooms').fill('2');
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill('ada@example.com');
    await shot(page, '2-hotel');
    await page.getByRole('button', { name: 'Book' }).click();
    await page.getByRole('heading', { level: 1, name: 'Confirmed' }).waitFor();
    const summary = await page.locator('.summary').textContent();
    expect(summary).toMatch(/3 nights/);
    expect(summary).toMatch(/2 × Harbour King/);
    expect(summary).toMatch(/Marina Bay Grand Hotel/);
    expect(summary).toMatch(/2,520\.00/); // 420 SGD × 3 nights × 2 rooms
    privateLink = (await page.getByRole('link', { name: 'Manage this booking' }).getAttribute('href')) ?? '';
    expect(privateLink).toMatch(/#token=/);
    await shot(page, '3-confirmed');
    const availability = await api(
      'GET',
      `/v1/hotels/${hotelId}/availability?checkIn=${day(20)}&checkOut=${day(23)}`,
    );
    expect(availability.body.roomTypes[0].available).toBe(1);
    await page.close();
  });

  it('says sold out in plain words when the last room goes while the traveller fills the form', async () => {
    const page = await newPage();
    await page.goto(`/hotels/${hotelId}`);
    await page.getByLabel('Check-in').fill(day(21));
    await page.getByLabel('Check-in').dispatchEvent('change');
    await page.getByLabel('Check-out').fill(day(22));
    await page.getByLabel('Check-out').dispatchEvent('change');
    await page.getByText('1 room left').waitFor();
    // Let the page's availability requests settle: the competing booking must land after them.
    await page.waitForLoadState('networkidle');
    // Someone else takes the last room.
    const taken = await api(
      'POST',
      `/v1/hotels/${hotelId}/bookings`,
      {
        roomTypeId: 'harbour-king',
        checkIn: day(21),
        checkOut: day(22),
        rooms: 1,
        guest: { name: 'B', email: 'b@example.com' },
      },
      null,
      'ap-southeast-1',
    );
    expect(taken.status).toBe(201);
    await page.getByLabel('Name').fill('Late Guest');
    await page.getByLabel('Email').fill('late@example.com');
    await page.getByRole('button', { name: 'Book' }).click();
    await page.getByRole('alert').filter({ hasText: 'not enough rooms' }).waitFor();
    await page.getByText('Sold out for these dates').waitFor();
    await page
      .getByRole('option', { name: 'No room type is free for these dates' })
      .waitFor({ state: 'attached' });
    await shot(page, '4-sold-out');
    await page.close();
  });

  it('views and cancels the booking through the private link', async () => {
    const page = await newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    // The traveller's scenario goes on: the booking the first test made, by its private link.
    expect(privateLink, 'the booking made by the first test').toMatch(/#token=/);
    await page.goto(privateLink);
    await page.getByRole('heading', { level: 1, name: 'Confirmed' }).waitFor();
    await page.getByRole('button', { name: 'Cancel booking' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cancelled' }).waitFor();
    await shot(page, '5-cancelled');
    const availability = await api(
      'GET',
      `/v1/hotels/${hotelId}/availability?checkIn=${day(20)}&checkOut=${day(21)}`,
    );
    expect(availability.body.roomTypes[0].available).toBe(3);
    await page.close();
  });

  it('lets a hotelier sign in, create a hotel and a room type, and the hotel becomes searchable', async () => {
    const page = await newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    // A create whose answer is lost must be safe to send again: the UI keys it.
    const creates: Array<Record<string, string>> = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/v1/manage/hotels')
        creates.push(request.headers());
    });
    await page.goto('/manage');
    await page.getByLabel('Hotelier token').fill(h.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your hotels' }).waitFor();
    await page.getByLabel('Hotel name').fill('Quokka Hideaway');
    await page.getByLabel('City').fill('Austin');
    await page.getByLabel('Country code').fill('US');
    await page.getByLabel('Description').fill('Quiet rooms near the river.');
    await page.getByRole('button', { name: 'Add hotel' }).click();
    await page.getByRole('heading', { level: 1, name: 'Quokka Hideaway' }).waitFor();
    expect(creates).toHaveLength(1);
    expect(creates[0]?.['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    const addForm = page.locator('form.room-type').last();
    await addForm.getByLabel('Room type id').fill('twin');
    await addForm.getByLabel('Room type name').fill('Twin Room');
    await addForm.getByLabel('Total rooms').fill('4');
    await addForm.getByLabel('Price per night').fill('129');
    await addForm.getByRole('button', { name: 'Add room type' }).click();
    await page.getByText('Room type Twin Room saved.').waitFor();
    await page.getByRole('button', { name: 'Save room type' }).waitFor();
    await shot(page, '6-manage');
    await page.goto('/');
    const box = page.getByRole('combobox', { name: 'Search hotels' });
    await box.pressSequentially('quokka', { delay: 40 });
    await page.getByRole('link', { name: /Quokka Hideaway/ }).waitFor({ timeout: 10_000 });
    await page.close();
  });

  it('shows travellers no server region, lets a local traveller act from the other region, and tells hoteliers', async () => {
    const page = await newPage();
    await page.goto(`/hotels/${hotelId}`);
    await page.getByRole('heading', { level: 1, name: 'Marina Bay Grand Hotel' }).waitFor();
    await page.locator('.stay-total').filter({ hasText: /\d/ }).first().waitFor();
    await expect(page.locator('body').textContent()).resolves.not.toMatch(
      /Served by|us-east-1|ap-southeast-1/,
    );
    // The picker still moves the traveller's requests to the other region's API.
    const toUs = page.waitForRequest((r) => r.url().startsWith(`${h.env.urls['us-east-1']}/v1/`));
    await page.getByLabel('Act as a traveller in').selectOption('us-east-1');
    await toUs;
    // A hotelier is told which region served the page.
    await page.evaluate(`sessionStorage.setItem('hotelierToken', ${JSON.stringify(h.token)})`);
    await page.goto('/manage');
    await page.getByText('Served by United States (us-east-1)').waitFor();
    await page.close();
  });

  it('pages a big hotelier list with "Show more", and finds a hotel with the filter box', async () => {
    const chain = await issueHotelierToken(h.env.jwtKeys, 'ui-chain');
    const names = [
      ...Array.from({ length: 57 }, (_, i) => `Chain Hotel ${String(i).padStart(2, '0')}`),
      'Zebra Lodge',
    ];
    for (const name of names)
      expect(
        (
          await api(
            'POST',
            '/v1/manage/hotels',
            { name, city: name === 'Zebra Lodge' ? 'Reno' : 'Denver', country: 'US' },
            chain,
          )
        ).status,
      ).toBe(201);
    await h.env.settle();
    const page = await newPage();
    await page.goto('/manage');
    await page.getByLabel('Hotelier token').fill(chain);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const list = page.getByRole('list', { name: 'Your hotels' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(50);
    await expect(list.getByRole('listitem').first().textContent()).resolves.toContain('Chain Hotel 00');
    await page.getByRole('button', { name: 'Show more' }).click();
    await expect.poll(() => list.getByRole('listitem').count()).toBe(58);
    await expect.poll(() => page.getByRole('button', { name: 'Show more' }).count()).toBe(0);
    // The filter box: by name or city, typos forgiven, as search does.
    await page.getByLabel('Find a hotel').fill('zebar');
    await expect
      .poll(() => list.getByRole('listitem').allTextContents())
      .toEqual([expect.stringContaining('Zebra Lodge')]);
    await page.getByLabel('Find a hotel').fill('reno');
    await expect
      .poll(() => list.getByRole('listitem').allTextContents())
      .toEqual([expect.stringContaining('Zebra Lodge')]);
    await shot(page, '7-manage-list');
    await page.getByLabel('Find a hotel').fill('');
    await expect.poll(() => list.getByRole('listitem').count()).toBe(50);
    await page.close();
  });

  it("pages a hotel's bookings by date range and status", async () => {
    const made = await api('POST', '/v1/manage/hotels', {
      name: 'Busy Bee Inn',
      city: 'Austin',
      country: 'US',
    });
    const busy = made.body.hotelId as string;
    await api('PUT', `/v1/manage/hotels/${busy}/room-types/std`, {
      name: 'Standard',
      totalRooms: 100,
      pricePerNight: { amount: 9_900, currency: 'USD' },
    });
    const guests = [];
    for (let i = 0; i < 55; i++) {
      const booked = await api(
        'POST',
        `/v1/hotels/${busy}/bookings`,
        {
          roomTypeId: 'std',
          checkIn: day(3 + (i % 10)),
          checkOut: day(5 + (i % 10)),
          rooms: 1,
          guest: { name: `Guest ${String(i).padStart(2, '0')}`, email: `g${i}@example.com` },
        },
        null,
      );
      expect(booked.status).toBe(201);
      guests.push(booked.body);
    }
    for (const b of guests.slice(0, 4))
      await api('DELETE', `/v1/hotels/${busy}/bookings/${b.bookingId}`, undefined, b.accessToken);
    await h.env.settle();
    const page = await newPage();
    await page.goto('/manage');
    await page.getByLabel('Hotelier token').fill(h.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your hotels' }).waitFor();
    await page.goto(`/manage/hotels/${busy}`);
    await page.getByRole('heading', { level: 1, name: 'Busy Bee Inn' }).waitFor();
    await page.getByLabel('From', { exact: true }).fill(day(0));
    await page.getByLabel('To', { exact: true }).fill(day(30));
    await page.getByLabel('Status', { exact: true }).selectOption('CANCELLED');
    await page.getByRole('button', { name: 'Show bookings' }).click();
    const rows = page.locator('.bookings tbody tr');
    await expect.poll(() => rows.count()).toBe(4);
    await page.getByLabel('Status', { exact: true }).selectOption('');
    await page.getByRole('button', { name: 'Show bookings' }).click();
    await expect.poll(() => rows.count()).toBe(50);
    await page.getByRole('button', { name: 'Show more bookings' }).click();
    await expect.poll(() => rows.count()).toBe(55);
    await expect.poll(() => page.getByRole('button', { name: 'Show more bookings' }).count()).toBe(0);
    await shot(page, '8-manage-bookings');
    await page.close();
  });

  it("shows the stay's total night by night, and says plainly why a stay cannot be booked", async () => {
    const calendar = `/v1/manage/hotels/${hotelId}/room-types/harbour-king/calendar`;
    for (const body of [
      { from: day(40), to: day(41), pricePerNight: { amount: 50_000, currency: 'SGD' } },
      { from: day(42), to: day(43), closed: true },
      { from: day(45), to: day(46), minStay: 3 },
    ]) {
      const set = await api('PUT', calendar, body);
      expect(set.status, JSON.stringify(body)).toBe(200);
    }
    await h.env.settle();
    const page = await newPage();
    await page.goto(`/hotels/${hotelId}`);
    const stayDates = async (checkIn: string, checkOut: string) => {
      await page.getByLabel('Check-in').fill(checkIn);
      await page.getByLabel('Check-in').dispatchEvent('change');
      await page.getByLabel('Check-out').fill(checkOut);
      await page.getByLabel('Check-out').dispatchEvent('change');
    };
    // 500 SGD on the first night, 420 on the second.
    await stayDates(day(40), day(42));
    await page.locator('.stay-total').filter({ hasText: '920.00' }).waitFor();
    await page.getByLabel('Rooms').fill('2');
    await page.getByText(/2 nights · .*1,840\.00 in total/).waitFor();
    await shot(page, '9-stay-total');
    await stayDates(day(41), day(43));
    await page.getByText(/^Closed on /).waitFor();
    await stayDates(day(45), day(46));
    await page.getByText(/^Minimum stay 3 nights from /).waitFor();
    await page
      .getByRole('option', { name: 'No room type is free for these dates' })
      .waitFor({ state: 'attached' });
    await shot(page, '10-not-bookable');
    await page.close();
  });

  it('lets a hotelier price and close nights on a month calendar', async () => {
    const page = await newPage();
    await page.goto('/manage');
    await page.getByLabel('Hotelier token').fill(h.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your hotels' }).waitFor();
    await page.goto(`/manage/hotels/${hotelId}`);
    await page.getByRole('link', { name: 'Calendar of Harbour King' }).click();
    await page.getByRole('heading', { level: 1, name: 'Harbour King: calendar' }).waitFor();
    // Three months after the one the page shows first (read from the page, so a run across a
    // month's end counts from the page's month): that month starts at least 59 days from today,
    // past every night (at most 46 days ahead) that the tests before this one close.
    const firstNight = page.locator('[data-night]').first();
    await firstNight.waitFor();
    const shownFirst = ((await firstNight.getAttribute('data-night')) ?? '').slice(0, 8);
    const monthAhead = (n: number) => {
      const first = new Date(`${shownFirst}01T00:00:00Z`);
      first.setUTCMonth(first.getUTCMonth() + n);
      return first.toISOString().slice(0, 8);
    };
    for (const n of [1, 2, 3]) {
      await page.getByRole('button', { name: 'Next month ›' }).click();
      // Each month's grid is drawn before the next click, so no late answer redraws an earlier month.
      await page.locator(`[data-night="${monthAhead(n)}01"]`).waitFor();
    }
    // The 10th to the 12th of that month: first and last night clicked on the grid.
    const next = monthAhead(3);
    const night = (d: number) => `${next}${String(d).padStart(2, '0')}`;
    await page.locator(`[data-night="${night(10)}"]`).click();
    await page.locator(`[data-night="${night(12)}"]`).click();
    await page.getByText(/Selected .*3 nights/).waitFor();
    await page.getByLabel('Price per night (SGD)').fill('380');
    await page.getByRole('button', { name: 'Set price' }).click();
    await page.getByText('Price set to').waitFor();
    await page.getByRole('button', { name: 'Close nights' }).click();
    await page.getByText('Nights closed.').waitFor();
    await page.getByLabel('Minimum stay (nights)').fill('2');
    await page.getByRole('button', { name: 'Set minimum stay' }).click();
    await page.getByText('Minimum stay set to 2 nights.').waitFor();
    await expect.poll(() => page.locator('td.night.closed').count()).toBe(3);
    await shot(page, '11-calendar');
    await h.env.settle();
    const saved = await api(
      'GET',
      `/v1/manage/hotels/${hotelId}/room-types/harbour-king/calendar?from=${night(10)}&to=${night(13)}`,
    );
    expect(saved.body.items).toEqual(
      [10, 11, 12].map((d) => ({
        night: night(d),
        pricePerNight: { amount: 38_000, currency: 'SGD' },
        closed: true,
        minStay: 2,
        maxStay: null,
        booked: 0,
        available: 3,
      })),
    );
    await page.close();
  });

  it('logged no console error on any page', () => {
    expect(consoleErrors).toEqual([]);
  });
});
