/**
 * Every route of the contract, declared once: the dispatcher routes and parses
 * with it, the Lambda entries pick their group from it, and the OpenAPI document
 * is generated from it. Each handler calls one domain function.
 */
import { ADMIN_ROUTES } from './admin-routes';
import { MANAGE_ROUTES } from './manage-routes';
import { PUBLIC_ROUTES } from './public-routes';
import type { Route, RouteGroup } from './route';

export type { Access, HandlerInput, HandlerOutput, Route, RouteGroup } from './route';

/** The route table: travellers', hoteliers' and operators' routes. */
export const ROUTES: readonly Route[] = [...PUBLIC_ROUTES, ...MANAGE_ROUTES, ...ADMIN_ROUTES];

/** The routes of one Lambda entry. */
export function routesOf(group: RouteGroup): Route[] {
  return ROUTES.filter((r) => r.group === group);
}
