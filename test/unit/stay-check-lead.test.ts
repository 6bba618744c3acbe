/**
 * The stay check's cheapest room type first, on a store that answers from memory and
 * counts what it is asked: which room types' nights each round reads, and that the offer
 * is the one reading them all gives (plans, extra guests, floors in another currency or
 * unknown). Every date is given, never today's.
 */
import { describe, expect, it } from 'vitest';
import type { DomainContext } from '../../lambdas/domain/context';
import type { CalendarNight } from '../../lambdas/domain/model';
import type { NightKey, SearchHit } from '../../lambdas/domain/ports';
import type { PriceFloor, RoomTypeRate } from '../../lambdas/domain/rates';
import { checkStays, type StayAsked } from '../../lambdas/domain/stay-check';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const stay: StayAsked = {
  checkIn: '2031-05-10',
  checkOut: '2031-05-12',
  rooms: 1,
  today: { earliest: '2031-04-01', latest: '2031-04-02' },
};

const rate = (roomTypeId: string, amount: number, extra: Partial<RoomTypeRate> = {}): RoomTypeRate => ({
  roomTypeId,
  name: roomTypeId,
  totalRooms: 5,
  pricePerNight: usd(amount),
  maxOccupancy: 2,
  standardOccupancy: 2,
  extraGuestPerNight: usd(0),
  ...extra,
});

const hit = (roomTypes: RoomTypeRate[], priceFloor: PriceFloor): SearchHit => ({
  hotelId: 'h1',
  name: 'One',
  city: 'Anywhere',
  country: 'US',
  managedIn: 'us-east-1',
  rates: { roomTypes, priceFloor },
  after: '',
});

/** A store whose nights are `nights`, recording the room types each round reads nights of. */
function storeOf(nights: Array<CalendarNight & { hotelId: string }> = []) {
  const rounds: string[][] = [];
  const ctx = {
    bookings: {
      readStayItems: async (_roomTypes: unknown[], keys: readonly NightKey[]) => {
        rounds.push([...new Set(keys.map((k) => k.roomTypeId))].sort());
        return {
          roomTypes: [],
          nights: nights.filter((n) =>
            keys.some((k) => k.roomTypeId === n.roomTypeId && k.night === n.night),
          ),
          reads: 1,
        };
      },
    },
  } as unknown as DomainContext;
  return { ctx, rounds };
}

const booked = (roomTypeId: string, night: string, count: number) => ({
  hotelId: 'h1',
  roomTypeId,
  night,
  booked: count,
});

describe("the stay check's cheapest room type first", () => {
  it('reads only the lead when it is bookable at the floor, under its plan', async () => {
    const plan = { ratePlanId: 'nonref', priceAdjustment: { percent: -10 }, refundable: false };
    const { ctx, rounds } = storeOf();
    const check = await checkStays(
      ctx,
      [
        hit(
          [rate('twin', 12_000), rate('queen', 10_000, { plans: [plan] }), rate('suite', 20_000)],
          usd(9_000),
        ),
      ],
      stay,
    );
    expect(check.keysRead).toBe(2);
    expect(rounds).toEqual([['queen']]);
    expect(check.offers.get('h1')).toMatchObject({
      roomTypeId: 'queen',
      ratePlanId: 'nonref',
      totalPrice: usd(18_000),
    });
  });

  it('reads the others when the lead is full, or dearer than the floor, and offers the cheapest of all', async () => {
    const full = storeOf([booked('queen', '2031-05-11', 5)]);
    const check = await checkStays(
      full.ctx,
      [hit([rate('twin', 12_000), rate('queen', 10_000)], usd(10_000))],
      stay,
    );
    expect(full.rounds).toEqual([['queen'], ['twin']]);
    expect(check.keysRead).toBe(4);
    expect(check.offers.get('h1')).toMatchObject({ roomTypeId: 'twin', totalPrice: usd(24_000) });

    // A calendar price lowered the floor below the lead: another room type may be cheaper, and is.
    const priced = storeOf([
      { ...booked('twin', '2031-05-10', 0), price: usd(8_000) },
      { ...booked('twin', '2031-05-11', 0), price: usd(8_000) },
    ]);
    const cheaper = await checkStays(
      priced.ctx,
      [hit([rate('twin', 12_000), rate('queen', 10_000)], usd(8_000))],
      stay,
    );
    expect(priced.rounds).toEqual([['queen'], ['twin']]);
    expect(cheaper.offers.get('h1')).toMatchObject({ roomTypeId: 'twin', totalPrice: usd(16_000) });
  });

  it('counts extra guests: a lead that charges for them does not settle the offer', async () => {
    const { ctx, rounds } = storeOf();
    const check = await checkStays(
      ctx,
      [
        hit(
          [
            rate('double', 10_000, { maxOccupancy: 3, extraGuestPerNight: usd(4_000) }),
            rate('family', 13_000, { maxOccupancy: 4, standardOccupancy: 4 }),
          ],
          usd(10_000),
        ),
      ],
      { ...stay, adults: 3 },
    );
    expect(rounds).toEqual([['double'], ['family']]);
    expect(check.offers.get('h1')).toMatchObject({ roomTypeId: 'family', totalPrice: usd(26_000) });
  });

  it('never reads a room type too small for the guests', async () => {
    const { ctx, rounds } = storeOf();
    const check = await checkStays(
      ctx,
      [
        hit(
          [rate('single', 5_000, { maxOccupancy: 1 }), rate('double', 10_000), rate('suite', 20_000)],
          usd(5_000),
        ),
      ],
      { ...stay, adults: 2 },
    );
    expect(rounds.flat()).not.toContain('single');
    expect(check.offers.get('h1')).toMatchObject({ roomTypeId: 'double', totalPrice: usd(20_000) });
  });

  it('reads every room type at once when the floor is unknown, in another currency, or there is one room type', async () => {
    for (const floor of ['UNKNOWN', { amount: 10_000, currency: 'EUR' }] as const) {
      const { ctx, rounds } = storeOf();
      await checkStays(ctx, [hit([rate('twin', 12_000), rate('queen', 10_000)], floor)], stay);
      // No floor to settle against: one round for all, not two.
      expect(rounds).toEqual([['queen', 'twin']]);
    }
    const one = storeOf();
    await checkStays(one.ctx, [hit([rate('queen', 10_000)], usd(10_000))], stay);
    expect(one.rounds).toEqual([['queen']]);
  });
});
