/**
 * The hotelier's minor findings of issue 30 and issue 29's web housekeeping, in a real
 * browser: a bad token says so; the bookings list shows the reference, the guest's
 * contact, dates for people and room type names; namesakes in one city are told apart;
 * the breadcrumb and the tab name the hotel; and a slow page never draws over the page
 * the user moved to (each page has a lifetime).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { day, useBrowserHarness } from './support/browser-harness';

const h = useBrowserHarness({ name: 'hotelier-minors', seedHotels: 0 });
const { pageErrors } = h;
let hotelId: string;
let reference: string;

beforeAll(async () => {
  const made = await h.api('POST', '/v1/manage/hotels', {
    name: 'Harbour Lodge',
    city: 'Hobart',
    country: 'AU',
    description: 'Old stone warehouse on the wharf.',
  });
  expect(made.status).toBe(201);
  hotelId = made.body.hotelId;
  const twin = await h.api('POST', '/v1/manage/hotels', {
    name: 'Harbour Lodge',
    city: 'Hobart',
    country: 'AU',
    description: 'Hillside rooms above Battery Point.',
  });
  expect(twin.status).toBe(201);
  const rt = await h.api('PUT', `/v1/manage/hotels/${hotelId}/room-types/dq`, {
    name: 'Deluxe Queen',
    totalRooms: 4,
    pricePerNight: { amount: 20_000, currency: 'AUD' },
  });
  expect(rt.status).toBe(201);
  const booked = await h.api(
    'POST',
    `/v1/hotels/${hotelId}/bookings`,
    {
      roomTypeId: 'dq',
      checkIn: day(10),
      checkOut: day(12),
      rooms: 1,
      guest: { name: 'Ida Contact', email: 'ida@example.com' },
    },
    null,
  );
  expect(booked.status).toBe(201);
  reference = booked.body.reference;
  await h.env.settle();
});

describe("the hotelier's pages", () => {
  it('says a token was not accepted, and signs in with a good one', async () => {
    const context = await h.newContext();
    const page = await h.newPage(context);
    await page.goto('/manage');
    await page.getByLabel('Hotelier token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByText('That token was not accepted: it may be mistyped or expired.', { exact: false })
      .waitFor();
    await page.getByLabel('Hotelier token').fill(h.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your hotels' }).waitFor();
    await expect.poll(() => page.title()).toBe('Your hotels · Hotels');
    // Two Harbour Lodges in Hobart, each with what tells it apart.
    const list = page.getByRole('list', { name: 'Your hotels' });
    await list.getByText(/Old stone warehouse on the wharf\./).waitFor();
    await list.getByText(/Hillside rooms above Battery Point\./).waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);

  it('lists bookings with reference, contact, dates for people and room type names', async () => {
    const context = await h.newContext({ signedIn: true });
    const page = await h.newPage(context);
    await page.goto(`/manage/hotels/${hotelId}`);
    await page.getByRole('heading', { level: 1, name: 'Harbour Lodge' }).waitFor();
    await expect.poll(() => page.title()).toBe('Harbour Lodge · Your hotels · Hotels');
    await page.getByLabel('From', { exact: true }).fill(day(9));
    await page.getByLabel('To', { exact: true }).fill(day(13));
    await page.getByRole('button', { name: 'Show bookings' }).click();
    const row = page.locator('.bookings tbody tr', { hasText: 'Ida Contact' });
    await row.waitFor();
    await expect(row.locator('td.reference').textContent()).resolves.toBe(reference);
    await expect(row.getByRole('link', { name: 'ida@example.com' }).getAttribute('href')).resolves.toBe(
      'mailto:ida%40example.com',
    );
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Deluxe Queen');
    expect(text).not.toMatch(/\bdq\b/);
    expect(await row.locator('td.stay').textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await h.shot(page, 'hotelier-bookings-list');

    // The calendar's and the rates' breadcrumbs and tabs name the hotel.
    await page.goto(`/manage/hotels/${hotelId}/room-types/dq/calendar`);
    await page.locator('.crumbs').getByRole('link', { name: 'Harbour Lodge' }).waitFor();
    await expect.poll(() => page.title()).toBe('Deluxe Queen calendar · Harbour Lodge · Hotels');
    await page.goto(`/manage/hotels/${hotelId}/rates`);
    await page.locator('.crumbs').getByRole('link', { name: 'Harbour Lodge' }).waitFor();
    await expect(page.getByText('The hotel', { exact: true }).count()).resolves.toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);

  it('never lets a slow page draw over the page the user moved to', async () => {
    const context = await h.newContext({ signedIn: true });
    const page = await h.newPage(context);
    await page.goto('/find-booking');
    await page.getByRole('heading', { level: 1, name: 'Find my booking' }).waitFor();
    // The hotel's page answers slowly; the user moves on before it does.
    let answered!: () => void;
    const slowAnswered = new Promise<void>((resolve) => {
      answered = resolve;
    });
    await page.route(`**/v1/hotels/${hotelId}`, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue().catch(() => undefined);
      answered();
    });
    await page.evaluate(
      `history.pushState(null, '', '/hotels/${hotelId}'); dispatchEvent(new PopStateEvent('popstate'))`,
    );
    await page.getByText('Loading the hotel…').waitFor();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Find my booking' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Find my booking' }).waitFor();
    await slowAnswered;
    await page.waitForTimeout(300);
    await expect(page.getByRole('heading', { level: 1 }).allTextContents()).resolves.toEqual([
      'Find my booking',
    ]);
    await expect.poll(() => page.title()).toBe('Find my booking · Hotels');

    // The same for a hotelier's page left for the list of hotels.
    await page.route(`**/v1/manage/hotels/${hotelId}`, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue().catch(() => undefined);
    });
    await page.goto(`/manage/hotels/${hotelId}`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'For hoteliers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your hotels' }).waitFor();
    await page.waitForTimeout(2_000);
    await expect(page.getByRole('heading', { level: 1 }).allTextContents()).resolves.toEqual(['Your hotels']);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);
});
