/** Builds the OpenAPI 3.1 document from the route table and its zod schemas. */
import { z } from 'zod';
import { ERROR_STATUS } from './error-responses';
import type { Route } from './routes';

type Json = Record<string, unknown>;

/** Errors any route can answer with, whatever it declares. */
const COMMON_ERRORS = ['SERVICE_UNAVAILABLE'];
const BODY_ERRORS = ['VALIDATION', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'];

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

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No content',
};

/** The whole document; `servers` lists the regional base URLs. */
export function buildOpenApi(
  routes: readonly Route[],
  servers: Array<{ url: string; description: string }> = [],
): Json {
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
    const parameters = [
      ...objectProperties(route.params).map(([name, schema]) => ({
        name,
        in: 'path',
        required: true,
        schema,
      })),
      ...objectProperties(route.query).map(([name, schema, required]) => ({
        name,
        in: 'query',
        required,
        schema,
      })),
      ...(route.access === 'guest'
        ? [
            {
              name: 'Authorization',
              in: 'header',
              required: true,
              schema: { type: 'string', pattern: '^Bearer .+$' },
            },
          ]
        : []),
      ...(route.idempotent
        ? [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              schema: { type: 'string', minLength: 1, maxLength: 128 },
              description:
                'The same key with the same body returns what the first request made, and makes nothing more; ' +
                'with another body, 422. A 504 OUTCOME_UNKNOWN answer names the key its attempt ran under.',
            },
          ]
        : []),
    ];
    const responses: Record<string, Json> = {};
    for (const [status, schema] of Object.entries(route.responses)) {
      responses[status] = schema
        ? {
            description: REASONS[Number(status)] ?? 'OK',
            content: { 'application/json': { schema: refOf(schema) } },
          }
        : { description: REASONS[Number(status)] ?? 'OK' };
    }
    const codes = new Set([...route.errors, ...COMMON_ERRORS, ...(route.body ? BODY_ERRORS : [])]);
    if (route.access === 'hotelier' || route.access === 'admin') codes.add('UNAUTHORIZED');
    if (route.access === 'admin') codes.add('FORBIDDEN');
    const byStatus = new Map<number, string[]>();
    for (const code of codes) {
      const status = ERROR_STATUS[code];
      if (status === undefined) throw new Error(`route ${route.operationId} declares unknown error ${code}`);
      byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
    }
    for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
      responses[String(status)] = {
        description: list.sort().join(' or '),
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    responses['500'] = {
      description:
        'INTERNAL: an unexpected failure; the message is generic and details carry the correlation id',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
    paths[route.path] ??= {};
    (paths[route.path] as Json)[route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.group],
      // Admin routes take the same token; the dispatcher also requires the admins group.
      ...(route.access === 'hotelier' || route.access === 'admin' ? { security: [{ hotelierJwt: [] }] } : {}),
      ...(route.write
        ? {
            'x-write': "runs in the hotel's owner region; responses carry x-served-region and x-owner-region",
          }
        : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: refOf(route.body) } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hotel booking platform',
      version: '1.0.0',
      description:
        "Two regions (us-east-1, ap-southeast-1). Writes run in the hotel's managedIn region; the other region forwards them server-side.",
    },
    servers,
    paths,
    components: {
      schemas,
      securitySchemes: { hotelierJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}
