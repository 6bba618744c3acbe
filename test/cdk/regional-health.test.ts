/**
 * Route 53 takes a region out of the latency record when its /health fails. The check must probe
 * this region's own API, the route must reach the public function without a token, and that
 * function must be allowed the GetItem /health does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { REGIONS } from '../../lambdas/domain/regions';
import {
  actionsOf,
  type CfnResource,
  functionId,
  render,
  resourcesOf,
  resourcesOfStatement,
  roleStatements,
  synthTemplates,
  WITH_DOMAIN,
} from './support';

let templates: ReturnType<typeof synthTemplates>;
beforeAll(() => {
  templates = synthTemplates(WITH_DOMAIN);
});

const ofType = (resources: Record<string, CfnResource>, type: string) =>
  Object.entries(resources).filter(([, r]) => r.Type === type);

describe('regional health', () => {
  for (const region of REGIONS)
    it(`${region}: Route 53 checks GET /health on this region's API, served by the public function, which may read the table`, () => {
      const resources = resourcesOf(templates[region]);
      const [api] = ofType(resources, 'AWS::ApiGatewayV2::Api').map(([id]) => id);
      const checks = ofType(resources, 'AWS::Route53::HealthCheck');
      expect(checks).toHaveLength(1);
      const [checkId, check] = checks[0] as [string, CfnResource];
      expect(check.Properties?.HealthCheckConfig).toMatchObject({
        Type: 'HTTPS',
        Port: 443,
        ResourcePath: '/health',
        // API Gateway serves HTTPS by SNI only.
        EnableSNI: true,
      });
      expect(render(check.Properties?.HealthCheckConfig.FullyQualifiedDomainName)).toBe(
        `<${api}>.execute-api.${region}.<AWS::URLSuffix>`,
      );
      const [record] = ofType(resources, 'AWS::Route53::RecordSet').map(([, r]) => r);
      expect(record?.Properties).toMatchObject({ Region: region, HealthCheckId: { Ref: checkId } });

      const [health] = ofType(resources, 'AWS::ApiGatewayV2::Route')
        .map(([, r]) => r)
        .filter((r) => r.Properties?.RouteKey === 'GET /health');
      expect(health?.Properties?.AuthorizationType ?? 'NONE').toBe('NONE');
      const integrationId = render(health?.Properties?.Target).replace(/^integrations\/<(.+)>$/, '$1');
      const integration = resources[integrationId];
      const publicFn = functionId(resources, 'PublicApi');
      expect(integration?.Properties?.IntegrationUri).toEqual({ 'Fn::GetAtt': [publicFn, 'Arn'] });

      const reads = roleStatements(resources, publicFn).filter((s) =>
        actionsOf(s).includes('dynamodb:GetItem'),
      );
      expect(
        reads
          .flatMap(resourcesOfStatement)
          .some((arn) => /table\/hotels$|^<DataTable[0-9A-F]{8}\.Arn>$/.test(arn)),
      ).toBe(true);
    });
});
