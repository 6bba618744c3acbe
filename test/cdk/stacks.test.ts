/** CDK assertions per region: the templates must be right the first time, since nobody can deploy from here. */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HOTEL_TABLE } from '../../lambdas/adapters/dynamodb/table-definition';
import { HOTEL_INDEX_BODY } from '../../lambdas/adapters/search/index-definition';
import { REGIONS, type Region } from '../../lambdas/domain/regions';
import { ROUTES } from '../../lambdas/http/routes';
import { buildApp } from '../../lib/app';
import { type AppConfig, parseAppConfig } from '../../lib/config';

const BASE = { account: '123456789012', alarmEmail: 'ops@example.com' };
const WITH_DOMAIN = {
  ...BASE,
  domainName: 'api.hotels.example.com',
  hostedZoneId: 'Z0000000000000000000',
  hostedZoneName: 'hotels.example.com',
};

function synth(config: AppConfig) {
  // Bundling is skipped here (fast); one test below bundles every function for real.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stacks = buildApp(app, config);
  const templates = Object.fromEntries(
    REGIONS.map((r) => [r, Template.fromStack(stacks[r] as never)]),
  ) as Record<Region, Template>;
  return { app, stacks, templates };
}

/** A CloudFormation value with intrinsics rendered as <placeholders>, as text. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const o = value as Record<string, unknown>;
  if (Array.isArray(o['Fn::Join'])) {
    const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map(render).join(sep);
  }
  if (o.Ref) return `<${o.Ref}>`;
  if (o['Fn::GetAtt']) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
  return '<expr>';
}

let plain: ReturnType<typeof synth>;
let routed: ReturnType<typeof synth>;
beforeAll(() => {
  plain = synth(parseAppConfig(BASE));
  routed = synth(parseAppConfig(WITH_DOMAIN));
});

describe('data', () => {
  it('creates one global table in us-east-1, from the shared definition, with an ap-southeast-1 replica', () => {
    const us = plain.templates['us-east-1'];
    us.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    us.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'hotels',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: HOTEL_TABLE.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: HOTEL_TABLE.sortKey.name, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: HOTEL_TABLE.globalIndexes.map((i) =>
        Match.objectLike({
          IndexName: i.indexName,
          KeySchema: [
            { AttributeName: i.partitionKey.name, KeyType: 'HASH' },
            { AttributeName: i.sortKey.name, KeyType: 'RANGE' },
          ],
        }),
      ),
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    const table = Object.values(us.findResources('AWS::DynamoDB::GlobalTable'))[0];
    const replicas = table?.Properties.Replicas as Array<Record<string, unknown>>;
    expect(replicas.map((r) => r.Region).sort()).toEqual([...REGIONS].sort());
    for (const replica of replicas)
      expect(replica).toMatchObject({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      });
    expect(table?.DeletionPolicy).toBe('Retain');
  });

  it('uses the replica in ap-southeast-1 by name, in its own region, without creating a table', () => {
    const asia = plain.templates['ap-southeast-1'];
    asia.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
    asia.resourceCountIs('AWS::DynamoDB::Table', 0);
    const policies = Object.values(asia.findResources('AWS::IAM::Policy'));
    const isAdmin = (p: unknown) =>
      JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes('AdminApi');
    expect(JSON.stringify(policies)).toContain(':dynamodb:ap-southeast-1:123456789012:table/hotels');
    // Only the operators' function reaches the other region's replica: a handover fences there.
    expect(JSON.stringify(policies.filter((p) => !isAdmin(p)))).not.toContain(':dynamodb:us-east-1:');
    const admin = JSON.stringify(policies.filter(isAdmin));
    expect(admin).toContain(':dynamodb:us-east-1:123456789012:table/hotels');
    expect(admin).toContain(':dynamodb:ap-southeast-1:123456789012:table/hotels');
  });

  it('lets the us-east-1 operators function reach the ap-southeast-1 replica, and nothing else does', () => {
    const policies = Object.values(plain.templates['us-east-1'].findResources('AWS::IAM::Policy'));
    const isAdmin = (p: unknown) =>
      JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes('AdminApi');
    expect(JSON.stringify(policies.filter(isAdmin))).toContain(
      ':dynamodb:ap-southeast-1:123456789012:table/hotels',
    );
    expect(JSON.stringify(policies.filter((p) => !isAdmin(p)))).not.toContain(':dynamodb:ap-southeast-1:');
  });
});

describe('api', () => {
  for (const region of REGIONS) {
    it(`${region}: four API functions on nodejs22.x, arm64, traced, with their own log groups`, () => {
      const t = plain.templates[region];
      const functions = Object.values(t.findResources('AWS::Lambda::Function')).filter(
        (f) => f.Properties?.Environment?.Variables?.FORWARD_RECEIVER_ARNS,
      );
      expect(functions).toHaveLength(4);
      for (const fn of functions) {
        expect(fn.Properties).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          TracingConfig: { Mode: 'Active' },
        });
        expect(fn.Properties.LoggingConfig.LogGroup).toEqual({ Ref: expect.any(String) });
        const env = fn.Properties.Environment.Variables;
        expect(Object.keys(JSON.parse(render(env.FORWARD_RECEIVER_ARNS)))).toEqual([...REGIONS]);
      }
      t.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'hotel-booking-forward-receiver' });
      t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    });

    it(`${region}: routes every contract route; a JWT authorizer guards exactly the management and admin routes`, () => {
      const t = plain.templates[region];
      t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: { Audience: [Match.anyValue()], Issuer: Match.anyValue() },
      });
      const routes = Object.values(t.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties);
      expect(routes.map((r) => r.RouteKey).sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
      for (const route of routes) {
        const declared = ROUTES.find((r) => `${r.method} ${r.path}` === route.RouteKey);
        expect(route.AuthorizationType ?? 'NONE', route.RouteKey).toBe(
          declared?.access === 'hotelier' || declared?.access === 'admin' ? 'JWT' : 'NONE',
        );
      }
    });

    it(`${region}: throttles the stage and the public writes more tightly, and logs access`, () => {
      const stage = Object.values(plain.templates[region].findResources('AWS::ApiGatewayV2::Stage'))[0]
        ?.Properties;
      expect(stage.DefaultRouteSettings).toMatchObject({
        ThrottlingRateLimit: 500,
        ThrottlingBurstLimit: 1000,
      });
      expect(stage.RouteSettings['POST /v1/hotels/{hotelId}/bookings']).toEqual({
        ThrottlingRateLimit: 100,
        ThrottlingBurstLimit: 200,
      });
      expect(stage.AccessLogSettings.DestinationArn).toBeDefined();
    });

    it(`${region}: lets its API functions invoke only the other region's forward receiver`, () => {
      const other = REGIONS.find((r) => r !== region);
      const policies = Object.values(plain.templates[region].findResources('AWS::IAM::Policy'));
      const invokes = policies.flatMap((p) =>
        (p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
          .filter((s) => [s.Action].flat().includes('lambda:InvokeFunction'))
          .flatMap((s) => [s.Resource].flat().map(render)),
      );
      expect(invokes.length).toBeGreaterThan(0);
      for (const arn of invokes)
        expect(arn).toMatch(
          new RegExp(`:lambda:${other}:123456789012:function:hotel-booking-forward-receiver(:\\*)?$`),
        );
      for (const p of policies)
        for (const s of p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>)
          for (const action of [s.Action].flat())
            expect(action, 'no wildcard actions of our own').not.toMatch(/^[a-z0-9]+:\*$/);
    });
  }
});

describe('search', () => {
  for (const region of REGIONS) {
    it(`${region}: an OpenSearch domain in the VPC, encrypted, HTTPS only, with fine-grained access`, () => {
      plain.templates[region].hasResourceProperties('AWS::OpenSearchService::Domain', {
        VPCOptions: { SubnetIds: Match.anyValue(), SecurityGroupIds: Match.anyValue() },
        EncryptionAtRestOptions: { Enabled: true },
        NodeToNodeEncryptionOptions: { Enabled: true },
        DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' },
        AdvancedSecurityOptions: Match.objectLike({
          Enabled: true,
          MasterUserOptions: { MasterUserARN: Match.anyValue() },
        }),
      });
    });

    it(`${region}: an ingestion pipeline from this region's table: export then stream, hotels only, DLQ, shared index template`, () => {
      const t = plain.templates[region];
      const pipeline = Object.values(t.findResources('AWS::OSIS::Pipeline'))[0]?.Properties;
      expect(pipeline.LogPublishingOptions.CloudWatchLogDestination.LogGroup).toEqual({
        Ref: expect.stringMatching(/^SearchPipelineLogs/),
      });
      t.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: `/aws/vendedlogs/OpenSearchIngestion/hotels-${region}`,
      });
      expect(pipeline.VpcOptions.SubnetIds).toHaveLength(2);
      const config = parse(render(pipeline.PipelineConfigurationBody))['hotels-pipeline'];
      const table = config.source.dynamodb.tables[0];
      expect(table.table_arn).toMatch(new RegExp(`:dynamodb:${region}:123456789012:table/hotels$|^<Data`));
      expect(table.export.s3_bucket).toMatch(/^<SearchExportBucket/);
      expect(table.stream).toEqual({ start_position: 'LATEST', view_on_remove: 'OLD_IMAGE' });
      expect(config.processor[0]).toEqual({ drop_events: { drop_when: '/sk != "HOTEL"' } });
      expect(config.processor[1].add_entries.entries[0]).toMatchObject({
        metadata_key: 'opensearch_action',
        value: 'delete',
        add_when: '/status != "ACTIVE"',
      });
      const sink = config.sink[0].opensearch;
      expect(sink).toMatchObject({
        index: 'hotels',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Data Prepper expressions
        document_id: '${/pk}',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Data Prepper expressions
        action: '${getMetadata("opensearch_action")}',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Data Prepper expressions
        document_version: '${getMetadata("document_version")}',
        document_version_type: 'external',
        template_type: 'index-template',
      });
      expect(JSON.parse(sink.template_content)).toEqual({
        index_patterns: ['hotels'],
        template: HOTEL_INDEX_BODY,
      });
      expect(sink.dlq.s3.bucket).toMatch(/^<SearchDeadLetterBucket/);
    });
  }
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

  for (const region of REGIONS) {
    it(`${region}: with a domain, a latency record with region and set id, checked on /health`, () => {
      const t = routed.templates[region];
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
    });
  }
});

describe('operations', () => {
  for (const region of REGIONS) {
    it(`${region}: alarms to an e-mail topic, including replication latency and the dead-letter bucket`, () => {
      const t = plain.templates[region];
      t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
      const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
      expect(alarms.length).toBeGreaterThanOrEqual(10);
      expect(
        alarms.some((a) => a.MetricName === 'ReplicationLatency' && a.Namespace === 'AWS/DynamoDB'),
      ).toBe(true);
      // Per operation, in one expression (operational-alarms.test.ts checks its dimensions).
      expect(alarms.some((a) => JSON.stringify(a.Metrics ?? '').includes('"ThrottledRequests"'))).toBe(true);
      expect(alarms.some((a) => JSON.stringify(a.Metrics ?? '').includes('AWS/OSIS'))).toBe(true);
      for (const alarm of alarms)
        expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlarmsTopic/) }]);
      t.hasResourceProperties('Custom::S3BucketNotifications', {
        NotificationConfiguration: {
          TopicConfigurations: [Match.objectLike({ Events: ['s3:ObjectCreated:*'] })],
        },
      });
    });
  }

  for (const region of REGIONS)
    it(`${region}: reconciles hourly and alarms on counter mismatches and non-owner writes`, () => {
      const t = plain.templates[region];
      t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 hour)' });
      for (const metricName of ['CounterMismatches', 'NonOwnerWrites'])
        t.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'HotelBooking',
          MetricName: metricName,
          Dimensions: [{ Name: 'service', Value: 'reconcile' }],
          Threshold: 1,
        });
    });

  it('deploys the built web app with a config.json naming the API and the hosted sign-in, when it is built', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const site = new URL('../../web/dist/', import.meta.url).pathname;
    const stacks = buildApp(app, parseAppConfig(WITH_DOMAIN), { siteAssetPath: site });
    const us = Template.fromStack(stacks['us-east-1'] as never);
    us.resourceCountIs('Custom::CDKBucketDeployment', 1);
    const deployment = Object.values(us.findResources('Custom::CDKBucketDeployment'))[0]?.Properties;
    const config = JSON.stringify(deployment.SourceMarkers ?? deployment);
    // config.json's tokens: the app client id and the hosted UI domain (literals live in the staged asset).
    expect(config).toMatch(/HoteliersUserPoolWebClient/);
    expect(config).toMatch(/HoteliersUserPoolHostedUi/);
    us.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['implicit'],
      CallbackURLs: [Match.objectLike({ 'Fn::Join': Match.anyValue() })],
    });
    us.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    Template.fromStack(stacks['ap-southeast-1'] as never).resourceCountIs('Custom::CDKBucketDeployment', 0);
    expect(() => app.synth()).not.toThrow();
  });

  it('hosts the web UI once, in us-east-1, behind CloudFront with origin access control', () => {
    plain.templates['us-east-1'].resourceCountIs('AWS::CloudFront::Distribution', 1);
    plain.templates['us-east-1'].resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    plain.templates['ap-southeast-1'].resourceCountIs('AWS::CloudFront::Distribution', 0);
  });

  it('creates the hotelier user pool once, in us-east-1; ap-southeast-1 reads it from SSM there, with no cross-region references', () => {
    plain.templates['us-east-1'].resourceCountIs('AWS::Cognito::UserPool', 1);
    // The operators' group, which the admin routes require in the token.
    plain.templates['us-east-1'].hasResourceProperties('AWS::Cognito::UserPoolGroup', {
      GroupName: 'admins',
    });
    plain.templates['us-east-1'].hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/hotel-booking/hotelier-issuer',
    });
    plain.templates['ap-southeast-1'].resourceCountIs('AWS::Cognito::UserPool', 0);
    const asia = JSON.stringify(plain.templates['ap-southeast-1'].toJSON());
    expect(asia).toContain('parameter/hotel-booking/hotelier-issuer');
    expect(asia).not.toContain('ExportsReader');
    expect(plain.stacks['ap-southeast-1']?.dependencies.map((s) => s.stackName)).toEqual([
      'HotelBooking-us-east-1',
    ]);
  });
});

describe('stable logical ids of stateful resources', () => {
  // Renaming one of these replaces the resource: data, users or search would be lost.
  const PINNED: Record<Region, Record<string, string[]>> = {
    'us-east-1': {
      'AWS::DynamoDB::GlobalTable': ['DataTableFDBAD0F2'],
      'AWS::Cognito::UserPool': ['HoteliersUserPoolD3A5E697'],
      'AWS::OpenSearchService::Domain': ['SearchDomain62FD613E'],
      'AWS::S3::Bucket': [
        'AccessLogs8B620ECA',
        'SearchDeadLetterBucketF743EAE3',
        'SearchExportBucketA1991A7A',
        'WebSiteBucket1E6F6F45',
      ],
    },
    'ap-southeast-1': {
      'AWS::OpenSearchService::Domain': ['SearchDomain62FD613E'],
      'AWS::S3::Bucket': [
        'AccessLogs8B620ECA',
        'SearchDeadLetterBucketF743EAE3',
        'SearchExportBucketA1991A7A',
      ],
    },
  };
  for (const region of REGIONS)
    it(region, () => {
      for (const [type, ids] of Object.entries(PINNED[region]))
        expect(Object.keys(plain.templates[region].findResources(type)).sort(), type).toEqual(ids);
    });
});

describe('configuration', () => {
  it('explains bad context clearly', () => {
    expect(() => parseAppConfig({ ...BASE, account: 'abc' })).toThrow(
      /account: must be a 12-digit AWS account id/,
    );
    expect(() => parseAppConfig({ ...BASE, domainName: 'api.hotels.example.com' })).toThrow(
      /give all three or none/,
    );
    expect(() => parseAppConfig({ ...WITH_DOMAIN, hostedZoneName: 'other.com' })).toThrow(
      /inside hostedZoneName/,
    );
    expect(() => parseAppConfig({ ...BASE, hotelierIssuer: 'https://idp.example.com' })).toThrow(
      /go together/,
    );
    expect(parseAppConfig({ ...BASE, forwardTimeoutMs: '2500' }).forwardTimeoutMs).toBe(2500);
  });

  it('uses an external identity provider when one is given, and creates no user pool', () => {
    const external = synth(
      parseAppConfig({ ...BASE, hotelierIssuer: 'https://idp.example.com/', hotelierAudience: 'hotel-api' }),
    );
    external.templates['us-east-1'].resourceCountIs('AWS::Cognito::UserPool', 0);
    for (const region of REGIONS)
      external.templates[region].hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        JwtConfiguration: { Audience: ['hotel-api'], Issuer: 'https://idp.example.com/' },
      });
  });
});
