/**
 * What spans the regional stacks, or the constructs inside one: the constructs themselves are
 * tested on bare stacks (test/cdk/constructs/). The templates must be right the first time,
 * since nobody can deploy from here.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { REGIONS } from '../../lambdas/domain/regions';
import { METRICS } from '../../lambdas/infrastructure-contract';
import { BASE, SITE_FIXTURE, synthApp, WITH_DOMAIN } from './support';

let plain: ReturnType<typeof synthApp>;
beforeAll(() => {
  plain = synthApp(BASE);
});

const isAdmin = (p: unknown) =>
  JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes('AdminApi');

describe('data', () => {
  it('ap-southeast-1 grants on its own replica by name; only the operators’ function reaches us-east-1', () => {
    const policies = Object.values(plain.templates['ap-southeast-1'].findResources('AWS::IAM::Policy'));
    expect(JSON.stringify(policies)).toContain(':dynamodb:ap-southeast-1:123456789012:table/hotels');
    // Only the operators' function reaches the other region's replica: a handover fences there.
    expect(JSON.stringify(policies.filter((p) => !isAdmin(p)))).not.toContain(':dynamodb:us-east-1:');
    const admin = JSON.stringify(policies.filter(isAdmin));
    expect(admin).toContain(':dynamodb:us-east-1:123456789012:table/hotels');
    expect(admin).toContain(':dynamodb:ap-southeast-1:123456789012:table/hotels');
  });

  it('lets the us-east-1 operators function reach the ap-southeast-1 replica, and nothing else does', () => {
    const policies = Object.values(plain.templates['us-east-1'].findResources('AWS::IAM::Policy'));
    expect(JSON.stringify(policies.filter(isAdmin))).toContain(
      ':dynamodb:ap-southeast-1:123456789012:table/hotels',
    );
    // Besides it, only the step that turns on the replica's deletion protection (UpdateTable alone).
    const protection = (p: (typeof policies)[number]) =>
      JSON.stringify(p.Properties.PolicyDocument.Statement) ===
      JSON.stringify([
        {
          Action: 'dynamodb:UpdateTable',
          Effect: 'Allow',
          Resource: {
            'Fn::Join': [
              '',
              ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:ap-southeast-1:123456789012:table/hotels'],
            ],
          },
        },
      ]);
    expect(JSON.stringify(policies.filter((p) => !isAdmin(p) && !protection(p)))).not.toContain(
      ':dynamodb:ap-southeast-1:',
    );
  });
});

describe('policies', () => {
  for (const region of REGIONS)
    it(`${region}: no policy of ours grants a whole service (service:*)`, () => {
      const policies = Object.values(plain.templates[region].findResources('AWS::IAM::Policy'));
      expect(policies.length).toBeGreaterThan(0);
      for (const p of policies)
        for (const s of p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>)
          for (const action of [s.Action].flat())
            expect(action, 'no wildcard actions of our own').not.toMatch(/^[a-z0-9]+:\*$/);
    });
});

describe('routing', () => {
  it('without a domain: no certificate, no records, no health checks', () => {
    for (const region of REGIONS) {
      const t = plain.templates[region];
      t.resourceCountIs('AWS::Route53::RecordSet', 0);
      t.resourceCountIs('AWS::Route53::HealthCheck', 0);
      t.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    }
  });
});

describe('operations', () => {
  for (const region of REGIONS)
    it(`${region}: every alarm goes to the region's one alarm topic, the reconcile's included`, () => {
      const alarms = Object.values(plain.templates[region].findResources('AWS::CloudWatch::Alarm')).map(
        (a) => a.Properties,
      );
      expect(alarms.length).toBeGreaterThanOrEqual(10);
      for (const alarm of alarms)
        expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlarmsTopic/) }]);
      expect(
        alarms.filter((a) => a.Namespace === METRICS.namespace).map((a) => a.MetricName as string),
      ).toEqual(
        expect.arrayContaining([
          METRICS.reconcile.counterMismatches,
          METRICS.reconcile.nonOwnerWrites,
          METRICS.reconcile.stuckChanges,
          METRICS.reconcile.splitOwnership,
        ]),
      );
    });

  it('deploys the built web app with a config.json naming the API and the hosted sign-in, when it is built', () => {
    const { app, templates } = synthApp(WITH_DOMAIN, { siteAssetPath: SITE_FIXTURE });
    const us = templates['us-east-1'];
    us.resourceCountIs('Custom::CDKBucketDeployment', 1);
    const deployment = Object.values(us.findResources('Custom::CDKBucketDeployment'))[0]?.Properties;
    const config = JSON.stringify(deployment.SourceMarkers ?? deployment);
    // config.json's tokens: the app client id and the hosted UI domain (literals live in the staged asset).
    expect(config).toMatch(/HoteliersUserPoolWebClient/);
    expect(config).toMatch(/HoteliersUserPoolHostedUi/);
    // The hosted sign-in returns to the site's /manage, on the distribution's domain.
    us.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: [Match.objectLike({ 'Fn::Join': Match.anyValue() })],
    });
    templates['ap-southeast-1'].resourceCountIs('Custom::CDKBucketDeployment', 0);
    expect(() => app.synth()).not.toThrow();
  });

  it('hosts the web UI once, in us-east-1', () => {
    plain.templates['us-east-1'].resourceCountIs('AWS::CloudFront::Distribution', 1);
    plain.templates['ap-southeast-1'].resourceCountIs('AWS::CloudFront::Distribution', 0);
  });

  it('creates the hotelier user pool once, in us-east-1; ap-southeast-1 reads it with no cross-region references', () => {
    plain.templates['us-east-1'].resourceCountIs('AWS::Cognito::UserPool', 1);
    plain.templates['ap-southeast-1'].resourceCountIs('AWS::Cognito::UserPool', 0);
    const asia = JSON.stringify(plain.templates['ap-southeast-1'].toJSON());
    expect(asia).not.toContain('ExportsReader');
    expect(plain.stacks['ap-southeast-1']?.dependencies.map((s) => s.stackName)).toEqual([
      'HotelBooking-us-east-1',
    ]);
  });
});

describe('configuration', () => {
  it('trusts an external identity provider in both regions when one is given', () => {
    const external = synthApp({
      ...BASE,
      hotelierIssuer: 'https://idp.example.com/',
      hotelierAudience: 'hotel-api',
    });
    for (const region of REGIONS)
      external.templates[region].hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        JwtConfiguration: { Audience: ['hotel-api'], Issuer: 'https://idp.example.com/' },
      });
    // The stack passes the provider on, so no pool is made (constructs/hotelier-identity.test.ts: nothing at all).
    expect(Template.fromStack(external.stacks['us-east-1']).findResources('AWS::Cognito::UserPool')).toEqual(
      {},
    );
  });
});
