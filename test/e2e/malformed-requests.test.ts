/**
 * Malformed requests, sent as raw bytes over TCP to every port of the running local
 * environment: each is a 400 in the contract's shape, and nothing stops the environment
 * or disturbs any other request.
 */
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issueHotelierToken } from '../../lambdas/adapters/auth/local-jwt';
import { REGIONS } from '../../lambdas/domain/regions';
import { localEnvironmentForFile } from '../support/local';

const local = localEnvironmentForFile('malformed');

/** Anything thrown past the servers: in `npm start` each of these would have ended the process. */
const escaped: unknown[] = [];
const onEscape = (error: unknown) => escaped.push(error);

beforeAll(() => {
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
});
afterAll(() => {
  process.off('uncaughtException', onEscape);
  process.off('unhandledRejection', onEscape);
});
afterEach(() => {
  // Emptied each time, so that each test answers for its own requests.
  expect(escaped.splice(0).map(String)).toEqual([]);
});

const PORTS = ['web', ...REGIONS] as const;
const portOf = (name: (typeof PORTS)[number]) => Number(new URL(local.env.urls[name]).port);

/** How the client leaves after writing: waits for the answer, half-closes, or drops the connection. */
type Ending = 'wait' | 'half-close' | 'abort';

/** Writes `request` as raw bytes and returns everything the server sent until it closed (or a timeout). */
function exchange(
  port: number,
  request: string,
  ending: Ending = 'wait',
  timeoutMs = 4_000,
): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', done);
    socket.write(Buffer.from(request, 'latin1'), () => {
      if (ending === 'half-close') socket.end();
      if (ending === 'abort') socket.destroy();
    });
  });
}

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Every HTTP answer in a raw byte stream, in order (a connection may carry more than one). */
function answersIn(raw: string): RawAnswer[] {
  const answers: RawAnswer[] = [];
  let rest = raw;
  while (rest.startsWith('HTTP/1.1 ')) {
    const split = rest.indexOf('\r\n\r\n');
    if (split < 0) break;
    const [statusLine = '', ...lines] = rest.slice(0, split).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    rest = rest.slice(split + 4);
    let body = '';
    if (headers['content-length'] !== undefined) {
      body = rest.slice(0, Number(headers['content-length']));
      rest = rest.slice(body.length);
    } else if (headers['transfer-encoding'] === 'chunked') {
      for (;;) {
        const eol = rest.indexOf('\r\n');
        const size = Number.parseInt(rest.slice(0, eol), 16);
        rest = rest.slice(eol + 2);
        if (!(size > 0)) {
          rest = rest.slice(2);
          break;
        }
        body += rest.slice(0, size);
        rest = rest.slice(size + 2);
      }
    } else {
      [body, rest] = [rest, ''];
    }
    answers.push({ status: Number(statusLine.split(' ')[1]), headers, body });
  }
  return answers;
}

/** The last HTTP answer on a connection. */
const lastAnswer = (raw: string): RawAnswer | undefined => answersIn(raw).at(-1);

const HOST = 'Host: localhost\r\nConnection: close\r\n';

const MALFORMED: ReadonlyArray<{ name: string; request: string; ending?: Ending }> = [
  { name: 'bad percent-encoding in the path', request: `GET /%ZZ HTTP/1.1\r\n${HOST}\r\n` },
  { name: 'percent-encoding that is not UTF-8', request: `GET /v1/hotels/%C0%AF HTTP/1.1\r\n${HOST}\r\n` },
  { name: 'a raw byte above 0x7f in the path', request: `GET /caf\xe9 HTTP/1.1\r\n${HOST}\r\n` },
  { name: 'a request line that is not one', request: 'GARBAGE\r\n\r\n' },
  { name: 'an HTTP/0.9 request line', request: 'GET /\r\n\r\n' },
  { name: 'an unknown HTTP version', request: `GET / HTTP/9.9\r\n${HOST}\r\n` },
  { name: 'bare LF line endings', request: 'GET / HTTP/1.1\nHost: localhost\n\n' },
  { name: 'a NUL byte in a header value', request: `GET / HTTP/1.1\r\n${HOST}X-Bad: a\x00b\r\n\r\n` },
  { name: 'a space in a header name', request: `GET / HTTP/1.1\r\n${HOST}Bad Header: x\r\n\r\n` },
  { name: 'an absolute-form target', request: `GET http://example.com/health HTTP/1.1\r\n${HOST}\r\n` },
  { name: 'an unparseable absolute target', request: `GET http://[::1 HTTP/1.1\r\n${HOST}\r\n` },
  { name: 'a target that is not a path', request: `GET health HTTP/1.1\r\n${HOST}\r\n` },
  { name: 'an asterisk target', request: `OPTIONS * HTTP/1.1\r\n${HOST}\r\n` },
  {
    name: 'a CONNECT tunnel request',
    request: 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
  },
  {
    name: 'a Host with a space in it',
    request: 'GET /health HTTP/1.1\r\nHost: local host\r\nConnection: close\r\n\r\n',
  },
  {
    name: 'a Host with a path in it',
    request: 'GET /health HTTP/1.1\r\nHost: a/b\r\nConnection: close\r\n\r\n',
  },
  {
    name: 'two Host headers',
    request: 'GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n',
  },
  { name: 'no Host on HTTP/1.1', request: 'GET /health HTTP/1.1\r\nConnection: close\r\n\r\n' },
  {
    name: 'Content-Length together with Transfer-Encoding (smuggling)',
    request: `POST /v1/manage/hotels HTTP/1.1\r\n${HOST}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
  },
  {
    name: 'two different Content-Lengths',
    request: `POST /v1/manage/hotels HTTP/1.1\r\n${HOST}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}x`,
  },
  {
    name: 'a Transfer-Encoding that does not end in chunked',
    request: `POST /v1/manage/hotels HTTP/1.1\r\n${HOST}Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n`,
  },
  { name: 'an over-long header', request: `GET / HTTP/1.1\r\n${HOST}X-Long: ${'a'.repeat(20_000)}\r\n\r\n` },
  {
    name: 'a body shorter than its Content-Length',
    request: `POST /v1/manage/hotels HTTP/1.1\r\n${HOST}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":`,
    ending: 'half-close',
  },
  {
    name: 'a body longer than its Content-Length',
    request: `POST /v1/manage/hotels HTTP/1.1\r\n${HOST}Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}GARBAGE\r\n\r\n`,
  },
  {
    name: 'a bad chunk size',
    request: `POST /v1/manage/hotels HTTP/1.1\r\n${HOST}Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
  },
  {
    name: 'a request cut off inside its headers',
    request: `GET /health HTTP/1.1\r\nHost: localhost\r\nX-Half: abc`,
    ending: 'half-close',
  },
];

describe('malformed requests to every port of the local environment', () => {
  describe.each(PORTS)('the %s port', (port) => {
    it.each(MALFORMED)('answers $name with a 400 in the contract shape', async ({ request, ending }) => {
      const raw = await exchange(portOf(port), request, ending);
      // One answer: never a page or an API answer for a request that was not whole.
      expect(
        answersIn(raw).map((a) => a.status),
        raw.slice(0, 300),
      ).toEqual([400]);
      const answer = lastAnswer(raw);
      expect(answer?.headers['content-type']).toMatch(/^application\/json/);
      const body = JSON.parse(answer?.body ?? '');
      expect(body).toEqual({ error: { code: 'VALIDATION', message: expect.any(String) } });
      expect(body.error.message).not.toMatch(/\bat \S+:\d+/); // no stack trace
    });

    it('answers a path that only looks odd ("//") like any other path, and keeps serving', async () => {
      const answer = lastAnswer(await exchange(portOf(port), `GET // HTTP/1.1\r\n${HOST}\r\n`));
      expect(answer?.status).toBe(port === 'web' ? 200 : 404);
    });

    it('shrugs off connections dropped mid-request, and answers the next one', async () => {
      for (const cut of [
        'GET /health HTT',
        `GET /health HTTP/1.1\r\n${HOST}X-Half: abc`,
        `POST /v1/manage/hotels HTTP/1.1\r\n${HOST}Content-Length: 50\r\n\r\n{"na`,
      ])
        expect(await exchange(portOf(port), cut, 'abort', 1_000)).toBe('');
      const path = port === 'web' ? '/config.json' : '/health';
      const answer = lastAnswer(await exchange(portOf(port), `GET ${path} HTTP/1.1\r\n${HOST}\r\n`));
      expect(answer?.status).toBe(200);
    });
  });

  it('never disturbs valid requests in flight at the same time', async () => {
    const valid = Array.from({ length: 12 }, (_, i) => {
      const region = REGIONS[i % 2] ?? 'us-east-1';
      return fetch(`${local.env.urls[region]}/v1/hotels/search?q=&limit=5`).then(async (res) => ({
        status: res.status,
        items: ((await res.json()) as { items: unknown[] }).items.length,
      }));
    });
    const hostile = PORTS.flatMap((port) =>
      MALFORMED.map(({ request, ending }) => exchange(portOf(port), request, ending)),
    );
    const [answers] = await Promise.all([Promise.all(valid), Promise.all(hostile)]);
    expect(answers).toEqual(Array(12).fill({ status: 200, items: 5 }));
  });

  it('is still whole afterwards: both regions healthy, the web page served, writes replicated', async () => {
    const { env } = local;
    for (const region of REGIONS) {
      const health = await fetch(`${env.urls[region]}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', region });
    }
    const page = await fetch(env.urls.web);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<main id="main"');

    const token = await issueHotelierToken(env.jwtKeys, 'malformed-hotelier');
    const create = (country: string) =>
      fetch(`${env.urls['us-east-1']}/v1/manage/hotels`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Still Standing Inn', city: 'Boston', country }),
      });
    // Owned by the other region: forwarded over its guarded forward channel.
    const forwarded = await create('SG');
    expect(forwarded.status).toBe(201);
    expect(((await forwarded.json()) as { managedIn: string }).managedIn).toBe('ap-southeast-1');

    const made = await create('US');
    expect(made.status).toBe(201);
    const { hotelId, managedIn } = (await made.json()) as { hotelId: string; managedIn: string };
    expect(managedIn).toBe('us-east-1');
    // Read from the other region's own copy: it gets there only by replication.
    const deadline = Date.now() + 15_000;
    let replicated: Response;
    for (;;) {
      replicated = await fetch(`${env.urls['ap-southeast-1']}/v1/hotels/${hotelId}`);
      if (replicated.status === 200 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(replicated.status).toBe(200);
    expect(replicated.headers.get('x-served-region')).toBe('ap-southeast-1');
    expect(await replicated.json()).toMatchObject({ hotelId, name: 'Still Standing Inn' });
  });
});
