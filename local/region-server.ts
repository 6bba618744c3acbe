/**
 * One region's API on this machine: a node:http server that turns each request
 * into an API Gateway v2 event and calls the same handlers Lambda runs. It plays
 * API Gateway's parts too: the JWT authorizer on /v1/manage/* and /v1/admin/*
 * (the services' hotelier token verifier, which the forward receiver checks with too) and CORS; and it serves the internal forward channel, which only
 * accepts envelopes signed with the local secret (the stand-in for IAM).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  FORWARD_PATH,
  SIGNATURE_HEADER,
  verifySignature,
} from '../lambdas/adapters/forwarding/http-forwarder';
import { Unauthorized } from '../lambdas/domain/errors';
import { createApiHandler, createForwardReceiver } from '../lambdas/handlers/lambda-entry';
import type { DispatchObserver } from '../lambdas/http/dispatch';
import { errorResponse, PayloadTooLarge } from '../lambdas/http/error-responses';
import type { RegionServices } from '../lambdas/http/region-services';
import { API_FUNCTION_TIMEOUT_MS, CORS } from '../lambdas/infrastructure-contract';
import { apiGatewayEvent, localLambdaContext } from './api-gateway-event';
import { createGuardedServer, type GuardedListener, UnparseableRequest } from './http-guard';

/** Bodies beyond this are refused before they are read in full (the API's own limit is 64 KiB). */
const MAX_READ_BYTES = 1024 * 1024;

export interface RegionServerOptions {
  readonly services: RegionServices;
  readonly port: number;
  readonly host?: string;
  readonly forwardSecret: string;
  readonly watcher?: DispatchObserver;
  /** Told when each request starts and when its answer has gone (what the write signal holds nudges for). */
  readonly inFlight?: { begin(): void; end(): void };
}

const CORS_HEADERS = {
  'access-control-allow-origin': CORS.allowOrigins.join(','),
  // API Gateway answers preflight requests itself; here this server does, so it names OPTIONS too.
  'access-control-allow-methods': [...CORS.allowMethods, 'OPTIONS'].join(','),
  'access-control-allow-headers': CORS.allowHeaders.join(','),
  'access-control-expose-headers': CORS.exposeHeaders.join(','),
  'access-control-max-age': String(CORS.maxAgeSeconds),
};

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_READ_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length ? Buffer.concat(chunks).toString('utf8') : undefined));
    req.on('error', reject);
    // A connection closed mid-body ends neither way; without this the request would wait forever.
    req.on('close', () => {
      if (!req.complete) reject(new UnparseableRequest('The request body did not arrive in full'));
    });
  });
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { ...CORS_HEADERS, ...headers });
  res.end(body);
}

/** Starts the region's API; resolves once it listens. */
export async function startRegionServer(
  options: RegionServerOptions,
): Promise<{ server: Server; url: string }> {
  const { services, forwardSecret, watcher } = options;
  // The authorizer's check, and the forward receiver's: one verifier, the local key pair's.
  const tokens = services.hotelierTokens;
  if (!tokens) throw new Error('The local API needs the services to check hotelier tokens');
  const handlers = {
    public: createApiHandler('public', () => services, watcher),
    manage: createApiHandler('manage', () => services, watcher),
    admin: createApiHandler('admin', () => services, watcher),
    forward: createForwardReceiver(() => services, watcher),
  };
  // The guard has parsed the target (a bad one is its 400) and answers whatever escapes here.
  const serve: GuardedListener = async (req, res, url) => {
    const started = performance.now();
    if (options.inFlight) {
      const { inFlight } = options;
      inFlight.begin();
      res.once('close', () => inFlight.end());
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const refuse = (error: unknown) => {
      const { response } = errorResponse(error, '');
      watcher?.onRequest?.({
        region: services.region,
        method,
        route: url.pathname,
        status: response.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
        correlationId: '',
      });
      send(res, response.statusCode, response.headers, response.body);
    };
    try {
      if (method === 'OPTIONS') return send(res, 204, {}, '');
      const body = await readBody(req).catch((error) => {
        if (error instanceof BodyTooLarge) throw error;
        // A body cut short is not the request the client sent: refused, never run.
        throw new UnparseableRequest('The request body did not arrive in full');
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === 'string') headers[name] = value;
        else if (Array.isArray(value)) headers[name] = value.join(', ');

      if (url.pathname === FORWARD_PATH) {
        if (method !== 'POST' || !body || !verifySignature(forwardSecret, body, headers[SIGNATURE_HEADER])) {
          return refuse(new Unauthorized('Not a signed request from the other region'));
        }
        const answer = await handlers.forward(JSON.parse(body), localLambdaContext('forward-receiver'));
        return send(res, answer.statusCode, answer.headers, answer.body);
      }

      let claims: Record<string, unknown> | undefined;
      const under = (prefix: string) => url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
      const admin = under('/v1/admin');
      const manage = admin || under('/v1/manage');
      // A missing or bad token reaches the handler without claims, which answers the 401 itself:
      // in the contract's shape, with the region headers a write's answer carries.
      if (manage) claims = await tokens.claimsOf(headers.authorization).catch(() => undefined);
      const query: Record<string, string> = {};
      for (const [name, value] of url.searchParams) query[name] = value;
      const event = apiGatewayEvent({
        method,
        path: url.pathname,
        query,
        headers,
        body,
        claims,
        sourceIp: req.socket.remoteAddress,
      });
      const group = admin ? 'admin' : manage ? 'manage' : 'public';
      const timeoutMs = API_FUNCTION_TIMEOUT_MS[admin ? 'admin' : 'requests'];
      const result = await handlers[group](event, localLambdaContext(`${group}-api`, timeoutMs));
      send(
        res,
        result.statusCode ?? 500,
        (result.headers ?? {}) as Record<string, string>,
        result.body ?? '',
      );
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return refuse(new PayloadTooLarge('A request body is at most 65536 bytes'));
      }
      refuse(error);
    }
  };
  const server = createGuardedServer(serve, {
    headers: CORS_HEADERS,
    onUnexpectedError: (error, correlationId) => watcher?.onUnexpectedError?.(error, correlationId),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${address.port}` };
}

/**
 * One line per request: region, method, route, status, ms and where it was forwarded. The line is
 * written once the answer has gone: the dispatcher reports a request before its answer is sent, and
 * a write to a terminal or pipe (a system call, and a wake-up of whoever reads it) would delay it.
 */
export function requestLine(log: (line: string) => void): DispatchObserver {
  return {
    onRequest(r) {
      const forwarded = r.forwardedTo
        ? ` -> forwarded to ${r.forwardedTo}`
        : r.forwardedFrom
          ? ` <- from ${r.forwardedFrom}`
          : '';
      const line = `[${r.region}] ${r.method} ${r.route} ${r.status} ${r.ms}ms${forwarded}`;
      setImmediate(() => log(line));
    },
    onUnexpectedError(error, correlationId) {
      log(`unexpected error ${correlationId}: ${(error as Error)?.stack ?? String(error)}`);
    },
  };
}

/** Closes a region's server, dropping its open connections (a region going down). */
export function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
