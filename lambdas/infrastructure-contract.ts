/**
 * What the Lambda code and the infrastructure around it (the CDK stacks, and the local
 * servers that stand in for API Gateway) must agree on, each value written once: the
 * CloudWatch metrics the functions publish and the alarms watch, the search index name,
 * and the API's CORS lists. Plain data with no SDK or CDK import, so lib/, local/ and the
 * handlers can all import it.
 */

/** The CloudWatch metrics the functions publish (Powertools EMF), by publisher. */
export const METRICS = {
  namespace: 'HotelBooking',
  /** Every API function, once per request (lambdas/handlers/lambda-entry.ts). */
  api: {
    /** The Powertools service name, which is also the `service` dimension. */
    service: 'hotel-booking',
    requests: 'Requests',
    latency: 'Latency',
    serverErrors: 'ServerErrors',
    conflicts: 'Conflicts',
    forwardedWrites: 'ForwardedWrites',
    /** A capacity hold whose release failed after retries (lambdas/observability/metric-signals.ts); alarms above zero. */
    capacityHoldsStuck: 'CapacityHoldsStuck',
  },
  /** The hourly reconcile (lambdas/handlers/reconcile.ts); each one alarms above zero. */
  reconcile: {
    service: 'reconcile',
    counterMismatches: 'CounterMismatches',
    nonOwnerWrites: 'NonOwnerWrites',
    stuckChanges: 'StuckChanges',
    splitOwnership: 'SplitOwnership',
  },
} as const;

/** The hotel search index: the OSIS pipeline writes it, the public function may only `_search` it. */
export const HOTEL_INDEX = 'hotels';

/** The API's CORS policy, for API Gateway (lib/) and the local API (local/region-server.ts). */
export const CORS = {
  allowOrigins: ['*'],
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-correlation-id'],
  // A 504 OUTCOME_UNKNOWN carries the idempotency key to retry with: the browser must be able to read it.
  exposeHeaders: ['x-served-region', 'x-owner-region', 'x-correlation-id', 'retry-after', 'idempotency-key'],
  maxAgeSeconds: 600,
} as const;
