/**
 * One request pipeline for Lambda, the local server and forwarded requests:
 * route, authenticate, parse, call the handler, map errors in one place, and
 * forward writes that belong to the other region.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
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
import type { ForwardedRequest, ForwardedResponse } from '../domain/ports';
import { otherRegion, type Region } from '../domain/regions';
import { type ApiRequest, type ApiResponse, json } from './api-request';
import { errorResponse, PayloadTooLarge, UnsupportedMediaType } from './error-responses';
import type { RegionServices } from './region-services';
import type { Router } from './router';
import { forwardedRequestSchema, idempotencyKeySchema } from './schemas';

/** The contract's limit on a request body. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The least time a forwarded request must have left before its deadline for the
 * owner to start it: a booking takes a few DynamoDB round trips. Less than this,
 * and the owner refuses (nothing written) rather than answer after the sender gave up.
 */
export const FORWARD_MIN_WORK_MS = 100;

/**
 * How a request arrived. Only the internal receiver sets these, from an
 * authenticated channel; nothing a public caller sends can.
 */
export interface Channel {
  /** The region that received the request and forwarded it here. */
  readonly forwardedFrom?: Region;
  /** The hotelier that region authenticated. */
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
  const contentType = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType))
    throw new UnsupportedMediaType('Send the body as content-type: application/json');
  try {
    return JSON.parse(request.body);
  } catch {
    throw new ValidationFailed('The body is not valid JSON', { body: 'must be valid JSON' });
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
  const sub = hotelierOf(request, channel);
  if (!groupsOf(request.jwtClaims).includes(ADMIN_GROUP))
    throw new Forbidden(`Only the ${ADMIN_GROUP} group may run handovers`);
  return sub;
}

function hotelierOf(request: ApiRequest, channel: Channel): string {
  const sub = channel.forwardedFrom ? channel.hotelierId : request.jwtClaims?.sub;
  if (typeof sub !== 'string' || !sub) throw new Unauthorized('A valid hotelier token is required');
  return sub;
}

/** Headers the owner region needs to run a forwarded write; nothing else crosses. */
const FORWARDED_HEADERS = ['content-type', 'idempotency-key', 'authorization'];

/**
 * The request as it crosses to the owner. An idempotent write always crosses under
 * a key (the caller's, or one made here), so that if its answer is lost the caller
 * can be told the key and retry safely.
 */
function forwardedRequest(
  services: RegionServices,
  request: ApiRequest,
  hotelierId: string | undefined,
  idempotent: boolean,
): ForwardedRequest {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  if (idempotent && headers['idempotency-key'] === undefined) headers['idempotency-key'] = randomUUID();
  return {
    method: request.method,
    path: request.path,
    query: request.query,
    headers,
    body: request.body,
    hotelierId,
    servedRegion: services.region,
  };
}

function correlationIdOf(request: ApiRequest): string {
  const given = request.headers['x-correlation-id'];
  return given && /^[\w.-]{1,100}$/.test(given) ? given : request.requestId || randomUUID();
}

/** Runs one request through routing, auth, parsing, the handler and error mapping. */
export async function dispatch(
  services: RegionServices,
  router: Router,
  request: ApiRequest,
  channel: Channel = {},
  observer: DispatchObserver = {},
): Promise<ApiResponse> {
  const started = performance.now();
  const correlationId = correlationIdOf(request);
  let routeName = request.path;
  let isWrite = false;
  let idempotent = false;
  let forwardedTo: string | undefined;
  let hotelierId: string | undefined;
  let response: ApiResponse;
  try {
    const { route, params } = router.match(request.method, request.path);
    routeName = route.path;
    isWrite = route.write;
    idempotent = route.idempotent === true;
    if (route.access === 'hotelier') hotelierId = hotelierOf(request, channel);
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
    const idempotencyKey =
      route.idempotent && rawKey !== undefined
        ? parseWith(idempotencyKeySchema, rawKey, 'Idempotency-Key header', 'Idempotency-Key')
        : undefined;
    const output = await route.handle({
      services,
      params: parsedParams.data,
      query,
      body,
      hotelierId: hotelierId ?? '',
      bearerToken: route.access === 'guest' ? bearerToken(request) : undefined,
      idempotencyKey,
    });
    response =
      output.status === 204 || output.body === undefined
        ? { statusCode: output.status, headers: {}, body: '' }
        : json(output.status, output.body);
    if (isWrite) response = withRegions(response, channel.forwardedFrom ?? services.region, services.region);
  } catch (error) {
    const toOwner = () => forwardedRequest(services, request, hotelierId, idempotent);
    if (error instanceof NotFoundHere && isWrite && !channel.forwardedFrom) {
      // Unknown here, perhaps not replicated yet: the other region decides (and answers 404 if it must).
      forwardedTo = otherRegion(services.region);
      response = await forwardToOwnerRegion(services, forwardedTo, toOwner());
    } else if (error instanceof AskOwnerRegion && !isWrite && !channel.forwardedFrom) {
      // A read this copy cannot settle (a token not replicated yet): the owner's answer, or ours.
      forwardedTo = error.owner;
      response = await askOwnerRegion(services, error.owner, toOwner(), () => mapped(error.fallback));
    } else if (error instanceof NotOwnerRegion && isWrite) {
      if (channel.forwardedFrom) {
        // The hotel's owner changed while the request crossed: the caller retries and is routed anew.
        response = mapped(new OwnerRegionUnavailable('The hotel is moving between regions; please retry'));
        response = withRegions(response, channel.forwardedFrom, services.region);
      } else {
        forwardedTo = error.owner;
        response = await forwardToOwnerRegion(services, error.owner, toOwner());
      }
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

function withRegions(response: ApiResponse, served: string, owner: string): ApiResponse {
  return {
    ...response,
    headers: { ...response.headers, 'x-served-region': served, 'x-owner-region': owner },
  };
}

/** The owner's answer, relayed with the region headers. */
function relayed(services: RegionServices, owner: string, answer: ForwardedResponse): ApiResponse {
  const headers = { ...answer.headers };
  return withRegions(
    { statusCode: answer.statusCode, headers, body: answer.body },
    services.region,
    headers['x-owner-region'] ?? owner,
  );
}

/**
 * Sends a write to its owner region and relays the answer. An owner that certainly
 * did not run it is a 503 (nothing written); a lost answer is a 504 that names the
 * key the write ran under.
 */
async function forwardToOwnerRegion(
  services: RegionServices,
  owner: string,
  request: ForwardedRequest,
): Promise<ApiResponse> {
  try {
    return relayed(services, owner, await services.forwarder.forwardToOwnerRegion(owner, request));
  } catch (error) {
    const known =
      error instanceof OwnerRegionUnavailable || error instanceof OutcomeUnknown
        ? error
        : new OutcomeUnknown(undefined, request.headers['idempotency-key']);
    return withRegions(errorResponse(known, '').response, services.region, owner);
  }
}

/** Asks the owner region to answer a read; when it cannot be asked, answers with `fallback`. */
async function askOwnerRegion(
  services: RegionServices,
  owner: string,
  request: ForwardedRequest,
  fallback: () => ApiResponse,
): Promise<ApiResponse> {
  try {
    const answer = await services.forwarder.forwardToOwnerRegion(owner, request);
    return { statusCode: answer.statusCode, headers: { ...answer.headers }, body: answer.body };
  } catch {
    return fallback();
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
  };
  return dispatch(
    services,
    router,
    request,
    { forwardedFrom: forwarded.servedRegion, hotelierId: forwarded.hotelierId },
    observer,
  );
}
