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
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IVpc } from 'aws-cdk-lib/aws-ec2';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, type IConstruct } from 'constructs';
import { TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from '../../lambdas/adapters/dynamodb/iam-actions';
import type { Region } from '../../lambdas/domain/regions';
import { ROUTES } from '../../lambdas/http/routes';
import {
  API_FUNCTION_TIMEOUT_MS,
  CORS,
  HOTELIER_TOKEN_ENV,
  METRICS,
} from '../../lambdas/infrastructure-contract';
import { acknowledge, nagResource } from '../acknowledge';
import type { IHotelSearch } from './search-ingestion';
import { ServiceFunction } from './service-function';

export interface BookingApiProps {
  /** The deployment's cursor key, which every function reads to seal and open cursors. */
  readonly cursorKey: ISecret;
  /** This region's table (or replica), which every function reads and writes. */
  readonly table: ITableV2;
  /**
   * The same table's replicas in the other regions: a handover fences in the owner region and
   * switches in the target, so the operators' function writes them too.
   */
  readonly peerReplicas: readonly ITableV2[];
  /** The VPC the travellers' function runs in, to reach the search domain. */
  readonly vpc: IVpc;
  /** Hotel search: the travellers' function may search it, and is let through to it. */
  readonly search: IHotelSearch;
  /** The JWT issuer the authorizer of the hoteliers' and operators' routes trusts. */
  readonly hotelierIssuer: string;
  /** The audience (client id) that authorizer requires. */
  readonly hotelierAudience: string;
  /** Where the issuer publishes its keys: the forward receiver checks a forwarded hotelier's token with them. */
  readonly hotelierJwksUrl: string;
  /** The forward receiver's name, the same in every region. */
  readonly forwardReceiverName: string;
  /** Every region the API runs in, this one included: writes are forwarded to a hotel's owner region. */
  readonly regions: readonly Region[];
  /** How long a forwarded write may wait for the owner region before the answer is 503. */
  readonly forwardTimeoutMs: number;
}

/** One region's HTTP API and its four functions. */
export class BookingApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly functions: Record<'public' | 'manage' | 'admin' | 'forwardReceiver', ServiceFunction>;

  constructor(scope: Construct, id: string, props: BookingApiProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const receiverArn = (region: Region) =>
      `arn:${stack.partition}:lambda:${region}:${stack.account}:function:${props.forwardReceiverName}`;
    const environment = {
      TABLE_NAME: props.table.tableName,
      OPENSEARCH_ENDPOINT: `https://${props.search.domainEndpoint}`,
      FORWARD_RECEIVER_ARNS: JSON.stringify(
        Object.fromEntries(props.regions.map((r) => [r, receiverArn(r)])),
      ),
      FORWARD_TIMEOUT_MS: String(props.forwardTimeoutMs),
      POWERTOOLS_SERVICE_NAME: METRICS.api.service,
      CURSOR_KEY_SECRET: props.cursorKey.secretName,
    };
    const requestsTimeout = Duration.millis(API_FUNCTION_TIMEOUT_MS.requests);
    this.functions = {
      // The travellers' search and the hoteliers' list (narrowed with q) query the search domain,
      // so these two functions live in the VPC.
      public: new ServiceFunction(this, 'PublicApi', {
        secretsExtension: true,
        handlerModule: 'public-api',
        environment,
        vpc: props.vpc,
        timeout: requestsTimeout,
      }),
      manage: new ServiceFunction(this, 'ManageApi', {
        secretsExtension: true,
        handlerModule: 'manage-api',
        environment,
        vpc: props.vpc,
        timeout: requestsTimeout,
      }),
      admin: new ServiceFunction(this, 'AdminApi', {
        secretsExtension: true,
        handlerModule: 'admin-api',
        environment,
        timeout: Duration.millis(API_FUNCTION_TIMEOUT_MS.admin),
      }),
      // No authorizer fronts the receiver: it checks a forwarded hotelier's token itself, against the
      // issuer and audience the authorizer trusts, so the forwarding region cannot name a hotelier.
      forwardReceiver: new ServiceFunction(this, 'ForwardReceiver', {
        secretsExtension: true,
        handlerModule: 'forward-receiver',
        environment: {
          ...environment,
          [HOTELIER_TOKEN_ENV.issuer]: props.hotelierIssuer,
          [HOTELIER_TOKEN_ENV.audience]: props.hotelierAudience,
          [HOTELIER_TOKEN_ENV.jwksUrl]: props.hotelierJwksUrl,
        },
        functionName: props.forwardReceiverName,
        timeout: requestsTimeout,
      }),
    };
    // Every function seals or opens cursors (lists, search), reading the key through the secrets extension.
    for (const fn of Object.values(this.functions)) props.cursorKey.grantRead(fn);
    // The internet-facing function gets only what its routes call (see grantPublic); the others
    // also create, change and delete hotels, or run handovers.
    for (const fn of [this.functions.manage, this.functions.admin, this.functions.forwardReceiver])
      grantHotelierWrites(fn, props.table);
    grantPublic(this.functions.public, props.table);
    props.search.grantSearch(this.functions.public);
    props.search.connections.allowDefaultPortFrom(
      this.functions.public,
      "HTTPS from the travellers' function",
    );
    props.search.grantSearch(this.functions.manage);
    props.search.connections.allowDefaultPortFrom(
      this.functions.manage,
      "HTTPS from the hoteliers' function",
    );
    // The handover fences in the owner region and switches in the target: the admin function
    // reaches every region's replica of the one table.
    for (const replica of props.peerReplicas) grantHotelierWrites(this.functions.admin, replica);
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
        allowOrigins: [...CORS.allowOrigins],
        allowMethods: CORS.allowMethods.map((method) => CorsHttpMethod[method]),
        allowHeaders: [...CORS.allowHeaders],
        exposeHeaders: [...CORS.exposeHeaders],
        maxAge: Duration.seconds(CORS.maxAgeSeconds),
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
    for (const [name, fn] of Object.entries(this.functions))
      acknowledge(fn.role as IConstruct, {
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
              props.peerReplicas.map((replica) => [
                `AwsSolutions-IAM5[Resource::${nagResource(stack, replica.tableArn)}/index/*]`,
                "The other region's replica of the same table and its two indexes, for the handover.",
              ]),
            )
          : {}),
      });
  }
}

/**
 * What the stores call on the table for hotels, room types, calendars and handovers: the
 * adapters' reads (on the indexes too) and writes, and nothing a request path never calls.
 */
function grantHotelierWrites(fn: IGrantable, table: ITableV2): void {
  table.grant(fn, ...TABLE_READ_ACTIONS);
  // An index is never written.
  Grant.addToPrincipal({ grantee: fn, actions: [...TABLE_WRITE_ACTIONS], resourceArns: [table.tableArn] });
}

/** What the public routes and /health call on the table: reads, bookings and cancellations. */
function grantPublic(fn: IGrantable, table: ITableV2): void {
  // Hotel pages, availability, a booking and /health: GetItem and Query (on the indexes too).
  table.grant(fn, ...TABLE_READ_ACTIONS);
  // A booking is a transaction of ConditionCheck + Update + Put; a cancellation or a replay, of
  // ConditionCheck + Update. IAM authorizes each item by its own action; an index is never written.
  Grant.addToPrincipal({
    grantee: fn,
    actions: ['dynamodb:ConditionCheckItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
    resourceArns: [table.tableArn],
  });
}
