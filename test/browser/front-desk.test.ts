/**
 * The front desk in a real browser (Debian's Chromium, playwright-core) against
 * the local environment: check in, check out and no-show from the bookings list,
 * the status shown, refusals said in plain words, and a guest's booking found by
 * name or reference.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { day, useBrowserHarness } from './support/browser-harness';

const h = useBrowserHarness({ name: 'desk', seedHotels: 4 });
const { api: apiCall, pageErrors } = h;
let hotelId: string;

async function book(name: string, checkIn: number) {
  const made = await apiCall('POST', `/v1/hotels/${hotelId}/bookings`, {
    roomTypeId: 'std',
    checkIn: day(checkIn),
    checkOut: day(checkIn + 2),
    rooms: 1,
    guest: { name, email: 'desk@example.com' },
  });
  expect(made.status).toBe(201);
  return made.body as { bookingId: string; accessToken: string; reference: string };
}

beforeAll(async () => {
  const made = await apiCall('POST', '/v1/manage/hotels', {
    name: 'Front Desk Inn',
    city: 'Denver',
    country: 'US',
    timeZone: 'UTC', // its rules then fall on the test's UTC days
  });
  hotelId = made.body.hotelId;
  const rt = await apiCall('PUT', `/v1/manage/hotels/${hotelId}/room-types/std`, {
    name: 'Standard',
    totalRooms: 10,
    pricePerNight: { amount: 10_000, currency: 'USD' },
  });
  expect(rt.status).toBe(201);
});

const row = (page: Page, guest: string) => page.locator('.bookings tbody tr', { hasText: guest });

/** A signed-in hotelier on the hotel's page, its bookings range set to the next 30 days. */
async function bookingsOfTheNextMonth() {
  const context = await h.newContext({ signedIn: true });
  const page = await h.newPage(context);
  await page.goto(`/manage/hotels/${hotelId}`);
  await page.getByRole('heading', { level: 1, name: 'Front Desk Inn' }).waitFor();
  await page.getByLabel('From', { exact: true }).fill(day(0));
  await page.getByLabel('To', { exact: true }).fill(day(30));
  return { context, page };
}

describe('the front desk in the bookings list', () => {
  it('checks in, checks out and marks a no-show, shows each status, and explains refusals plainly', async () => {
    await book('Ada Arrives', 0);
    await book('Nemo Noshow', 0);
    await book('Early Elsa', 5);
    const gone = await book('Carl Cancels', 1);
    await h.env.settle();

    const context = await h.newContext();
    const page = await h.newPage(context);
    await page.goto('/manage');
    await page.getByLabel('Hotelier token').fill(h.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your hotels' }).waitFor();
    await page.goto(`/manage/hotels/${hotelId}`);
    await page.getByRole('heading', { level: 1, name: 'Front Desk Inn' }).waitFor();
    await page.getByLabel('From', { exact: true }).fill(day(0));
    await page.getByLabel('To', { exact: true }).fill(day(30));
    await page.getByRole('button', { name: 'Show bookings' }).click();
    await expect.poll(() => page.locator('.bookings tbody tr').count()).toBe(4);

    await page.getByRole('button', { name: 'Check in: Ada Arrives' }).click();
    await expect.poll(() => row(page, 'Ada Arrives').locator('.status').textContent()).toBe('checked in');
    await page.getByRole('status').filter({ hasText: 'Ada Arrives is checked in.' }).waitFor();
    await page.getByRole('button', { name: 'Check out: Ada Arrives' }).click();
    await expect.poll(() => row(page, 'Ada Arrives').locator('.status').textContent()).toBe('checked out');
    expect(await row(page, 'Ada Arrives').getByRole('button').count()).toBe(0);

    await page.getByRole('button', { name: 'No-show: Nemo Noshow' }).click();
    await expect.poll(() => row(page, 'Nemo Noshow').locator('.status').textContent()).toBe('no-show');

    await page.getByRole('button', { name: 'Check in: Early Elsa' }).click();
    const early = page.getByRole('alert');
    await expect
      .poll(() => early.textContent())
      .toMatch(/^Too early to check Early Elsa in: check-in opens on /);
    await page.getByRole('button', { name: 'No-show: Early Elsa' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/^Early Elsa is not due until .+: a no-show can be marked from the arrival day on\.$/);
    expect(await row(page, 'Early Elsa').locator('.status').textContent()).toBe('confirmed');

    // The guest cancels while the list is open: the desk's check-in is refused, in plain words.
    const cancelled = await apiCall(
      'DELETE',
      `/v1/hotels/${hotelId}/bookings/${gone.bookingId}`,
      undefined,
      gone.accessToken,
    );
    expect(cancelled.status).toBe(200);
    await page.getByRole('button', { name: 'Check in: Carl Cancels' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe("Carl Cancels's booking is cancelled now, so it cannot be checked in.");
    await expect.poll(() => row(page, 'Carl Cancels').locator('.status').textContent()).toBe('cancelled');
    await h.shot(page, '10-front-desk');

    const stored = await apiCall('GET', `/v1/manage/hotels/${hotelId}/bookings?from=${day(0)}&to=${day(30)}`);
    expect(Object.fromEntries(stored.body.items.map((b: any) => [b.guest.name, b.status]))).toEqual({
      'Ada Arrives': 'CHECKED_OUT',
      'Nemo Noshow': 'NO_SHOW',
      'Early Elsa': 'CONFIRMED',
      'Carl Cancels': 'CANCELLED',
    });
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 90_000);

  it('keeps a signed-in hotelier on every page through a reload, and always leads back to "Your hotels"', async () => {
    const context = await h.newContext();
    const page = await h.newPage(context);
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    await page.goto('/manage');
    await page.getByLabel('Hotelier token').fill(h.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const yourHotels = page.getByRole('heading', { level: 1, name: 'Your hotels' });
    await yourHotels.waitFor();
    await page.reload();
    await yourHotels.waitFor();
    await page.getByRole('link', { name: 'Front Desk Inn' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Front Desk Inn' }).waitFor();
    // Every hotelier's page (web/src/main.ts routes them all), each reloaded while signed in, then
    // left both ways: by its "Your hotels" breadcrumb and by the header's "For hoteliers".
    const pages = [
      { path: '/manage', heading: 'Your hotels', crumb: false },
      { path: `/manage/hotels/${hotelId}`, heading: 'Front Desk Inn', crumb: true },
      { path: `/manage/hotels/${hotelId}/rates`, heading: 'Front Desk Inn: rates', crumb: true },
      {
        path: `/manage/hotels/${hotelId}/room-types/std/calendar`,
        heading: 'Standard: calendar',
        crumb: true,
      },
      {
        path: `/manage/hotels/${hotelId}/room-types/std/rate-plans`,
        heading: 'Rate plans of Standard',
        crumb: true,
      },
    ];
    const notFound = page.getByText(/We could not find that/);
    for (const { path, heading, crumb } of pages) {
      const leaves = crumb ? (['crumb', 'header'] as const) : (['header'] as const);
      for (const leave of leaves) {
        await page.goto(path);
        const title = page.getByRole('heading', { level: 1, name: heading, exact: true });
        await title.waitFor();
        await page.reload();
        await title.waitFor();
        // Its data drawn too, not just its heading: what a reload lost would show by now.
        await page.waitForLoadState('networkidle');
        expect(await notFound.count(), `${path} after a reload`).toBe(0);
        expect(await page.getByText('Please sign in first.').count(), `${path} after a reload`).toBe(0);
        if (leave === 'crumb')
          await page.locator('.crumbs').getByRole('link', { name: 'Your hotels', exact: true }).click();
        else
          await page
            .getByRole('navigation', { name: 'Main' })
            .getByRole('link', { name: 'For hoteliers' })
            .click();
        await yourHotels.waitFor();
        await page.getByRole('link', { name: 'Front Desk Inn' }).first().waitFor();
        expect(await notFound.count(), `${path}, left by ${leave}`).toBe(0);
        expect(new URL(page.url()).pathname).toBe('/manage');
      }
    }
    expect(asked.filter((path) => path.includes('/undefined'))).toEqual([]);
    // An address no page answers says so, rather than showing an empty page.
    await page.goto('/no/such/page');
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await expect.poll(() => page.title()).toBe('Page not found · Hotels');
    // The search page takes the traveller straight to its box, and no earlier page's title stays.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
    await page.getByRole('heading', { level: 1, name: 'Find a hotel' }).waitFor();
    await expect.poll(() => page.locator('#q:focus').count()).toBe(1);
    await expect.poll(() => page.title()).toBe('Find a hotel · Hotels');
    await page.goto('/');
    await expect.poll(() => page.locator('#q:focus').count()).toBe(1);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);
  it("finds a guest's booking by part of their name, accents aside, or by the reference they quote", async () => {
    const zoe = await book('Zoë Ångström', 2);
    await book('Zachary Other', 3);
    await h.env.settle();
    const { context, page } = await bookingsOfTheNextMonth();
    const sought = page.getByLabel('Guest or reference');
    const show = page.getByRole('button', { name: 'Show bookings' });
    const guests = () => page.locator('.bookings tbody tr').allTextContents();

    await sought.fill('zoe angstrom');
    await show.click();
    await page.locator('caption', { hasText: 'matching “zoe angstrom”' }).waitFor();
    await expect.poll(guests).toEqual([expect.stringContaining('Zoë Ångström')]);

    // As a guest reads it out from the confirmation: lower case, in two halves.
    await sought.fill(`${zoe.reference.slice(0, 4).toLowerCase()} ${zoe.reference.slice(4)}`);
    await show.click();
    await page
      .locator('caption', { hasText: `matching “${zoe.reference.slice(0, 4).toLowerCase()}` })
      .waitFor();
    await expect.poll(guests).toEqual([expect.stringContaining('Zoë Ångström')]);

    await sought.fill('nobody here');
    await show.click();
    await page.getByText('No stays in that range matching “nobody here”.').waitFor();
    // Cleared, the box filters nothing: every stay of the range is back.
    await sought.fill('');
    await show.click();
    await expect.poll(async () => (await guests()).length).toBeGreaterThanOrEqual(6);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);
  it('shows more of a search with the filters it was sent with, whatever is typed since', async () => {
    for (let i = 0; i < 55; i++) await book(`Many Guest ${i}`, 1 + (i % 25));
    await h.env.settle();
    const { context, page } = await bookingsOfTheNextMonth();
    await page.getByLabel('Guest or reference').fill('many guest');
    await page.getByRole('button', { name: 'Show bookings' }).click();
    const rows = page.locator('.bookings tbody tr');
    await expect.poll(() => rows.count()).toBe(50);
    // The desk types the next guest's name, then still asks for the rest of the first search.
    await page.getByLabel('Guest or reference').fill('someone else');
    await page.getByRole('button', { name: 'Show more bookings' }).click();
    await expect.poll(() => rows.count()).toBe(55);
    expect(await rows.filter({ hasNotText: 'Many Guest' }).count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);
});
