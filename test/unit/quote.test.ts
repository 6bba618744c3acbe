import { describe, expect, it } from 'vitest';
import type { CalendarNight } from '../../lambdas/domain/model';
import { quoteStay } from '../../lambdas/domain/quote';

const roomType = { pricePerNight: { amount: 10_000, currency: 'USD' } };
const usd = (amount: number) => ({ amount, currency: 'USD' });
const night = (date: string, settings: Partial<CalendarNight> = {}): CalendarNight => ({
  roomTypeId: 'twin',
  night: date,
  booked: 0,
  ...settings,
});

describe('quoteStay', () => {
  it("charges the room type's price on every night without an item", () => {
    const quote = quoteStay(roomType, '2030-03-01', '2030-03-04', [], 2);
    expect(quote.nights.map((n) => n.price)).toEqual([usd(10_000), usd(10_000), usd(10_000)]);
    expect(quote.perRoom).toEqual(usd(30_000));
    expect(quote.total).toEqual(usd(60_000));
    expect(quote).toMatchObject({ bookable: true, reasons: [] });
  });

  it('sums overrides night by night across a stay, and a night item without a price keeps the default', () => {
    const calendar = [
      night('2030-03-01', { booked: 3 }),
      night('2030-03-02', { price: usd(15_000) }),
      night('2030-03-03', { price: usd(0) }),
    ];
    const quote = quoteStay(roomType, '2030-03-01', '2030-03-05', calendar, 3);
    expect(quote.nights).toEqual([
      { night: '2030-03-01', price: usd(10_000), override: false },
      { night: '2030-03-02', price: usd(15_000), override: true },
      { night: '2030-03-03', price: usd(0), override: true },
      { night: '2030-03-04', price: usd(10_000), override: false },
    ]);
    expect(quote.perRoom).toEqual(usd(35_000));
    expect(quote.total).toEqual(usd(105_000));
  });

  it('ignores nights outside the stay', () => {
    const calendar = [
      night('2030-02-28', { closed: true, price: usd(1) }),
      night('2030-03-03', { closed: true }),
    ];
    const quote = quoteStay(roomType, '2030-03-01', '2030-03-03', calendar);
    expect(quote).toMatchObject({ bookable: true, perRoom: usd(20_000) });
  });

  it('is not bookable when a night is closed, and names every closed night', () => {
    const calendar = [night('2030-03-02', { closed: true }), night('2030-03-03', { closed: true })];
    const quote = quoteStay(roomType, '2030-03-01', '2030-03-05', calendar);
    expect(quote.bookable).toBe(false);
    expect(quote.reasons).toEqual([{ reason: 'CLOSED', nights: ['2030-03-02', '2030-03-03'] }]);
  });

  it('a closed checkout day does not matter: it is not a night of the stay', () => {
    const quote = quoteStay(roomType, '2030-03-01', '2030-03-02', [night('2030-03-02', { closed: true })]);
    expect(quote.bookable).toBe(true);
  });

  it("applies the arrival night's minimum stay, and only the arrival night's", () => {
    const calendar = [night('2030-03-01', { minStay: 3 }), night('2030-03-02', { minStay: 7 })];
    expect(quoteStay(roomType, '2030-03-01', '2030-03-03', calendar).reasons).toEqual([
      { reason: 'MIN_STAY', nights: ['2030-03-01'], limit: 3 },
    ]);
    expect(quoteStay(roomType, '2030-03-01', '2030-03-04', calendar).bookable).toBe(true);
    // Arriving on the 2nd, the 2nd's limit applies.
    expect(quoteStay(roomType, '2030-03-02', '2030-03-05', calendar).reasons).toEqual([
      { reason: 'MIN_STAY', nights: ['2030-03-02'], limit: 7 },
    ]);
  });

  it("applies the arrival night's maximum stay", () => {
    const calendar = [night('2030-03-01', { maxStay: 2 })];
    expect(quoteStay(roomType, '2030-03-01', '2030-03-03', calendar).bookable).toBe(true);
    expect(quoteStay(roomType, '2030-03-01', '2030-03-04', calendar).reasons).toEqual([
      { reason: 'MAX_STAY', nights: ['2030-03-01'], limit: 2 },
    ]);
  });

  it('lists every reason at once', () => {
    const calendar = [night('2030-03-01', { minStay: 5, closed: true })];
    const quote = quoteStay(roomType, '2030-03-01', '2030-03-02', calendar);
    expect(quote.reasons.map((r) => r.reason)).toEqual(['CLOSED', 'MIN_STAY']);
  });

  it("never sums a price in another currency than the room type's: the stay is not bookable", () => {
    const calendar = [night('2030-03-02', { price: { amount: 9_000, currency: 'EUR' } })];
    const quote = quoteStay(roomType, '2030-03-01', '2030-03-03', calendar);
    expect(quote.bookable).toBe(false);
    expect(quote.reasons).toEqual([{ reason: 'PRICE_CURRENCY', nights: ['2030-03-02'] }]);
    expect(quote.perRoom.currency).toBe('USD');
  });
});
