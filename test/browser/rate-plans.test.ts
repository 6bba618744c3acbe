/**
 * Rate plans and who is staying, as a traveller meets them (issue 29's UI): adults and
 * children on the hotel page, a room type too small for them left out, each plan side by
 * side with its total and its policy in plain words, a non-refundable plan booked for 2
 * adults and 1 child, and the fee said before the cancel is confirmed and after it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations } from './support/axe';
import { day, useBrowserHarness } from './support/browser-harness';

const h = useBrowserHarness({ name: 'rate-plans', seedHotels: 0 });
const { pageErrors } = h;
let hotelId: string;

beforeAll(async () => {
  const made = await h.api('POST', '/v1/manage/hotels', {
    name: 'Planful House',
    city: 'Seattle',
    country: 'US',
    timeZone: 'America/Los_Angeles',
  });
  expect(made.status).toBe(201);
  hotelId = made.body.hotelId;
  const family = await h.api('PUT', `/v1/manage/hotels/${hotelId}/room-types/family`, {
    name: 'Family Room',
    totalRooms: 2,
    pricePerNight: { amount: 14_000, currency: 'USD' },
    maxOccupancy: 4,
    standardOccupancy: 2,
    extraGuestPerNight: { amount: 2_000, currency: 'USD' },
  });
  expect(family.status).toBe(201);
  const double = await h.api('PUT', `/v1/manage/hotels/${hotelId}/room-types/double`, {
    name: 'Snug Double',
    totalRooms: 2,
    pricePerNight: { amount: 9_000, currency: 'USD' },
    maxOccupancy: 2,
  });
  expect(double.status).toBe(201);
  const saver = await h.api('PUT', `/v1/manage/hotels/${hotelId}/room-types/family/rate-plans/saver`, {
    name: 'Saver',
    priceAdjustment: { percent: -15 },
    cancellation: { freeUntilHoursBefore: null, fee: { percent: 100 } },
    noShowFee: { percent: 100 },
    includes: ['breakfast'],
  });
  expect(saver.status).toBe(201);
  await h.env.settle();
});

describe('rate plans and guests on the hotel page', () => {
  it('books a non-refundable plan for 2 adults and 1 child, then cancels and sees the fee', async () => {
    const context = await h.newContext({ viewport: { width: 390, height: 844 } });
    const page = await h.newPage(context);
    await page.goto(`/hotels/${hotelId}?checkIn=${day(40)}&checkOut=${day(42)}`);
    // Two adults, no children: both room types are offered, the family room with both plans.
    await page.getByRole('row', { name: /Snug Double/ }).waitFor();
    await expect(page.getByLabel('Adults per room').inputValue()).resolves.toBe('2');
    await expect(page.getByLabel('Children per room').inputValue()).resolves.toBe('0');

    // One child more: the double, which holds two, goes; the family room is priced for three.
    await page.getByLabel('Children per room').fill('1');
    await page.getByLabel('Children per room').dispatchEvent('change');
    await expect.poll(() => page.getByRole('row', { name: /Snug Double/ }).count()).toBe(0);
    await expect(page.getByRole('option', { name: /Snug Double/ }).count()).resolves.toBe(0);
    await expect(page.getByLabel('Room type').inputValue()).resolves.toBe('family');
    const plans = page.getByRole('group', { name: 'Rate plan' });
    // Standard: 2 nights at 140.00, plus 20.00 a night for the third guest = 320.00.
    const standard = plans.getByRole('radio', { name: /^Standard/ });
    const saver = plans.getByRole('radio', { name: /^Saver/ });
    await plans.getByText(/320\.00 for the stay, one room/).waitFor();
    await plans.getByText(/^Free cancellation until .*15:00 \(Los Angeles time, UTC−0[78]:00\)/).waitFor();
    // Saver: 15% off each night (119.00), then the third guest = 278.00; breakfast; non-refundable.
    const saverCard = plans.locator('label.plan').filter({ hasText: /^Saver/ });
    await saverCard.getByText(/278\.00 for the stay, one room/).waitFor();
    await saverCard.getByText('Includes breakfast').waitFor();
    await saverCard.getByText(/^Non-refundable: cancelling costs .*278\.00\.$/).waitFor();
    await expect(standard.isChecked()).resolves.toBe(true);

    // Picked by keyboard: the arrow moves the choice to the next plan.
    await standard.focus();
    await page.keyboard.press('ArrowDown');
    await expect(saver.isChecked()).resolves.toBe(true);
    await page.getByText(/2 nights · .*278\.00 in total/).waitFor();
    await page
      .locator('form.booking p.terms')
      .getByText(/^Non-refundable: cancelling costs/)
      .waitFor();
    // Usable at 390 px: nothing wider than the screen.
    await expect(
      page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth'),
    ).resolves.toBe(true);
    await expectNoSeriousAxeViolations(page, 'the hotel page with its rate plans');
    await h.shot(page, 'rate-plans-1-choice-390');

    await page.getByLabel('Name', { exact: true }).fill('Family Traveller');
    await page.getByLabel('Email', { exact: true }).fill('family@example.com');
    const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/bookings'));
    await page.getByRole('button', { name: 'Book' }).click();
    const body = (await sent).postDataJSON();
    expect(body).toMatchObject({
      roomTypeId: 'family',
      ratePlanId: 'saver',
      adults: 2,
      children: 1,
      expectedTotalPrice: { amount: 27_800, currency: 'USD' },
    });
    await page.getByRole('heading', { level: 1, name: 'Confirmed' }).waitFor();
    await expect(page.locator('main').textContent()).resolves.toContain('Saver');

    // The cancel asks with the fee it costs now, before anything is cancelled.
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Cancel booking' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cancelled' }).waitFor();
    expect(asked).toMatch(/Cancelling now costs .*278\.00\./);
    await expect(page.locator('.cancellation-fee').textContent()).resolves.toMatch(/278\.00/);
    await expectNoSeriousAxeViolations(page, 'the cancelled booking');
    await h.shot(page, 'rate-plans-2-cancelled-390');
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 90_000);
});
