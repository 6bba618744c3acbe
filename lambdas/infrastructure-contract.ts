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

/**
 * How long each API function may run: the CDK's timeouts, and the time the local server gives each
 * request. A request stops its DynamoDB calls before its time runs out, to answer in the contract's
 * shape rather than let the function be cut off (lambdas/adapters/dynamodb/retry.ts).
 */
export const API_FUNCTION_TIMEOUT_MS = {
  /** The travellers', the hoteliers' and the forward receiver's. */
  requests: 10_000,
  /** The operators': a handover step drains for up to HANDOVER_DRAIN_BUDGET_MS, inside API Gateway's 30 s. */
  admin: 29_000,
} as const;

/** The hotel search index: the OSIS pipeline writes it, the searching functions may only search it. */
export const HOTEL_INDEX = 'hotels';

/**
 * Every request the functions send to the search domain, under the index's path. The functions'
 * IAM grant is made from this list (lib/constructs/search-ingestion.ts), and a test records the
 * requests the client really sends and finds each one here.
 */
export const SEARCH_REQUESTS = [
  { method: 'POST', path: `/${HOTEL_INDEX}/_search` },
  // The fallback's several variants in one round trip, under the index's path (not /_msearch).
  { method: 'POST', path: `/${HOTEL_INDEX}/_msearch` },
] as const;

/** The API's CORS policy, for API Gateway (lib/) and the local API (local/region-server.ts). */
export const CORS = {
  allowOrigins: ['*'],
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-correlation-id'],
  // A 504 OUTCOME_UNKNOWN carries the idempotency key to retry with: the browser must be able to read it.
  exposeHeaders: ['x-served-region', 'x-owner-region', 'x-correlation-id', 'retry-after', 'idempotency-key'],
  maxAgeSeconds: 600,
} as const;

/**
 * The web app's security headers, sent by CloudFront (lib/constructs/web-hosting.ts) and by the
 * local web server (local/web-server.ts) alike. The built app is one module script and one
 * stylesheet of its own that fetch config.json, then only the APIs it names: nothing inline,
 * no frames, no other origin. (The favicon is an empty `data:` URL.)
 */
export const WEB_SECURITY = {
  referrerPolicy: 'no-referrer',
  /** Two years, subdomains included: CloudFront serves only HTTPS. */
  hstsMaxAgeSeconds: 63_072_000,
  /** The Content-Security-Policy for a site whose app calls `apis` (each region's API base URL). */
  contentSecurityPolicy: (apis: readonly string[]): string =>
    [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      ["connect-src 'self'", ...new Set(apis)].join(' '),
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
} as const;

/**
 * The environment the forward receiver checks hoteliers' tokens with (set by the CDK's BookingApi,
 * read by lambdas/handlers/aws-hotelier-tokens.ts): the issuer and audience the API's JWT
 * authorizer trusts, and where the issuer publishes its keys.
 */
export const HOTELIER_TOKEN_ENV = {
  issuer: 'HOTELIER_JWT_ISSUER',
  audience: 'HOTELIER_JWT_AUDIENCE',
  jwksUrl: 'HOTELIER_JWKS_URL',
} as const;
