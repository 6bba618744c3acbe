/**
 * A Lambda function of this service: one handler of lambdas/handlers, bundled with
 * esbuild for nodejs22.x on arm64, with its own log group, in the service's metric
 * namespace, and with the cdk-nag acknowledgements that this setup needs. Every
 * function of the stacks is one of these, so the runtime and bundling are set once.
 */
import { Duration } from 'aws-cdk-lib';
import { type IVpc, SubnetType } from 'aws-cdk-lib/aws-ec2';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsVersions,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct, IConstruct } from 'constructs';
import { METRICS } from '../../lambdas/infrastructure-contract';
import { acknowledge, MANAGED_LAMBDA_POLICY, MANAGED_LAMBDA_VPC_POLICY } from '../acknowledge';
import { LAMBDA_BUNDLING } from '../lambda-bundling';

export interface ServiceFunctionProps {
  /** The handler's module in lambdas/handlers, without `.ts` (e.g. `public-api`); it exports `handler`. */
  readonly handlerModule: string;
  /**
   * Environment variables. POWERTOOLS_METRICS_NAMESPACE and NODE_OPTIONS (source maps) are
   * added to them.
   * @default - only those two
   */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /**
   * A fixed name, for a function that is addressed by name (from the other region).
   * @default - a name CloudFormation generates
   */
  readonly functionName?: string;
  /**
   * Whether the function sends traces to X-Ray.
   * @default true
   */
  readonly tracing?: boolean;
  /**
   * A VPC to run in, in its private subnets with egress. The function then gets a security
   * group of its own (`connections`), which whatever it calls lets in.
   * @default - not in a VPC
   */
  readonly vpc?: IVpc;
  /**
   * The construct id of the function's log group, which is created next to the function,
   * in the same scope (so that log groups made before this construct keep their logical ids).
   * @default `${id}Logs`
   */
  readonly logGroupId?: string;
  /**
   * The execution role, when it must be one that exists already (the search domain's master user).
   * Its managed policies are then the caller's to attach.
   * @default - a role of its own, with AWS's basic (and, in a VPC, VPC) execution policies
   */
  readonly role?: IRole;
  /**
   * Whether the function runs the AWS Parameters and Secrets extension (what reads the cursor key).
   * @default false
   */
  readonly secretsExtension?: boolean;
}

/** Memory for every function: it also buys CPU, which cold starts and JSON work need. */
const MEMORY_MB = 1024;

/** One of lambdas/handlers as a Lambda function, with the service's runtime, bundling, logs and metrics. */
export class ServiceFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    const tracing = props.tracing ?? true;
    // Created before super(), in the same scope, so that it keeps the place (and logical id) it had.
    const logGroup = new LogGroup(scope, props.logGroupId ?? `${id}Logs`, {
      retention: RetentionDays.ONE_MONTH,
    });
    super(scope, id, {
      entry: new URL(`../../lambdas/handlers/${props.handlerModule}.ts`, import.meta.url).pathname,
      handler: 'handler',
      functionName: props.functionName,
      role: props.role,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: MEMORY_MB,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: tracing ? Tracing.ACTIVE : undefined,
      environment: {
        ...props.environment,
        POWERTOOLS_METRICS_NAMESPACE: METRICS.namespace,
        NODE_OPTIONS: '--enable-source-maps',
      },
      logGroup,
      // The AWS Parameters and Secrets extension: secrets read over localhost, and cached.
      ...(props.secretsExtension
        ? { paramsAndSecrets: ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103) }
        : {}),
      ...(props.vpc ? { vpc: props.vpc, vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS } } : {}),
      bundling: {
        minify: LAMBDA_BUNDLING.minify,
        sourceMap: LAMBDA_BUNDLING.sourceMap,
        target: LAMBDA_BUNDLING.target,
        format: OutputFormat.CJS,
        mainFields: [...LAMBDA_BUNDLING.mainFields],
        esbuildArgs: {
          '--alias': Object.entries(LAMBDA_BUNDLING.alias).map(([from, to]) => `${from}=${to}`),
        },
        externalModules: [],
      },
    });
    acknowledge(this, {
      'AwsSolutions-L1': 'The project targets nodejs22.x, the runtime its tests run against.',
    });
    acknowledge(this.role as IConstruct, {
      [MANAGED_LAMBDA_POLICY]: 'The AWS-managed basic execution policy: writing its own log group only.',
      ...(props.vpc
        ? {
            [MANAGED_LAMBDA_VPC_POLICY]:
              'The AWS-managed VPC policy: ENI management has no resource-level permissions.',
          }
        : {}),
      ...(tracing
        ? {
            'AwsSolutions-IAM5[Resource::*]':
              'X-Ray PutTraceSegments and PutTelemetryRecords accept no resource-level permissions.',
          }
        : {}),
    });
  }
}
