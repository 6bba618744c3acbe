/**
 * The search's price limit in a real browser: until the traveller picks a currency, the
 * limit's currency follows the hotels found (a limit in another currency would leave them
 * all out), and a limit typed then narrows the stay's offers in it. A currency the
 * traveller picked stays picked, and one the address names stays, whatever it is.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { day, useBrowserHarness } from './support/browser-harness';

const h = useBrowserHarness({ name: 'price-limit', seedHotels: 0 });
const { pageErrors } = h;

async function givenHotel(
  name: string,
  city: string,
  country: string,
  price: { amount: number; currency: string },
) {
  const made = await h.api('POST', '/v1/manage/hotels', { name, city, country });
  expect(made.status).toBe(201);
  const put = await h.api('PUT', `/v1/manage/hotels/${made.body.hotelId}/room-types/room`, {
    name: 'Room',
    totalRooms: 3,
    pricePerNight: price,
  });
  expect(put.status).toBe(201);
}

beforeAll(async () => {
  await givenHotel('Nimman Loft', 'Chiang Mai', 'TH', { amount: 120_000, currency: 'THB' });
  await givenHotel('Old City Teak House', 'Chiang Mai', 'TH', { amount: 250_000, currency: 'THB' });
  await givenHotel('Bayfront Rooms', 'Marina Bay', 'SG', { amount: 20_000, currency: 'SGD' });
  await h.env.settle();
});

describe("the search's price limit", () => {
  it("takes the currency of the hotels found until the traveller picks one, and narrows the stay's offers in it", async () => {
    const context = await h.newContext({ locale: 'en-US' });
    const page = await h.newPage(context);
    await page.goto('/');
    const box = page.getByRole('combobox', { name: 'Search hotels' });
    const currency = page.getByRole('combobox', { name: 'Currency of the price limit' });
    const found = page.locator('#results li');
    await box.fill('Chiang Mai');
    await expect.poll(() => found.count()).toBe(2);
    await expect.poll(() => currency.inputValue()).toBe('THB');
    await box.fill('Marina Bay');
    await expect.poll(() => found.count()).toBe(1);
    await expect.poll(() => currency.inputValue()).toBe('SGD');

    // Two nights in Chiang Mai, at most 3,000 baht: only the loft (2,400) is left.
    await box.fill('Chiang Mai');
    await expect.poll(() => currency.inputValue()).toBe('THB');
    await page.getByLabel('Check-in').fill(day(40));
    await page.getByLabel('Check-out').fill(day(42));
    await expect.poll(() => found.count()).toBe(2);
    await page.getByLabel('Max price').fill('3000');
    await page.getByLabel('Max price').press('Tab');
    await expect.poll(() => found.allTextContents()).toEqual([expect.stringContaining('Nimman Loft')]);
    await expect.poll(() => new URL(page.url()).searchParams.get('currency')).toBe('THB');
    await expect.poll(() => new URL(page.url()).searchParams.get('maxPrice')).toBe('300000');

    // Picked by the traveller, the currency stays as picked whatever is found.
    await page.getByLabel('Max price').fill('');
    await currency.selectOption('USD');
    await box.fill('Marina Bay');
    await expect.poll(() => found.count()).toBe(1);
    await expect(currency.inputValue()).resolves.toBe('USD');

    // A limit in a currency the list does not hold, from the address (as a reload finds it), stays in it.
    await page.goto('/?q=Marina%20Bay&maxPrice=10000&currency=EUR');
    await expect.poll(() => currency.inputValue()).toBe('EUR');
    await expect(page.getByLabel('Max price').inputValue()).resolves.toBe('100');
    await expect.poll(() => page.locator('p.status').textContent()).not.toBe('');
    await expect(currency.inputValue()).resolves.toBe('EUR');
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);
});
