/** LatencyRouting on a bare stack: certificate, custom domain, health check and latency record. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpApi, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { describe, expect, it } from 'vitest';
import { REGIONS } from '../../../lambdas/domain/regions';
import { LatencyRouting } from '../../../lib/constructs/latency-routing';
import { bareStack, render, resourcesOfType } from '../support';

describe('LatencyRouting', () => {
  for (const region of REGIONS)
    it(`${region}: with a domain, a latency record with region and set id, checked on /health`, () => {
      const stack = bareStack(region);
      const httpApi = new HttpApi(stack, 'Api', { createDefaultStage: false });
      const stage = new HttpStage(stack, 'Stage', { httpApi, stageName: '$default' });
      new LatencyRouting(stack, 'Routing', {
        httpApi,
        stage,
        domainName: 'api.hotels.example.com',
        ownsValidationRecord: region === 'us-east-1',
        hostedZone: HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
          hostedZoneId: 'Z0000000000000000000',
          zoneName: 'hotels.example.com',
        }),
      });
      const t = Template.fromStack(stack);
      t.hasResourceProperties('AWS::CertificateManager::Certificate', {
        DomainName: 'api.hotels.example.com',
        ValidationMethod: 'DNS',
      });
      t.hasResourceProperties('AWS::ApiGatewayV2::DomainName', { DomainName: 'api.hotels.example.com' });
      t.hasResourceProperties('AWS::Route53::HealthCheck', {
        HealthCheckConfig: Match.objectLike({ Type: 'HTTPS', ResourcePath: '/health', Port: 443 }),
      });
      t.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'api.hotels.example.com.',
        Type: 'A',
        Region: region,
        SetIdentifier: region,
        HealthCheckId: Match.anyValue(),
        HostedZoneId: 'Z0000000000000000000',
      });
      // The check probes this region's own API, not the shared name (which could answer from elsewhere).
      const [check] = Object.values(resourcesOfType(t, 'AWS::Route53::HealthCheck'));
      expect(render(check?.Properties?.HealthCheckConfig.FullyQualifiedDomainName)).toMatch(
        new RegExp(`^<Api[0-9A-F]{8}>\\.execute-api\\.${region}\\.<AWS::URLSuffix>$`),
      );
      t.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { Stage: Match.anyValue() });
    });
});
