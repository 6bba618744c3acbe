/**
 * Free TCP ports for servers this machine starts (DynamoDB Local, OpenSearch, a test's
 * regions), drawn from below the kernel's ephemeral range. A port taken from that range
 * (port 0's answer, or a random one in it) is free only until the next outgoing
 * connection: between the check and a JVM's bind, seconds later, the kernel may hand it
 * to any client socket of the machine, and the server fails with EADDRINUSE. The kernel
 * never gives a port outside the range to a connection that did not ask for it.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The lowest port handed out here: above the registered services' common ports. */
const LOWEST = 10_000;
/** Linux's default ephemeral range, for a system that does not say its own. */
const DEFAULT_EPHEMERAL = { low: 32_768, high: 60_999 };

/** The kernel's ephemeral port range (`/proc/sys/net/ipv4/ip_local_port_range`), or Linux's default. */
export function ephemeralPortRange(
  read: () => string = () => readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8'),
): { low: number; high: number } {
  try {
    const [low, high] = read().trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high) && (low as number) <= (high as number))
      return { low: low as number, high: high as number };
  } catch {
    // Not Linux, or no /proc: the default below.
  }
  return DEFAULT_EPHEMERAL;
}

/** True when nothing listens on `port` of 127.0.0.1 right now. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Where runs of `count` ports may start: below the ephemeral range, else above it, whichever
 * leaves room for 1,000 starts (the wider one when neither does); anywhere from LOWEST up when
 * the range leaves no room outside it at all, where the race described above stays possible.
 */
export function portSpan(count: number, range: { low: number; high: number }): { from: number; to: number } {
  const below = { from: LOWEST, to: range.low - count };
  const above = { from: Math.max(range.high + 1, LOWEST), to: 65_536 - count };
  const usable = [below, above].filter((s) => s.to >= s.from);
  const width = (s: { from: number; to: number }) => s.to - s.from;
  return (
    usable.find((s) => width(s) >= 1_000) ??
    usable.sort((a, b) => width(b) - width(a))[0] ?? { from: LOWEST, to: 65_536 - count }
  );
}

/**
 * The first of `count` consecutive free ports outside the ephemeral range (see portSpan),
 * tried at random places; throws after 50 tries.
 */
export async function freePortRun(
  count = 1,
  range: { low: number; high: number } = ephemeralPortRange(),
): Promise<number> {
  const span = portSpan(count, range);
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = span.from + Math.floor(Math.random() * (span.to - span.from + 1));
    let free = true;
    for (let i = 0; i < count && free; i++) free = await isPortFree(first + i);
    if (free) return first;
  }
  throw new Error('no free ports');
}

/** A TCP port nobody listens on right now, outside the ephemeral range where the system has room for it. */
export function freePort(): Promise<number> {
  return freePortRun(1);
}
