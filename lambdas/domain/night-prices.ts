/** A booking's price per night, as booked. */
import type { Booking, NightPrice } from './model';
import { nightsOf } from './stay';

/**
 * Each night's price for one room as booked. A booking made before prices were
 * kept per night spreads its total evenly (the remainder on the first nights).
 */
export function nightPricesOf(booking: Booking): NightPrice[] {
  if (booking.nightPrices) return [...booking.nightPrices];
  const nights = nightsOf(booking.checkIn, booking.checkOut);
  const perRoom = Math.floor(booking.totalPrice.amount / booking.rooms);
  const base = Math.floor(perRoom / nights.length);
  const extra = perRoom - base * nights.length;
  return nights.map((night, i) => ({
    night,
    price: { amount: base + (i < extra ? 1 : 0), currency: booking.totalPrice.currency },
  }));
}
