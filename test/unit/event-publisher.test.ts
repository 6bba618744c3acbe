/** The local publisher: what a region's stream logs, and the order kept per booking across a handover. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BOOKING_ITEM } from '../../lambdas/adapters/dynamodb/items/booking';
import type { Booking } from '../../lambdas/domain/model';
import { EventLog } from '../../local/event-log';
import { EventDelivery, EventPublisher } from '../../local/event-publisher';
import type { Change } from '../../local/stream-follower';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const START = Date.parse('2030-01-01T00:00:00Z');

function freshLog(): EventLog {
  const dir = mkdtempSync(join(tmpdir(), 'publisher-'));
  dirs.push(dir);
  return new EventLog(dir, START);
}

const booking: Booking = {
  bookingId: 'b-1',
  hotelId: 'h-1',
  roomTypeId: 'king',
  checkIn: '2030-02-01',
  checkOut: '2030-02-03',
  rooms: 1,
  status: 'CONFIRMED',
  guest: { name: 'Ada', email: 'ada@example.com' },
  totalPrice: { amount: 100, currency: 'USD' },
  createdAt: new Date(START + 1_000).toISOString(),
  managedIn: 'us-east-1',
  requestHash: 'x',
  accessTokenHashes: ['y'],
  version: 1,
};

const item = (b: Partial<Booking>, by: string, at: number) =>
  BOOKING_ITEM.toItem({ ...booking, ...b }, { writtenBy: by as Booking['managedIn'], writtenAt: at });
const change = (
  oldImage: Record<string, unknown> | undefined,
  newImage: Record<string, unknown>,
): Change => ({
  eventName: oldImage ? 'MODIFY' : 'INSERT',
  keys: { pk: String(newImage.pk), sk: String(newImage.sk) },
  oldImage,
  newImage,
  sequenceNumber: '1',
});

const confirmedInUs = item({}, 'us-east-1', START + 1_000);
const checkedInInAsia = item({ status: 'CHECKED_IN', version: 2 }, 'ap-southeast-1', START + 5_000);

describe('the local publisher', () => {
  it("logs only its own region's status changes, after the log's start, each id once", async () => {
    const log = freshLog();
    const us = new EventPublisher('us-east-1', log);
    const before = item(
      { bookingId: 'old', createdAt: new Date(START - 5).toISOString() },
      'us-east-1',
      START - 5,
    );
    await us.apply([
      change(undefined, before),
      change(undefined, confirmedInUs),
      change(undefined, confirmedInUs),
      change(undefined, item({ bookingId: 'b-2' }, 'ap-southeast-1', START + 2_000)),
    ]);
    expect(log.slice(0, 10).map((e) => [e.id, e.region])).toEqual([['b-1:1', 'us-east-1']]);
  });

  it("after a handover, holds the new owner's change until the old owner's earlier event is logged", async () => {
    const log = freshLog();
    const us = new EventPublisher('us-east-1', log);
    const asia = new EventPublisher('ap-southeast-1', log);
    // The new owner's stream is ahead: its check-in arrives before the old owner published the booking.
    const held = asia.apply([change(item({}, 'us-east-1', START + 1_000), checkedInInAsia)]);
    await new Promise((r) => setTimeout(r, 50));
    expect(log.length).toBe(0);
    await us.apply([change(undefined, confirmedInUs)]);
    await held;
    expect(log.slice(0, 10).map((e) => [e.id, e.type, e.region])).toEqual([
      ['b-1:1', 'booking.confirmed', 'us-east-1'],
      ['b-1:6', 'booking.checked_in', 'ap-southeast-1'],
    ]);
  });

  it('does not wait for an event that was never published: the booking predates the log', async () => {
    const log = freshLog();
    const asia = new EventPublisher('ap-southeast-1', log);
    const old = { createdAt: new Date(START - 10).toISOString() };
    await asia.apply([
      change(
        item(old, 'us-east-1', START - 10),
        item({ ...old, status: 'CANCELLED', version: 2 }, 'ap-southeast-1', START + 9),
      ),
    ]);
    expect(log.slice(0, 10).map((e) => e.type)).toEqual(['booking.cancelled']);
  });
});

describe('local delivery', () => {
  it('counts a redirect as a failed delivery and keeps POSTing the event until a 2xx', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'delivery-'));
    dirs.push(dir);
    const log = new EventLog(dir, START);
    await new EventPublisher('us-east-1', log).apply([change(undefined, confirmedInUs)]);
    const seen: string[] = [];
    let redirects = 2;
    // The target redirects twice (a redirect followed would turn the POST into a GET to /elsewhere).
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${body ? JSON.parse(body).id : '-'}`);
        if (req.url === '/hook' && redirects-- > 0) res.writeHead(302, { location: '/elsewhere' }).end();
        else res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const delivery = new EventDelivery(url, log, dir, { firstMs: 5, maxMs: 10 });
    try {
      delivery.start();
      for (let i = 0; i < 200 && delivery.deliveredUpTo < 1; i++) await new Promise((r) => setTimeout(r, 10));
    } finally {
      await delivery.stop();
      server.close();
    }
    expect(seen).toEqual(['POST /hook b-1:1', 'POST /hook b-1:1', 'POST /hook b-1:1']);
    expect(delivery.deliveredUpTo).toBe(1);
  });
});
