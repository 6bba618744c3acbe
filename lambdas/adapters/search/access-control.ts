/**
 * The hotel index's roles inside OpenSearch's fine-grained access control, and the security
 * plugin's REST requests that create them and map IAM roles to them. The deployment sends these
 * (lambdas/handlers/search-access.ts, a custom resource in the VPC), so no one needs a host there.
 */
import { HOTEL_INDEX } from '../../infrastructure-contract';

/** The IAM role ARNs to map, by what they do with the hotel index. */
export interface SearchAccessMapping {
  /** The ingestion pipeline's role: it creates the index (from its template) and writes documents. */
  readonly writers: readonly string[];
  /** The searching functions' roles: `_search` and `_msearch` on the index, nothing else. */
  readonly searchers: readonly string[];
}

/** One request to the security plugin's REST API. */
export interface SecurityRequest {
  readonly method: 'PUT';
  readonly path: string;
  readonly body: Record<string, unknown>;
}

const API = '/_plugins/_security/api';

/**
 * Each role with only what it needs on the one index. Bulk and multi-search are checked first as
 * cluster actions, then each of their items on the index.
 */
export const SEARCH_ACCESS_ROLES = {
  hotels_writer: {
    description: 'The ingestion pipeline: installs the index template, creates and writes the hotels index',
    cluster_permissions: [
      'cluster_monitor',
      'indices:data/write/bulk',
      'indices:admin/template/get',
      'indices:admin/template/put',
      'indices:admin/index_template/get',
      'indices:admin/index_template/put',
    ],
    index_permissions: [
      {
        index_patterns: [HOTEL_INDEX],
        allowed_actions: ['crud', 'create_index', 'indices:admin/get', 'indices:admin/mapping/put'],
      },
    ],
  },
  hotels_search: {
    description: "The travellers' and hoteliers' functions: search the hotels index",
    cluster_permissions: ['indices:data/read/msearch'],
    index_permissions: [{ index_patterns: [HOTEL_INDEX], allowed_actions: ['indices:data/read/search'] }],
  },
} as const;

/** The requests that create both roles and map the given IAM roles to them (each one idempotent). */
export function securityRequests(mapping: SearchAccessMapping): SecurityRequest[] {
  const backendRoles = { hotels_writer: mapping.writers, hotels_search: mapping.searchers };
  return Object.entries(SEARCH_ACCESS_ROLES).flatMap(([name, role]) => [
    { method: 'PUT' as const, path: `${API}/roles/${name}`, body: role },
    {
      method: 'PUT' as const,
      path: `${API}/rolesmapping/${name}`,
      body: { backend_roles: [...backendRoles[name as keyof typeof backendRoles]] },
    },
  ]);
}
