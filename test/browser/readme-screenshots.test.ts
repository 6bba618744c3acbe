/**
 * The README's two pictures, taken in a real browser on the local environment: the
 * traveller's search with prices for a stay, and the hotelier's month calendar. Every run
 * keeps them with the other artifacts in test-results/screenshots/; with
 * README_SCREENSHOTS=1 (`README_SCREENSHOTS=1 npx vitest run --project browser
 * test/browser/readme-screenshots.test.ts`) they are also written to
 * docs/screenshots/, which the README shows. Only on request: the pictures carry today's
 * dates, so writing them on every run would change tracked files in every test run.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { day, SHOTS, useBrowserHarness } from './support/browser-harness';

// Six demo hotels in each of the 38 demo cities: a believable page of results.
const h = useBrowserHarness({ name: 'readme', seedHotels: 228 });
const DOCS = join(process.cwd(), 'docs', 'screenshots');
let hotelId: string;

/** A screenshot of the viewport, kept as an artifact and, when asked, for the README. */
async function picture(page: Parameters<typeof h.shot>[0], name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  if (process.env.README_SCREENSHOTS === '1') {
    mkdirSync(DOCS, { recursive: true });
    copyFileSync(join(SHOTS, `${name}.png`), join(DOCS, `${name}.png`));
  }
}

beforeAll(async () => {
  const made = await h.api('POST', '/v1/manage/hotels', {
    name: 'Marina View Hotel',
    city: 'Singapore',
    country: 'SG',
    timeZone: 'Asia/Singapore',
    description: 'Rooms over the bay, ten minutes from the Gardens.',
  });
  expect(made.status).toBe(201);
  hotelId = made.body.hotelId;
  const rt = await h.api(
    'PUT',
    `/v1/manage/hotels/${hotelId}/room-types/bay-king`,
    { name: 'Bay King', totalRooms: 12, pricePerNight: { amount: 32_000, currency: 'SGD' } },
    undefined,
    'ap-southeast-1',
  );
  expect(rt.status).toBe(201);
  await h.env.settle();
});

describe('the README screenshots', () => {
  it("take the traveller's search with prices for a stay", async () => {
    const context = await h.newContext({ viewport: { width: 1100, height: 820 }, locale: 'en-US' });
    const page = await h.newPage(context);
    await page.goto(`/?q=singapore&checkIn=${day(30)}&checkOut=${day(32)}&rooms=1&sort=price`);
    await page
      .getByRole('status')
      .filter({ hasText: /hotels? found/ })
      .waitFor();
    await expect.poll(() => page.locator('#results li .price').count()).toBeGreaterThan(3);
    await page.getByRole('combobox', { name: 'Search hotels' }).blur();
    await picture(page, 'traveller-search');
    await context.close();
  }, 60_000);

  it("take the hotelier's calendar with prices, a closed night and bookings", async () => {
    // Next month, so every night shown can be changed whatever today is.
    const first = new Date(`${day(0).slice(0, 8)}01T00:00:00Z`);
    first.setUTCMonth(first.getUTCMonth() + 1);
    const night = (d: number) => `${first.toISOString().slice(0, 8)}${String(d).padStart(2, '0')}`;
    const calendar = `/v1/manage/hotels/${hotelId}/room-types/bay-king/calendar`;
    for (const body of [
      { from: night(5), to: night(7), pricePerNight: { amount: 38_000, currency: 'SGD' } },
      { from: night(12), to: night(14), pricePerNight: { amount: 41_000, currency: 'SGD' }, minStay: 2 },
      { from: night(20), to: night(21), closed: true },
    ])
      expect((await h.api('PUT', calendar, body, undefined, 'ap-southeast-1')).status).toBe(200);
    for (const [checkIn, checkOut, rooms] of [
      [night(5), night(8), 3],
      [night(12), night(14), 5],
      [night(26), night(28), 2],
    ] as const)
      expect(
        (
          await h.api(
            'POST',
            `/v1/hotels/${hotelId}/bookings`,
            {
              roomTypeId: 'bay-king',
              checkIn,
              checkOut,
              rooms,
              guest: { name: 'Demo Guest', email: 'guest@example.com' },
            },
            null,
            'ap-southeast-1',
          )
        ).status,
      ).toBe(201);
    await h.env.settle();
    const context = await h.newContext({
      signedIn: true,
      viewport: { width: 1100, height: 1000 },
      locale: 'en-US',
    });
    const page = await h.newPage(context);
    await page.goto(`/manage/hotels/${hotelId}/room-types/bay-king/calendar`);
    await page.getByRole('heading', { level: 1, name: 'Bay King: calendar' }).waitFor();
    await page.getByRole('button', { name: 'Next month ›' }).click();
    await page.locator(`[data-night="${night(1)}"]`).waitFor();
    await page.locator(`[data-night="${night(12)}"]`).click();
    await page.locator(`[data-night="${night(14)}"]`).click();
    await page.getByText(/^Selected .*, 3 nights$/).waitFor();
    await picture(page, 'hotelier-calendar');
    expect(h.pageErrors).toEqual([]);
    await context.close();
  }, 60_000);
});
