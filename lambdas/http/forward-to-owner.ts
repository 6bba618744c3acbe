/**
 * Sending a request to the region that owns the hotel, and relaying its answer:
 * what crosses, what comes back, and what the caller is told when it does not.
 */
import { OutcomeUnknown, OwnerRegionUnavailable } from '../domain/errors';
import type { ForwardedRequest, ForwardedResponse } from '../domain/ports';
import { newIdempotencyKey } from '../domain/secrets';
import type { ApiRequest, ApiResponse } from './api-request';
import { errorResponse } from './error-responses';
import type { RegionServices } from './region-services';

/** Headers the owner region needs to run a forwarded write; nothing else crosses from the caller. */
const FORWARDED_HEADERS = ['content-type', 'authorization'];

/**
 * Set (to the sender's not-found message) on a write that crosses because the sending region has
 * no copy of what it names. Only the sender sets it: a caller's header of that name never crosses.
 */
export const UNKNOWN_AT_SENDER = 'x-unknown-at-sender';

/**
 * The request as it crosses to the owner. An idempotent write always crosses under
 * a key (the caller's, or one made here), so that if its answer is lost the caller
 * can be told the key and retry safely; any other crosses without one.
 */
export function forwardedRequest(
  services: RegionServices,
  request: ApiRequest,
  hotelierId: string | undefined,
  idempotent: boolean,
  correlationId: string,
  unknownHere?: string,
): ForwardedRequest {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  if (unknownHere !== undefined) headers[UNKNOWN_AT_SENDER] = unknownHere;
  // The owner region logs the request under the same id as the region that received it.
  headers['x-correlation-id'] = correlationId;
  // A key crosses with an idempotent write only: only there does the owner honour one, so only a
  // keyed request may be sent again when a connection fails under it (http-forwarder.ts).
  if (idempotent) headers['idempotency-key'] = request.headers['idempotency-key'] ?? newIdempotencyKey();
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

/** The response with the region headers a write carries. */
export function withRegions(response: ApiResponse, served: string, owner: string): ApiResponse {
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
export async function forwardToOwnerRegion(
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
export async function askOwnerRegion(
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
