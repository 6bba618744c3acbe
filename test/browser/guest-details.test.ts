/**
 * Guest details in a real browser (Debian's Chromium, playwright-core) against the local
 * environment: a traveller books for someone else with a phone and a request, sees them on
 * the booking, and the hotelier sees them in the bookings list.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { day, useBrowserHarness } from './support/browser-harness';

const h = useBrowserHarness({ name: 'guest-details', seedHotels: 0 });
const { api: apiCall, pageErrors } = h;
let hotelId: string;

beforeAll(async () => {
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
});

describe('guest details', () => {
  it('books for someone else with a phone and a request; the guest and the hotelier see them', async () => {
    const phone = '+1 (206) 555-0142';
    const request = 'Arriving around 23:00, please keep the room.';
    const context = await h.newContext({ viewport: { width: 1200, height: 1000 } });
    const page = await h.newPage(context);
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
    await h.shot(page, '20-guest-details-form');
    await page.getByRole('button', { name: 'Book' }).click();
    await page.getByRole('heading', { level: 1, name: 'Confirmed' }).waitFor();
    const summary = await page.locator('.summary').textContent();
    expect(summary).toContain(phone);
    expect(summary).toContain(request);
    expect(summary).toContain('Grace Hopper (grace@example.com)');

    await h.env.settle();
    await page.goto('/manage');
    await page.getByLabel('Hotelier token').fill(h.token);
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
    await h.shot(page, '21-guest-details-list');

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
