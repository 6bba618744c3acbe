/** Handler-level test wiring: API Gateway v2 events, and two regions whose forwarding is wired to each other. */

import { generateKeyPair } from 'jose';
import {
  issueHotelierToken,
  type LocalJwtKeys,
  localHotelierTokens,
} from '../../lambdas/adapters/auth/local-jwt';
import { answerLost, envelopeFor, notDelivered } from '../../lambdas/adapters/forwarding/forward-outcome';
import type {
  ForwardedRequest,
  ForwardedResponse,
  HotelierTokenVerifier,
  HotelSearch,
  IndexedHotel,
  RegionForwarder,
  RegionStores,
  SearchPage,
  SearchQuery,
} from '../../lambdas/domain/ports';
import { otherRegion, type Region } from '../../lambdas/domain/regions';
import { createApiHandler } from '../../lambdas/handlers/lambda-entry';
import { receiveForwarded } from '../../lambdas/http/dispatch';
import type { RegionServices } from '../../lambdas/http/region-services';
import { Router } from '../../lambdas/http/router';
import { ROUTES } from '../../lambdas/http/routes';
import { apiGatewayEvent, type EventInput, localLambdaContext } from '../../local/api-gateway-event';
import { type TestStore, testGuestAccess, testStore } from './store';

export type { EventInput } from '../../local/api-gateway-event';
export const apiEvent = apiGatewayEvent;
/** A context for one invocation: its time left counts down from its making. */
export const lambdaContext = () => localLambdaContext('api');

/** A search fake that matches substrings of name or city; the real engines have their own suite. */
export class SubstringSearch implements HotelSearch {
  readonly hotels = new Map<string, IndexedHotel>();
  async search(query: SearchQuery): Promise<SearchPage> {
    const q = query.q?.toLowerCase() ?? '';
    const items = [...this.hotels.values()]
      .filter((h) => `${h.name} ${h.city}`.toLowerCase().includes(q))
      .filter((h) => !query.city || h.city.toLowerCase() === query.city.toLowerCase())
      .slice(0, query.limit)
      .map((h) => ({ ...h, after: '' }));
    return { items, nextCursor: null };
  }
  async index(hotel: IndexedHotel) {
    this.hotels.set(hotel.hotelId, hotel);
  }
  async remove(hotelId: string) {
    this.hotels.delete(hotelId);
  }
}

const ALL_ROUTES = new Router(ROUTES);

/** The hoteliers' token issuer of the handler tests: one key pair, as Cognito's is one pool for both regions. */
const issuerKeys: Promise<LocalJwtKeys> = generateKeyPair('ES256');

/** A token of the tests' issuer for `sub` (with `groups` as `cognito:groups`), valid for `ttlSeconds` (negative: expired). */
export async function hotelierToken(
  sub: string,
  groups: readonly string[] = [],
  ttlSeconds = 3600,
): Promise<string> {
  return issueHotelierToken(await issuerKeys, sub, ttlSeconds, groups);
}

/** What each test region checks hoteliers' tokens with: the tests' issuer's key. */
export const testHotelierTokens: HotelierTokenVerifier = {
  claimsOf: async (authorization) => localHotelierTokens(await issuerKeys).claimsOf(authorization),
};

/**
 * The event as API Gateway would build it: `claims` stand for a token the authorizer accepted, so
 * that token is in the request's Authorization header too (unless the test sends its own).
 */
async function withBearerOfClaims(input: EventInput): Promise<EventInput> {
  const sub = input.claims?.sub;
  const headers = input.headers ?? {};
  if (typeof sub !== 'string' || Object.keys(headers).some((h) => h.toLowerCase() === 'authorization'))
    return input;
  const groups = input.claims?.['cognito:groups'];
  const token = await hotelierToken(sub, Array.isArray(groups) ? groups.map(String) : []);
  return { ...input, headers: { ...headers, authorization: `Bearer ${token}` } };
}

/**
 * How the fake link to the other region behaves: up; down (nothing reaches the
 * owner); lose-answer (the owner runs the request, its answer never comes back);
 * late (the request reaches the owner after its deadline).
 */
export type LinkMode = 'up' | 'down' | 'lose-answer' | 'late';

/** The bound the fake link stamps into each envelope, as the real forwarders do with theirs. */
const LINK_TIMEOUT_MS = 2_000;

/** A forwarder that hands the envelope (through JSON, as on the wire) to the other region's receiver. */
export class TestLink implements RegionForwarder {
  mode: LinkMode = 'up';
  readonly sent: ForwardedRequest[] = [];
  peer?: RegionServices;

  async forwardToOwnerRegion(owner: string, request: ForwardedRequest): Promise<ForwardedResponse> {
    this.sent.push(request);
    if (this.mode === 'down' || !this.peer || this.peer.region !== owner) throw notDelivered(owner);
    const sentAt = this.mode === 'late' ? Date.now() - LINK_TIMEOUT_MS : Date.now();
    const envelope = envelopeFor(request, LINK_TIMEOUT_MS, sentAt);
    const answer = await receiveForwarded(this.peer, ALL_ROUTES, JSON.parse(JSON.stringify(envelope)));
    if (this.mode === 'lose-answer' || this.mode === 'late')
      throw answerLost(owner, LINK_TIMEOUT_MS, request);
    return answer;
  }
}

export interface TestRegion {
  readonly store: TestStore;
  readonly services: RegionServices;
  readonly link: TestLink;
  readonly search: SubstringSearch;
  /** Invokes the public or manage Lambda handler with an event. */
  call(input: EventInput): Promise<{ statusCode: number; headers: Record<string, string>; body: any }>;
}

/** Both regions on one table name, each with its handlers and a link to the other. */
export function twoRegions(
  tableName: string,
  now: () => Date = () => new Date(),
): Record<Region, TestRegion> {
  const stores = {} as Record<Region, RegionStores>;
  const make = (region: Region): TestRegion => {
    const store = testStore(region, now, tableName);
    stores[region] = store;
    const link = new TestLink();
    const search = new SubstringSearch();
    const services: RegionServices = {
      ...store,
      search,
      forwarder: link,
      hotelierTokens: testHotelierTokens,
      guestAccess: testGuestAccess(store, region),
      handover: { stores, now, drain: { timeoutMs: 300, pollMs: 10 } },
    };
    const handlers = {
      public: createApiHandler('public', () => services),
      manage: createApiHandler('manage', () => services),
      admin: createApiHandler('admin', () => services),
    };
    return {
      store,
      services,
      link,
      search,
      async call(input) {
        const group = input.path.startsWith('/v1/admin')
          ? 'admin'
          : input.path.startsWith('/v1/manage')
            ? 'manage'
            : 'public';
        const handler = handlers[group];
        const result = await handler(apiEvent(await withBearerOfClaims(input)), lambdaContext());
        const text = result.body ?? '';
        return {
          statusCode: result.statusCode ?? 0,
          headers: (result.headers ?? {}) as Record<string, string>,
          body: text ? JSON.parse(text) : undefined,
        };
      },
    };
  };
  const regions = { 'us-east-1': make('us-east-1'), 'ap-southeast-1': make('ap-southeast-1') };
  for (const region of Object.values(regions))
    region.link.peer = regions[otherRegion(region.services.region)].services;
  return regions;
}
