/**
 * One region's HTTP API: four functions (travellers, hoteliers, operators,
 * and the receiver of forwarded writes), a JWT authorizer on the hoteliers' and
 * operators' routes (/v1/manage/*, /v1/admin/*), throttling, access logs, and the
 * grants each function needs. The routes come from the same route table the
 * dispatcher uses, so the API and the code cannot disagree.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import {
  type CfnRoute,
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  type HttpRoute,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { type ITableV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type ISecurityGroup, type IVpc, SubnetType } from 'aws-cdk-lib/aws-ec2';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Architecture, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IDomain } from 'aws-cdk-lib/aws-opensearchservice';
import { Construct, type IConstruct } from 'constructs';
import { HOTEL_INDEX } from '../../lambdas/adapters/search/index-definition';
import type { Region } from '../../lambdas/domain/regions';
import { ROUTES } from '../../lambdas/http/routes';
import { acknowledge, MANAGED_LAMBDA_POLICY, MANAGED_LAMBDA_VPC_POLICY, nagResource } from '../acknowledge';

export interface BookingApiProps {
  readonly table: ITableV2;
  readonly vpc: IVpc;
  readonly searchDomain: IDomain;
  readonly searchClientSecurityGroup: ISecurityGroup;
  readonly hotelierIssuer: string;
  readonly hotelierAudience: string;
  /** The forward receiver's name, the same in every region. */
  readonly forwardReceiverName: string;
  readonly regions: readonly Region[];
  readonly forwardTimeoutMs: number;
  /** The global table's name, the same in every region: handovers write to the other region's replica. */
  readonly tableName: string;
}

const ENTRY = (name: string) => new URL(`../../lambdas/handlers/${name}.ts`, import.meta.url).pathname;

export class BookingApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly functions: Record<'public' | 'manage' | 'admin' | 'forwardReceiver', NodejsFunction>;

  constructor(scope: Construct, id: string, props: BookingApiProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const receiverArn = (region: Region) =>
      `arn:${stack.partition}:lambda:${region}:${stack.account}:function:${props.forwardReceiverName}`;
    const environment = {
      TABLE_NAME: props.table.tableName,
      OPENSEARCH_ENDPOINT: `https://${props.searchDomain.domainEndpoint}`,
      FORWARD_RECEIVER_ARNS: JSON.stringify(
        Object.fromEntries(props.regions.map((r) => [r, receiverArn(r)])),
      ),
      FORWARD_TIMEOUT_MS: String(props.forwardTimeoutMs),
      POWERTOOLS_SERVICE_NAME: 'hotel-booking',
      POWERTOOLS_METRICS_NAMESPACE: 'HotelBooking',
      NODE_OPTIONS: '--enable-source-maps',
    };
    const make = (
      fnId: string,
      entry: string,
      extra: { functionName?: string; inVpc?: boolean; timeout?: Duration } = {},
    ) =>
      new NodejsFunction(this, fnId, {
        entry: ENTRY(entry),
        handler: 'handler',
        functionName: extra.functionName,
        runtime: Runtime.NODEJS_22_X,
        architecture: Architecture.ARM_64,
        memorySize: 1024,
        timeout: extra.timeout ?? Duration.seconds(10),
        tracing: Tracing.ACTIVE,
        environment,
        logGroup: new LogGroup(this, `${fnId}Logs`, { retention: RetentionDays.ONE_MONTH }),
        ...(extra.inVpc
          ? {
              vpc: props.vpc,
              vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS },
              securityGroups: [props.searchClientSecurityGroup],
            }
          : {}),
        bundling: {
          minify: true,
          sourceMap: true,
          target: 'node22',
          format: OutputFormat.CJS,
          // The runtime's SDK is not used: the lockfile's versions are bundled, so what runs is what was tested.
          externalModules: [],
        },
      });
    this.functions = {
      // Only the travellers' function queries the search domain, so only it lives in the VPC.
      public: make('PublicApi', 'public-api', { inVpc: true }),
      manage: make('ManageApi', 'manage-api'),
      // A handover step drains for up to HANDOVER_DRAIN_BUDGET_MS, inside API Gateway's 30 s limit.
      admin: make('AdminApi', 'admin-api', { timeout: Duration.seconds(29) }),
      forwardReceiver: make('ForwardReceiver', 'forward-receiver', {
        functionName: props.forwardReceiverName,
      }),
    };
    // The internet-facing function gets only what its routes call (see grantPublic); the others
    // also create, change and delete hotels, or run handovers.
    for (const fn of [this.functions.manage, this.functions.admin, this.functions.forwardReceiver])
      props.table.grantReadWriteData(fn);
    grantPublic(this.functions.public, props.table, props.searchDomain);
    // The handover fences in the owner region and switches in the target: the admin function
    // reaches every region's replica of the one table, by name.
    const replicaArns = props.regions
      .filter((r) => r !== stack.region)
      .map((region) =>
        stack.formatArn({ service: 'dynamodb', region, resource: 'table', resourceName: props.tableName }),
      );
    for (const [i, tableArn] of replicaArns.entries())
      TableV2.fromTableAttributes(this, `Replica${i}`, {
        tableArn,
        grantIndexPermissions: true,
      }).grantReadWriteData(this.functions.admin);
    // Each region may invoke only the other regions' receivers, by name; nothing else can.
    for (const region of props.regions.filter((r) => r !== stack.region)) {
      const peer = LambdaFunction.fromFunctionArn(this, `Receiver-${region}`, receiverArn(region));
      peer.grantInvoke(this.functions.public);
      peer.grantInvoke(this.functions.manage);
    }

    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `hotel-booking-${stack.region}`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: ['*'],
        allowMethods: [
          CorsHttpMethod.GET,
          CorsHttpMethod.POST,
          CorsHttpMethod.PUT,
          CorsHttpMethod.PATCH,
          CorsHttpMethod.DELETE,
        ],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-correlation-id'],
        exposeHeaders: ['x-served-region', 'x-owner-region', 'x-correlation-id', 'retry-after'],
        maxAge: Duration.minutes(10),
      },
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 500, burstLimit: 1000 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });
    const authorizer = new HttpJwtAuthorizer('HotelierJwt', props.hotelierIssuer, {
      jwtAudience: [props.hotelierAudience],
      identitySource: ['$request.header.Authorization'],
    });
    const integrations = {
      public: new HttpLambdaIntegration('PublicIntegration', this.functions.public),
      manage: new HttpLambdaIntegration('ManageIntegration', this.functions.manage),
      admin: new HttpLambdaIntegration('AdminIntegration', this.functions.admin),
    };
    const routes = new Map<string, HttpRoute>();
    for (const route of ROUTES) {
      const [added] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrations[route.group],
        // The authorizer checks the token; the admin group is checked by the function (dispatch).
        ...(route.access === 'hotelier' || route.access === 'admin' ? { authorizer } : {}),
      });
      if (added) routes.set(`${route.method} ${route.path}`, added);
    }
    // Writes of the public API get a tighter limit than reads. RouteSettings is raw JSON in
    // CloudFormation, so its keys are written as CloudFormation spells them.
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    const limited = ROUTES.filter((r) => r.group === 'public' && r.write).map((r) => `${r.method} ${r.path}`);
    cfnStage.routeSettings = Object.fromEntries(
      limited.map((key) => [key, { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 }]),
    );
    // Nothing else orders the stage after its routes, and a stage naming a route that does not
    // exist yet fails to create ("Unable to find Route by key").
    for (const key of limited) {
      const route = routes.get(key);
      if (!route) throw new Error(`RouteSettings names ${key}, which is not a route of this API`);
      cfnStage.addResourceDependency(route.node.defaultChild as CfnRoute, `RouteSettings names ${key}`);
    }
    for (const route of ROUTES.filter((r) => r.access === 'public' || r.access === 'guest'))
      Validations.of(this.httpApi).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `${route.method} ${route.path} is public by contract (travellers search and book without an account; a booking is guarded by its access token).`,
      });

    const indexFinding = `AwsSolutions-IAM5[Resource::${nagResource(stack, props.table.tableArn)}/index/*]`;
    for (const [name, fn] of Object.entries(this.functions)) {
      acknowledge(fn, {
        'AwsSolutions-L1': 'The project targets nodejs22.x, the runtime its tests run against.',
      });
      acknowledge(fn.role as IConstruct, {
        [MANAGED_LAMBDA_POLICY]: 'The AWS-managed basic execution policy: writing its own log group only.',
        ...(name === 'public'
          ? {
              [MANAGED_LAMBDA_VPC_POLICY]:
                'The AWS-managed VPC policy: ENI management has no resource-level permissions.',
            }
          : {}),
        'AwsSolutions-IAM5[Resource::*]':
          'X-Ray PutTraceSegments and PutTelemetryRecords accept no resource-level permissions.',
        [indexFinding]: 'The table and its two indexes (byOwner, byStay) from the shared table definition.',
        ...Object.fromEntries(
          props.regions
            .filter((r) => r !== stack.region)
            .map((r) => [
              `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lambda:${r}:${stack.account}:function:${props.forwardReceiverName}:*]`,
              'Versions and aliases of the one forward-receiver function of the other region.',
            ]),
        ),
        ...(name === 'admin'
          ? Object.fromEntries(
              replicaArns.map((arn) => [
                `AwsSolutions-IAM5[Resource::${nagResource(stack, arn)}/index/*]`,
                "The other region's replica of the same table and its two indexes, for the handover.",
              ]),
            )
          : {}),
      });
    }
  }
}

/** What the public routes and /health call: reads, bookings and cancellations, and hotel search. */
function grantPublic(fn: IGrantable, table: ITableV2, searchDomain: IDomain): void {
  // Hotel pages, availability, a booking and /health: GetItem and Query (on the indexes too).
  table.grant(fn, 'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query');
  // A booking is a transaction of ConditionCheck + Update + Put; a cancellation or a replay, of
  // ConditionCheck + Update. IAM authorizes each item by its own action; an index is never written.
  Grant.addToPrincipal({
    grantee: fn,
    actions: ['dynamodb:ConditionCheckItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
    resourceArns: [table.tableArn],
  });
  // Search only: the client POSTs <index>/_search. No document reads, no index writes.
  Grant.addToPrincipal({
    grantee: fn,
    actions: ['es:ESHttpGet', 'es:ESHttpPost'],
    resourceArns: [`${searchDomain.domainArn}/${HOTEL_INDEX}/_search`],
  });
}
