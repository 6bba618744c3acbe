/**
 * What both forwarders must get right: the deadline a forward carries, and which
 * failures prove the owner never ran it (503) rather than leave it unknown (504).
 */
import { OutcomeUnknown, OwnerRegionUnavailable } from '../../domain/errors';
import { FORWARD_MIN_WORK_MS } from '../../domain/forwarding-ports';
import type { ForwardEnvelope, ForwardedRequest } from '../../domain/ports';
import { requestDeadline } from '../../observability/request-timing';

/**
 * How long a forward may wait for the owner: its bound, cut to what the request forwarding it
 * has left (a forward must not outlast the function that waits for it). Too little left: not sent.
 */
export function forwardWaitMs(owner: string, timeoutMs: number): number {
  const deadline = requestDeadline();
  if (deadline === undefined) return timeoutMs;
  const left = Math.floor(deadline - performance.now());
  // Too little for the owner to start (it would refuse, and its refusal could come back too late).
  if (left < FORWARD_MIN_WORK_MS)
    throw notDelivered(owner, 'could not be asked in the time this request had left');
  return Math.min(timeoutMs, left);
}

/** The request as it travels, due back by `now + timeoutMs`. */
export function envelopeFor(request: ForwardedRequest, timeoutMs: number, now = Date.now()): ForwardEnvelope {
  return { ...request, deadline: now + timeoutMs };
}

/** Socket errors raised before a single byte reached the owner region. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** True when `error` (or an error it wraps) shows that the request never left this region. */
export function neverSent(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string' && NEVER_SENT_CODES.has(e.code)) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** The owner certainly did not run the request. */
export function notDelivered(owner: string, why = 'could not be reached'): OwnerRegionUnavailable {
  return new OwnerRegionUnavailable(`${owner} ${why}; nothing was written`);
}

/** The owner may have run the request; retrying under the same key is safe. */
export function answerLost(owner: string, timeoutMs: number, request: ForwardedRequest): OutcomeUnknown {
  return new OutcomeUnknown(
    `${owner} did not answer within ${timeoutMs} ms; the write may or may not have happened. ` +
      'Retry with the same Idempotency-Key to find out safely.',
    request.headers['idempotency-key'],
  );
}
