/**
 * Dated search on the local environment: a booking made in one region changes
 * what the other region finds once replication catches up, and a hotel sold
 * out for the stay drops out of the results (and comes back when the booking is
 * cancelled).
 */
import { describe, expect, it } from 'vitest';
import { issueHotelierToken } from '../../lambdas/adapters/auth/local-jwt';
import { addDays, todayUtc } from '../../lambdas/domain/stay';
import { hotelWithRooms, localEnvironmentForFile } from '../support/local';

const suite = localEnvironmentForFile('search-availability', { seedHotels: 0 });
const day = (n: number) => addDays(todayUtc(new Date()), n);
const CHECK_IN = day(40);
const CHECK_OUT = day(43);

/** Polls until `check` passes (replication and indexing are asynchronous, as in AWS). */
async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe('dated search on the local environment', () => {
  it('drops a hotel sold out by a booking in the other region, once replicated, and brings it back on cancel', async () => {
    const token = await issueHotelierToken(suite.env.jwtKeys, 'search-e2e');
    // Owned in Singapore's region, searched from the United States'.
    const hotelId = await hotelWithRooms(suite.env, token, 'ap-southeast-1', 2);
    const search = `/v1/hotels/search?city=Denver&checkIn=${CHECK_IN}&checkOut=${CHECK_OUT}&rooms=2`;
    const found = async () =>
      (
        (await suite.call('us-east-1', 'GET', search)).body.items as Array<{
          hotelId: string;
          offer: unknown;
        }>
      ).find((h) => h.hotelId === hotelId);

    expect(await found()).toMatchObject({
      offer: { roomTypeId: 'std', available: 2, totalPrice: { amount: 60_000, currency: 'USD' } },
    });

    const booked = await suite.call('ap-southeast-1', 'POST', `/v1/hotels/${hotelId}/bookings`, {
      roomTypeId: 'std',
      checkIn: day(41),
      checkOut: day(42),
      rooms: 1,
      guest: { name: 'Ada Lovelace', email: 'ada@example.com' },
    });
    expect(booked.status).toBe(201);
    // One room left on one night: two rooms no longer fit, one still does.
    await eventually(async () => expect(await found()).toBeUndefined());
    const oneRoom = await suite.call('us-east-1', 'GET', search.replace('rooms=2', 'rooms=1'));
    expect(oneRoom.body.items).toEqual([
      expect.objectContaining({ hotelId, offer: expect.objectContaining({ available: 1 }) }),
    ]);

    const cancelled = await suite.call(
      'us-east-1',
      'DELETE',
      `/v1/hotels/${hotelId}/bookings/${booked.body.bookingId}`,
      undefined,
      { authorization: `Bearer ${booked.body.accessToken}` },
    );
    expect(cancelled.status).toBe(200);
    await eventually(async () => expect(await found()).toMatchObject({ offer: { available: 2 } }));
    // Without dates the hotel was there all along, with its price from.
    const undated = await suite.call('us-east-1', 'GET', '/v1/hotels/search?city=Denver');
    expect(undated.body.items).toEqual([
      expect.objectContaining({ hotelId, fromPrice: { amount: 10_000, currency: 'USD' } }),
    ]);
    expect(undated.body.items[0].offer).toBeUndefined();
  }, 60_000);

  it('answers a bad stay or a cursor of another search with 400 VALIDATION', async () => {
    for (const query of [
      `checkIn=${CHECK_IN}`,
      `checkIn=${CHECK_OUT}&checkOut=${CHECK_IN}`,
      // Two days back: yesterday (UTC) is still today somewhere until 12:00 UTC, and search
      // takes any hotel's today.
      `checkIn=${day(-2)}&checkOut=${day(1)}`,
      `checkIn=${CHECK_IN}&checkOut=${CHECK_OUT}&rooms=11`,
      `checkIn=${CHECK_IN}&checkOut=${CHECK_OUT}&sort=cheapest`,
      `checkIn=${CHECK_IN}&checkOut=${CHECK_OUT}&cursor=abc.def`,
    ]) {
      const answer = await suite.call('us-east-1', 'GET', `/v1/hotels/search?city=Denver&${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.code, query).toBe('VALIDATION');
    }
  });
});
