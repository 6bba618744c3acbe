/**
 * What a route is: its method and path, who may call it, how its input is
 * parsed, what it answers, and the one domain function its handler calls.
 */
import type * as z from 'zod';
import type { RegionServices } from './region-services';
import * as s from './schemas';

/**
 * Who may call a route: anyone, the guest holding a booking's token, an
 * authenticated hotelier, or an operator (a hotelier token in the `admins` group).
 */
export type Access = 'public' | 'guest' | 'hotelier' | 'admin';
export type RouteGroup = 'public' | 'manage' | 'admin';

export interface HandlerInput<P, Q, B> {
  readonly services: RegionServices;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** The authenticated hotelier (`sub`), on hotelier routes. */
  readonly hotelierId: string;
  /** The guest's `Authorization: Bearer` token, on guest routes. */
  readonly bearerToken?: string;
  readonly idempotencyKey?: string;
  /** The client's IP address, in the region that received the request (absent when forwarded). */
  readonly caller?: string;
  /** True when another region received the request and forwarded it here. */
  readonly forwarded: boolean;
}

export interface HandlerOutput {
  readonly status: number;
  readonly body?: unknown;
}

export interface Route<P = unknown, Q = unknown, B = unknown> {
  readonly operationId: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly summary: string;
  readonly group: RouteGroup;
  readonly access: Access;
  /** A write runs in the hotel's owner region only; its responses carry the region headers. */
  readonly write: boolean;
  readonly params: z.ZodType<P>;
  readonly query: z.ZodType<Q>;
  readonly body?: z.ZodType<B>;
  /** Success statuses and the schema of their bodies (null: no body). */
  readonly responses: Readonly<Record<number, z.ZodType | null>>;
  /** Error codes this route can answer with, besides the ones every route can. */
  readonly errors: readonly string[];
  /** Reads the `Idempotency-Key` header. */
  readonly idempotent?: boolean;
  handle(input: HandlerInput<P, Q, B>): Promise<HandlerOutput>;
}

/** Declares a route with its schemas' types flowing into its handler. */
export function route<PS extends z.ZodType, QS extends z.ZodType, BS extends z.ZodType = z.ZodUndefined>(
  spec: Omit<Route<z.output<PS>, z.output<QS>, z.output<BS>>, 'params' | 'query' | 'body'> & {
    params: PS;
    query: QS;
    body?: BS;
  },
): Route {
  return spec as unknown as Route;
}

/**
 * True for a route that pages with a cursor: it takes one back in its query, and hands them out
 * sealed, so it needs the deployment's cursor key (`RegionServices.prepare`). No other route does.
 */
export function pagesWithCursor(route: Route): boolean {
  const shape = (route.query as { shape?: Record<string, unknown> }).shape;
  return shape !== undefined && 'cursor' in shape;
}

/** Path parameters of the routes under a hotel, a booking and a room type. */
export const hotelParams = s.noQuery.extend({ hotelId: s.resourceIdSchema });
export const bookingParams = hotelParams.extend({ bookingId: s.resourceIdSchema });
export const roomTypeParams = hotelParams.extend({ roomTypeId: s.roomTypeIdSchema });
