/**
 * Adding a room type in a real browser (Debian's Chromium, playwright-core)
 * against the local environment: the id is made from the name and never
 * clashes, the hotelier may still type their own, and the currency starts as
 * the hotel's and takes lowercase. Saving a room type shows what was saved,
 * keeps what is typed during and after it, and a rename renames its links.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations } from './support/axe';
import { useBrowserHarness } from './support/browser-harness';

const h = useBrowserHarness({ name: 'room-type', seedHotels: 2 });
const { api: apiCall, pageErrors } = h;
let context: BrowserContext;

async function givenHotel(name: string, country: string): Promise<string> {
  const made = await apiCall('POST', '/v1/manage/hotels', { name, city: 'Anywhere', country });
  expect(made.status).toBe(201);
  return made.body.hotelId;
}

async function openHotel(hotelId: string, name: string): Promise<Page> {
  const page = await h.newPage(context);
  await page.goto(`/manage/hotels/${hotelId}`);
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.getByRole('heading', { level: 3, name: 'Add a room type' }).waitFor();
  return page;
}

beforeAll(async () => {
  context = await h.newContext({ signedIn: true });
});

describe('adding a room type', () => {
  it("makes the id from the name, unique in the hotel, and prices in the hotel's currency", async () => {
    const hotelId = await givenHotel('Orchid Court', 'SG');
    const put = await apiCall('PUT', `/v1/manage/hotels/${hotelId}/room-types/deluxe`, {
      name: 'Deluxe',
      totalRooms: 5,
      pricePerNight: { amount: 30_000, currency: 'SGD' },
    });
    expect(put.status).toBe(201);
    await h.env.settle();
    const page = await openHotel(hotelId, 'Orchid Court');
    const add = page.locator('form.room-type').last();
    await expect(add.getByLabel('Currency').inputValue()).resolves.toBe('SGD');
    // "Deluxe" is taken: the new one must not overwrite it.
    await add.getByLabel('Room type name').fill('Deluxe');
    await expect(add.getByLabel('Room type id').inputValue()).resolves.toBe('deluxe-2');
    await add.getByLabel('Room type name').fill('Garden Suite (Twin)');
    await expect(add.getByLabel('Room type id').inputValue()).resolves.toBe('garden-suite-twin');
    await add.getByLabel('Total rooms').fill('3');
    await add.getByLabel('Price per night').fill('250');
    // Lowercase is taken and shown as the code it is.
    await add.getByLabel('Currency').fill('sgd');
    await expect(add.getByLabel('Currency').inputValue()).resolves.toBe('SGD');
    await add.getByRole('button', { name: 'Add room type' }).click();
    await page.getByText('Room type Garden Suite (Twin) saved.').waitFor();
    await page.getByRole('link', { name: 'Calendar of Garden Suite (Twin)' }).waitFor();
    await expectNoSeriousAxeViolations(page, "the hotel's management page with two room types");
    await h.env.settle();
    const hotel = await apiCall('GET', `/v1/hotels/${hotelId}`);
    expect(
      Object.fromEntries(hotel.body.roomTypes.map((rt: any) => [rt.roomTypeId, [rt.name, rt.pricePerNight]])),
    ).toEqual({
      deluxe: ['Deluxe', { amount: 30_000, currency: 'SGD' }],
      'garden-suite-twin': ['Garden Suite (Twin)', { amount: 25_000, currency: 'SGD' }],
    });
    await page.close();
  });

  it("starts a hotel's first room type in its country's currency, and keeps an id the hotelier typed", async () => {
    const hotelId = await givenHotel('Riverside Baan', 'TH');
    const page = await openHotel(hotelId, 'Riverside Baan');
    const add = page.locator('form.room-type').last();
    await expect(add.getByLabel('Currency').inputValue()).resolves.toBe('THB');
    await add.getByLabel('Room type id').fill('river-view');
    await add.getByLabel('Room type name').fill('Superior Double, River View');
    await expect(add.getByLabel('Room type id').inputValue()).resolves.toBe('river-view');
    await add.getByLabel('Price per night').fill('1800');
    await add.getByRole('button', { name: 'Add room type' }).click();
    await page.getByText('Room type Superior Double, River View saved.').waitFor();
    await h.env.settle();
    const hotel = await apiCall('GET', `/v1/hotels/${hotelId}`);
    expect(hotel.body.roomTypes).toEqual([
      expect.objectContaining({
        roomTypeId: 'river-view',
        pricePerNight: { amount: 180_000, currency: 'THB' },
      }),
    ]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});

describe('saving a room type', () => {
  it('keeps what the hotelier types right after a save, and renames its links in place', async () => {
    const hotelId = await givenHotel('Bukit Lodge', 'MY');
    const put = await apiCall('PUT', `/v1/manage/hotels/${hotelId}/room-types/chalet`, {
      name: 'Chalet',
      totalRooms: 4,
      pricePerNight: { amount: 20_000, currency: 'MYR' },
    });
    expect(put.status).toBe(201);
    await h.env.settle();
    const page = await openHotel(hotelId, 'Bukit Lodge');
    // Reading the hotel again answers slowly: any redraw it brought would land after the typing below.
    let reads = 0;
    await page.route(`**/v1/hotels/${hotelId}`, async (route) => {
      reads++;
      await new Promise((resolve) => setTimeout(resolve, 700));
      await route.continue().catch(() => undefined);
    });
    const chalet = page.locator('form.room-type').first();
    await chalet.getByLabel('Room type name').fill('Hill Chalet');
    await chalet.getByRole('button', { name: 'Save room type' }).click();
    await page.getByText('Room type Hill Chalet saved.').waitFor();
    await page.getByRole('link', { name: 'Calendar of Hill Chalet' }).waitFor();
    await page.getByRole('link', { name: 'Rate plans of Hill Chalet' }).waitFor();
    await chalet.getByLabel('Total rooms').fill('6');
    await page.waitForTimeout(1_500);
    await expect(chalet.getByLabel('Total rooms').inputValue()).resolves.toBe('6');
    await expect(chalet.getByLabel('Room type name').inputValue()).resolves.toBe('Hill Chalet');
    // Adding a room type gives it a form of its own and a fresh add form, and leaves the others as typed.
    await chalet.getByLabel('Price per night').fill('275');
    const add = page.locator('form.room-type').last();
    await add.getByLabel('Room type name').fill('Tree House');
    await add.getByRole('button', { name: 'Add room type' }).click();
    await page.getByText('Room type Tree House saved.').waitFor();
    await page.getByRole('link', { name: 'Calendar of Tree House' }).waitFor();
    await page.waitForTimeout(1_000);
    await expect(page.locator('form.room-type').count()).resolves.toBe(3);
    await expect(chalet.getByLabel('Price per night').inputValue()).resolves.toBe('275');
    await expect(chalet.getByLabel('Total rooms').inputValue()).resolves.toBe('6');
    await expect(
      page.locator('form.room-type').last().getByLabel('Room type name').inputValue(),
    ).resolves.toBe('');
    expect(reads).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
  it('shows what was saved in each field left alone during the save, and keeps one typed in meanwhile', async () => {
    const hotelId = await givenHotel('Kampung Loft', 'MY');
    const put = await apiCall('PUT', `/v1/manage/hotels/${hotelId}/room-types/loft`, {
      name: 'Loft',
      totalRooms: 4,
      pricePerNight: { amount: 20_000, currency: 'MYR' },
    });
    expect(put.status).toBe(201);
    await h.env.settle();
    const page = await openHotel(hotelId, 'Kampung Loft');
    // The save answers slowly, so that the hotelier types while it is on its way.
    await page.route(`**/v1/manage/hotels/${hotelId}/room-types/loft`, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 700));
      await route.continue().catch(() => undefined);
    });
    const loft = page.locator('form.room-type').first();
    await loft.getByLabel('Room type name').fill('  Garden Loft  ');
    await loft.getByLabel('Price per night').fill('123.456');
    await loft.getByRole('button', { name: 'Save room type' }).click();
    await loft.getByLabel('Total rooms').fill('7');
    await page.getByText('Room type Garden Loft saved.').waitFor();
    // The name as the API trimmed it, the price in whole cents as sent; the rooms as typed since.
    await expect(loft.getByLabel('Room type name').inputValue()).resolves.toBe('Garden Loft');
    await expect(loft.getByLabel('Price per night').inputValue()).resolves.toBe('123.46');
    await expect(loft.getByLabel('Total rooms').inputValue()).resolves.toBe('7');
    await h.env.settle();
    const hotel = await apiCall('GET', `/v1/hotels/${hotelId}`);
    expect(hotel.body.roomTypes).toEqual([
      expect.objectContaining({
        roomTypeId: 'loft',
        name: 'Garden Loft',
        totalRooms: 4,
        pricePerNight: { amount: 12_346, currency: 'MYR' },
      }),
    ]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
