/**
 * Every page on a phone (a 390-px-wide viewport, as an iPhone 12 to 15 shows it) in a
 * real browser (Debian's Chromium, playwright-core) against the local environment: no
 * page scrolls sideways, and axe-core finds no serious violation at that width on the
 * traveller's search and booking pages, where a phone is most likely.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations } from './support/axe';
import { day, useBrowserHarness } from './support/browser-harness';

const h = useBrowserHarness({ name: 'phone', seedHotels: 4 });
const { api: apiCall, pageErrors } = h;
const PHONE = { width: 390, height: 844 };
let hotelId: string;
let booking: { bookingId: string; accessToken: string };

beforeAll(async () => {
  const made = await apiCall('POST', '/v1/manage/hotels', {
    name: 'Narrow Street Guesthouse of the Long Name',
    city: 'Lisbon',
    country: 'PT',
    description: 'Tall and thin, like the phones its guests book it on.',
  });
  expect(made.status).toBe(201);
  hotelId = made.body.hotelId;
  const rt = await apiCall('PUT', `/v1/manage/hotels/${hotelId}/room-types/attic`, {
    name: 'Attic room with a view over the river',
    totalRooms: 3,
    pricePerNight: { amount: 18_000, currency: 'EUR' },
  });
  expect(rt.status).toBe(201);
  const booked = await apiCall(
    'POST',
    `/v1/hotels/${hotelId}/bookings`,
    {
      roomTypeId: 'attic',
      checkIn: day(20),
      checkOut: day(23),
      rooms: 1,
      guest: { name: 'Philippa Phonebooker', email: 'philippa.phonebooker@example.com' },
    },
    null,
  );
  expect(booked.status).toBe(201);
  booking = booked.body;
  await h.env.settle();
});

/** How far the page is wider than its viewport, in CSS pixels (0: no sideways scroll). */
const overflow = (page: Page) =>
  page.evaluate(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  ) as Promise<number>;

/**
 * The elements that stick out past the viewport's right edge, for the failure's message: those
 * inside a box that scrolls or clips its own overflow are left out, as they widen nothing.
 */
const wideElements = (page: Page) =>
  page.evaluate(`[...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
    .filter((e) => {
      for (let up = e.parentElement; up && up !== document.body; up = up.parentElement)
        if (getComputedStyle(up).overflowX !== 'visible') return false;
      return true;
    })
    .slice(0, 8)
    .map((e) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '') + ' ' + Math.round(e.getBoundingClientRect().right))`) as Promise<
    string[]
  >;

async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const wider = await overflow(page);
  if (wider > 0) await h.shot(page, `phone-overflow-${where.replace(/\W+/g, '-')}`);
  expect(
    wider,
    `${where} is ${wider} px wider than the phone: ${(await wideElements(page)).join(', ')}`,
  ).toBe(0);
}

/** Each page, as it looks once it has drawn what it shows. */
function pagesOf(page: Page): { where: string; open: () => Promise<unknown> }[] {
  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
  const bookingPath = `/bookings/${hotelId}/${booking.bookingId}`;
  return [
    {
      where: 'the search page with results',
      open: async () => {
        await page.goto(`/?q=lisbon&checkIn=${day(20)}&checkOut=${day(23)}`);
        await page.getByRole('link', { name: /Narrow Street Guesthouse/ }).waitFor();
      },
    },
    {
      where: 'the hotel page',
      open: async () => {
        await page.goto(`/hotels/${hotelId}?checkIn=${day(20)}&checkOut=${day(23)}`);
        await heading('Narrow Street Guesthouse of the Long Name');
        await page.locator('table.rooms tbody tr').first().waitFor();
      },
    },
    {
      where: 'the booking page',
      open: async () => {
        await page.goto(`${bookingPath}#token=${encodeURIComponent(booking.accessToken)}`);
        await heading('Confirmed');
      },
    },
    {
      where: 'the booking page without its token',
      open: async () => {
        await page.goto(bookingPath);
        await page.getByRole('heading', { level: 2, name: 'Find your booking' }).waitFor();
      },
    },
    {
      where: 'Find my booking',
      open: () => page.goto('/find-booking').then(() => heading('Find my booking')),
    },
    {
      where: 'the not-found page',
      open: () => page.goto('/no/such/page').then(() => heading('Page not found')),
    },
  ];
}

function hotelierPagesOf(page: Page): { where: string; open: () => Promise<unknown> }[] {
  const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
  const manage = `/manage/hotels/${hotelId}`;
  return [
    {
      where: 'the list of your hotels',
      open: async () => {
        await page.goto('/manage');
        await heading('Your hotels');
        await page.getByRole('link', { name: 'Narrow Street Guesthouse of the Long Name' }).first().waitFor();
      },
    },
    {
      where: "the hotel's management page with its bookings",
      open: async () => {
        await page.goto(manage);
        await heading('Narrow Street Guesthouse of the Long Name');
        await page.getByRole('button', { name: 'Show bookings' }).click();
        await page.locator('.bookings tbody tr').first().waitFor();
      },
    },
    {
      where: 'the rates grid',
      open: async () => {
        await page.goto(`${manage}/rates`);
        await page.locator('[data-cell]').first().waitFor();
      },
    },
    {
      where: 'the calendar',
      open: async () => {
        await page.goto(`${manage}/room-types/attic/calendar`);
        await page.getByRole('grid').locator('[data-night]').first().waitFor();
      },
    },
    {
      where: "a room type's rate plans",
      open: async () => {
        await page.goto(`${manage}/room-types/attic/rate-plans`);
        await page.getByRole('heading', { level: 2, name: 'Add a rate plan' }).waitFor();
      },
    },
  ];
}

describe('on a 390-px phone', () => {
  let context: BrowserContext;

  it('no page scrolls sideways: every traveller page, the sign-in form, and every hotelier page', async () => {
    context = await h.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    const page = await h.newPage(context);
    for (const { where, open } of pagesOf(page)) {
      await open();
      await expectNoSidewaysScroll(page, where);
    }
    await page.goto('/manage');
    await page.getByLabel('Hotelier token').waitFor();
    await expectNoSidewaysScroll(page, 'the sign-in form');
    await context.close();

    const signedIn = await h.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, signedIn: true });
    const desk = await h.newPage(signedIn);
    for (const { where, open } of hotelierPagesOf(desk)) {
      await open();
      await expectNoSidewaysScroll(desk, where);
    }
    expect(pageErrors).toEqual([]);
    await signedIn.close();
  }, 90_000);

  it("keeps each of the header's links on one line, at 390 px and at 320 px", async () => {
    for (const width of [PHONE.width, 320]) {
      context = await h.newContext({ viewport: { ...PHONE, width }, isMobile: true, hasTouch: true });
      const page = await h.newPage(context);
      await page.goto('/find-booking');
      await page.getByRole('heading', { level: 1, name: 'Find my booking' }).waitFor();
      // A link's text broken across lines has one box per line (the link's own box, a flex item, has one).
      const lines = (await page.evaluate(`[...document.querySelectorAll('header nav a')].map((a) => {
        const text = document.createRange();
        text.selectNodeContents(a);
        return [a.textContent, text.getClientRects().length];
      })`)) as Array<[string, number]>;
      expect(lines.map(([name]) => name)).toEqual(['Search', 'Find my booking', 'For hoteliers']);
      expect(lines, `at ${width} px`).toEqual(lines.map(([name]) => [name, 1]));
      await expectNoSidewaysScroll(page, `the header at ${width} px`);
      await context.close();
    }
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('axe-core finds no serious violation on the search and booking pages', async () => {
    context = await h.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    const page = await h.newPage(context);
    for (const { where, open } of pagesOf(page)) {
      await open();
      await expectNoSeriousAxeViolations(page, `${where} at 390 px`);
    }
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 90_000);
});
