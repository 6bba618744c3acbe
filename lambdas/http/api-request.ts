/** The HTTP request and response the dispatcher works on, and their API Gateway (payload 2.0) forms. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body as received (already base64-decoded). */
  readonly body?: string;
  readonly requestId: string;
  /** The JWT claims that API Gateway's authorizer (or the local verifier) accepted. */
  readonly jwtClaims?: Readonly<Record<string, unknown>>;
  /** The client's IP address as API Gateway (or the local server) saw it: what per-caller limits count. */
  readonly sourceIp?: string;
  /**
   * How long, from now, the answer may take: the function's time left less what answering takes,
   * or a forwarding region's wait. The request's DynamoDB calls stop retrying, and are cut off, by then.
   * @default no limit
   */
  readonly remainingMs?: number;
}

export interface ApiResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** JWT claims as API Gateway's JWT authorizer places them in the request context. */
type JwtContext = { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };

/** Reads an API Gateway HTTP API event (payload 2.0). */
export function fromApiGatewayEvent(event: APIGatewayProxyEventV2): ApiRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {}))
    if (value !== undefined) headers[name.toLowerCase()] = value;
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {}))
    if (value !== undefined) query[name] = value;
  const body =
    event.body === undefined || event.body === null
      ? undefined
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body;
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path: event.rawPath,
    query,
    headers,
    body,
    requestId: event.requestContext.requestId,
    jwtClaims: (event.requestContext as unknown as JwtContext).authorizer?.jwt?.claims,
    sourceIp: event.requestContext.http.sourceIp,
  };
}

/** The Lambda result API Gateway turns into the HTTP response. */
export function toApiGatewayResult(response: ApiResponse): APIGatewayProxyStructuredResultV2 {
  return { statusCode: response.statusCode, headers: response.headers, body: response.body };
}

/** A JSON response. */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}
