/**
 * The hotelier manages a room type's rate plans and occupancy in a real browser (issue 29's
 * "the hotelier manages plans per room type"): the plans on sale in words, a plan added
 * from the form (its id made from its name), changed, refused under the field the API
 * names with nothing written, and stopped; the room type's occupancy set on the hotel's
 * page. The hotel runs in ap-southeast-1 and the browser talks to us-east-1, so every
 * write is forwarded to the owner region and the page must not wait for replication.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations } from './support/axe';
import { day, useBrowserHarness } from './support/browser-harness';

const h = useBrowserHarness({ name: 'rate-plan-management', seedHotels: 0 });
const { pageErrors } = h;
let hotelId: string;
const plansPath = () => `/v1/manage/hotels/${hotelId}/room-types/loft/rate-plans`;

beforeAll(async () => {
  const made = await h.api(
    'POST',
    '/v1/manage/hotels',
    { name: 'Kampong Lofts', city: 'Singapore', country: 'SG', timeZone: 'Asia/Singapore' },
    undefined,
    'ap-southeast-1',
  );
  expect(made.status).toBe(201);
  expect(made.body.managedIn).toBe('ap-southeast-1');
  hotelId = made.body.hotelId;
  const loft = await h.api(
    'PUT',
    `/v1/manage/hotels/${hotelId}/room-types/loft`,
    { name: 'Garden Loft', totalRooms: 3, pricePerNight: { amount: 20_000, currency: 'SGD' } },
    undefined,
    'ap-southeast-1',
  );
  expect(loft.status).toBe(201);
  await h.env.settle();
});

/** The plan's item in the list of plans on sale. */
const planItem = (page: Page, name: string) =>
  page
    .getByRole('list', { name: 'Rate plans of Garden Loft' })
    .getByRole('listitem')
    .filter({
      has: page.getByRole('heading', { level: 3, name: new RegExp(`^${name} \\(`) }),
    });

/** The offers availability quotes for one room of the loft, two nights, by plan id. */
async function loftOffers(): Promise<Record<string, number>> {
  const answer = await h.api(
    'GET',
    `/v1/hotels/${hotelId}/availability?checkIn=${day(30)}&checkOut=${day(32)}&rooms=1`,
    undefined,
    null,
  );
  expect(answer.status).toBe(200);
  const loft = answer.body.roomTypes.find((rt: { roomTypeId: string }) => rt.roomTypeId === 'loft');
  return Object.fromEntries(
    loft.offers.map((o: { ratePlanId: string; totalPrice: { amount: number } }) => [
      o.ratePlanId,
      o.totalPrice.amount,
    ]),
  );
}

describe("a room type's rate plans on the hotelier's pages", () => {
  it('adds, changes and stops a plan, and says a refusal under its field with nothing written', async () => {
    const context = await h.newContext({ signedIn: true });
    const page = await h.newPage(context);
    await page.goto(`/manage/hotels/${hotelId}`);
    await page.getByRole('link', { name: 'Rate plans of Garden Loft' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rate plans of Garden Loft' }).waitFor();
    await expect.poll(() => page.title()).toBe('Garden Loft rate plans · Kampong Lofts · Hotels');
    await expect(page.locator('.crumbs').innerText()).resolves.toBe('Your hotels › Kampong Lofts');
    // The standard plan, in words, on the hotel's clock; it is changed with the room type.
    const standard = planItem(page, 'Standard');
    await expect(standard.innerText()).resolves.toContain(
      'Free cancellation until the check-in time (15:00, Singapore time) on the arrival day; after that, cancelling costs the first night.',
    );
    await expect(standard.getByRole('button').count()).resolves.toBe(0);

    // Add a non-refundable plan at 15% off, with breakfast.
    const form = page.locator('form.rate-plan-form');
    await form.getByLabel('Plan name').fill('Saver Breakfast');
    await expect(form.getByLabel('Plan id').inputValue()).resolves.toBe('saver-breakfast');
    await form.getByLabel('Price per night').selectOption({ label: 'Percent off' });
    await form.getByLabel('By how much').fill('15');
    await form.getByLabel('Cancellation policy').selectOption({ label: 'Non-refundable' });
    await expect(form.getByLabel('Free until (hours before check-in)').isHidden()).resolves.toBe(true);
    await form.getByLabel('Cancellation fee', { exact: true }).fill('100');
    await form.getByLabel('Cancellation fee in').selectOption({ label: '% of the stay' });
    await form.getByLabel('Includes').fill('breakfast');
    await form.getByRole('button', { name: 'Add rate plan' }).click();
    await page.getByText('Rate plan Saver Breakfast saved.').waitFor();
    const saver = planItem(page, 'Saver Breakfast');
    await expect(saver.locator('p').allInnerTexts()).resolves.toEqual([
      '15% off each night',
      'Non-refundable: cancelling costs 100% of the stay.',
      'A no-show costs the first night.',
      'Includes breakfast',
    ]);
    await expectNoSeriousAxeViolations(page, "a room type's rate plans page");
    const written = await h.api('GET', `${plansPath()}`, undefined, undefined, 'ap-southeast-1');
    expect(written.body.items.map((p: { ratePlanId: string }) => p.ratePlanId)).toEqual([
      'standard',
      'saver-breakfast',
    ]);
    expect(written.body.items[1]).toMatchObject({
      name: 'Saver Breakfast',
      priceAdjustment: { percent: -15 },
      cancellation: { freeUntilHoursBefore: null, fee: { percent: 100 } },
      noShowFee: { nights: 1 },
      includes: ['breakfast'],
    });
    await h.env.settle();
    // Two nights at SGD 200: standard 40,000; 15% off 34,000.
    await expect(loftOffers()).resolves.toEqual({ standard: 40_000, 'saver-breakfast': 34_000 });

    // Change it: 20% off, free until 48 hours before check-in. The form starts from the plan.
    await saver.getByRole('button', { name: 'Change Saver Breakfast' }).click();
    await page.getByRole('heading', { level: 2, name: 'Change Saver Breakfast' }).waitFor();
    await expect(page.getByText('Rate plan Saver Breakfast saved.').count()).resolves.toBe(0);
    await expect(form.getByLabel('By how much').inputValue()).resolves.toBe('15');
    await expect(form.getByLabel('Plan id').getAttribute('readonly')).resolves.toBe('');
    await form.getByLabel('By how much').fill('20');
    await form.getByLabel('Cancellation policy').selectOption({ label: 'Free until a deadline' });
    await form.getByLabel('Free until (hours before check-in)').fill('48');
    await form.getByLabel('Cancellation fee', { exact: true }).fill('1');
    await form.getByLabel('Cancellation fee in').selectOption({ label: 'nights' });
    await form.getByRole('button', { name: 'Save Saver Breakfast' }).click();
    await page.getByText('Rate plan Saver Breakfast saved.').waitFor();
    await expect(saver.innerText()).resolves.toContain('20% off each night');
    await expect(saver.innerText()).resolves.toContain(
      'Free cancellation until 48 hours before the check-in time (15:00, Singapore time) on the arrival day; after that, cancelling costs the first night.',
    );

    // A refusal the browser cannot see coming (the earliest advance after the latest) is
    // said under its field, and nothing is written.
    await form.getByLabel('Plan name').fill('Early Bird');
    await form.getByLabel('Sells arrivals at least (days ahead)').fill('60');
    await form.getByLabel('Sells arrivals at most (days ahead)').fill('30');
    await form.getByRole('button', { name: 'Add rate plan' }).click();
    await page.getByText('The earliest advance cannot be more than the latest.').waitFor();
    await expect(
      form.getByLabel('Sells arrivals at least (days ahead)').getAttribute('aria-invalid'),
    ).resolves.toBe('true');
    const refused = await h.api('GET', plansPath(), undefined, undefined, 'ap-southeast-1');
    expect(refused.body.items.map((p: { ratePlanId: string }) => p.ratePlanId)).toEqual([
      'standard',
      'saver-breakfast',
    ]);

    // Stop it: asked first, gone from the list and from what availability offers.
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await saver.getByRole('button', { name: 'Stop selling Saver Breakfast' }).click();
    await page
      .getByText('Saver Breakfast is no longer sold. Bookings made under it keep their terms.')
      .waitFor();
    expect(asked).toBe('Stop selling Saver Breakfast? Bookings made under it keep their terms.');
    await expect(planItem(page, 'Saver Breakfast').count()).resolves.toBe(0);
    await h.env.settle();
    await expect(loftOffers()).resolves.toEqual({ standard: 40_000 });
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 90_000);

  it("sets the room type's occupancy on the hotel's page", async () => {
    const context = await h.newContext({ signedIn: true });
    const page = await h.newPage(context);
    await page.goto(`/manage/hotels/${hotelId}`);
    await page.getByRole('heading', { level: 3, name: 'Add a room type' }).waitFor();
    const loft = page.locator('form.room-type').first();
    await expect(loft.getByLabel('Guests a room holds').inputValue()).resolves.toBe('2');
    await loft.getByLabel('Guests a room holds').fill('4');
    await loft.getByLabel('Guests in the price').fill('3');
    await loft.getByLabel('Per extra guest').fill('35');
    await loft.getByRole('button', { name: 'Save room type' }).click();
    await page.getByText('Room type Garden Loft saved.').waitFor();
    const owner = await h.api('GET', `/v1/hotels/${hotelId}`, undefined, null, 'ap-southeast-1');
    expect(owner.body.roomTypes[0]).toMatchObject({
      roomTypeId: 'loft',
      maxOccupancy: 4,
      standardOccupancy: 3,
      extraGuestPerNight: { amount: 3_500, currency: 'SGD' },
    });
    // More guests in the price than a room holds is refused under the field.
    await loft.getByLabel('Guests in the price').fill('5');
    await loft.getByRole('button', { name: 'Save room type' }).click();
    await page.getByText('The guests in the price cannot be more than the guests a room holds.').waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);
});
