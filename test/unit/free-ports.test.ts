import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ephemeralPortRange, freePortRun, isPortFree, portSpan } from '../../local/free-ports';

describe('free ports for local servers', () => {
  it('reads the kernel ephemeral range, and falls back to Linux default on anything else', () => {
    expect(ephemeralPortRange(() => '32768\t60999\n')).toEqual({ low: 32_768, high: 60_999 });
    expect(ephemeralPortRange(() => '1024 65535')).toEqual({ low: 1024, high: 65_535 });
    expect(ephemeralPortRange(() => 'nonsense')).toEqual({ low: 32_768, high: 60_999 });
    expect(ephemeralPortRange(() => '40000 30000')).toEqual({ low: 32_768, high: 60_999 });
    expect(
      ephemeralPortRange(() => {
        throw new Error('no /proc');
      }),
    ).toEqual({ low: 32_768, high: 60_999 });
  });

  it('hands out runs of free ports below the ephemeral range, never inside it', async () => {
    const range = { low: 12_000, high: 60_999 };
    for (let i = 0; i < 20; i++) {
      const first = await freePortRun(3, range);
      expect(first).toBeGreaterThanOrEqual(10_000);
      expect(first + 2).toBeLessThan(range.low);
    }
  });

  it('goes above the range when it starts too low to leave room below, up to port 65535', async () => {
    const first = await freePortRun(2, { low: 10_500, high: 50_000 });
    expect(first).toBeGreaterThan(50_000);
    expect(first + 1).toBeLessThanOrEqual(65_535);
    expect(portSpan(2, { low: 10_500, high: 50_000 })).toEqual({ from: 50_001, to: 65_534 });
  });

  it('never starts a run that would pass 65535, nor goes below 10000, whatever the range', () => {
    for (const range of [
      { low: 1024, high: 65_535 },
      { low: 10_500, high: 65_535 },
      { low: 1024, high: 5_000 },
      { low: 32_768, high: 60_999 },
      { low: 10_400, high: 64_900 },
    ]) {
      for (const count of [1, 2, 3, 4]) {
        const span = portSpan(count, range);
        expect(span.from).toBeGreaterThanOrEqual(10_000);
        expect(span.to).toBeGreaterThanOrEqual(span.from);
        expect(span.to + count - 1).toBeLessThanOrEqual(65_535);
      }
    }
    // No room outside a range that covers everything: any port from 10000, the race accepted.
    expect(portSpan(3, { low: 1024, high: 65_535 })).toEqual({ from: 10_000, to: 65_533 });
    // Neither side has room for 1,000 starts: the wider one.
    expect(portSpan(1, { low: 10_400, high: 64_900 })).toEqual({ from: 64_901, to: 65_535 });
  });

  it('tells a port something listens on from one just closed', async () => {
    const port = await freePortRun(1);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    try {
      expect(await isPortFree(port)).toBe(false);
    } finally {
      await new Promise((r) => server.close(r));
    }
    expect(await isPortFree(port)).toBe(true);
  });
});
