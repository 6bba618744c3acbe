/**
 * One request pipeline for Lambda, the local server and forwarded requests:
 * route, authenticate, parse, call the handler, map errors in one place, and
 * forward writes that belong to the other region.
 */
import { randomUUID } from 'node:crypto';
import type * as z from 'zod';
import {
  AskOwnerRegion,
  Forbidden,
  NotFound,
  NotFoundHere,
  NotOwnerRegion,
  OutcomeUnknown,
  OwnerRegionUnavailable,
  Unauthorized,
  ValidationFailed,
} from '../domain/errors';
import { FORWARD_MIN_WORK_MS } from '../domain/forwarding-ports';
import { otherRegion, type Region } from '../domain/regions';
import {
  prefixedServerTiming,
  RequestTiming,
  timedPort,
  withRequestTiming,
} from '../observability/request-timing';
import { type ApiRequest, type ApiResponse, json } from './api-request';
import { errorResponse, PayloadTooLarge } from './error-responses';
import {
  askOwnerRegion,
  forwardedRequest,
  forwardToOwnerRegion,
  UNKNOWN_AT_SENDER,
  withRegions,
} from './forward-to-owner';
import type { RegionServices } from './region-services';
import { pagesWithCursor } from './route';
import type { Router } from './router';
import { forwardedRequestSchema, idempotencyKeySchema } from './schemas';

/** The contract's limit on a request body. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * What a function keeps of its time left after its request's last DynamoDB call is cut off:
 * the error's mapping, the log line and the answer's way out, before the function is stopped.
 */
export const ANSWER_MARGIN_MS = 250;

/**
 * How a request arrived. Only the internal receiver sets these, from an
 * authenticated channel; nothing a public caller sends can.
 */
export interface Channel {
  /** The region that received the request and forwarded it here. */
  readonly forwardedFrom?: Region;
  /** The hotelier that region authenticated: believed only with the caller's token, checked again here. */
  readonly hotelierId?: string;
}

export interface RequestLog {
  readonly region: string;
  readonly method: string;
  readonly route: string;
  readonly status: number;
  readonly ms: number;
  readonly correlationId: string;
  readonly forwardedTo?: string;
  readonly forwardedFrom?: string;
}

export interface DispatchObserver {
  onRequest?(log: RequestLog): void;
  onUnexpectedError?(error: unknown, correlationId: string): void;
}

function fieldProblems(error: z.ZodError, prefix?: string): Record<string, string> {
  const details: Record<string, string> = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        details[[prefix, ...issue.path, key].filter(Boolean).join('.')] = 'is not a known field';
      continue;
    }
    const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || prefix || 'body';
    details[field] ??= issue.message;
  }
  return details;
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string, prefix?: string): T {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new ValidationFailed(`The ${what} is not valid`, fieldProblems(result.error, prefix));
  return result.data;
}

function parseJsonBody(request: ApiRequest): unknown {
  if (request.body === undefined || request.body === '')
    throw new ValidationFailed('A JSON body is required', { body: 'is required' });
  // The body is read as JSON whatever its declared type (`curl -d` says form-urlencoded): a body
  // that is not JSON is a 400 naming it, never a 415 the contract does not know.
  try {
    return JSON.parse(request.body);
  } catch {
    const declared = request.headers['content-type'] ?? '';
    const hint = /^application\/json\s*(;|$)/i.test(declared)
      ? ''
      : ', sent as content-type: application/json';
    throw new ValidationFailed(`The body is not valid JSON${hint}`, { body: 'must be valid JSON' });
  }
}

function bearerToken(request: ApiRequest): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/** The group that makes a hotelier an operator (a Cognito group in AWS). */
export const ADMIN_GROUP = 'admins';

/** The groups claim as API Gateway passes it: a list, or a string like "[admins ops]". */
function groupsOf(claims: Record<string, unknown> | undefined): string[] {
  const raw = claims?.['cognito:groups'];
  if (Array.isArray(raw)) return raw.map(String);
  if (typeof raw === 'string')
    return raw
      .replace(/^\[|\]$/g, '')
      .split(/[\s,]+/)
      .filter(Boolean);
  return [];
}

/** The operator's id; admin routes are never forwarded, so only the caller's own token counts. */
function adminOf(request: ApiRequest, channel: Channel): string {
  if (channel.forwardedFrom) throw new Forbidden('Admin routes are not forwarded');
  const sub = callerOf(request);
  if (!groupsOf(request.jwtClaims).includes(ADMIN_GROUP))
    throw new Forbidden(`Only the ${ADMIN_GROUP} group may run handovers`);
  return sub;
}

/** The hotelier whose token the authorizer in front of this function accepted. */
function callerOf(request: ApiRequest): string {
  const sub = request.jwtClaims?.sub;
  if (typeof sub !== 'string' || !sub) throw new Unauthorized('A valid hotelier token is required');
  return sub;
}

/**
 * The hotelier a request acts for. A forwarded one proves it with the caller's own token, checked
 * here again: the region that forwarded it holds no key to mint one, so a forwarder that names
 * another hotelier, or sends no valid token, is refused before anything runs.
 */
async function hotelierOf(services: RegionServices, request: ApiRequest, channel: Channel): Promise<string> {
  if (!channel.forwardedFrom) return callerOf(request);
  if (!services.hotelierTokens)
    throw new Unauthorized('This region cannot check hotelier tokens; nothing was written');
  const { sub } = await services.hotelierTokens.claimsOf(request.headers.authorization);
  if (typeof sub !== 'string' || !sub) throw new Unauthorized('A valid hotelier token is required');
  if (sub !== channel.hotelierId)
    throw new Forbidden('The hotelier token does not belong to the hotelier the request was forwarded for');
  return sub;
}

function correlationIdOf(request: ApiRequest): string {
  const given = request.headers['x-correlation-id'];
  return given && /^[\w.-]{1,100}$/.test(given) ? given : request.requestId || randomUUID();
}

/** The services with search and forwarding timed for Server-Timing (made once per services). */
const timedServicesOf = new WeakMap<RegionServices, RegionServices>();
function timedServices(services: RegionServices): RegionServices {
  let wrapped = timedServicesOf.get(services);
  if (!wrapped) {
    wrapped = {
      ...services,
      search: timedPort(services.search, 'search'),
      forwarder: timedPort(services.forwarder, 'fwd'),
    };
    timedServicesOf.set(services, wrapped);
  }
  return wrapped;
}

/**
 * Runs one request through routing, auth, parsing, the handler and error mapping.
 * The answer's Server-Timing says where its time went (and, when it was
 * forwarded, where the owner region's went, as `owner-*`).
 */
export async function dispatch(
  services: RegionServices,
  router: Router,
  request: ApiRequest,
  channel: Channel = {},
  observer: DispatchObserver = {},
): Promise<ApiResponse> {
  const timing = new RequestTiming(
    request.remainingMs === undefined ? undefined : performance.now() + request.remainingMs,
  );
  const response = await withRequestTiming(timing, () =>
    dispatchTimed(timedServices(services), router, request, channel, observer),
  );
  const owner = response.headers['server-timing'];
  return {
    ...response,
    headers: {
      ...response.headers,
      'server-timing': [timing.header(), owner ? prefixedServerTiming(owner, 'owner-') : '']
        .filter(Boolean)
        .join(', '),
    },
  };
}

async function dispatchTimed(
  services: RegionServices,
  router: Router,
  request: ApiRequest,
  channel: Channel,
  observer: DispatchObserver,
  afresh = false,
): Promise<ApiResponse> {
  const started = performance.now();
  const correlationId = correlationIdOf(request);
  let routeName = request.path;
  let isWrite = false;
  let idempotent = false;
  let forwardedTo: string | undefined;
  let hotelierId: string | undefined;
  let idempotencyKey: string | undefined;
  let response: ApiResponse;
  try {
    const { route, params } = router.match(request.method, request.path);
    routeName = route.path;
    isWrite = route.write;
    idempotent = route.idempotent === true;
    if (route.access === 'hotelier') hotelierId = await hotelierOf(services, request, channel);
    if (route.access === 'admin') hotelierId = adminOf(request, channel);
    if (request.body !== undefined && Buffer.byteLength(request.body, 'utf8') > MAX_BODY_BYTES)
      throw new PayloadTooLarge(`A request body is at most ${MAX_BODY_BYTES} bytes`);
    const parsedParams = route.params.safeParse(params);
    if (!parsedParams.success) {
      const fields = fieldProblems(parsedParams.error);
      if ('hotelId' in fields || 'bookingId' in fields) throw new NotFound('No such resource');
      throw new ValidationFailed('The path is not valid', fields);
    }
    const query = parseWith(route.query, request.query, 'query');
    const body = route.body ? parseWith(route.body, parseJsonBody(request), 'body') : undefined;
    const rawKey = request.headers['idempotency-key'];
    idempotencyKey =
      route.idempotent && rawKey !== undefined
        ? parseWith(idempotencyKeySchema, rawKey, 'Idempotency-Key header', 'Idempotency-Key')
        : undefined;
    // Only a route that pages waits for the cursor key (read once per container, on first need).
    if (pagesWithCursor(route)) await services.prepare?.();
    const output = await route.handle({
      services,
      params: parsedParams.data,
      query,
      body,
      hotelierId: hotelierId ?? '',
      bearerToken: route.access === 'guest' ? bearerToken(request) : undefined,
      idempotencyKey,
      caller: channel.forwardedFrom ? undefined : request.sourceIp,
      forwarded: channel.forwardedFrom !== undefined,
    });
    response =
      output.status === 204 || output.body === undefined
        ? { statusCode: output.status, headers: {}, body: '' }
        : json(output.status, output.body);
    if (isWrite) response = withRegions(response, channel.forwardedFrom ?? services.region, services.region);
  } catch (error) {
    const toOwner = (unknownHere?: string) =>
      forwardedRequest(services, request, hotelierId, idempotent, correlationId, unknownHere);
    if (error instanceof NotFoundHere && isWrite && !channel.forwardedFrom) {
      // Unknown here, perhaps not replicated yet: the other region decides (and answers 404 if it must).
      forwardedTo = otherRegion(services.region);
      const unknownHere = error.staleCopy ? undefined : error.message;
      response = await forwardToOwnerRegion(services, forwardedTo, toOwner(unknownHere));
    } else if (error instanceof AskOwnerRegion && !isWrite && !channel.forwardedFrom) {
      // A read this copy cannot settle (a token not replicated yet): the owner's answer, or ours.
      forwardedTo = error.owner;
      response = await askOwnerRegion(services, error.owner, toOwner(), () => mapped(error.fallback));
    } else if (error instanceof NotOwnerRegion && isWrite) {
      const unknownAtSender = request.headers[UNKNOWN_AT_SENDER];
      if (channel.forwardedFrom && error.forgetCached && !afresh) {
        // The sender read its copy and found this region the owner: only a fresh read here may say no.
        error.forgetCached();
        return dispatchTimed(services, router, request, channel, observer, true);
      }
      if (channel.forwardedFrom && error.owner === channel.forwardedFrom && unknownAtSender !== undefined) {
        // The owner, by this copy, has no such thing: it was deleted there, and this copy has not
        // heard yet. Nothing is moving; the answer is the owner's own 404.
        response = withRegions(mapped(new NotFound(unknownAtSender)), channel.forwardedFrom, services.region);
      } else if (channel.forwardedFrom) {
        // The hotel's owner changed while the request crossed: the caller retries and is routed anew.
        response = mapped(new OwnerRegionUnavailable('The hotel is moving between regions; please retry'));
        response = withRegions(response, channel.forwardedFrom, services.region);
      } else {
        forwardedTo = error.owner;
        response = await forwardToOwnerRegion(services, error.owner, toOwner());
        if (error.forgetCached && !afresh && refusedUnwritten(response)) {
          // Only the cache named that owner, and it wrote nothing (a handover may have moved the
          // hotel, here perhaps): run the request once more on a fresh read of this region's copy.
          error.forgetCached();
          return dispatchTimed(services, router, request, channel, observer, true);
        }
      }
    } else if (error instanceof OutcomeUnknown && error.idempotencyKey === undefined && idempotencyKey) {
      // The write may have run under the caller's key: the answer names it, as a forward's does.
      response = mapped(new OutcomeUnknown(error.message, idempotencyKey, error.retryAfterSeconds));
      response = withRegions(response, channel.forwardedFrom ?? services.region, services.region);
    } else {
      response = mapped(error instanceof AskOwnerRegion ? error.fallback : error);
      if (isWrite)
        response = withRegions(response, channel.forwardedFrom ?? services.region, services.region);
    }
  }
  observer.onRequest?.({
    region: services.region,
    method: request.method,
    route: routeName,
    status: response.statusCode,
    ms: Math.round((performance.now() - started) * 10) / 10,
    correlationId,
    forwardedTo,
    forwardedFrom: channel.forwardedFrom,
  });
  // Every answer says which region served it (the contract requires it on writes; reads get it too,
  // so that a page can show where it was served from).
  return {
    ...response,
    headers: {
      'x-served-region': channel.forwardedFrom ?? services.region,
      ...response.headers,
      'x-correlation-id': correlationId,
    },
  };

  function mapped(error: unknown): ApiResponse {
    const { response: answer, unexpected } = errorResponse(error, correlationId);
    if (unexpected) observer.onUnexpectedError?.(error, correlationId);
    return answer;
  }
}

const UNWRITTEN_CODE = new OwnerRegionUnavailable().code;

/** True when a forward's answer says the owner region wrote nothing (503 OWNER_REGION_UNAVAILABLE). */
function refusedUnwritten(response: ApiResponse): boolean {
  if (response.statusCode !== 503) return false;
  try {
    return (JSON.parse(response.body) as { error?: { code?: string } }).error?.code === UNWRITTEN_CODE;
  } catch {
    return false;
  }
}

/**
 * The internal receiver: runs a request another region forwarded over the
 * authenticated channel. A malformed envelope, or one that claims to come from
 * this very region, is refused.
 */
export async function receiveForwarded(
  services: RegionServices,
  router: Router,
  envelope: unknown,
  observer: DispatchObserver = {},
  functionRemainingMs?: number,
): Promise<ApiResponse> {
  const parsed = forwardedRequestSchema.safeParse(envelope);
  if (!parsed.success || parsed.data.servedRegion === services.region)
    return errorResponse(new ValidationFailed('Not a forwarded request'), '').response;
  const forwarded = parsed.data;
  if (forwarded.deadline - Date.now() < FORWARD_MIN_WORK_MS) {
    // The sender stops waiting before this could finish: refuse, so that what it cannot hear never happens.
    const late = new OwnerRegionUnavailable(
      `The request reached ${services.region} too late to finish in time; nothing was written`,
    );
    return withRegions(errorResponse(late, '').response, forwarded.servedRegion, services.region);
  }
  const request: ApiRequest = {
    method: forwarded.method,
    path: forwarded.path,
    query: forwarded.query,
    headers: forwarded.headers,
    body: forwarded.body,
    requestId: randomUUID(),
    // Whichever ends first: the sender's wait (past it, no one hears the answer), or this function's time.
    remainingMs: Math.min(
      forwarded.deadline - Date.now(),
      functionRemainingMs === undefined ? Number.POSITIVE_INFINITY : functionRemainingMs - ANSWER_MARGIN_MS,
    ),
  };
  return dispatch(
    services,
    router,
    request,
    { forwardedFrom: forwarded.servedRegion, hotelierId: forwarded.hotelierId },
    observer,
  );
}
