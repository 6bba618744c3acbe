/**
 * Finding a booking again in a real browser against the local environment: the
 * confirmation shows the reference and says a message was sent; a booking page
 * opened without its token points to "Find my booking" (never "sign in"); the
 * page finds the booking by reference and e-mail, typed loosely, and says plainly
 * when nothing matches. Also on a phone: a bad stay said next to its field in the search,
 * and a hotelier's "saved" said next to the control that saved. Screenshots land in
 * test-results/screenshots/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GuestMessage } from '../../lambdas/domain/guest-messages';
import { outboxFile } from '../../local/guest-outbox';
import { day, useBrowserHarness } from './support/browser-harness';

const h = useBrowserHarness({ name: 'find-booking', seedHotels: 0 });
const { pageErrors, shot } = h;
let booking: { hotelId: string; bookingId: string; reference: string; accessToken: string };

beforeAll(async () => {
  const made = await h.api('POST', '/v1/manage/hotels', {
    name: 'Lantern House',
    city: 'Portland',
    country: 'US',
  });
  expect(made.status).toBe(201);
  const put = await h.api('PUT', `/v1/manage/hotels/${made.body.hotelId}/room-types/standard`, {
    name: 'Standard',
    totalRooms: 4,
    pricePerNight: { amount: 11_000, currency: 'USD' },
  });
  expect(put.status).toBe(201);
  const booked = await h.api(
    'POST',
    `/v1/hotels/${made.body.hotelId}/bookings`,
    {
      roomTypeId: 'standard',
      checkIn: day(20),
      checkOut: day(22),
      rooms: 1,
      guest: { name: 'Grace Hopper', email: 'Grace.Hopper@example.com' },
    },
    null,
  );
  expect(booked.status).toBe(201);
  booking = booked.body;
  await h.env.settle();
});

describe('finding a booking again in the web UI', () => {
  it('shows the reference on the confirmation and says where the message went', async () => {
    const context = await h.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await h.newPage(context);
    const path = `/bookings/${booking.hotelId}/${booking.bookingId}`;
    await page.goto(`${path}#token=${encodeURIComponent(booking.accessToken)}&new=1`);
    await page.getByRole('heading', { level: 1, name: 'Confirmed' }).waitFor();
    await expect(page.locator('.reference').textContent()).resolves.toBe(booking.reference);
    await page
      .getByText(
        'We have sent a confirmation with this reference and your private link to Grace.Hopper@example.com',
      )
      .waitFor();
    await shot(page, 'find-booking-1-confirmation');
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);

  it('leads from a booking page without its token to "Find my booking", and finds it by reference and e-mail', async () => {
    const context = await h.newContext({ viewport: { width: 390, height: 844 } });
    const page = await h.newPage(context);
    await page.goto(`/bookings/${booking.hotelId}/${booking.bookingId}`);
    await page.getByRole('heading', { level: 2, name: 'Find your booking' }).waitFor();
    await expect(page.getByText(/sign in/i).count()).resolves.toBe(0);
    await shot(page, 'find-booking-2-no-token');
    await page.getByRole('main').getByRole('link', { name: 'Find my booking' }).click();
    await page.getByRole('heading', { level: 1, name: 'Find my booking' }).waitFor();

    // A wrong address: said plainly, and the traveller stays on the form.
    const typed = `${booking.reference.slice(0, 4).toLowerCase()}-${booking.reference.slice(4)}`;
    await page.getByLabel('Booking reference').fill(typed);
    await page.getByLabel('E-mail address').fill('someone.else@example.com');
    await page.getByRole('button', { name: 'Find my booking' }).click();
    await page.getByRole('alert').filter({ hasText: 'We found no booking with that reference' }).waitFor();
    await shot(page, 'find-booking-3-no-match');

    await page.getByLabel('E-mail address').fill('grace.hopper@EXAMPLE.com');
    await page.getByRole('button', { name: 'Find my booking' }).click();
    await page.getByRole('heading', { level: 1, name: 'Confirmed' }).waitFor();
    await expect(page.locator('.reference').textContent()).resolves.toBe(booking.reference);
    expect(page.url()).toContain(`/bookings/${booking.hotelId}/${booking.bookingId}#token=`);
    // Nothing sticks out sideways on a phone.
    await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(390);
    await shot(page, 'find-booking-4-found');

    // The header links to the page from anywhere.
    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Find my booking' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Find my booking' }).waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);

  it("writes the guest's confirmation to the outbox, with a private link that opens the booking", async () => {
    let confirmation: GuestMessage | undefined;
    for (let i = 0; i < 100 && !confirmation; i++) {
      const file = outboxFile(h.env.config.dataDir);
      const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
      confirmation = lines
        .map((l) => JSON.parse(l) as GuestMessage)
        .find((m) => m.bookingId === booking.bookingId && m.kind === 'confirmation');
      if (!confirmation) await new Promise((r) => setTimeout(r, 100));
    }
    expect(confirmation).toMatchObject({ to: 'Grace.Hopper@example.com', reference: booking.reference });
    expect(confirmation?.link.startsWith(`${h.env.urls.web}/bookings/`)).toBe(true);
    const context = await h.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await h.newPage(context);
    await page.goto(confirmation?.link ?? '');
    await page.getByRole('heading', { level: 1, name: 'Confirmed' }).waitFor();
    await expect(page.locator('.reference').textContent()).resolves.toBe(booking.reference);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);

  it('says a bad stay next to its field on a phone, clears the stale results, and searches again once fixed', async () => {
    const context = await h.newContext({ viewport: { width: 390, height: 844 } });
    const page = await h.newPage(context);
    const found = page.getByRole('status').filter({ hasText: '1 hotel found' });
    const setDate = async (label: string, value: string) => {
      await page.getByLabel(label).fill(value);
      await page.getByLabel(label).dispatchEvent('change');
    };
    await page.goto('/?q=lantern');
    await found.waitFor();

    // A check-out before the check-in: told under Check-out, never searched as undated.
    await setDate('Check-in', day(20));
    await found.waitFor();
    await setDate('Check-out', day(18));
    const checkOutField = page.locator('.field').filter({ has: page.getByLabel('Check-out') });
    await checkOutField.getByText('Check-out must be after check-in.').waitFor();
    await expect(page.getByLabel('Check-out').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#results li').count()).resolves.toBe(0);
    await page.getByText('Fix the stay above to see hotels for it.').waitFor();
    await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(390);
    await shot(page, 'search-errors-1-checkout-before-checkin-390');

    // A check-in in the past: the server's refusal, in the traveller's words, next to Check-in.
    await setDate('Check-in', day(-3));
    await setDate('Check-out', day(-1));
    const checkInField = page.locator('.field').filter({ has: page.getByLabel('Check-in') });
    await checkInField.getByText('Check-in cannot be in the past.').waitFor();
    await expect(page.getByText(/UTC|expected|checkIn/).count()).resolves.toBe(0);
    await expect(page.locator('#results li').count()).resolves.toBe(0);

    // Fixed: the errors go and the hotel is back, for the stay.
    await setDate('Check-in', day(20));
    await setDate('Check-out', day(22));
    await found.waitFor();
    await expect(page.locator('.field-error:visible').count()).resolves.toBe(0);
    await expect(page.getByLabel('Check-in').getAttribute('aria-invalid')).resolves.toBeNull();
    await shot(page, 'search-errors-2-fixed-390');
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);
});

describe("the hotelier's saved messages", () => {
  it('appear next to the control that saved, on a phone', async () => {
    const context = await h.newContext({ viewport: { width: 390, height: 844 } });
    const page = await h.newPage(context);
    await page.goto('/manage');
    await page.getByLabel('Hotelier token').fill(h.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your hotels' }).waitFor();
    await page.goto(`/manage/hotels/${booking.hotelId}`);
    const details = page.locator('form').filter({ has: page.getByRole('button', { name: 'Save details' }) });
    await details.getByRole('button', { name: 'Save details' }).click();
    await details.getByText('Details saved.').waitFor();
    await shot(page, 'saved-1-details-390');

    await page.goto(`/manage/hotels/${booking.hotelId}/room-types/standard/calendar`);
    const changes = page.getByRole('region', { name: 'Change the selected nights' });
    await changes.getByLabel('First night').fill(day(40));
    await changes.getByLabel('Last night').fill(day(41));
    await changes.getByLabel('Price per night (USD)').fill('150');
    await changes.getByRole('button', { name: 'Set price' }).click();
    const said = changes.getByText('Price set to $150.00.');
    await said.waitFor();
    // Seen where the hotelier is looking: on screen, just under the buttons, not at the top.
    const [button, note] = await Promise.all([
      changes.getByRole('button', { name: 'Set price' }).boundingBox(),
      said.boundingBox(),
    ]);
    expect(note && button && note.y > button.y).toBe(true);
    await shot(page, 'saved-2-calendar-390');
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);
});

describe('the phone layout at 390 px', () => {
  it('keeps the rooms table, the front desk buttons and the calendar prices on the screen', async () => {
    const context = await h.newContext({ viewport: { width: 390, height: 844 } });
    const page = await h.newPage(context);
    const pageWidth = () => page.evaluate('document.documentElement.scrollWidth');

    await page.goto(`/hotels/${booking.hotelId}?checkIn=${day(20)}&checkOut=${day(22)}`);
    // Stacked cells may lose the table role in the accessibility tree: found as elements.
    await page.locator('td', { hasText: /rooms? left/ }).waitFor();
    await expect(pageWidth()).resolves.toBeLessThanOrEqual(390);
    await expect(page.locator('td[data-label="Per night"]').count()).resolves.toBe(1);
    await shot(page, 'phone-1-hotel-390');

    await page.goto('/manage');
    await page.getByLabel('Hotelier token').fill(h.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your hotels' }).waitFor();
    await page.goto(`/manage/hotels/${booking.hotelId}`);
    await page.getByLabel('From', { exact: true }).fill(day(19));
    await page.getByLabel('To', { exact: true }).fill(day(23));
    await page.getByRole('button', { name: 'Show bookings' }).click();
    await page.locator('td', { hasText: 'Grace Hopper' }).waitFor();
    await expect(pageWidth()).resolves.toBeLessThanOrEqual(390);
    const buttons = page.locator('table button');
    expect(await buttons.count()).toBeGreaterThan(0);
    for (const box of await Promise.all((await buttons.all()).map((b) => b.boundingBox())))
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    await shot(page, 'phone-2-bookings-390');

    await page.goto(`/manage/hotels/${booking.hotelId}/room-types/standard/calendar`);
    await page.locator('.night-pick').first().waitFor();
    await expect(pageWidth()).resolves.toBeLessThanOrEqual(390);
    // No night's text runs out of its cell into the next one.
    const overflowing = await page.evaluate(
      "[...document.querySelectorAll('.night-pick')].filter((b) => b.scrollWidth > b.clientWidth + 1).length",
    );
    expect(overflowing).toBe(0);
    await shot(page, 'phone-3-calendar-390');
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);
});
