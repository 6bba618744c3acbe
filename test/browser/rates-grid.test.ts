/**
 * The hotel-wide rates grid in a real browser (Debian's Chromium,
 * playwright-core) against the local environment: one night closed for every
 * room type at once, and a price set on chosen weekdays for chosen room types.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations } from './support/axe';
import { day, useBrowserHarness } from './support/browser-harness';

const ROOM_TYPES = { standard: 'Standard', deluxe: 'Deluxe', suite: 'Suite' } as const;
const BASE = { standard: 10_000, deluxe: 15_000, suite: 30_000 };
const h = useBrowserHarness({ name: 'rates', seedHotels: 2 });
const { api: apiCall, pageErrors } = h;
let context: BrowserContext;
let hotelId: string;

/** Each night of [from, to) of one room type as the API has it now. */
async function calendar(roomTypeId: string, from: string, to: string) {
  const got = await apiCall(
    'GET',
    `/v1/manage/hotels/${hotelId}/room-types/${roomTypeId}/calendar?from=${from}&to=${to}`,
  );
  expect(got.status).toBe(200);
  return got.body.items as Array<{ night: string; pricePerNight: { amount: number }; closed: boolean }>;
}

async function openRates(): Promise<Page> {
  const page = await h.newPage(context);
  await page.goto(`/manage/hotels/${hotelId}`);
  await page.getByRole('link', { name: 'Rates of all room types' }).click();
  await page.getByRole('heading', { level: 1, name: 'Lagoon Resort: rates' }).waitFor();
  await page.locator('[data-cell]').first().waitFor();
  return page;
}

beforeAll(async () => {
  const made = await apiCall('POST', '/v1/manage/hotels', {
    name: 'Lagoon Resort',
    city: 'Singapore',
    country: 'SG',
  });
  expect(made.status).toBe(201);
  hotelId = made.body.hotelId;
  for (const [id, name] of Object.entries(ROOM_TYPES)) {
    const put = await apiCall('PUT', `/v1/manage/hotels/${hotelId}/room-types/${id}`, {
      name,
      totalRooms: 5,
      pricePerNight: { amount: BASE[id as keyof typeof BASE], currency: 'SGD' },
    });
    expect(put.status).toBe(201);
  }
  await h.env.settle();
  context = await h.newContext({ signedIn: true });
});

describe('the hotel-wide rates grid', () => {
  it('closes one night for every room type at once, in one page', async () => {
    const page = await openRates();
    await expectNoSeriousAxeViolations(page, 'the rates grid');
    const night = day(3);
    await page.getByLabel('First night').fill(night);
    await page.getByLabel('Last night').fill(night);
    await page.getByRole('button', { name: 'Close nights' }).click();
    await page.getByText('Closed on 1 night for 3 room types.').waitFor();
    // The grid shows the column closed for every row.
    await expect.poll(() => page.locator(`td.closed[data-cell$="/${night}"]`).count()).toBe(3);
    expect(await page.locator('td.closed').count()).toBe(3);
    for (const id of Object.keys(ROOM_TYPES)) {
      const nights = await calendar(id, day(2), day(5));
      expect(
        nights.map((n) => n.closed),
        id,
      ).toEqual([false, true, false]);
    }
    await page.close();
  });

  it('sets a price on Saturdays only, for the room types chosen', async () => {
    const page = await openRates();
    const [from, to] = [day(14), day(27)];
    await page.getByLabel('First night').fill(from);
    await page.getByLabel('Last night').fill(to);
    const days = page.getByRole('group', { name: 'On these days' });
    for (const name of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sun'])
      await days.getByRole('checkbox', { name }).uncheck();
    await page
      .getByRole('group', { name: 'For these room types' })
      .getByRole('checkbox', { name: 'Suite' })
      .uncheck();
    await page.getByLabel("Price per night, in each room type's currency").fill('199');
    await page.getByRole('button', { name: 'Set price' }).click();
    // Two weeks hold two Saturdays, whatever today is.
    await page.getByText('Price set on 2 nights for 2 room types.').waitFor();
    const saturday = (night: string) => new Date(`${night}T00:00:00Z`).getUTCDay() === 6;
    for (const id of ['standard', 'deluxe'] as const) {
      const nights = await calendar(id, from, day(28));
      expect(nights).toHaveLength(14);
      for (const n of nights)
        expect(n.pricePerNight.amount, `${id} ${n.night}`).toBe(saturday(n.night) ? 19_900 : BASE[id]);
    }
    const suite = await calendar('suite', from, day(28));
    expect(new Set(suite.map((n) => n.pricePerNight.amount))).toEqual(new Set([BASE.suite]));
    // The grid's later two weeks show the new Saturday prices.
    await page.getByRole('button', { name: 'Later nights ›' }).click();
    await expect.poll(() => page.locator('td[data-cell^="standard/"]', { hasText: '199' }).count()).toBe(2);
    await h.shot(page, 'rates-grid');
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
