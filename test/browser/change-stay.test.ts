/**
 * Changing a stay in a real browser (Debian's Chromium, playwright-core) against
 * the local environment: the guest changes dates on the booking page, sees the
 * new total and the difference before confirming; the front desk extends a stay
 * by a night and changes one from the bookings list; the hotel's local times shown.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { day, useBrowserHarness } from './support/browser-harness';

const h = useBrowserHarness({ name: 'change', seedHotels: 4 });
const { api: apiCall, pageErrors } = h;
let hotelId: string;

async function book(name: string, checkIn: number, nights: number) {
  const made = await apiCall('POST', `/v1/hotels/${hotelId}/bookings`, {
    roomTypeId: 'std',
    checkIn: day(checkIn),
    checkOut: day(checkIn + nights),
    rooms: 1,
    guest: { name, email: 'change@example.com' },
  });
  expect(made.status).toBe(201);
  return made.body as { bookingId: string; accessToken: string };
}

beforeAll(async () => {
  const made = await apiCall('POST', '/v1/manage/hotels', {
    name: 'Change Inn',
    city: 'Denver',
    country: 'US',
    timeZone: 'America/Denver',
    checkInTime: '16:00',
  });
  hotelId = made.body.hotelId;
  const rt = await apiCall('PUT', `/v1/manage/hotels/${hotelId}/room-types/std`, {
    name: 'Standard',
    totalRooms: 5,
    pricePerNight: { amount: 10_000, currency: 'USD' },
  });
  expect(rt.status).toBe(201);
});

describe('changing a stay in the browser', () => {
  it('the guest sees the new total and the difference, confirms, and the booking changes', async () => {
    const made = await book('Gina Guest', 10, 3);
    await h.env.settle();
    const context = await h.newContext();
    const page = await h.newPage(context);
    await page.goto(`/bookings/${hotelId}/${made.bookingId}#token=${encodeURIComponent(made.accessToken)}`);
    await page.getByRole('heading', { level: 1, name: 'Confirmed' }).waitFor();
    await expect
      .poll(() => page.locator('.hotel-times').textContent())
      .toBe('Check-in from 16:00, check-out by 11:00 (Denver time).');
    await page.getByLabel('New check-out').fill(day(14));
    await page.getByRole('button', { name: 'See the new price' }).click();
    await expect
      .poll(() => page.locator('.new-total').textContent())
      .toBe('New total: $400.00 (was $300.00; $100.00 more).');
    // Nothing changed yet: only the confirmation writes.
    const before = await apiCall(
      'GET',
      `/v1/hotels/${hotelId}/bookings/${made.bookingId}`,
      undefined,
      made.accessToken,
    );
    expect(before.body.checkOut).toBe(day(13));
    await page.getByRole('button', { name: 'Confirm the change' }).click();
    await page.getByRole('status').filter({ hasText: 'Your booking is changed.' }).waitFor();
    // The button pressed is gone with the redrawn page: focus lands on what it did, as after a cancel.
    await expect
      .poll(() => page.evaluate('document.activeElement?.textContent'))
      .toBe('Your booking is changed.');
    const after = await apiCall(
      'GET',
      `/v1/hotels/${hotelId}/bookings/${made.bookingId}`,
      undefined,
      made.accessToken,
    );
    expect(after.body).toMatchObject({ checkOut: day(14), totalPrice: { amount: 40_000 } });
    // A change that cannot be had is refused in plain words, and changes nothing.
    await page.getByLabel('Rooms').fill('9');
    await page.getByRole('button', { name: 'See the new price' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/^Not enough rooms free on .+: the booking is unchanged\.$/);
    await h.shot(page, '11-change-stay');
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);

  it('the front desk extends a stay by a night and changes another from the bookings list', async () => {
    await book('Ext Endme', 20, 2);
    await book('Cha Ngeme', 21, 2);
    await h.env.settle();
    const context = await h.newContext();
    const page = await h.newPage(context);
    await page.goto('/manage');
    await page.getByLabel('Hotelier token').fill(h.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your hotels' }).waitFor();
    await page.goto(`/manage/hotels/${hotelId}`);
    await page.getByRole('heading', { level: 1, name: 'Change Inn' }).waitFor();
    await page.getByLabel('From', { exact: true }).fill(day(19));
    await page.getByLabel('To', { exact: true }).fill(day(30));
    await page.getByRole('button', { name: 'Show bookings' }).click();
    const row = (guest: string) => page.locator('.bookings tbody tr', { hasText: guest });
    await expect.poll(() => row('Ext Endme').count()).toBe(1);

    await page.getByRole('button', { name: 'Extend by a night: Ext Endme' }).click();
    await expect
      .poll(() => row('Ext Endme').locator('td.stay').getAttribute('data-stay'))
      .toBe(`${day(20)}/${day(23)}`);

    await page.getByRole('button', { name: 'Change: Cha Ngeme' }).click();
    await page.getByLabel('New check-in').fill(day(22));
    await page.getByLabel('New check-out').fill(day(25));
    await page.getByRole('button', { name: 'See the new price' }).click();
    await expect
      .poll(() => page.locator('.new-total').textContent())
      .toBe('New total: $300.00 (was $200.00; $100.00 more).');
    await page.getByRole('button', { name: 'Confirm the change' }).click();
    await expect
      .poll(() => row('Cha Ngeme').locator('td.stay').getAttribute('data-stay'))
      .toBe(`${day(22)}/${day(25)}`);
    await h.shot(page, '12-desk-change');

    const stored = await apiCall(
      'GET',
      `/v1/manage/hotels/${hotelId}/bookings?from=${day(19)}&to=${day(30)}`,
    );
    expect(
      Object.fromEntries(
        stored.body.items.map((b: any) => [b.guest.name, [b.checkIn, b.checkOut, b.totalPrice.amount]]),
      ),
    ).toEqual({ 'Ext Endme': [day(20), day(23), 30_000], 'Cha Ngeme': [day(22), day(25), 30_000] });
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);
});
