/**
 * Searching with dates in a real browser against the local environment: the
 * price from per night without dates; with dates only hotels with a room for
 * the stay, its price and "n rooms left"; sort by price; the search kept in
 * the URL across a reload; and the stay carried to the hotel page. A
 * screenshot of each state lands in test-results/screenshots/.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { day, useBrowserHarness } from './support/browser-harness';

const CHECK_IN = day(30);
const CHECK_OUT = day(32);
const h = useBrowserHarness({ name: 'search-dates', seedHotels: 0 });
const { pageErrors, shot } = h;

/** A hotel in Quillonville with one room type. */
async function givenHotel(name: string, totalRooms: number, amount: number) {
  const made = await h.api('POST', '/v1/manage/hotels', { name, city: 'Quillonville', country: 'US' });
  expect(made.status).toBe(201);
  const put = await h.api('PUT', `/v1/manage/hotels/${made.body.hotelId}/room-types/standard`, {
    name: 'Standard',
    totalRooms,
    pricePerNight: { amount, currency: 'USD' },
  });
  expect(put.status).toBe(201);
  return made.body.hotelId as string;
}

const resultNames = (page: Page) => page.locator('#results li a > strong').allTextContents();

beforeAll(async () => {
  const full = await givenHotel('Quillon Harbor Inn', 2, 15_000);
  await givenHotel('Quillon Budget Stay', 10, 9_000);
  await givenHotel('Quillon Corner Hotel', 2, 12_000);
  // The Harbor Inn is sold out for the stay.
  const booked = await h.api(
    'POST',
    `/v1/hotels/${full}/bookings`,
    {
      roomTypeId: 'standard',
      checkIn: CHECK_IN,
      checkOut: CHECK_OUT,
      rooms: 2,
      guest: { name: 'Ada Lovelace', email: 'ada@example.com' },
    },
    null,
  );
  expect(booked.status).toBe(201);
  await h.env.settle();
});

describe('searching with dates in the web UI', () => {
  it('shows prices from, then only hotels with a room for the stay, sorts by price, and keeps the stay', async () => {
    const context = await h.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await h.newPage(context);
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
    await expect(corner.textContent()).resolves.toMatch(/\$240\.00 for 2 nights.*2 rooms left/);
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
    await expect(corner.textContent()).resolves.toMatch(/\$480\.00 for 2 rooms, 2 nights/);
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
