/**
 * What a traveller must know before and after booking, in words: where the hotel
 * is (its street address, when it gave one, city and country), its check-in and check-out times on its own clock, how the stay is paid, and
 * until when it can be cancelled for free. The cancellation terms are a value
 * shaped like a rate plan's offer (`freeUntil` an instant with its UTC offset, or
 * null for non-refundable; a fee after it), as availability's offers and a booking carry
 * them; a booking made before rate plans has only the standard deadline.
 */
import { zonedInstant } from '../../lambdas/domain/hotel-clock';
import type { Money, PublicHotel } from './api-types';
import { formatDate, formatMoney } from './format';

type HotelFacts = Pick<
  PublicHotel,
  'address' | 'city' | 'country' | 'timeZone' | 'checkInTime' | 'checkOutTime'
>;

const countryName = new Intl.DisplayNames(undefined, { type: 'region' });

/** A booking's cancellation terms, as a rate plan's offer and a booking carry them. */
export interface CancellationTerms {
  /** The last instant of free cancellation, with its UTC offset (`2027-03-14T15:00:00-07:00`); null: non-refundable. */
  readonly freeUntil: string | null;
  /** What cancelling costs after `freeUntil`; undefined: it can no longer be cancelled online. */
  readonly feeAfter?: Money;
}

/**
 * Where the hotel is: "1005 SW Park Avenue, Portland, United States" with its street
 * address, "Portland, United States" for a hotel that gave none.
 */
export function placeOf(hotel: Pick<HotelFacts, 'address' | 'city' | 'country'>): string {
  const street = hotel.address ? `${hotel.address}, ` : '';
  return `${street}${hotel.city}, ${countryName.of(hotel.country) ?? hotel.country}`;
}

/** "Los Angeles time" for America/Los_Angeles, "UTC" for UTC: the zone as a traveller says it. */
export function zoneWords(timeZone: string): string {
  if (/^(Etc\/)?(UTC|GMT)$/.test(timeZone)) return 'UTC';
  return `${(timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ')} time`;
}

/** "Check-in from 15:00, check-out by 11:00 (Los Angeles time)". */
export function hotelTimes(hotel: HotelFacts): string {
  return `Check-in from ${hotel.checkInTime}, check-out by ${hotel.checkOutTime} (${zoneWords(hotel.timeZone)})`;
}

/** The standard terms: free until the hotel's check-in time on the arrival day, in its zone. */
export function standardTerms(hotel: HotelFacts, checkIn: string): CancellationTerms {
  return { freeUntil: zonedInstant(hotel.timeZone, checkIn, hotel.checkInTime) };
}

/** "UTC−07:00" from the offset an instant is written with. */
function offsetWords(instant: string): string {
  const offset = instant.slice(19);
  return offset === 'Z' || offset === '+00:00' ? 'UTC' : `UTC${offset.replace('-', '−')}`;
}

/**
 * "Free cancellation until Sat 14 Mar 2027, 15:00 (Los Angeles time, UTC−07:00). After
 * that it can no longer be cancelled online." The deadline is read in the hotel's zone,
 * as it is written, never converted to the traveller's.
 */
export function cancellationWords(terms: CancellationTerms, timeZone: string): string {
  const after = terms.feeAfter
    ? `After that, cancelling costs ${formatMoney(terms.feeAfter)}.`
    : 'After that it can no longer be cancelled online; the hotel holds the rooms for you.';
  if (terms.freeUntil === null)
    return terms.feeAfter
      ? `Non-refundable: cancelling costs ${formatMoney(terms.feeAfter)}.`
      : 'Non-refundable: it cannot be cancelled online.';
  const date = terms.freeUntil.slice(0, 10);
  const time = terms.freeUntil.slice(11, 16);
  return `Free cancellation until ${formatDate(date)}, ${time} (${zoneWords(timeZone)}, ${offsetWords(terms.freeUntil)}). ${after}`;
}

/** How a stay is paid: nothing now, the hotel's total (its taxes and fees included) at the hotel. */
export const PAYMENT_NOTE =
  'Nothing is charged now: you pay the hotel during your stay. Prices are totals set by the hotel, taxes and fees included.';
