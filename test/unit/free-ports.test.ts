import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ephemeralPortRange, freePortRun, isPortFree } from '../../local/free-ports';

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

  it('goes above the range when it starts too low to leave room below', async () => {
    const first = await freePortRun(2, { low: 10_500, high: 50_000 });
    expect(first).toBeGreaterThan(50_000);
    expect(first + 1).toBeLessThanOrEqual(65_535);
  });

  it('tells a port something listens on from a free one', async () => {
    const server = createServer();
    const taken = await freePortRun(1);
    await new Promise<void>((r) => server.listen(taken, '127.0.0.1', () => r()));
    try {
      expect(await isPortFree(taken)).toBe(false);
      expect(await isPortFree(await freePortRun(1))).toBe(true);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
