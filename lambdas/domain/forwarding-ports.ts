/** Ports: carrying a write to the hotel's owner region, and checking the hotelier it names. */

/** A write request as it crosses to the owner region: enough to replay it there, nothing more. */
export interface ForwardedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Only the headers the owner needs: content type, idempotency key, the guest's bearer token. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** The hotelier, already authenticated by the receiving region. */
  readonly hotelierId?: string;
  /** The region that received the request from the caller. */
  readonly servedRegion: string;
}

/**
 * The least time a forwarded request must have left before its deadline for the
 * owner to start it: a booking takes a few DynamoDB round trips. Less than this,
 * and the owner refuses (nothing written) rather than answer after the sender gave
 * up; and a sender with less than this left does not send it at all.
 */
export const FORWARD_MIN_WORK_MS = 100;

/**
 * A forwarded request as it travels: with the instant (epoch ms) after which the
 * sender no longer waits for the answer. The owner refuses to start work it cannot
 * finish by then, so a request that arrives late is never run.
 */
export interface ForwardEnvelope extends ForwardedRequest {
  readonly deadline: number;
}

export interface ForwardedResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Carries a write to the region that owns the hotel, over an authenticated
 * internal channel, and brings back the owner's answer. Throws
 * `OwnerRegionUnavailable` only when the owner certainly did not run the request
 * (it could not be reached, or refused it), and `OutcomeUnknown` when it may have
 * run but its answer did not come back within the bound.
 */
export interface RegionForwarder {
  forwardToOwnerRegion(owner: string, request: ForwardedRequest): Promise<ForwardedResponse>;
}

/**
 * Checks a hotelier's token as the API's JWT authorizer does (signature, algorithm, issuer,
 * audience, expiry). The owner region runs it again on a forwarded hotelier write, so that the
 * region that forwarded it cannot name a hotelier it holds no valid token of.
 */
export interface HotelierTokenVerifier {
  /** The claims of the bearer token in `authorization`; `Unauthorized` when it is missing or not valid. */
  claimsOf(authorization: string | undefined): Promise<Record<string, unknown>>;
}
