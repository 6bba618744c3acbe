/**
 * Search's small judgements, pure so unit tests run them: whether a date is one a
 * traveller means (not a year half typed), what a price is for, whether a query names
 * a country, and how two hotels of the same name are told apart.
 */

import type { Money } from './api-types';
import { formatMoney } from './format';

/**
 * True for a `YYYY-MM-DD` whose year is one a stay can fall in (last year to two years
 * ahead of `today`): a date field typed digit by digit passes through years 0002, 0020 and
 * 0202, which are not searched.
 */
export function plausibleDate(value: string, today: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const now = Number(today.slice(0, 4));
  return year >= now - 1 && year <= now + 2;
}

/** "$480.00 for 2 rooms, 2 nights": what a dated offer's total is for, said whenever it is more than one room. */
export function stayPriceWords(total: Money, rooms: number, nights: number): string {
  const forNights = `${nights} night${nights === 1 ? '' : 's'}`;
  return `${formatMoney(total)} for ${rooms > 1 ? `${rooms} rooms, ` : ''}${forNights}`;
}

let countries: Map<string, string> | undefined;

/** Every country's name (in English and the browser's language) and code, folded, to its code. */
function countryIndex(): Map<string, string> {
  if (countries) return countries;
  countries = new Map();
  const names = [
    new Intl.DisplayNames('en', { type: 'region' }),
    new Intl.DisplayNames(undefined, { type: 'region' }),
  ];
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const a of letters)
    for (const b of letters) {
      const code = `${a}${b}`;
      for (const display of names) {
        let name: string | undefined;
        try {
          name = display.of(code);
        } catch {
          name = undefined;
        }
        // Intl answers an unknown code with the code itself.
        if (name && name !== code) {
          countries.set(fold(name), code);
          countries.set(code.toLowerCase(), code);
        }
      }
    }
  return countries;
}

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();

/** The country a query names by itself ("Thailand", "SG"), if it names one. */
export function countryNamed(query: string): string | undefined {
  const folded = fold(query);
  if (folded.length < 2) return undefined;
  return countryIndex().get(folded);
}

/** The hotels of a list that share a name and a city with another, by id. */
export function sameNamed<T extends { hotelId: string; name: string; city: string }>(
  hotels: readonly T[],
): Set<string> {
  const key = (hotel: T) => `${fold(hotel.name)}\u0000${fold(hotel.city)}`;
  const counts = new Map<string, number>();
  for (const hotel of hotels) counts.set(key(hotel), (counts.get(key(hotel)) ?? 0) + 1);
  return new Set(hotels.filter((hotel) => (counts.get(key(hotel)) ?? 0) > 1).map((hotel) => hotel.hotelId));
}

/** A line that tells a hotel from its namesakes: its stars and the start of its description. */
export function tellApartWords(hotel: { description: string; attributes: Record<string, unknown> }): string {
  const stars = typeof hotel.attributes.stars === 'number' ? `${hotel.attributes.stars} stars` : '';
  const description = hotel.description.trim().replace(/\s+/g, ' ');
  const start = description.length > 80 ? `${description.slice(0, 79).replace(/\s+\S*$/, '')}…` : description;
  return [stars, start].filter(Boolean).join(' · ');
}
