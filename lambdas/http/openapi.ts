/** Builds the OpenAPI 3.1 document from the route table and its zod schemas. */
import * as z from 'zod';
import { REGIONS } from '../domain/regions';
import { ERROR_STATUS } from './error-responses';
import type { Access, Route } from './routes';

type Json = Record<string, unknown>;
export interface Server {
  readonly url: string;
  readonly description: string;
  readonly variables?: Record<string, { default: string; enum?: string[]; description?: string }>;
}

/**
 * Errors any route can answer with, whatever it declares: the store can stay busy on
 * any of them, and the dispatcher checks a body's size before it looks at the route,
 * so even a GET with an oversized body is refused.
 */
export const COMMON_ERRORS: readonly string[] = ['PAYLOAD_TOO_LARGE', 'SERVICE_UNAVAILABLE'];
const BODY_ERRORS = ['VALIDATION'];

/** The error codes a route can answer with besides `COMMON_ERRORS` and 500, by status then name. */
export function errorCodesOf(route: Route): string[] {
  const codes = new Set([...route.errors, ...(route.body ? BODY_ERRORS : [])]);
  if (route.access === 'hotelier' || route.access === 'admin') codes.add('UNAUTHORIZED');
  if (route.access === 'admin') codes.add('FORBIDDEN');
  for (const code of COMMON_ERRORS) codes.delete(code);
  for (const code of codes)
    if (ERROR_STATUS[code] === undefined)
      throw new Error(`route ${route.operationId} declares unknown error ${code}`);
  return [...codes].sort((a, b) => (ERROR_STATUS[a] ?? 0) - (ERROR_STATUS[b] ?? 0) || a.localeCompare(b));
}

/**
 * Where a deployed region answers. The local web page serves its own copy of the
 * document at /openapi.json, with the two local APIs as servers.
 */
export const DEFAULT_SERVERS: readonly Server[] = [
  {
    url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
    description: "A deployed region: its stack's ApiUrl output",
    variables: {
      apiId: { default: 'apiId', description: 'The HTTP API id in that region' },
      region: { default: REGIONS[0], enum: [...REGIONS] },
    },
  },
];

/** The security scheme each kind of caller authenticates with (none for public routes). */
const SECURITY: Record<Access, Json[]> = {
  public: [],
  guest: [{ bookingAccessToken: [] }],
  hotelier: [{ hotelierJwt: [] }],
  admin: [{ operatorJwt: [] }],
};

const SECURITY_SCHEMES = {
  hotelierJwt: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      "A hotelier's ID token: from the Cognito user pool (or the configured issuer) in AWS, " +
      'from `npm run --silent token -- <hotelierId>` locally. Its `sub` is the hotelier id. In AWS, ' +
      'API Gateway refuses a missing or invalid token itself, with its own 401 `{"message":"Unauthorized"}`.',
  },
  operatorJwt: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'The same hotelier token, for a user in the `admins` group (`cognito:groups`); ' +
      'locally `npm run --silent token -- <id> --admin`. Everyone else gets 403.',
  },
  bookingAccessToken: {
    type: 'http',
    scheme: 'bearer',
    description:
      "The booking's `accessToken`, shown once in the answer that made the booking (an idempotent replay " +
      'hands out a fresh one). Only its hash is stored.',
  },
};

const TAGS = [
  { name: 'public', description: 'Travellers: search, hotel pages, availability, bookings' },
  { name: 'manage', description: 'Hoteliers: their hotels, room types and bookings' },
  { name: 'admin', description: 'Operators: moving a hotel between regions' },
];

const ACCESS_TEXT: Record<Access, string> = {
  public: 'Anyone may call it.',
  guest: "For the guest: send the booking's access token as `Authorization: Bearer <accessToken>`.",
  hotelier: "For a signed-in hotelier; another hotelier's hotel is 403.",
  admin: 'For operators (the `admins` group). Never forwarded: it reads and writes both regions itself.',
};

const header = (description: string): Json => ({ description, schema: { type: 'string' } });
const HEADERS: Record<string, Json> = {
  ServedRegion: header('The region that received the request (on every answer)'),
  OwnerRegion: header('On writes: the region that ran the write, or that it was sent to'),
  CorrelationId: header(
    'The id the logs carry for this request (yours if you sent a valid x-correlation-id)',
  ),
  RetryAfter: header('Seconds to wait before retrying'),
  IdempotencyKey: header(
    'The key the lost write ran under: retry with it (made by the API if you sent none)',
  ),
};
const headerRef = (name: string): Json => ({ $ref: `#/components/headers/${name}` });

const REASONS: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No content' };

function clean(schema: Json): Json {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

function inline(schema: z.ZodType): Json {
  return clean(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', reused: 'inline' }) as Json);
}

function refOf(schema: z.ZodType): Json {
  const id = z.globalRegistry.get(schema)?.id;
  return id ? { $ref: `#/components/schemas/${id}` } : inline(schema);
}

function objectProperties(schema: z.ZodType): Array<[string, Json, boolean]> {
  const json = inline(schema);
  const properties = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, s]) => [name, s, required.has(name)]);
}

/** What a caller needs to know beyond the summary: who may call, where it runs, how to retry. */
function describeRoute(route: Route): string {
  const lines = [ACCESS_TEXT[route.access]];
  if (route.write)
    lines.push(
      "A write: it runs in the hotel's owner region (`managedIn`). The other region forwards it there " +
        'server-side and relays the answer.',
    );
  else if (route.access !== 'admin' && route.path !== '/health')
    lines.push(
      "Served from this region's copy, which may lag a write in the other region by the replication lag.",
    );
  if (route.idempotent)
    lines.push(
      'Send an `Idempotency-Key` to make retries safe: the same key and body return what the first request made.',
    );
  return lines.join(' ');
}

function parametersOf(route: Route): Json[] {
  return [
    ...objectProperties(route.params).map(([name, schema]) => ({
      name,
      in: 'path',
      required: true,
      description: name === 'roomTypeId' ? 'Chosen by the hotelier' : 'An id the API issued',
      schema,
    })),
    ...objectProperties(route.query).map(([name, schema, required]) => ({
      name,
      in: 'query',
      required,
      schema,
    })),
    ...(route.idempotent
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            schema: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' },
            description:
              'The same key with the same body returns what the first request made, and makes nothing more; ' +
              'with another body, 422. A 504 OUTCOME_UNKNOWN answer names the key its attempt ran under.',
          },
        ]
      : []),
  ];
}

function responsesOf(route: Route): Record<string, Json> {
  const common = {
    'x-served-region': headerRef('ServedRegion'),
    'x-correlation-id': headerRef('CorrelationId'),
  };
  const regional = route.write ? { ...common, 'x-owner-region': headerRef('OwnerRegion') } : common;
  const responses: Record<string, Json> = {};
  for (const [status, schema] of Object.entries(route.responses)) {
    const description = REASONS[Number(status)] ?? 'OK';
    responses[status] = schema
      ? { description, headers: regional, content: { 'application/json': { schema: refOf(schema) } } }
      : { description, headers: regional };
  }
  const byStatus = new Map<number, string[]>();
  for (const code of [...errorCodesOf(route), ...COMMON_ERRORS]) {
    const status = ERROR_STATUS[code] ?? 500;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  byStatus.set(500, ['INTERNAL']);
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const headers: Json = { ...regional };
    if (status === 503 || status === 504) headers['retry-after'] = headerRef('RetryAfter');
    if (status === 504 && route.idempotent) headers['idempotency-key'] = headerRef('IdempotencyKey');
    responses[String(status)] = {
      description:
        status === 500
          ? 'INTERNAL: an unexpected failure; the message is generic and details carry the correlation id'
          : list.sort().join(' or '),
      headers,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return responses;
}

/** The whole document; `servers` lists the regional base URLs. */
export function buildOpenApi(routes: readonly Route[], servers: readonly Server[] = DEFAULT_SERVERS): Json {
  const registry = z.toJSONSchema(z.globalRegistry, {
    uri: (id) => `#/components/schemas/${id}`,
    io: 'input',
    unrepresentable: 'any',
  });
  const schemas = Object.fromEntries(
    Object.entries(registry.schemas)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, s]) => [id, clean(s as Json)]),
  );
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const parameters = parametersOf(route);
    paths[route.path] ??= {};
    (paths[route.path] as Json)[route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      description: describeRoute(route),
      tags: [route.group],
      security: SECURITY[route.access],
      ...(route.write
        ? {
            'x-write': "runs in the hotel's owner region; responses carry x-served-region and x-owner-region",
          }
        : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: refOf(route.body) } } } }
        : {}),
      responses: responsesOf(route),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hotel booking platform',
      version: '1.0.0',
      description:
        "Two regions (us-east-1, ap-southeast-1). Writes run in the hotel's managedIn region; the other region " +
        'forwards them server-side. The guide to this API is docs/api.md.',
      // There is no LICENSE file: nothing is licensed to anyone (npm's "UNLICENSED").
      license: { name: 'UNLICENSED: proprietary, no license granted', identifier: 'LicenseRef-UNLICENSED' },
    },
    servers,
    tags: TAGS,
    paths,
    components: { schemas, headers: HEADERS, securitySchemes: SECURITY_SCHEMES },
  };
}
