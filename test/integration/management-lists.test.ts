/**
 * The hoteliers' lists, paged on DynamoDB Local: more items than a page, every
 * page walked, each item once and in order; filters; cursors that are broken,
 * foreign or hand-made are refused.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PROCESS_CURSOR_SEAL } from '../../lambdas/adapters/cursor-seal';
import { nameSortKey } from '../../lambdas/adapters/dynamodb/keys';
import { pageBinding } from '../../lambdas/adapters/dynamodb/page-cursor';
import { EmbeddedHotelSearch } from '../../lambdas/adapters/search/embedded-search';
import { bookRooms } from '../../lambdas/domain/booking';
import { ValidationFailed } from '../../lambdas/domain/errors';
import { cancelBookingForGuest } from '../../lambdas/domain/guest-booking';
import { createHotel, listHotelBookings, listMyHotels } from '../../lambdas/domain/hotels';
import type { Page, SearchQuery } from '../../lambdas/domain/ports';
import { daysFromNow, givenHotel, guest, testGuestAccess, testStore } from '../support/store';

const store = testStore('us-east-1');

/** Every item of a list, following `nextCursor` page by page; checks every page but the last is full. */
async function walk<T>(pageAt: (cursor?: string) => Promise<Page<T>>, limit: number): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 1_000; i++) {
    const page = await pageAt(cursor);
    pages.push(page.items);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    if (!page.nextCursor) return pages;
    expect(page.items.length).toBe(limit);
    cursor = page.nextCursor;
  }
  throw new Error('the list never ended');
}

/**
 * A cursor sealed with the stores' own key around any payload: what only a leaked
 * key could make, so the shape checks behind the seal are tested too.
 */
function forged(payload: unknown): string {
  return PROCESS_CURSOR_SEAL.seal(payload);
}

describe("a hotelier's hotels", () => {
  it('come a page at a time, by name, each once, with no empty last page', async () => {
    const ownerId = `chain-${randomUUID()}`;
    const names = Array.from({ length: 117 }, (_, i) => `${['Åbo', 'Zen', 'Inn', 'inn', 'Mar'][i % 5]} ${i}`);
    names.push('Inn', 'Inn Alpha');
    await Promise.all(
      names.map((name) => createHotel(store, ownerId, { name, city: 'Denver', country: 'US' })),
    );
    for (const limit of [50, 7, 100]) {
      const pages = await walk((cursor) => listMyHotels(store, ownerId, { limit, cursor }), limit);
      const seen = pages.flat().map((h) => h.name);
      expect(seen).toHaveLength(names.length);
      expect(new Set(pages.flat().map((h) => h.hotelId)).size).toBe(names.length);
      const ordered = [...seen].sort((a, b) => (nameSortKey(a) < nameSortKey(b) ? -1 : 1));
      expect(seen.map(nameSortKey)).toEqual(ordered.map(nameSortKey));
    }
    // A name sorts before its longer neighbours, accents and case folded.
    const all = (await walk((cursor) => listMyHotels(store, ownerId, { limit: 100, cursor }), 100)).flat();
    const names2 = all.map((h) => h.name);
    expect(names2.indexOf('Inn')).toBeLessThan(names2.indexOf('Inn Alpha'));
    expect(names2[0]).toMatch(/^Åbo/);
  });

  it('refuses a broken, foreign or hand-made cursor with a 400, before reading anything else', async () => {
    const mine = `owner-${randomUUID()}`;
    const theirs = `owner-${randomUUID()}`;
    for (const ownerId of [mine, theirs])
      for (let i = 0; i < 3; i++)
        await createHotel(store, ownerId, { name: `H${i}`, city: 'Reno', country: 'US' });
    const first = await listMyHotels(store, theirs, { limit: 1 });
    expect(first.nextCursor).toEqual(expect.any(String));
    const cursors = [
      'garbage',
      `${first.nextCursor}x`,
      first.nextCursor as string, // another hotelier's list
      // Bound to my list, but naming a position in theirs: the key itself is checked.
      forged([
        1,
        pageBinding(PROCESS_CURSOR_SEAL, 'hotels-by-owner', mine),
        { ownerPk: `OWNER#${theirs}`, ownerSk: 'h', pk: 'HOTEL#x', sk: 'HOTEL' },
      ]),
      forged([1, pageBinding(PROCESS_CURSOR_SEAL, 'hotels-by-owner', mine), { pk: 'HOTEL#x' }]),
      forged([
        1,
        pageBinding(PROCESS_CURSOR_SEAL, 'hotels-by-owner', mine),
        { ownerPk: `OWNER#${mine}`, ownerSk: 7, pk: 'HOTEL#x', sk: 'HOTEL' },
      ]),
    ];
    for (const cursor of cursors)
      await expect(listMyHotels(store, mine, { limit: 1, cursor })).rejects.toBeInstanceOf(ValidationFailed);
  });
});

describe("filtering a hotelier's hotels (q)", () => {
  it('narrows by name or city as search does (prefixes, typos), among the caller’s hotels only', async () => {
    const mine = `q-owner-${randomUUID()}`;
    const theirs = `q-other-${randomUUID()}`;
    const search = new EmbeddedHotelSearch();
    const make = async (ownerId: string, name: string, city: string) => {
      const hotel = await createHotel(store, ownerId, { name, city, country: 'US' });
      await search.index({ ...hotel, ownerId });
      return hotel;
    };
    const riverside = await make(mine, 'Riverside Suites', 'Portland');
    const harbour = await make(mine, 'Harbour Inn', 'Riverton');
    await make(mine, 'Mountain Lodge', 'Denver');
    await make(theirs, 'Riverside Palace', 'Portland');
    const q = async (text: string) =>
      (await listMyHotels(store, mine, { q: text, limit: 50 }, search)).items.map((h) => h.hotelId).sort();
    expect(await q('river')).toEqual([riverside.hotelId, harbour.hotelId].sort());
    expect(await q('riversde')).toEqual([riverside.hotelId]);
    expect(await q('portland')).toEqual([riverside.hotelId]);
    expect(await q('palace')).toEqual([]);
    // Even an index that ignored the owner could not show another's hotel: the store has the last word.
    const leaky = {
      ...search,
      search: (query: SearchQuery) => search.search({ ...query, ownerId: undefined }),
    };
    const leaked = await listMyHotels(store, mine, { q: 'riverside', limit: 50 }, leaky as never);
    expect(leaked.items.map((h) => h.ownerId)).toEqual([mine]);
  });
});

describe("a hotel's bookings", () => {
  it('come a page at a time, by check-in, each once; status filters; the overlap rule holds', async () => {
    const { hotel, roomType, ownerId } = await givenHotel(store, { totalRooms: 200 });
    const made = [];
    for (let i = 0; i < 130; i++)
      made.push(
        await bookRooms(store, {
          hotelId: hotel.hotelId,
          roomTypeId: roomType.roomTypeId,
          checkIn: daysFromNow(1 + (i % 40)),
          checkOut: daysFromNow(2 + (i % 40) + (i % 3)),
          rooms: 1,
          guest,
        }),
      );
    const cancelled = made.filter((_, i) => i % 4 === 0);
    for (const b of cancelled)
      await cancelBookingForGuest(store, hotel.hotelId, b.booking.bookingId, b.accessToken);
    const range = { from: daysFromNow(0), to: daysFromNow(60) };
    const list = (limit: number, status?: 'CANCELLED' | 'CONFIRMED') =>
      walk(
        (cursor) => listHotelBookings(store, ownerId, hotel.hotelId, { ...range, status, limit, cursor }),
        limit,
      );

    const all = (await list(25)).flat();
    expect(all.map((b) => b.bookingId).sort()).toEqual(made.map((b) => b.booking.bookingId).sort());
    const checkIns = all.map((b) => b.checkIn);
    expect(checkIns).toEqual([...checkIns].sort());

    const onlyCancelled = (await list(10, 'CANCELLED')).flat();
    expect(onlyCancelled.map((b) => b.bookingId).sort()).toEqual(
      cancelled.map((b) => b.booking.bookingId).sort(),
    );
    expect((await list(100, 'CONFIRMED')).flat()).toHaveLength(made.length - cancelled.length);

    // Stays that end on or before `from` are not listed; the page is still bounded.
    const late = (
      await walk(
        (cursor) =>
          listHotelBookings(store, ownerId, hotel.hotelId, {
            from: daysFromNow(30),
            to: daysFromNow(60),
            limit: 7,
            cursor,
          }),
        7,
      )
    ).flat();
    expect(late.every((b) => b.checkOut > daysFromNow(30))).toBe(true);
    expect(late).toHaveLength(all.filter((b) => b.checkOut > daysFromNow(30)).length);
  });

  it('finds bookings by reference, and by part of a name or e-mail, case and accents aside; a cursor keeps its q', async () => {
    const { hotel, roomType, ownerId } = await givenHotel(store, { totalRooms: 50 });
    const book = (i: number, who: Partial<Parameters<typeof bookRooms>[1]> = {}) =>
      bookRooms(store, {
        hotelId: hotel.hotelId,
        roomTypeId: roomType.roomTypeId,
        checkIn: daysFromNow(2 + i),
        checkOut: daysFromNow(3 + i),
        rooms: 1,
        guest,
        ...who,
      });
    const others = [];
    for (let i = 0; i < 8; i++) others.push(await book(i));
    const jose = [
      await book(3, { guest: { name: 'José Núñez', email: 'jn@posada.example' } }),
      await book(9, { guest: { name: 'José Núñez', email: 'jn@posada.example' } }),
    ];
    const booked = await book(5, {
      guest: { name: 'Ana Lim', email: 'ana@lim.example' },
      booker: { name: 'María Pérez', email: 'travel@acme.example' },
    });
    const range = { from: daysFromNow(0), to: daysFromNow(30) };
    const ids = (items: readonly { bookingId: string }[]) => items.map((b) => b.bookingId).sort();
    const find = async (q: string, limit = 50) =>
      (
        await walk(
          (cursor) => listHotelBookings(store, ownerId, hotel.hotelId, { ...range, q, limit, cursor }),
          limit,
        )
      ).flat();
    const joseIds = ids(jose.map((b) => b.booking));

    expect(ids(await find('jose'))).toEqual(joseIds);
    expect(ids(await find('  NÚÑEZ '))).toEqual(joseIds);
    expect(ids(await find('posada.example', 1))).toEqual(joseIds);
    // The booker is who pays: the desk finds the booking by them too.
    expect(ids(await find('maria perez'))).toEqual([booked.booking.bookingId]);
    expect(ids(await find('@acme'))).toEqual([booked.booking.bookingId]);
    const reference = others[4]?.booking.reference as string;
    const typed = `${reference.slice(0, 4).toLowerCase()}-${reference.slice(4)}`;
    expect(ids(await find(typed))).toEqual([others[4]?.booking.bookingId]);
    expect(await find('nobody like this')).toEqual([]);
    // Blank is no filter.
    expect(await find('   ')).toHaveLength(others.length + jose.length + 1);

    const first = await listHotelBookings(store, ownerId, hotel.hotelId, { ...range, q: 'jose', limit: 1 });
    expect(first.items).toHaveLength(1);
    const cursor = first.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    for (const q of ['nunez', undefined])
      await expect(
        listHotelBookings(store, ownerId, hotel.hotelId, { ...range, q, limit: 1, cursor }),
      ).rejects.toBeInstanceOf(ValidationFailed);
  });

  it('answers a reference typed in full with its booking at once, without reading the range', async () => {
    const { hotel, roomType, ownerId } = await givenHotel(store, { totalRooms: 20 });
    const elsewhere = await givenHotel(store, { totalRooms: 5 });
    const stay = (hotelId: string, roomTypeId: string, day: number) =>
      bookRooms(store, {
        hotelId,
        roomTypeId,
        checkIn: daysFromNow(day),
        checkOut: daysFromNow(day + 2),
        rooms: 1,
        guest,
      });
    const made = [];
    for (let i = 0; i < 6; i++) made.push(await stay(hotel.hotelId, roomType.roomTypeId, 2 + i));
    const foreign = await stay(elsewhere.hotel.hotelId, elsewhere.roomType.roomTypeId, 3);
    let scans = 0;
    const counted = {
      ...store,
      bookings: Object.create(store.bookings, {
        pageBookingsOverlapping: {
          value: (...args: Parameters<typeof store.bookings.pageBookingsOverlapping>) => {
            scans++;
            return store.bookings.pageBookingsOverlapping(...args);
          },
        },
      }),
    };
    const references = testGuestAccess(store, 'us-east-1').store;
    const list = (q: string, over: Partial<Parameters<typeof listHotelBookings>[3]> = {}) =>
      listHotelBookings(
        counted,
        ownerId,
        hotel.hotelId,
        { from: daysFromNow(0), to: daysFromNow(30), limit: 50, q, ...over },
        references,
      );
    const wanted = made[3]?.booking as (typeof made)[number]['booking'];
    const page = await list(` ${wanted.reference?.toLowerCase()} `);
    expect(page).toEqual({
      items: [expect.objectContaining({ bookingId: wanted.bookingId })],
      nextCursor: null,
    });
    expect(scans).toBe(0);
    // Not a listed booking's reference: another hotel's, a stay outside the range, another status.
    // The range is read as for any other query, and finds nothing by name either.
    for (const [q, over] of [
      [foreign.booking.reference, {}],
      [wanted.reference, { to: daysFromNow(3) }],
      [wanted.reference, { status: 'CANCELLED' as const }],
    ] as const)
      expect((await list(q as string, over)).items).toEqual([]);
    expect(scans).toBe(3);
  });

  it('refuses a cursor made for another range, status or hotel', async () => {
    const { hotel, roomType, ownerId } = await givenHotel(store, { totalRooms: 5 });
    for (let i = 0; i < 3; i++)
      await bookRooms(store, {
        hotelId: hotel.hotelId,
        roomTypeId: roomType.roomTypeId,
        checkIn: daysFromNow(3 + i),
        checkOut: daysFromNow(4 + i),
        rooms: 1,
        guest,
      });
    const range = { from: daysFromNow(0), to: daysFromNow(30), limit: 1 };
    const first = await listHotelBookings(store, ownerId, hotel.hotelId, range);
    const cursor = first.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    expect((await listHotelBookings(store, ownerId, hotel.hotelId, { ...range, cursor })).items).toHaveLength(
      1,
    );
    for (const other of [
      { ...range, to: daysFromNow(31), cursor },
      { ...range, status: 'CONFIRMED' as const, cursor },
      {
        ...range,
        cursor: forged([
          1,
          'x',
          { stayPk: 'HOTEL#other', staySk: 'STAY#2030-01-01#b', pk: 'HOTEL#other', sk: 'BOOKING#b' },
        ]),
      },
    ])
      await expect(listHotelBookings(store, ownerId, hotel.hotelId, other)).rejects.toBeInstanceOf(
        ValidationFailed,
      );
  });
});
