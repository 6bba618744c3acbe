/**
 * The one place where the local servers meet raw HTTP. A request whose line,
 * target, Host, headers or body cannot be parsed is a 400 in the contract's shape,
 * whether node:http's parser finds it ('clientError') or the guard does; anything
 * a handler throws is a 500 without a stack. Nothing a client sends can reach the
 * process as an uncaught error, so no request stops the environment.
 */
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';
import { ValidationFailed } from '../lambdas/domain/errors';
import { errorResponse } from '../lambdas/http/error-responses';

/** A request that cannot be parsed: the contract's 400 `VALIDATION`. */
export class UnparseableRequest extends ValidationFailed {}

/** A request handler that gets the request's target already parsed and checked. */
export type GuardedListener = (req: IncomingMessage, res: ServerResponse, url: URL) => unknown;

export interface GuardOptions {
  /** Added to every answer the guard writes itself (CORS on the APIs, security headers on the web). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Told of each error that became a 500, with the correlation id its answer carries. */
  readonly onUnexpectedError?: (error: unknown, correlationId: string) => void;
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 500: 'Internal Server Error' };

// A Host is a reg-name or IP literal with an optional port (RFC 3986 3.2.2); no path, userinfo or spaces.
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]+)(?::(\d{0,5}))?$/;

/** Why node:http's parser gave up, in words for the caller (never the parser's internals). */
function parserMessage(code: string | undefined): string {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return 'The request headers are too large';
    case 'HPE_INVALID_EOF_STATE':
      return 'The request ended before it was complete';
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'HPE_HEADERS_TIMEOUT':
      return 'The request did not arrive in time';
    default:
      return 'The request could not be parsed as HTTP/1.1';
  }
}

/**
 * The request's target as a URL, once its version, Host and target are known to be
 * sound; throws UnparseableRequest otherwise.
 */
export function parseRequestTarget(
  req: Pick<IncomingMessage, 'url' | 'httpVersionMajor' | 'httpVersionMinor' | 'rawHeaders'>,
): URL {
  if (req.httpVersionMajor !== 1) throw new UnparseableRequest('Only HTTP/1.0 and HTTP/1.1 are served');
  const hosts: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    if (req.rawHeaders[i]?.toLowerCase() === 'host') hosts.push(req.rawHeaders[i + 1] ?? '');
  // HTTP/1.1 requires exactly one Host; HTTP/1.0 may omit it (RFC 9112 3.2).
  if (hosts.length > 1 || (hosts.length === 0 && req.httpVersionMinor >= 1))
    throw new UnparseableRequest('A request needs exactly one Host header');
  const host = hosts[0];
  if (host !== undefined) {
    const match = HOST.exec(host);
    if (!match || Number(match[1] ?? 0) > 65_535 || !URL.canParse(`http://${host}/`))
      throw new UnparseableRequest('The Host header is not a valid host');
  }
  const target = req.url ?? '';
  // Origin-form only: these servers are no proxy, so absolute-form, authority-form and "*" are refused.
  if (!target.startsWith('/')) throw new UnparseableRequest('The request target must be a path');
  let url: URL;
  try {
    // Appended to an origin, not resolved against one: "//x" stays a path and never becomes a host.
    url = new URL(`http://localhost${target}`);
  } catch {
    throw new UnparseableRequest('The request target cannot be parsed');
  }
  try {
    decodeURIComponent(url.pathname);
  } catch {
    throw new UnparseableRequest('The path has invalid percent-encoding');
  }
  return url;
}

/** The error as an answer: parse problems are 400, anything else a 500 that names only a correlation id. */
function answerFor(error: unknown, options: GuardOptions) {
  const parseProblem =
    error instanceof URIError || (error as { code?: unknown } | null)?.code === 'ERR_INVALID_URL';
  const correlationId = randomUUID();
  const { response, unexpected } = errorResponse(
    parseProblem ? new UnparseableRequest('The request cannot be parsed') : error,
    correlationId,
  );
  if (unexpected) {
    try {
      options.onUnexpectedError?.(error, correlationId);
    } catch {
      // A failing logger must not turn one bad request into a crash.
    }
  }
  return { ...response, headers: { ...response.headers, ...options.headers } };
}

/** Writes a whole answer on a raw socket, then closes it: the parser's state is lost, so no reuse. */
function answerOnSocket(socket: Duplex, error: unknown, options: GuardOptions): void {
  // A half-written response must not be followed by another one: just drop the connection.
  const inFlight = (socket as { _httpMessage?: ServerResponse })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const { statusCode, headers, body } = answerFor(error, options);
  const lines = [`HTTP/1.1 ${statusCode} ${STATUS_TEXT[statusCode] ?? 'Error'}`];
  for (const [name, value] of Object.entries({
    ...headers,
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  }))
    lines.push(`${name}: ${value}`);
  // end, not write: nothing a pending handler writes later can follow this answer on the wire.
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
  // Bounded: a client that never reads must not keep the socket open.
  setTimeout(() => socket.destroy(), 2_000).unref();
}

/** Answers a request's failure on its response when it still can; otherwise drops the connection. */
function answerOnResponse(res: ServerResponse, error: unknown, options: GuardOptions): void {
  const { statusCode, headers, body } = answerFor(error, options);
  // The answer is already whole: nothing to add, and nothing to cut short.
  if (res.writableEnded) return;
  // Half an answer is out and another cannot follow it: the connection goes.
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  // Closed after: whatever follows a request that could not be understood is not trusted either.
  res.writeHead(statusCode, {
    ...headers,
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  });
  res.end(body);
}

/** `listener` with every request's target checked first and every error it throws (sync or async) answered. */
export function guardRequests(listener: GuardedListener, options: GuardOptions = {}): RequestListener {
  return (req, res) => {
    // An 'error' event without a listener would be thrown at the process.
    res.on('error', () => res.destroy());
    const fail = (error: unknown) => {
      try {
        answerOnResponse(res, error, options);
      } catch {
        res.destroy();
      }
    };
    try {
      const url = parseRequestTarget(req);
      Promise.resolve(listener(req, res, url)).catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}

/** Makes node:http's own parse errors, and CONNECT requests, 400s in the contract's shape on `server`. */
export function guardParser(server: Server, options: GuardOptions = {}): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // Further errors on a socket being given up on are expected; unheard, they would be thrown.
    socket.on('error', () => undefined);
    // The peer is gone: there is nobody to answer.
    if (error.code === 'ECONNRESET' || error.code === 'EPIPE') {
      socket.destroy();
      return;
    }
    answerOnSocket(socket, new UnparseableRequest(parserMessage(error.code)), options);
  });
  // Without a listener node drops CONNECT silently; these servers tunnel nothing.
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => undefined);
    answerOnSocket(socket, new UnparseableRequest('The request target must be a path'), options);
  });
}

/**
 * Resolves once the whole request has arrived; rejects when it never will (the body
 * was cut short, or the connection dropped).
 */
export function requestReceived(req: IncomingMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (req.complete) return resolve();
    const incomplete = () => reject(new UnparseableRequest('The request did not arrive in full'));
    req.once('end', () => resolve());
    req.once('error', incomplete);
    req.once('close', () => (req.complete ? resolve() : incomplete()));
    req.resume();
  });
}

/** A node:http server whose every request and parser error goes through the guard. */
export function createGuardedServer(listener: GuardedListener, options: GuardOptions = {}): Server {
  // The guard checks Host itself, so that its absence is a 400 in the contract's shape, not node's bare 400.
  const server = createServer({ requireHostHeader: false }, guardRequests(listener, options));
  guardParser(server, options);
  return server;
}
