/**
 * `npx tsx bench/forward-client.ts [rounds] [pauseMs]`: what the local forward's HTTP client
 * costs, client and server in one process as the two local regions are. One envelope-sized POST
 * per client in turn, each after a pause (as a quiet booking comes after one): fetch (undici,
 * kept-alive), node:http on a connection of its own (what `HttpForwarder` does for an unkeyed
 * write), and node:http over a kept-alive connection (what it does for a keyed one; see http-forwarder.ts).
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { percentile } from '../local/percentile';

/** p50 and p90 ms of each client. */
export async function benchForwardClient(rounds = 200, pauseMs = 50): Promise<Record<string, number[]>> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/internal/forward`;
  const body = JSON.stringify({ method: 'POST', path: '/v1/hotels/h/bookings', body: 'x'.repeat(300) });
  const keptAlive = new Agent({ keepAlive: true });
  const viaHttp = (agent: Agent | false) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', resolve);
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const clients: Record<string, () => Promise<unknown>> = {
    fetch: async () =>
      (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text(),
    'node:http, own connection': () => viaHttp(false),
    'node:http, kept alive': () => viaHttp(keptAlive),
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(clients).map((k) => [k, []]));
  try {
    for (let i = 0; i < rounds + 5; i++)
      for (const [name, post] of Object.entries(clients)) {
        await new Promise((r) => setTimeout(r, pauseMs));
        const started = performance.now();
        await post();
        if (i >= 5) times[name]?.push(performance.now() - started);
      }
  } finally {
    keptAlive.destroy();
    server.closeAllConnections();
    server.close();
  }
  const round = (n: number | undefined) => Math.round((n ?? Number.NaN) * 100) / 100;
  return Object.fromEntries(
    Object.entries(times).map(([k, xs]) => [k, [round(percentile(xs, 0.5)), round(percentile(xs, 0.9))]]),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await benchForwardClient(Number(process.argv[2] ?? 200), Number(process.argv[3] ?? 50));
  process.stdout.write('| client | p50 ms | p90 ms |\n| --- | --- | --- |\n');
  for (const [name, [p50, p90]] of Object.entries(result))
    process.stdout.write(`| ${name} | ${p50} | ${p90} |\n`);
}
