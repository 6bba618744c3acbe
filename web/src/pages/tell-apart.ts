/**
 * Two hotels of the same name in the same city, told apart in a list of results:
 * each gets a line with its stars and the start of its description (else its room
 * types), read from its public page, which the search result does not carry.
 */
import { api } from '../api';
import type { PublicHotel } from '../api-types';
import { sameNamed, tellApartWords } from '../search-words';

const known = new Map<string, Promise<string>>();

/** The line for one hotel, asked once per page load. */
function lineFor(hotelId: string): Promise<string> {
  let line = known.get(hotelId);
  if (!line) {
    line = api<PublicHotel>('GET', `/v1/hotels/${encodeURIComponent(hotelId)}`).then((page) =>
      page.ok
        ? tellApartWords(page.data) || `Rooms: ${page.data.roomTypes.map((rt) => rt.name).join(', ')}`
        : '',
    );
    known.set(hotelId, line);
  }
  return line;
}

/** Fills the `.tell-apart[data-hotel]` slot of every result whose name and place another result shares. */
export async function tellApart(list: HTMLElement): Promise<void> {
  const slots = [...list.querySelectorAll<HTMLElement>('.tell-apart[data-hotel]')];
  const hotels = slots.map((slot) => {
    const link = slot.closest('a');
    return {
      hotelId: slot.dataset.hotel ?? '',
      name: link?.querySelector('strong')?.textContent ?? '',
      city: link?.querySelector('.where')?.textContent ?? '',
      slot,
    };
  });
  const twins = sameNamed(hotels);
  await Promise.all(
    hotels
      .filter((hotel) => twins.has(hotel.hotelId) && hotel.slot.hidden)
      .map(async ({ hotelId, slot }) => {
        const line = await lineFor(hotelId);
        slot.textContent = line;
        slot.hidden = !line;
      }),
  );
}
