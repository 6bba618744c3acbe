/** The local event log and delivery schedule: durable across restarts, no id twice, bounded jittered backoff. */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BookingEvent } from '../../lambdas/events/booking-event';
import { EventLog, eventLogFile } from '../../local/event-log';
import { backoffDelay } from '../../local/event-publisher';

const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'event-log-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const event = (bookingId: string, sequence: number, type = 'booking.confirmed') =>
  ({ id: `${bookingId}:${sequence}`, bookingId, sequence, type }) as unknown as BookingEvent;

describe('the local event log', () => {
  it('keeps its events and its start across a reopen, and never logs an id twice', async () => {
    const dir = dataDir();
    const log = new EventLog(dir, 1_000);
    expect(await log.append([event('a', 1), event('b', 1), event('a', 1)])).toBe(2);
    await log.close();
    const reopened = new EventLog(dir, 9_999);
    expect(reopened.publishFrom).toBe(1_000);
    expect(reopened.length).toBe(2);
    expect(await reopened.append([event('a', 1), event('a', 2, 'booking.cancelled')])).toBe(1);
    expect(reopened.hasType('a', 'booking.cancelled')).toBe(true);
    expect(reopened.slice(0, 10).map((e) => e.id)).toEqual(['a:1', 'b:1', 'a:2']);
    await reopened.close();
  });

  it('runs appends one after another: two at once never log an id twice', async () => {
    const dir = dataDir();
    const log = new EventLog(dir);
    const counts = await Promise.all([
      log.append([event('a', 1)]),
      log.append([event('a', 1), event('b', 1)]),
    ]);
    expect(counts).toEqual([1, 1]);
    await log.close();
    const lines = readFileSync(eventLogFile(dir), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(['a:1', 'b:1']);
  });

  it('drops a torn last line left by a crash mid-append, and appends after it cleanly', async () => {
    const dir = dataDir();
    const log = new EventLog(dir);
    await log.append([event('a', 1)]);
    await log.close();
    appendFileSync(eventLogFile(dir), '{"id":"b:1","bookingId":"b"');
    const reopened = new EventLog(dir);
    expect(reopened.length).toBe(1);
    await reopened.append([event('b', 1)]);
    await reopened.close();
    const lines = readFileSync(eventLogFile(dir), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(['a:1', 'b:1']);
  });
});

describe('delivery backoff', () => {
  it('doubles from the first wait, never exceeds the cap, and is jittered', () => {
    const policy = { firstMs: 50, maxMs: 2_000 };
    expect(backoffDelay(1, policy, () => 1)).toBe(50);
    expect(backoffDelay(3, policy, () => 1)).toBe(200);
    for (let attempt = 1; attempt < 100; attempt++)
      expect(backoffDelay(attempt, policy)).toBeLessThanOrEqual(2_000);
    expect(backoffDelay(40, policy, () => 0)).toBe(1_000);
    const waits = new Set(Array.from({ length: 20 }, () => backoffDelay(10, policy)));
    expect(waits.size).toBeGreaterThan(1);
  });
});
