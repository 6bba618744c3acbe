/** Builds API Gateway HTTP API (payload 2.0) events, as API Gateway would, for the local server and tests. */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { API_FUNCTION_TIMEOUT_MS } from '../lambdas/infrastructure-contract';

export interface EventInput {
  readonly method: string;
  readonly path: string;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  /** An object is sent as JSON with content-type application/json; a string is sent as is. */
  readonly body?: unknown;
  /** The claims API Gateway's JWT authorizer accepted. */
  readonly claims?: Record<string, unknown>;
  readonly sourceIp?: string;
}

/** An API Gateway HTTP API (payload 2.0) event. */
export function apiGatewayEvent(input: EventInput): APIGatewayProxyEventV2 {
  const jsonBody = input.body !== undefined && typeof input.body !== 'string';
  const headers: Record<string, string> = {
    ...(jsonBody ? { 'content-type': 'application/json' } : {}),
    ...Object.fromEntries(Object.entries(input.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
  };
  const query = input.query && Object.keys(input.query).length ? input.query : undefined;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: input.path,
    rawQueryString: new URLSearchParams(input.query ?? {}).toString(),
    headers,
    queryStringParameters: query,
    body:
      input.body === undefined ? undefined : jsonBody ? JSON.stringify(input.body) : (input.body as string),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: input.method,
        path: input.path,
        protocol: 'HTTP/1.1',
        sourceIp: input.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
      ...(input.claims ? { authorizer: { jwt: { claims: input.claims, scopes: [] } } } : {}),
    },
  } as APIGatewayProxyEventV2;
}

/**
 * A Lambda context for one invocation outside Lambda: its time left counts down from now, as
 * a function's does from its start (the API functions' timeout unless told).
 */
export function localLambdaContext(
  functionName: string,
  timeoutMs: number = API_FUNCTION_TIMEOUT_MS.requests,
): Context {
  const ends = Date.now() + timeoutMs;
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, ends - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
