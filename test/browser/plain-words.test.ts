/**
 * Errors in plain words next to their fields (issue 30, M2) on every form that sends
 * one: the booking form, the hotelier's new hotel (its street address too) and room type,
 * and the stale quote that goes when the dates go wrong. Never the API's field paths or
 * its wording. And what the booking pages say besides (M4): the hotel's place (street
 * address, city and country), its times in its
 * own zone, how the stay is paid, the cancellation terms and the short reference.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { day, useBrowserHarness } from './support/browser-harness';

const h = useBrowserHarness({ name: 'plain-words', seedHotels: 0 });
const { pageErrors } = h;
let hotelId: string;

/** The problem said under the field labelled `label`. */
const problemOf = (page: Page, label: string) =>
  page
    .locator('.field')
    .filter({ has: page.getByLabel(label, { exact: true }) })
    .locator('.field-error');
/** No developer's words anywhere on the page. */
const developerWords = (page: Page) =>
  page.getByText(/guest\.email|Invalid email|expected number|ISO 4217|ISO 3166|checkIn|UTC\)/).count();

beforeAll(async () => {
  const made = await h.api('POST', '/v1/manage/hotels', {
    name: 'Plainspoken Inn',
    city: 'Portland',
    country: 'US',
    address: '1005 SW Park Avenue',
    timeZone: 'America/Los_Angeles',
  });
  expect(made.status).toBe(201);
  hotelId = made.body.hotelId;
  const rt = await h.api('PUT', `/v1/manage/hotels/${hotelId}/room-types/queen`, {
    name: 'Queen',
    totalRooms: 3,
    pricePerNight: { amount: 14_000, currency: 'USD' },
  });
  expect(rt.status).toBe(201);
  await h.env.settle();
});

describe('errors next to their fields, in plain words', () => {
  it('on the booking form: an e-mail the API refuses, a past check-in, and the stale quote cleared', async () => {
    const context = await h.newContext({ viewport: { width: 390, height: 844 } });
    const page = await h.newPage(context);
    await page.goto(`/hotels/${hotelId}?checkIn=${day(20)}&checkOut=${day(22)}`);
    await page.getByText('3 rooms left').waitFor();
    await page.getByText(/2 nights · .*280\.00 in total/).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Ada Lovelace');
    // The browser's own check lets "name@host" through; the API does not.
    await page.getByLabel('Email', { exact: true }).fill('ada@example');
    await page.getByRole('button', { name: 'Book' }).click();
    await problemOf(page, 'Email')
      .getByText(/Enter a full e-mail address, such as name@example\.com/)
      .waitFor();
    await expect(page.getByLabel('Email', { exact: true }).getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    await expect(developerWords(page)).resolves.toBe(0);
    await h.shot(page, 'plain-words-1-email-390');
    // Typing in the field takes its problem away.
    await page.getByLabel('Email', { exact: true }).fill('ada@example.com');
    await expect.poll(() => problemOf(page, 'Email').isVisible()).toBe(false);

    // Check-out before check-in: said under Check-out, and the old total goes.
    await page.getByLabel('Check-out').fill(day(19));
    await page.getByLabel('Check-out').dispatchEvent('change');
    await problemOf(page, 'Check-out').getByText('Check-out must be after check-in.').waitFor();
    await expect(page.getByText(/in total/).count()).resolves.toBe(0);
    await expect(page.getByText('3 rooms left').count()).resolves.toBe(0);
    // A check-in in the past by the hotel's clock: the server's refusal, under Check-in.
    await page.getByLabel('Check-in').fill(day(-3));
    await page.getByLabel('Check-out').fill(day(-1));
    await page.getByLabel('Check-out').dispatchEvent('change');
    await problemOf(page, 'Check-in').getByText('Check-in cannot be in the past.').waitFor();
    await expect(developerWords(page)).resolves.toBe(0);
    await h.shot(page, 'plain-words-2-past-390');
    // Fixed: the problems go, the quote comes back, and the booking goes through.
    await page.getByLabel('Check-in').fill(day(20));
    await page.getByLabel('Check-out').fill(day(21));
    await page.getByLabel('Check-out').dispatchEvent('change');
    await page.getByText('3 rooms left').waitFor();
    await expect(page.locator('.field-error:visible').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Book' }).click();
    await page.getByRole('heading', { level: 1, name: 'Confirmed' }).waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);

  it("on the hotelier's forms: a country code, a street address and a currency the API refuses", async () => {
    const context = await h.newContext({ signedIn: true });
    const page = await h.newPage(context);
    await page.goto('/manage');
    await page.getByRole('heading', { level: 1, name: 'Your hotels' }).waitFor();
    await page.getByLabel('Hotel name').fill('Nowhere Lodge');
    await page.getByLabel('City').fill('Atlantis');
    await page.getByLabel('Country code').fill('XX');
    // Pasted from a spreadsheet: a tab inside, which a text box keeps and the API refuses.
    await page.getByLabel('Street address').fill('12 Harbour Road\tUnit 4');
    await page.getByRole('button', { name: 'Add hotel' }).click();
    await problemOf(page, 'Country code')
      .getByText('Enter a two-letter country code, such as US, SG or TH.')
      .waitFor();
    await problemOf(page, 'Street address')
      .getByText('Write the street address on one line, without tabs or line breaks.')
      .waitFor();
    await expect(developerWords(page)).resolves.toBe(0);
    // Fixed, the hotel is made with its address, and its page says where it is.
    await page.getByLabel('Country code').fill('US');
    await page.getByLabel('Street address').fill('12 Harbour Road');
    await page.getByRole('button', { name: 'Add hotel' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nowhere Lodge' }).waitFor();
    const where = page.locator('p.where');
    await where.getByText('12 Harbour Road, Atlantis, United States').waitFor();
    await expect(page.getByLabel('Street address').inputValue()).resolves.toBe('12 Harbour Road');
    // A tab in the details form is refused the same way, and nothing changes.
    await page.getByLabel('Street address').fill('12 Harbour Road\tUnit 4');
    await page.getByRole('button', { name: 'Save details' }).click();
    await problemOf(page, 'Street address')
      .getByText('Write the street address on one line, without tabs or line breaks.')
      .waitFor();
    await expect(where.textContent()).resolves.toContain('12 Harbour Road, Atlantis');
    // Emptied, the address is removed: the page falls back to the city and country.
    await page.getByLabel('Street address').fill('');
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.getByText('Details saved.').waitFor();
    await expect(where.textContent()).resolves.toMatch(/^Atlantis, United States · runs in us-east-1/);
    const lodge = page.url().split('/').pop() ?? '';
    await expect(h.api('GET', `/v1/hotels/${lodge}`).then((r) => r.body)).resolves.not.toHaveProperty(
      'address',
    );

    await page.goto(`/manage/hotels/${hotelId}`);
    const add = page.locator('form.room-type').last();
    await add.getByLabel('Room type name').fill('Attic');
    await add.getByLabel('Currency').fill('XYZ');
    await add.getByRole('button', { name: 'Add room type' }).click();
    await add.getByText('Enter a currency code such as USD, SGD or THB.').waitFor();
    await expect(add.getByLabel('Currency').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(developerWords(page)).resolves.toBe(0);
    await h.shot(page, 'plain-words-3-room-type');
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);
});

describe('what the booking pages say', () => {
  it("gives the hotel's place with its street address, its times in its zone, payment, cancellation terms and the reference", async () => {
    const context = await h.newContext({ viewport: { width: 390, height: 844 } });
    const page = await h.newPage(context);
    const checkIn = day(30);
    await page.goto(`/hotels/${hotelId}?checkIn=${checkIn}&checkOut=${day(31)}`);
    await page.locator('p.where').getByText('1005 SW Park Avenue, Portland, United States').waitFor();
    await page.getByText('Check-in from 15:00, check-out by 11:00 (Los Angeles time).').waitFor();
    // Before booking: the terms of the stay on screen, and how it is paid.
    const form = page.locator('form.booking');
    await form
      .locator('p.terms')
      .getByText(/^Free cancellation until .*15:00 \(Los Angeles time, UTC−0[78]:00\)/)
      .waitFor();
    await form.getByText(/Nothing is charged now/).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Grace Hopper');
    await page.getByLabel('Email', { exact: true }).fill('grace@example.com');
    await page.getByRole('button', { name: 'Book' }).click();
    await page.getByRole('heading', { level: 1, name: 'Confirmed' }).waitFor();
    const summary = page.locator('.summary');
    await expect(summary.textContent()).resolves.toContain(
      'Plainspoken Inn1005 SW Park Avenue, Portland, United States',
    );
    await expect(summary.textContent()).resolves.toContain(
      'Check-in from 15:00, check-out by 11:00 (Los Angeles time).',
    );
    await expect(summary.textContent()).resolves.toMatch(/Nothing is charged now/);
    await expect(summary.getByText(/^Free cancellation until /).textContent()).resolves.toMatch(/15:00/);
    // The short reference, large; the 36-character id nowhere on the page.
    await expect(page.locator('.reference').textContent()).resolves.toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    await expect(page.locator('main').textContent()).resolves.not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await h.shot(page, 'booking-terms-390');
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);
});
