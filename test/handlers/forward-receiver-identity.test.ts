/**
 * The forward receiver believes a hotelier only through that hotelier's own token, checked again
 * in the owner region. Envelopes are sent straight to the receiver, as a compromised function of
 * the other region could send them: the envelope's `hotelierId` alone is worth nothing.
 */
import { generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueHotelierToken } from '../../lambdas/adapters/auth/local-jwt';
import { receiveForwarded } from '../../lambdas/http/dispatch';
import { Router } from '../../lambdas/http/router';
import { ROUTES } from '../../lambdas/http/routes';
import { hotelierToken, type TestRegion, twoRegions } from '../support/api';
import { daysFromNow, freshTable, givenHotel, guest, replicateHotel, tableSnapshot } from '../support/store';

let us: TestRegion;
let asia: TestRegion;
const router = new Router(ROUTES);
const victim = { sub: 'receiver-victim' };

beforeAll(async () => {
  const regions = twoRegions(await freshTable());
  us = regions['us-east-1'];
  asia = regions['ap-southeast-1'];
});

/** A hotel of `victim`'s, owned by us-east-1, with one room type. */
async function victimsHotel(): Promise<string> {
  const { hotel } = await givenHotel(us.store, {
    ownerId: victim.sub,
    roomTypeId: 'twin',
    totalRooms: 2,
    amount: 15_000,
  });
  const hotelId = hotel.hotelId;
  await replicateHotel(us.store, asia.store, hotelId);
  return hotelId;
}

/** An envelope as ap-southeast-1 would send it: a rename of `hotelId`, for `hotelierId`. */
function renameEnvelope(hotelId: string, hotelierId: string, headers: Record<string, string>) {
  return {
    method: 'PATCH',
    path: `/v1/manage/hotels/${hotelId}`,
    query: {},
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ name: 'Taken Over' }),
    hotelierId,
    servedRegion: 'ap-southeast-1',
    deadline: Date.now() + 5_000,
  };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("the forward receiver and a hotelier's identity", () => {
  it('refuses a forged envelope (another hotelier named, no token, a bad token), writing nothing', async () => {
    const hotelId = await victimsHotel();
    const before = await tableSnapshot(us.store);
    const foreignKeys = await generateKeyPair('ES256');
    const forged: Array<[string, Record<string, string>, number, string]> = [
      ['no token at all', {}, 401, 'UNAUTHORIZED'],
      ['a token that is not a JWT', bearer('not-a-jwt'), 401, 'UNAUTHORIZED'],
      [
        'a token minted with a key the issuer does not hold',
        bearer(await issueHotelierToken(foreignKeys, victim.sub)),
        401,
        'UNAUTHORIZED',
      ],
      ["another hotelier's valid token", bearer(await hotelierToken('mallory')), 403, 'FORBIDDEN'],
      [
        'an expired token of the victim',
        bearer(await hotelierToken(victim.sub, [], -60)),
        401,
        'UNAUTHORIZED',
      ],
    ];
    for (const [what, headers, status, code] of forged) {
      const res = await receiveForwarded(us.services, router, renameEnvelope(hotelId, victim.sub, headers));
      expect([what, res.statusCode], what).toEqual([what, status]);
      expect(JSON.parse(res.body), what).toMatchObject({ error: { code, message: expect.any(String) } });
      expect(res.headers).toMatchObject({
        'x-served-region': 'ap-southeast-1',
        'x-owner-region': 'us-east-1',
      });
    }
    expect(await tableSnapshot(us.store)).toEqual(before);
  });

  it("runs the write when the token is the named hotelier's own", async () => {
    const hotelId = await victimsHotel();
    const res = await receiveForwarded(
      us.services,
      router,
      renameEnvelope(hotelId, victim.sub, bearer(await hotelierToken(victim.sub))),
    );
    expect(res.statusCode).toBe(200);
    expect((await us.store.hotels.getHotel(hotelId, { consistent: true }))?.name).toBe('Taken Over');
  });

  it('refuses every forwarded hotelier write in a region that has no way to check tokens', async () => {
    const hotelId = await victimsHotel();
    const before = await tableSnapshot(us.store);
    const { hotelierTokens: _none, ...blind } = us.services;
    const res = await receiveForwarded(
      blind,
      router,
      renameEnvelope(hotelId, victim.sub, bearer(await hotelierToken(victim.sub))),
    );
    expect(res.statusCode).toBe(401);
    expect(await tableSnapshot(us.store)).toEqual(before);
  });

  it("leaves travellers' forwarded writes as they were: a booking needs no hotelier, a cancellation its access token", async () => {
    const hotelId = await victimsHotel();
    const stay = { roomTypeId: 'twin', checkIn: daysFromNow(12), checkOut: daysFromNow(13), rooms: 1, guest };
    const booked = await asia.call({ method: 'POST', path: `/v1/hotels/${hotelId}/bookings`, body: stay });
    expect(booked.statusCode).toBe(201);
    expect(booked.headers['x-owner-region']).toBe('us-east-1');
    const path = `/v1/hotels/${hotelId}/bookings/${booked.body.bookingId}`;
    const envelope = (headers: Record<string, string>) => ({
      method: 'DELETE',
      path,
      query: {},
      headers,
      servedRegion: 'ap-southeast-1',
      deadline: Date.now() + 5_000,
    });
    // The owner region checks the access token against the hashes it stores: a guessed one is refused.
    const before = await tableSnapshot(us.store);
    const guessed = await receiveForwarded(us.services, router, envelope(bearer('guessed-token')));
    expect(guessed.statusCode).toBe(401);
    expect(await tableSnapshot(us.store)).toEqual(before);
    const cancelled = await receiveForwarded(
      us.services,
      router,
      envelope(bearer(booked.body.accessToken as string)),
    );
    expect(cancelled.statusCode).toBe(200);
    expect(JSON.parse(cancelled.body).status).toBe('CANCELLED');
  });
});
