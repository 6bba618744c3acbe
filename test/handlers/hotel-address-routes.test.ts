/**
 * A hotel's optional street address through the handlers: given on create, changed or
 * removed on PATCH, carried by every view of the hotel; a bad one is a 400 VALIDATION
 * naming `address` with nothing written; a hotel without one reads as it always did.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_ADDRESS_CHARACTERS } from '../../lambdas/domain/model';
import { type TestRegion, twoRegions } from '../support/api';
import { freshTable, tableSnapshot } from '../support/store';

let us: TestRegion;
let sg: TestRegion;
const owner = { sub: 'address-owner' };

beforeAll(async () => {
  ({ 'us-east-1': us, 'ap-southeast-1': sg } = twoRegions(await freshTable()));
});

const create = (body: Record<string, unknown>, region = us, headers: Record<string, string> = {}) =>
  region.call({ method: 'POST', path: '/v1/manage/hotels', claims: owner, headers, body });
const patch = (hotelId: string, body: Record<string, unknown>) =>
  us.call({ method: 'PATCH', path: `/v1/manage/hotels/${hotelId}`, claims: owner, body });
const publicView = (hotelId: string) => us.call({ method: 'GET', path: `/v1/hotels/${hotelId}` });
const managedView = (hotelId: string) =>
  us.call({ method: 'GET', path: `/v1/manage/hotels/${hotelId}`, claims: owner });

/** Every view of the hotel a traveller or its hotelier reads: the public page, its management page, the list. */
async function addressesOf(hotelId: string) {
  const listed = await us.call({ method: 'GET', path: '/v1/manage/hotels', claims: owner });
  const views = [
    (await publicView(hotelId)).body,
    (await managedView(hotelId)).body,
    listed.body.items.find((h: { hotelId: string }) => h.hotelId === hotelId),
  ];
  return views.map((v) => ('address' in v ? v.address : 'absent'));
}

/** Values no address may be, with what makes each bad. */
const BAD_ADDRESSES: ReadonlyArray<[string, unknown]> = [
  ['empty', ''],
  ['blank', '   \t '],
  ['too long', 'x'.repeat(MAX_ADDRESS_CHARACTERS + 1)],
  ['two lines', '10 Bayfront Avenue\n018956 Singapore'],
  ['a line separator', '10 Bayfront Avenue\u2028Singapore'],
  ['a tab inside', '10\tBayfront Avenue'],
  ['a control character', '10 Bayfront\u0007 Avenue'],
  ['a C1 control character', '10 Bayfront\u0085Avenue'],
  ['a number', 10],
  ['an object', { street: '10 Bayfront Avenue' }],
];

describe("a hotel's street address", () => {
  it('is taken on create, trimmed, and shown on the public page, the management page and the list', async () => {
    const made = await create({
      name: 'Cesar Chavez House',
      city: 'Austin',
      country: 'US',
      address: '  500 E Cesar Chavez St, 78701 ',
    });
    expect(made.statusCode, JSON.stringify(made.body)).toBe(201);
    expect(made.body.address).toBe('500 E Cesar Chavez St, 78701');
    // Exactly at the limit, counted in characters (an emoji is one): accepted whole.
    const longest = `${'é'.repeat(MAX_ADDRESS_CHARACTERS - 1)}🏨`;
    const atLimit = await create({
      name: 'Long Address Inn',
      city: 'Austin',
      country: 'US',
      address: longest,
    });
    expect(atLimit.statusCode).toBe(201);
    expect(atLimit.body.address).toBe(longest);
    const hotelId = made.body.hotelId as string;
    expect(await addressesOf(hotelId)).toEqual(Array(3).fill('500 E Cesar Chavez St, 78701'));
  });

  it('is optional: a hotel made without one reads without the field, as before', async () => {
    const made = await create({ name: 'No Street Inn', city: 'Austin', country: 'US' });
    expect(made.statusCode).toBe(201);
    expect(made.body).not.toHaveProperty('address');
    expect(await addressesOf(made.body.hotelId)).toEqual(['absent', 'absent', 'absent']);
  });

  it.each(BAD_ADDRESSES)(
    'refuses %s on create with 400 VALIDATION naming address, writing nothing',
    async (_, address) => {
      const before = await tableSnapshot(us.store);
      const res = await create({ name: 'Refused Inn', city: 'Austin', country: 'US', address });
      expect(res.statusCode).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
      expect(Object.keys(res.body.error.details)).toEqual(['address']);
      expect(await tableSnapshot(us.store)).toEqual(before);
    },
  );

  it('changes on PATCH, survives a change of another field, and is removed with null', async () => {
    const made = await create({ name: 'Moving Inn', city: 'Austin', country: 'US' });
    const hotelId = made.body.hotelId as string;
    const added = await patch(hotelId, { address: ' 1100 Congress Avenue ' });
    expect(added.statusCode).toBe(200);
    expect(added.body.address).toBe('1100 Congress Avenue');
    const renamed = await patch(hotelId, { name: 'Moved Inn' });
    expect(renamed.body.address).toBe('1100 Congress Avenue');
    expect(await addressesOf(hotelId)).toEqual(Array(3).fill('1100 Congress Avenue'));
    const removed = await patch(hotelId, { address: null });
    expect(removed.statusCode).toBe(200);
    expect(removed.body).not.toHaveProperty('address');
    expect(await addressesOf(hotelId)).toEqual(['absent', 'absent', 'absent']);
    // Removing an address the hotel does not have is no error.
    expect((await patch(hotelId, { address: null })).statusCode).toBe(200);
  });

  it.each(BAD_ADDRESSES)('refuses %s on PATCH with 400 VALIDATION, writing nothing', async (_, address) => {
    const made = await create({ name: 'Kept Inn', city: 'Austin', country: 'US', address: '1 Kept Street' });
    const before = await tableSnapshot(us.store);
    const res = await patch(made.body.hotelId, { name: 'Changed Inn', address });
    expect(res.statusCode).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(res.body.error.details).toHaveProperty('address');
    expect(await tableSnapshot(us.store)).toEqual(before);
    expect((await managedView(made.body.hotelId)).body).toMatchObject({
      name: 'Kept Inn',
      address: '1 Kept Street',
    });
  });

  it('tells a keyless retry (the same address) from another hotel of the same name and city (another address)', async () => {
    const body = { name: 'Twin Towers Inn', city: 'Austin', country: 'US', address: '1 North Tower Road' };
    const first = await create(body);
    const retried = await create(body);
    expect(retried.statusCode).toBe(201);
    expect(retried.body.hotelId).toBe(first.body.hotelId);
    const other = await create({ ...body, address: '2 South Tower Road' });
    expect(other.statusCode).toBe(201);
    expect(other.body.hotelId).not.toBe(first.body.hotelId);
    expect(other.body.address).toBe('2 South Tower Road');
    const withoutAddress = await create({ name: 'Twin Towers Inn', city: 'Austin', country: 'US' });
    expect([first.body.hotelId, other.body.hotelId]).not.toContain(withoutAddress.body.hotelId);
  });

  it('crosses to the owner region with a forwarded create, and is part of its idempotency fingerprint', async () => {
    const body = { name: 'Forwarded Inn', city: 'Denver', country: 'US', address: '1600 Glenarm Place' };
    const key = { 'idempotency-key': 'address-forwarded-1' };
    const made = await create(body, sg, key);
    expect(made.statusCode, JSON.stringify(made.body)).toBe(201);
    expect(made.headers['x-owner-region']).toBe('us-east-1');
    expect(made.body.address).toBe('1600 Glenarm Place');
    expect((await managedView(made.body.hotelId)).body.address).toBe('1600 Glenarm Place');
    // The same key with the same body replays; with another address it is another request.
    const again = await create(body, sg, key);
    expect(again.body.hotelId).toBe(made.body.hotelId);
    const other = await create({ ...body, address: '1601 Glenarm Place' }, sg, key);
    expect(other.statusCode).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_MISMATCH');
  });
});
