/**
 * The local forwarder: plain HTTP between the two local regions, authenticated
 * with an HMAC over the envelope (a secret from the local data dir), the local
 * stand-in for IAM. The receiver refuses anything unsigned, stale or altered.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ForwardedRequest, ForwardedResponse, RegionForwarder } from '../../domain/ports';
import { answerLost, envelopeFor, neverSent, notDelivered } from './forward-outcome';

export const FORWARD_PATH = '/internal/forward';
export const SIGNATURE_HEADER = 'x-internal-signature';
const MAX_SKEW_MS = 60_000;

function sign(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('base64url');
}

/** The signature header for `body`, sent at `now`. */
export function signatureFor(secret: string, body: string, now = Date.now()): string {
  return `t=${now},v1=${sign(secret, now, body)}`;
}

/** True when `header` signs `body` with `secret` and is fresh. */
export function verifySignature(
  secret: string,
  body: string,
  header: string | undefined,
  now = Date.now(),
): boolean {
  const match = /^t=(\d+),v1=([\w-]+)$/.exec(header ?? '');
  if (!match) return false;
  const timestamp = Number(match[1]);
  if (Math.abs(now - timestamp) > MAX_SKEW_MS) return false;
  const expected = Buffer.from(sign(secret, timestamp, body));
  const given = Buffer.from(match[2] ?? '');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface HttpForwarderOptions {
  /** Base URL of each region's local API. */
  readonly baseUrls: Readonly<Record<string, string>>;
  readonly secret: string;
  /** How long the whole forward may take, simulated latency included, before the outcome is unknown. */
  readonly timeoutMs: number;
  /** Simulated one-way cross-region latency, added on the way there and back. */
  readonly latencyMs?: number;
}

export class HttpForwarder implements RegionForwarder {
  constructor(private readonly options: HttpForwarderOptions) {}

  async forwardToOwnerRegion(owner: string, request: ForwardedRequest): Promise<ForwardedResponse> {
    const { timeoutMs, latencyMs = 0 } = this.options;
    const base = this.options.baseUrls[owner];
    if (!base) throw notDelivered(owner, 'has no route from here');
    const envelope = envelopeFor(request, timeoutMs);
    const body = JSON.stringify(envelope);
    const signal = AbortSignal.timeout(timeoutMs);
    // The way there: a bound that runs out here means nothing was sent.
    if (latencyMs) await sleep(latencyMs, undefined, { signal }).catch(() => undefined);
    if (signal.aborted) throw notDelivered(owner, `was not reached within ${timeoutMs} ms`);
    try {
      const response = await fetch(new URL(FORWARD_PATH, base), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signatureFor(this.options.secret, body),
        },
        body,
        signal,
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const text = await response.text();
      // The way back: an answer still on the wire when the bound runs out is lost.
      if (latencyMs) await sleep(latencyMs, undefined, { signal });
      return { statusCode: response.status, headers, body: text };
    } catch (error) {
      if (neverSent(error)) throw notDelivered(owner);
      throw answerLost(owner, timeoutMs, request);
    }
  }
}
