/**
 * Two hotels of the same name in the same city, told apart in a list of results:
 * each gets a line with its stars and the start of its description (else its room
 * types), read from its public page, which the search result does not carry.
 */
import { api } from '../api';
import type { PublicHotel } from '../api-types';
import { sameNamed, tellApartWords } from '../search-words';

// Lines already read; a request still on its way is not kept, since a page left meanwhile never gets its answer.
const known = new Map<string, string>();

/** The line for one hotel, read once while the app is open. */
async function lineFor(hotelId: string): Promise<string> {
  const line = known.get(hotelId);
  if (line !== undefined) return line;
  const page = await api<PublicHotel>('GET', `/v1/hotels/${encodeURIComponent(hotelId)}`);
  if (!page.ok) return '';
  const read = tellApartWords(page.data) || `Rooms: ${page.data.roomTypes.map((rt) => rt.name).join(', ')}`;
  known.set(hotelId, read);
  return read;
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
