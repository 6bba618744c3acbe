/**
 * Booking events end to end on the local environment, with a consumer in the
 * test: bookings in both regions (some forwarded), cancellations, check-ins,
 * early check-outs and no-shows; the consumer refusing for 10 s, the environment
 * stopped and started again, and a handover, all in the middle.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueHotelierToken } from '../../lambdas/adapters/auth/local-jwt';
import { otherRegion, type Region } from '../../lambdas/domain/regions';
import { addDays, todayUtc } from '../../lambdas/domain/stay';
import { type BookingEvent, bookingEventSchema } from '../../lambdas/events/booking-event';
import { ADMIN_GROUP } from '../../lambdas/http/dispatch';
import { type LocalConfig, type LocalEnvironment, startLocalEnvironment } from '../../local/environment';
import { runHandoverCommand } from '../../scripts/handover-command';
import { callRegion, expectReconciled, hotelWithRooms, testEnvironmentBasics } from '../support/local';

/** A consumer that records every delivery, and refuses them (503) while `refusing`. */
class Consumer {
  readonly received: BookingEvent[] = [];
  refusing = false;
  refusedCount = 0;
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        if (this.refusing) {
          this.refusedCount++;
          res.writeHead(503).end();
          return;
        }
        expect(req.headers['content-type']).toBe('application/json');
        this.received.push(bookingEventSchema.parse(JSON.parse(body)));
        res.writeHead(204).end();
      });
    });
    this.server = server;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  }

  ids(): Set<string> {
    return new Set(this.received.map((e) => e.id));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }
}

const day = (n: number) => addDays(todayUtc(new Date()), n);
const guest = { name: 'Event Guest', email: 'events@example.com' };
const consumer = new Consumer();
const dataDir = mkdtempSync(join(tmpdir(), 'hotels-events-'));
let config: LocalConfig;
let env: LocalEnvironment;
let hotelierToken: string;

/** What the test expects to hear: each change's event id, type and the region that wrote it. */
/**
 * The events each booking must publish, by booking and type: a status change is not always the
 * booking's next version (the guest's message mints a token, which is a write too), so the id
 * `<bookingId>:<sequence>` is checked for its form and its order, not guessed.
 */
const expected = new Map<string, { type: string; region: string; bookingId: string }>();
const changeOf = (bookingId: string, type: string) => `${bookingId}|${type}`;
const changeOfEvent = (event: { bookingId: string; type: string }) => changeOf(event.bookingId, event.type);

const call = (
  region: Region,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => callRegion(env, region, method, path, body, headers);

interface Made {
  hotelId: string;
  bookingId: string;
  token: string;
}

/** Books through `via`; the owner region writes it (forwarded when `via` is not the owner). */
async function book(hotelId: string, via: Region, checkIn: number, nights: number): Promise<Made> {
  const answer = await call(via, 'POST', `/v1/hotels/${hotelId}/bookings`, {
    roomTypeId: 'std',
    checkIn: day(checkIn),
    checkOut: day(checkIn + nights),
    rooms: 1,
    guest,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  const owner = answer.headers.get('x-owner-region') as string;
  expected.set(changeOf(answer.body.bookingId, 'booking.confirmed'), {
    type: 'booking.confirmed',
    region: owner,
    bookingId: answer.body.bookingId,
  });
  return { hotelId, bookingId: answer.body.bookingId, token: answer.body.accessToken };
}

const TYPES: Record<string, string> = {
  'check-in': 'booking.checked_in',
  'check-out': 'booking.checked_out',
  'no-show': 'booking.no_show',
  cancel: 'booking.cancelled',
};

/** One status change through `via`; records the event it must publish, from the region that wrote it. */
async function act(b: Made, action: 'check-in' | 'check-out' | 'no-show' | 'cancel', via: Region) {
  const answer =
    action === 'cancel'
      ? await call(via, 'DELETE', `/v1/hotels/${b.hotelId}/bookings/${b.bookingId}`, undefined, {
          authorization: `Bearer ${b.token}`,
        })
      : await call(
          via,
          'POST',
          `/v1/manage/hotels/${b.hotelId}/bookings/${b.bookingId}/${action}`,
          undefined,
          {
            authorization: `Bearer ${hotelierToken}`,
          },
        );
  expect(answer.status, `${action} ${JSON.stringify(answer.body)}`).toBe(200);
  expected.set(changeOf(b.bookingId, TYPES[action] as string), {
    type: TYPES[action] as string,
    region: answer.headers.get('x-owner-region') as string,
    bookingId: b.bookingId,
  });
}

async function untilDelivered(timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const have = new Set(consumer.received.map(changeOfEvent));
    const missing = [...expected.keys()].filter((change) => !have.has(change));
    if (!missing.length) return;
    if (Date.now() > deadline) throw new Error(`events never delivered: ${missing.join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  await consumer.start();
  config = {
    ...(await testEnvironmentBasics()),
    dataDir,
    seedHotels: 4,
    crossRegionLatencyMs: 0,
    eventTargets: [consumer.url],
  };
  env = await startLocalEnvironment(config);
  hotelierToken = await issueHotelierToken(env.jwtKeys, 'events-hotelier');
}, 120_000);

afterAll(async () => {
  await env?.stop();
  await consumer.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('booking events on the local environment', () => {
  it('delivers every status change once per id, in order per booking, from the writer only, through refusals, a restart and a handover', async () => {
    const hotels = {
      'us-east-1': await hotelWithRooms(env, hotelierToken, 'us-east-1', 50),
      'ap-southeast-1': await hotelWithRooms(env, hotelierToken, 'ap-southeast-1', 50),
    } as const;
    const stays: Record<Region, Made[]> = { 'us-east-1': [], 'ap-southeast-1': [] };
    for (const owner of ['us-east-1', 'ap-southeast-1'] as const)
      for (let i = 0; i < 8; i++)
        // Half forwarded: booked through the region that does not own the hotel.
        stays[owner].push(await book(hotels[owner], i % 2 ? otherRegion(owner) : owner, i < 6 ? 0 : 5, 3));
    await env.settle();

    // Before anything goes wrong: a cancel, a check-in and a no-show in each region, some forwarded.
    for (const owner of ['us-east-1', 'ap-southeast-1'] as const) {
      const [s0, s1, s2, , , , s6] = stays[owner] as Made[];
      await act(s6 as Made, 'cancel', otherRegion(owner));
      await act(s0 as Made, 'check-in', owner);
      await act(s1 as Made, 'check-in', otherRegion(owner));
      await act(s2 as Made, 'no-show', owner);
    }
    await untilDelivered();

    // The consumer refuses everything for 10 s while changes keep coming.
    consumer.refusing = true;
    const refusedFrom = Date.now();
    for (const owner of ['us-east-1', 'ap-southeast-1'] as const) {
      const s = stays[owner] as Made[];
      await act(s[0] as Made, 'check-out', otherRegion(owner)); // early: the stay runs 3 nights
      await act(s[3] as Made, 'check-in', owner);
    }
    await new Promise((r) => setTimeout(r, Math.max(0, 10_000 - (Date.now() - refusedFrom))));
    expect(consumer.refusedCount).toBeGreaterThan(0);
    consumer.refusing = false;
    await untilDelivered();

    // Stopped and started again on the same data dir, with changes made just before the stop.
    for (const owner of ['us-east-1', 'ap-southeast-1'] as const)
      await act(stays[owner][4] as Made, 'no-show', otherRegion(owner));
    await env.stop();
    env = await startLocalEnvironment(config);
    for (const owner of ['us-east-1', 'ap-southeast-1'] as const)
      await act(stays[owner][1] as Made, 'check-out', owner);
    await untilDelivered();

    // A handover of the us-east-1 hotel: from then on its changes are written, and published, in ap-southeast-1.
    const operatorToken = await issueHotelierToken(env.jwtKeys, 'events-operator', 3600, [ADMIN_GROUP]);
    const moved = await runHandoverCommand({
      api: env.urls['ap-southeast-1'],
      token: operatorToken,
      hotelId: hotels['us-east-1'],
      toRegion: 'ap-southeast-1',
      action: 'handover',
    });
    expect(moved.exitCode, JSON.stringify(moved.body)).toBe(0);
    await env.settle();
    const us = stays['us-east-1'] as Made[];
    await act(us[3] as Made, 'check-out', 'us-east-1');
    await act(us[5] as Made, 'check-in', 'us-east-1');
    await act(us[7] as Made, 'cancel', 'us-east-1');
    expect(expected.get(changeOf(us[5]?.bookingId ?? '', 'booking.checked_in'))?.region).toBe(
      'ap-southeast-1',
    );
    await untilDelivered();
    await env.settle();
    await new Promise((r) => setTimeout(r, 500)); // anything published twice would arrive by now

    // Every change delivered; a duplicate only ever repeats the same id with the same content.
    const firstOf = new Map<string, BookingEvent>();
    for (const event of consumer.received) {
      const first = firstOf.get(event.id);
      if (first) expect(event).toEqual(first);
      else firstOf.set(event.id, event);
    }
    expect([...firstOf.values()].map(changeOfEvent).sort()).toEqual([...expected.keys()].sort());
    for (const [id, event] of firstOf) {
      expect(id).toBe(`${event.bookingId}:${event.sequence}`);
      const want = expected.get(changeOfEvent(event));
      // Published by the region that wrote the change, never the one that received it by replication.
      expect({ id, type: event.type, region: event.region }).toEqual({
        id,
        type: want?.type,
        region: want?.region,
      });
      expect(event.data.status).toBe(event.type.replace('booking.', '').toUpperCase());
    }
    // Per booking, each first delivery has a greater sequence than the one before.
    const lastSequence = new Map<string, number>();
    for (const event of consumer.received) {
      if (firstOf.get(event.id) !== event) continue;
      expect(event.sequence, event.id).toBeGreaterThan(lastSequence.get(event.bookingId) ?? 0);
      lastSequence.set(event.bookingId, event.sequence);
    }
    // The durable log holds each event once, and `npm run events` prints it one line each.
    expect(env.events.log.length).toBe(expected.size);
    const printed = execFileSync('npx', ['tsx', 'local/events-command.ts'], {
      env: { ...process.env, LOCAL_DATA_DIR: dataDir },
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).id);
    expect(printed.sort()).toEqual([...firstOf.keys()].sort());
    await expectReconciled(env);
  }, 240_000);
});
