/** The local servers' HTTP guard, on a bare node:http server: no environment, no database. */
import type { Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createGuardedServer,
  type GuardedListener,
  parseRequestTarget,
  requestReceived,
  UnparseableRequest,
} from '../../local/http-guard';

const request = (url: string, rawHeaders: string[] = ['Host', 'localhost:3000'], minor = 1, major = 1) => ({
  url,
  rawHeaders,
  httpVersionMajor: major,
  httpVersionMinor: minor,
});

describe('parseRequestTarget', () => {
  it('parses an origin-form target, query and all', () => {
    const url = parseRequestTarget(request('/v1/hotels/search?q=caf%C3%A9&limit=5'));
    expect(url.pathname).toBe('/v1/hotels/search');
    expect(url.searchParams.get('q')).toBe('café');
  });

  it('keeps "//x" a path, never a host', () => {
    expect(parseRequestTarget(request('//evil.example/x')).pathname).toBe('//evil.example/x');
  });

  it.each([
    ['bad percent-encoding', request('/%ZZ')],
    ['percent-encoding that is not UTF-8', request('/%C0%AF')],
    ['an absolute-form target', request('http://example.com/health')],
    ['an unparseable absolute target', request('http://[::1')],
    ['an authority-form target', request('example.com:443')],
    ['an asterisk target', request('*')],
    ['an empty target', request('')],
    ['HTTP/0.9', request('/', [], 9, 0)],
    ['HTTP/2 framing', request('/', ['Host', 'a'], 0, 2)],
    ['no Host on HTTP/1.1', request('/', [])],
    ['two Host headers', request('/', ['Host', 'a', 'host', 'b'])],
    ['an empty Host', request('/', ['Host', ''])],
    ['a Host with a space', request('/', ['Host', 'local host'])],
    ['a Host with a path', request('/', ['Host', 'a/b'])],
    ['a Host with userinfo', request('/', ['Host', 'user@a'])],
    ['a Host with a port out of range', request('/', ['Host', 'a:70000'])],
    ['a broken IP literal', request('/', ['Host', '[zz]'])],
  ])('refuses %s as unparseable', (_, req) => {
    expect(() => parseRequestTarget(req)).toThrow(UnparseableRequest);
  });

  it.each([
    ['HTTP/1.0 without Host', request('/', [], 0)],
    ['an IPv6 Host', request('/', ['Host', '[::1]:3000'])],
    ['a Host with an empty port', request('/', ['Host', 'localhost:'])],
    ['a container-style Host', request('/', ['host', 'my_service.local'])],
  ])('accepts %s', (_, req) => {
    expect(parseRequestTarget(req).pathname).toBe('/');
  });
});

describe('a guarded server', () => {
  const unexpected: Array<{ error: unknown; correlationId: string }> = [];
  const escaped: unknown[] = [];
  const onEscape = (error: unknown) => escaped.push(error);
  let server: Server;
  let port: number;

  const routes: Record<string, GuardedListener> = {
    '/ok': (_req, res, url) => res.end(`ok ${url.searchParams.get('q')}`),
    '/throws': () => {
      throw new Error('boom at /secret/path.ts:1');
    },
    '/rejects': async () => {
      await new Promise((r) => setTimeout(r, 5));
      throw new Error('late boom');
    },
    '/uri-error': () => decodeURIComponent('%'),
    '/half-written': async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
      await new Promise((r) => setTimeout(r, 20));
      throw new Error('mid-answer');
    },
    '/ends-then-throws': async (_req, res) => {
      res.end('whole');
      await new Promise((r) => setTimeout(r, 5));
      throw new Error('after the answer');
    },
    '/whole-request': async (req, res) => {
      await requestReceived(req);
      res.end('received');
    },
  };

  beforeAll(async () => {
    process.on('uncaughtException', onEscape);
    process.on('unhandledRejection', onEscape);
    server = createGuardedServer((req, res, url) => routes[url.pathname]?.(req, res, url) ?? res.end(), {
      headers: { 'x-guard': 'yes' },
      onUnexpectedError: (error, correlationId) => unexpected.push({ error, correlationId }),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    process.off('uncaughtException', onEscape);
    process.off('unhandledRejection', onEscape);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  afterEach(() => {
    expect(escaped.splice(0).map(String)).toEqual([]);
  });

  /** Raw bytes in, everything the server sent until it closed (or 2 s passed) out. */
  const exchange = (bytes: string, halfClose = false) =>
    new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      const done = (closed: boolean) => {
        clearTimeout(timer);
        socket.destroy();
        resolve(`${Buffer.concat(chunks).toString('latin1')}${closed ? '' : TIMED_OUT}`);
      };
      const timer = setTimeout(() => done(false), 2_000);
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('error', () => undefined);
      socket.on('close', () => done(true));
      socket.write(Buffer.from(bytes, 'latin1'), () => halfClose && socket.end());
    });
  /** Appended when the server left the connection open. */
  const TIMED_OUT = '<still open>';
  const base = () => `http://127.0.0.1:${port}`;

  it('passes a valid request through with its parsed target', async () => {
    const res = await fetch(`${base()}/ok?q=caf%C3%A9`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok café');
  });

  it.each(['/throws', '/rejects'])('answers %s with a 500 that names only a correlation id', async (path) => {
    const res = await fetch(`${base()}${path}`);
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-guard')).toBe('yes');
    const body = (await res.json()) as { error: { code: string; message: string; details: unknown } };
    expect(body.error.code).toBe('INTERNAL');
    expect(JSON.stringify(body)).not.toMatch(/boom|secret|\.ts:/);
    const told = unexpected.pop();
    expect(told?.error).toBeInstanceOf(Error);
    expect(body.error.details).toEqual({ correlationId: told?.correlationId });
  });

  it('answers a parse error a handler throws (URIError) with a 400, not a 500', async () => {
    const res = await fetch(`${base()}/uri-error`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION');
  });

  it('drops the connection when a handler throws after its answer began, and serves the next one', async () => {
    const raw = await exchange('GET /half-written HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(raw).toContain('partial');
    expect(raw).not.toContain('HTTP/1.1 500');
    expect(raw).not.toContain(TIMED_OUT);
    expect((await fetch(`${base()}/ok?q=next`)).status).toBe(200);
  });

  it('leaves an answer that is already whole alone, and still reports the error', async () => {
    unexpected.length = 0;
    const res = await fetch(`${base()}/ends-then-throws`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('whole');
    await new Promise((r) => setTimeout(r, 20));
    expect(unexpected.map(({ error }) => String(error))).toEqual(['Error: after the answer']);
  });

  it.each([
    ['a bad path', 'GET /%ZZ HTTP/1.1\r\nHost: a\r\n\r\n'],
    ['a bad request line (the parser)', 'GARBAGE\r\n\r\n'],
    ['an over-long header (the parser)', `GET / HTTP/1.1\r\nHost: a\r\nX: ${'a'.repeat(20_000)}\r\n\r\n`],
    ['a CONNECT request', 'CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n'],
  ])('answers %s with a 400 in the contract shape and closes', async (_, bytes) => {
    const raw = await exchange(bytes);
    expect(raw).not.toContain(TIMED_OUT);
    const [head = '', body = ''] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head.toLowerCase()).toContain('content-type: application/json');
    expect(head.toLowerCase()).toContain('x-guard: yes');
    expect(JSON.parse(body)).toEqual({ error: { code: 'VALIDATION', message: expect.any(String) } });
  });

  it('answers a body cut short with one 400, never with the handler’s answer', async () => {
    const raw = await exchange(
      'POST /whole-request HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc',
      true,
    );
    expect(raw.match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 400']);
    expect(raw).not.toContain('received');
    expect(raw).not.toContain(TIMED_OUT);
    expect((await fetch(`${base()}/whole-request`, { method: 'POST', body: 'abc' })).status).toBe(200);
  });
});
