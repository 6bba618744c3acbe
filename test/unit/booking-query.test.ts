import { describe, expect, it } from 'vitest';
import { bookingQuery } from '../../lambdas/domain/booking-query';
import type { Booking } from '../../lambdas/domain/model';
import { aBooking } from '../support/booking-fixture';

const booking = (over: Partial<Booking> = {}): Booking =>
  aBooking({ reference: 'ABCD2345', guest: { name: 'José Núñez', email: 'JN@Posada.example' }, ...over });

describe('what the front desk types to find a booking', () => {
  it('finds the reference as a guest may write it, and only whole', () => {
    for (const typed of ['ABCD2345', 'abcd2345', 'abcd-2345', ' ABCD 2345 '])
      expect(bookingQuery(typed).matches(booking()), typed).toBe(true);
    expect(bookingQuery('ABCD').matches(booking({ guest: { name: 'Ada', email: 'a@b.example' } }))).toBe(
      false,
    );
    expect(bookingQuery('ABCD2346').matches(booking())).toBe(false);
  });

  it("finds part of the guest's or booker's name or e-mail, case and accents aside", () => {
    for (const typed of ['jose', 'NÚÑEZ', 'josé n', 'posada', 'jn@posada.EXAMPLE'])
      expect(bookingQuery(typed).matches(booking()), typed).toBe(true);
    const paidByAnother = booking({
      guest: { name: 'Ana Lim', email: 'ana@lim.example' },
      booker: { name: 'María Pérez', email: 'travel@acme.example' },
    });
    for (const typed of ['maria', 'perez', 'acme', 'ana lim'])
      expect(bookingQuery(typed).matches(paidByAnother), typed).toBe(true);
    for (const typed of ['jose', 'núñez', 'maria lim'])
      expect(bookingQuery(typed).matches(paidByAnother), typed).toBe(false);
  });

  it('keeps the query as typed, trimmed, for the cursor it binds', () => {
    expect(bookingQuery('  José  ').text).toBe('José');
  });
});
