/** BookingApi on a bare stack: its functions, routes, authorizer, throttling, CORS and grants. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Connections, Port, SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import { REGIONS, type Region } from '../../../lambdas/domain/regions';
import { ROUTES } from '../../../lambdas/http/routes';
import { CORS, HOTELIER_TOKEN_ENV } from '../../../lambdas/infrastructure-contract';
import { BookingApi } from '../../../lib/constructs/booking-api';
import { Network } from '../../../lib/constructs/network';
import type { IHotelSearch } from '../../../lib/constructs/search-ingestion';
import {
  actionsOf,
  bareStack,
  functionId,
  render,
  resourcesOf,
  resourcesOfStatement,
  resourcesOfType,
  roleStatements,
} from '../support';

const tableArn = (region: Region) => `arn:aws:dynamodb:${region}:123456789012:table/hotels`;

/** The API in `region`, with a stand-in for search that records who it lets search. */
function api(region: Region) {
  const stack = bareStack(region);
  const network = new Network(stack, 'Network');
  const searchGroup = new SecurityGroup(stack, 'SearchGroup', { vpc: network.vpc, allowAllOutbound: false });
  const searchers: IGrantable[] = [];
  const search: IHotelSearch = {
    domainEndpoint: 'search.example.com',
    connections: new Connections({ securityGroups: [searchGroup], defaultPort: Port.tcp(443) }),
    grantSearch: (grantee) => {
      searchers.push(grantee);
      return Grant.addToPrincipal({
        grantee,
        actions: ['es:ESHttpPost'],
        resourceArns: ['arn:aws:es:us-east-1:123456789012:domain/search/hotels/_search'],
      });
    },
  };
  const others = REGIONS.filter((r) => r !== region);
  const construct = new BookingApi(stack, 'Api', {
    cursorKey: Secret.fromSecretNameV2(stack, 'CursorKey', 'hotel-booking/cursor-key'),
    table: TableV2.fromTableArn(stack, 'Table', tableArn(region)),
    peerReplicas: others.map((r) => TableV2.fromTableArn(stack, `Peer-${r}`, tableArn(r))),
    vpc: network.vpc,
    search,
    hotelierIssuer: 'https://idp.example.com/',
    hotelierAudience: 'hotel-api',
    hotelierJwksUrl: 'https://idp.example.com/.well-known/jwks.json',
    forwardReceiverName: 'hotel-booking-forward-receiver',
    regions: REGIONS,
    forwardTimeoutMs: 3_000,
  });
  return { construct, searchers, template: Template.fromStack(stack), other: others[0] as Region };
}

describe('BookingApi', () => {
  for (const region of REGIONS) {
    it(`${region}: four API functions on nodejs22.x, arm64, traced, with their own log groups`, () => {
      const t = api(region).template;
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
      const t = api(region).template;
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
      const stage = Object.values(api(region).template.findResources('AWS::ApiGatewayV2::Stage'))[0]
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

    it(`${region}: gives the forward receiver, and only it, what it checks hoteliers' tokens with: the authorizer's issuer and audience, and the issuer's keys`, () => {
      const { template } = api(region);
      const resources = resourcesOf(template);
      const authorizer = Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer'))[0]
        ?.Properties?.JwtConfiguration;
      const envOf = (name: string) =>
        resources[functionId(resources, name)]?.Properties?.Environment?.Variables ?? {};
      expect(envOf('ForwardReceiver')).toMatchObject({
        [HOTELIER_TOKEN_ENV.issuer]: authorizer.Issuer,
        [HOTELIER_TOKEN_ENV.audience]: authorizer.Audience[0],
        [HOTELIER_TOKEN_ENV.jwksUrl]: 'https://idp.example.com/.well-known/jwks.json',
      });
      // The others are fronted by the authorizer (or, the public one, need no hotelier at all).
      for (const name of ['PublicApi', 'ManageApi', 'AdminApi'])
        for (const variable of Object.values(HOTELIER_TOKEN_ENV))
          expect(envOf(name), `${name} ${variable}`).not.toHaveProperty(variable);
    });

    it(`${region}: lets exactly the functions that forward (travellers' and hoteliers') invoke the other region's receiver`, () => {
      const resources = resourcesOf(api(region).template);
      const invokers = ['PublicApi', 'ManageApi', 'AdminApi', 'ForwardReceiver'].filter((name) =>
        roleStatements(resources, functionId(resources, name)).some((s) =>
          actionsOf(s).includes('lambda:InvokeFunction'),
        ),
      );
      // The public function forwards bookings, cancellations and a guest's reads; a hotelier's write
      // it cannot forward as anyone's, since the receiver believes only the hotelier's own token.
      expect(invokers).toEqual(['PublicApi', 'ManageApi']);
    });

    it(`${region}: lets its API functions invoke only the other region's forward receiver`, () => {
      const { template, other } = api(region);
      const policies = Object.values(template.findResources('AWS::IAM::Policy'));
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
    });
  }

  it('lets only the travellers’ and hoteliers’ functions search (the hoteliers’ list narrows with q), through to search on the default port', () => {
    const { construct, searchers, template } = api('us-east-1');
    expect(searchers).toEqual([construct.functions.public, construct.functions.manage]);
    const resources = resourcesOf(template);
    const ingress = Object.values(resourcesOfType(template, 'AWS::EC2::SecurityGroupIngress'));
    expect(ingress.map((i) => i.Properties?.SourceSecurityGroupId)).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^ApiPublicApiSecurityGroup/), 'GroupId'] },
      { 'Fn::GetAtt': [expect.stringMatching(/^ApiManageApiSecurityGroup/), 'GroupId'] },
    ]);
    for (const rule of ingress)
      expect(rule.Properties).toMatchObject({
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        GroupId: { 'Fn::GetAtt': [expect.stringMatching(/^SearchGroup/), 'GroupId'] },
      });
    // Only those functions are in the VPC.
    const inVpc = Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties?.VpcConfig)
      .map(([id]) => id);
    expect(inVpc.sort()).toEqual(
      [functionId(resources, 'PublicApi'), functionId(resources, 'ManageApi')].sort(),
    );
  });

  it('lets only the operators’ function write the other regions’ replicas', () => {
    const { template } = api('us-east-1');
    const resources = resourcesOf(template);
    for (const name of ['PublicApi', 'ManageApi', 'AdminApi', 'ForwardReceiver']) {
      const arns = roleStatements(resources, functionId(resources, name)).flatMap(resourcesOfStatement);
      const reachesPeer = arns.some((arn) => arn.includes(':dynamodb:ap-southeast-1:'));
      expect(reachesPeer, name).toBe(name === 'AdminApi');
    }
    const admin = roleStatements(resources, functionId(resources, 'AdminApi'));
    expect(
      admin
        .filter((s) => resourcesOfStatement(s).some((arn) => arn.includes(':dynamodb:ap-southeast-1:')))
        .flatMap(actionsOf),
    ).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']));
  });

  it('answers CORS preflights from the shared lists, and exposes idempotency-key to the browser', () => {
    api('us-east-1').template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: ['*'],
        AllowMethods: [...CORS.allowMethods],
        AllowHeaders: [...CORS.allowHeaders],
        ExposeHeaders: [...CORS.exposeHeaders],
        MaxAge: CORS.maxAgeSeconds,
      },
    });
    // A 504 OUTCOME_UNKNOWN names the key to retry with; the other four are read by the web app.
    expect(CORS.exposeHeaders).toEqual(
      expect.arrayContaining([
        'idempotency-key',
        'x-served-region',
        'x-owner-region',
        'x-correlation-id',
        'retry-after',
      ]),
    );
  });
});
