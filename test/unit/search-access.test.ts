/**
 * The custom resource that maps roles inside OpenSearch: the security plugin's requests it sends
 * (pinned, as the plugin's REST API documents them), sent signed by the function's credentials,
 * and its answer to CloudFormation, on success and on failure.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { securityRequests } from '../../lambdas/adapters/search/access-control';
import { handleSearchAccess, signedSender } from '../../lambdas/handlers/search-access';

const PIPELINE = 'arn:aws:iam::123456789012:role/pipeline';
const PUBLIC = 'arn:aws:iam::123456789012:role/public';
const MANAGE = 'arn:aws:iam::123456789012:role/manage';

const event = (type: 'Create' | 'Update' | 'Delete', url: string) =>
  ({
    RequestType: type,
    ResponseURL: `${url}/cfn-response?signed=1`,
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/HotelBooking-us-east-1/x',
    RequestId: 'req-1',
    LogicalResourceId: 'SearchAccess',
    ResourceType: 'Custom::SearchAccess',
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:mapper',
    ResourceProperties: { ServiceToken: 'x', Writers: [PIPELINE], Searchers: [PUBLIC, MANAGE] },
    ...(type === 'Create' ? {} : { PhysicalResourceId: 'hotel-search-access', OldResourceProperties: {} }),
  }) as CloudFormationCustomResourceEvent;

describe('securityRequests', () => {
  it('creates the two roles, each on the hotels index only, and maps the IAM roles to them', () => {
    expect(securityRequests({ writers: [PIPELINE], searchers: [PUBLIC, MANAGE] })).toEqual([
      {
        method: 'PUT',
        path: '/_plugins/_security/api/roles/hotels_writer',
        body: {
          description: expect.any(String),
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
              index_patterns: ['hotels'],
              allowed_actions: ['crud', 'create_index', 'indices:admin/get', 'indices:admin/mapping/put'],
            },
          ],
        },
      },
      {
        method: 'PUT',
        path: '/_plugins/_security/api/rolesmapping/hotels_writer',
        body: { backend_roles: [PIPELINE] },
      },
      {
        method: 'PUT',
        path: '/_plugins/_security/api/roles/hotels_search',
        body: {
          description: expect.any(String),
          cluster_permissions: ['indices:data/read/msearch'],
          index_permissions: [{ index_patterns: ['hotels'], allowed_actions: ['indices:data/read/search'] }],
        },
      },
      {
        method: 'PUT',
        path: '/_plugins/_security/api/rolesmapping/hotels_search',
        body: { backend_roles: [PUBLIC, MANAGE] },
      },
    ]);
  });

  it('gives the searchers no write and no index but hotels', () => {
    const text = JSON.stringify(securityRequests({ writers: [], searchers: [PUBLIC] }).slice(2));
    expect(text).not.toMatch(/write|crud|\*|all_access/);
  });
});

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('the custom resource handler', () => {
  let server: Server;
  let url: string;
  let seen: Seen[];
  let failSecurityApi: boolean;

  beforeEach(async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    seen = [];
    failSecurityApi = false;
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        const refused = failSecurityApi && req.url?.startsWith('/_plugins/');
        res
          .writeHead(refused ? 403 : 200, { 'content-type': 'application/json' })
          .end(JSON.stringify(refused ? { status: 'FORBIDDEN' } : { status: 'OK' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    vi.unstubAllEnvs();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const response = () => JSON.parse(seen.find((s) => s.url?.startsWith('/cfn-response'))?.body ?? '{}');

  it('sends the requests signed for es, in order, then answers CloudFormation SUCCESS', async () => {
    await handleSearchAccess(event('Create', url), signedSender(url, 'us-east-1'));
    const plugin = seen.filter((s) => s.url?.startsWith('/_plugins/'));
    expect(plugin.map((s) => `${s.method} ${s.url}`)).toEqual(
      securityRequests({ writers: [PIPELINE], searchers: [PUBLIC, MANAGE] }).map(
        (r) => `${r.method} ${r.path}`,
      ),
    );
    expect(JSON.parse(plugin[3]?.body ?? '{}')).toEqual({ backend_roles: [PUBLIC, MANAGE] });
    for (const s of plugin)
      expect(s.headers.authorization).toMatch(/Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/es\/aws4_request/);
    expect(seen.at(-1)?.method).toBe('PUT');
    expect(response()).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'hotel-search-access',
      RequestId: 'req-1',
      LogicalResourceId: 'SearchAccess',
    });
  });

  it('answers FAILED with the reason when the security plugin refuses', async () => {
    failSecurityApi = true;
    await handleSearchAccess(event('Update', url), signedSender(url, 'us-east-1'));
    expect(response()).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/Mapping roles/) });
  });

  it('changes nothing on delete, and answers SUCCESS', async () => {
    await handleSearchAccess(event('Delete', url), signedSender(url, 'us-east-1'));
    expect(seen.filter((s) => s.url?.startsWith('/_plugins/'))).toEqual([]);
    expect(response()).toMatchObject({ Status: 'SUCCESS' });
  });
});
