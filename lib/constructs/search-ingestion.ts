/**
 * Search in one region: an OpenSearch domain in the VPC (encrypted at rest and
 * in transit, fine-grained access, HTTPS only) fed by an OpenSearch Ingestion
 * pipeline from this region's table: an initial export through S3, then the
 * stream; failures land in a dead-letter bucket. Least-privilege roles, logs
 * under /aws/vendedlogs/. Callers get search rights with `grantSearch` and
 * network access through `connections`.
 */
import { CustomResource, Duration, Lazy, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import {
  type Connections,
  type IConnectable,
  type IVpc,
  Peer,
  Port,
  SecurityGroup,
  SubnetType,
} from 'aws-cdk-lib/aws-ec2';
import {
  AccountRootPrincipal,
  AnyPrincipal,
  CompositePrincipal,
  Grant,
  type IGrantable,
  ManagedPolicy,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Domain, EngineVersion, TLSSecurityPolicy } from 'aws-cdk-lib/aws-opensearchservice';
import { CfnPipeline } from 'aws-cdk-lib/aws-osis';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { HOTEL_INDEX, SEARCH_REQUESTS } from '../../lambdas/infrastructure-contract';
import { acknowledge, nagResource } from '../acknowledge';
import { pipelineYaml } from '../pipeline-config';
import { ServiceFunction } from './service-function';

/** The service OpenSearch's service-linked role is for, and the role's fixed name. */
export const OPENSEARCH_SERVICE = 'opensearchservice.amazonaws.com';
export const OPENSEARCH_SERVICE_LINKED_ROLE = 'AWSServiceRoleForAmazonOpenSearchService';

export interface SearchIngestionProps {
  /** The VPC the domain and the pipeline run in (its private subnets with egress). */
  readonly vpc: IVpc;
  /** This region's table (or replica): the pipeline exports it once, then follows its stream. */
  readonly table: ITableV2;
  /** Where the export and dead-letter buckets write their access logs. */
  readonly accessLogs: IBucket;
}

/** Hotel search as its callers see it: where it is, and how to be let in. */
export interface IHotelSearch extends IConnectable {
  /** The domain's endpoint host name (no scheme). */
  readonly domainEndpoint: string;
  /** Lets `grantee` send the search requests the functions send (`SEARCH_REQUESTS`), and nothing else. */
  grantSearch(grantee: IGrantable): Grant;
}

/** The search domain of one region, and the pipeline that feeds it from the table. */
export class SearchIngestion extends Construct implements IHotelSearch {
  readonly domain: Domain;
  readonly domainEndpoint: string;
  /** The domain's security group, HTTPS (443) by default: `connections.allowDefaultPortFrom(fn)` lets a caller in. */
  readonly connections: Connections;
  readonly deadLetterBucket: Bucket;
  readonly pipeline: CfnPipeline;
  readonly pipelineName: string;
  readonly adminRole: Role;
  /** The roles grantSearch let in: mapped to the search role inside OpenSearch. */
  private readonly searchers: string[] = [];

  constructor(scope: Construct, id: string, props: SearchIngestionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.pipelineName = `hotels-${stack.region}`.slice(0, 28);

    const domainSecurityGroup = new SecurityGroup(this, 'DomainSecurityGroup', {
      vpc: props.vpc,
      description: 'Hotel search domain: HTTPS from its callers only',
      allowAllOutbound: false,
    });

    // The domain's master user: the access mapper below runs as it, and operators may assume it.
    const admin = new Role(this, 'SearchAdminRole', {
      assumedBy: new CompositePrincipal(
        new AccountRootPrincipal(),
        new ServicePrincipal('lambda.amazonaws.com'),
      ),
      description: 'Master user of the hotel search domain (fine-grained access control)',
      managedPolicies: [
        ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole'),
        ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'),
      ],
    });
    this.adminRole = admin;
    this.domain = new Domain(this, 'Domain', {
      version: EngineVersion.OPENSEARCH_2_19,
      vpc: props.vpc,
      vpcSubnets: [{ subnetType: SubnetType.PRIVATE_WITH_EGRESS }],
      securityGroups: [domainSecurityGroup],
      capacity: {
        dataNodes: 2,
        dataNodeInstanceType: 'r7g.large.search',
        multiAzWithStandbyEnabled: false,
        masterNodes: 3,
        masterNodeInstanceType: 'm7g.large.search',
      },
      zoneAwareness: { enabled: true, availabilityZoneCount: 2 },
      ebs: { volumeSize: 20 },
      encryptionAtRest: { enabled: true },
      nodeToNodeEncryption: true,
      enforceHttps: true,
      tlsSecurityPolicy: TLSSecurityPolicy.TLS_1_2,
      fineGrainedAccessControl: { masterUserArn: admin.roleArn },
      logging: {
        slowSearchLogEnabled: true,
        appLogEnabled: true,
        slowIndexLogEnabled: true,
        slowSearchLogGroup: new LogGroup(this, 'SlowSearchLogs', { retention: RetentionDays.ONE_MONTH }),
        appLogGroup: new LogGroup(this, 'AppLogs', { retention: RetentionDays.ONE_MONTH }),
        slowIndexLogGroup: new LogGroup(this, 'SlowIndexLogs', { retention: RetentionDays.ONE_MONTH }),
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.domain.node.addDependency(this.serviceLinkedRole());
    this.domainEndpoint = this.domain.domainEndpoint;
    this.connections = this.domain.connections;
    // AWS's pattern for a VPC domain with fine-grained access control: the domain policy admits
    // any signed request; the security group decides who reaches it, and FGAC what each role may do.
    this.domain.addAccessPolicies(
      new PolicyStatement({
        principals: [new AnyPrincipal()],
        actions: ['es:ESHttp*'],
        resources: [`${this.domain.domainArn}/*`],
      }),
    );

    const bucket = (bucketId: string, expireDays?: number) =>
      new Bucket(this, bucketId, {
        encryption: BucketEncryption.S3_MANAGED,
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        versioned: false,
        serverAccessLogsBucket: props.accessLogs,
        serverAccessLogsPrefix: `${bucketId.toLowerCase()}/`,
        lifecycleRules: expireDays ? [{ expiration: Duration.days(expireDays) }] : [],
        removalPolicy: RemovalPolicy.RETAIN,
      });
    const exportBucket = bucket('ExportBucket', 7);
    this.deadLetterBucket = bucket('DeadLetterBucket');

    const pipelineRole = new Role(this, 'PipelineRole', {
      assumedBy: new ServicePrincipal('osis-pipelines.amazonaws.com'),
      description: 'Reads this region table (export and stream) and writes the hotel index',
    });
    // The initial export, then the stream (the replica's stream ARN is a wildcard by necessity).
    const grants = [
      props.table.grant(
        pipelineRole,
        'dynamodb:DescribeTable',
        'dynamodb:DescribeContinuousBackups',
        'dynamodb:ExportTableToPointInTime',
      ),
      Grant.addToPrincipal({
        grantee: pipelineRole,
        actions: ['dynamodb:DescribeExport'],
        resourceArns: [`${props.table.tableArn}/export/*`],
      }),
      props.table.grantStream(
        pipelineRole,
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
      ),
      exportBucket.grantReadWrite(pipelineRole),
      // DynamoDB's export to S3 sets each object's ACL as it writes it (documented as required).
      exportBucket.grantPutAcl(pipelineRole),
      this.deadLetterBucket.grantWrite(pipelineRole),
      this.domain.grantIndexReadWrite(HOTEL_INDEX, pipelineRole),
      Grant.addToPrincipal({
        grantee: pipelineRole,
        actions: ['es:DescribeDomain'],
        resourceArns: [this.domain.domainArn],
      }),
    ];

    const pipelineSecurityGroup = new SecurityGroup(this, 'PipelineSecurityGroup', {
      vpc: props.vpc,
      description: 'Hotel ingestion pipeline',
      allowAllOutbound: true,
    });
    domainSecurityGroup.addIngressRule(
      Peer.securityGroupId(pipelineSecurityGroup.securityGroupId),
      Port.tcp(443),
      'HTTPS from the ingestion pipeline',
    );

    const logGroup = new LogGroup(this, 'PipelineLogs', {
      logGroupName: `/aws/vendedlogs/OpenSearchIngestion/${this.pipelineName}`,
      retention: RetentionDays.ONE_MONTH,
    });
    this.pipeline = new CfnPipeline(this, 'Pipeline', {
      pipelineName: this.pipelineName,
      minUnits: 1,
      maxUnits: 4,
      pipelineConfigurationBody: pipelineYaml({
        region: stack.region,
        tableArn: props.table.tableArn,
        exportBucket: exportBucket.bucketName,
        dlqBucket: this.deadLetterBucket.bucketName,
        domainEndpoint: this.domain.domainEndpoint,
        roleArn: pipelineRole.roleArn,
      }),
      logPublishingOptions: {
        isLoggingEnabled: true,
        cloudWatchLogDestination: { logGroup: logGroup.logGroupName },
      },
      vpcOptions: {
        subnetIds: props.vpc.selectSubnets({ subnetType: SubnetType.PRIVATE_WITH_EGRESS }).subnetIds,
        securityGroupIds: [pipelineSecurityGroup.securityGroupId],
      },
    });
    // The roles inside OpenSearch, mapped by the deployment itself from inside the VPC.
    const mapper = new ServiceFunction(this, 'AccessMapper', {
      handlerModule: 'search-access',
      environment: { OPENSEARCH_ENDPOINT: this.domain.domainEndpoint },
      vpc: props.vpc,
      role: admin,
      timeout: Duration.minutes(5),
      tracing: false,
    });
    this.connections.allowDefaultPortFrom(mapper, 'HTTPS from the access mapper');
    const access = new CustomResource(this, 'Access', {
      serviceToken: mapper.functionArn,
      resourceType: 'Custom::SearchAccess',
      properties: {
        Writers: [pipelineRole.roleArn],
        // Whoever grantSearch let in, so the mapping inside OpenSearch cannot drift from IAM.
        Searchers: Lazy.list({ produce: () => this.searchers }),
      },
    });
    // After the domain's access policy and the mapper's way in through the security group.
    access.node.addDependency(this.domain, domainSecurityGroup);
    // The pipeline writes only once its role is mapped.
    this.pipeline.node.addDependency(access);

    // The pipeline checks its role's permissions when it is created. (The role itself is referenced already.)
    for (const grant of grants) grant.applyBefore(this.pipeline);

    const tableRef = nagResource(stack, props.table.tableArn);
    acknowledge(pipelineRole, {
      [`AwsSolutions-IAM5[Resource::${tableRef}/index/*]`]:
        'Added by the table grant; the pipeline reads no index.',
      [`AwsSolutions-IAM5[Resource::${tableRef}/export/*]`]:
        'The initial export job of this one table (its id is made by DynamoDB).',
      [`AwsSolutions-IAM5[Resource::${tableRef}/stream/*]`]:
        'The replica stream ARN has a creation label unknown at synth time.',
      [`AwsSolutions-IAM5[Resource::${nagResource(stack, exportBucket.bucketArn)}/*]`]:
        'Objects of the export bucket, which holds nothing else.',
      [`AwsSolutions-IAM5[Resource::${nagResource(stack, this.deadLetterBucket.bucketArn)}/*]`]:
        'Objects of the dead-letter bucket, which holds nothing else.',
      [`AwsSolutions-IAM5[Resource::${nagResource(stack, this.domain.domainArn)}/${HOTEL_INDEX}/*]`]:
        'Documents of the one hotels index.',
      'AwsSolutions-IAM5[Action::s3:List*]': 'CDK bucket grant, scoped to the export bucket.',
      'AwsSolutions-IAM5[Action::s3:GetObject*]': 'CDK bucket grant, scoped to the export bucket.',
      'AwsSolutions-IAM5[Action::s3:GetBucket*]': 'CDK bucket grant, scoped to the export bucket.',
      'AwsSolutions-IAM5[Action::s3:DeleteObject*]': 'CDK bucket grant, scoped to the export bucket.',
      'AwsSolutions-IAM5[Action::s3:Abort*]':
        'CDK bucket grant, scoped to the export and dead-letter buckets.',
    });
    for (const child of this.domain.node.findAll())
      if (child.node.id.startsWith('ESLogGroupPolicy'))
        acknowledge(child, {
          'AwsSolutions-IAM5[Resource::*]':
            'CDK’s own custom resource that sets the CloudWatch Logs resource policy for the domain.',
        });
    acknowledge(this.domain, {
      'AwsSolutions-OS3':
        'Reachable only inside the VPC, from two security groups; IAM and fine-grained access decide the rest.',
      'AwsSolutions-OS5':
        'Fine-grained access control with an IAM master role; requests must be signed by an allowed role.',
    });
    Validations.of(this.domain).acknowledge({
      id: 'Annotation::@aws-cdk/custom-resources:installLatestAwsSdkNotSpecified',
      reason: 'CDK’s internal log-policy custom resource; the Lambda runtime SDK is sufficient for it.',
    });
  }

  /**
   * OpenSearch's service-linked role, which a domain in a VPC needs and which only the console
   * creates on its own. Created when missing: the role is account-wide, so "already taken" (another
   * region's stack, or the console, made it) is success, and no stack ever deletes it.
   */
  private serviceLinkedRole(): AwsCustomResource {
    const stack = Stack.of(this);
    return new AwsCustomResource(this, 'ServiceLinkedRole', {
      onCreate: {
        service: 'IAM',
        action: 'createServiceLinkedRole',
        parameters: { AWSServiceName: OPENSEARCH_SERVICE },
        physicalResourceId: PhysicalResourceId.of(OPENSEARCH_SERVICE_LINKED_ROLE),
        // IAM answers InvalidInput ("has been taken") when the account has the role already.
        ignoreErrorCodesMatching: 'InvalidInput',
      },
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [
            `arn:${stack.partition}:iam::${stack.account}:role/aws-service-role/${OPENSEARCH_SERVICE}/${OPENSEARCH_SERVICE_LINKED_ROLE}`,
          ],
          conditions: { StringLike: { 'iam:AWSServiceName': OPENSEARCH_SERVICE } },
        }),
      ]),
      installLatestAwsSdk: false,
    });
  }

  /** Lets `grantee` send exactly the requests the search client sends: no document reads, no index writes. */
  grantSearch(grantee: IGrantable): Grant {
    const principal = grantee.grantPrincipal;
    if (!(principal instanceof Role))
      throw new Error('grantSearch needs a role of this stack: it is mapped inside OpenSearch by its ARN');
    this.searchers.push(principal.roleArn);
    const methods = [...new Set(SEARCH_REQUESTS.map((r) => r.method))];
    return methods
      .map((method) =>
        Grant.addToPrincipal({
          grantee,
          actions: [esHttpAction(method)],
          resourceArns: SEARCH_REQUESTS.filter((r) => r.method === method).map(
            (r) => `${this.domain.domainArn}${r.path}`,
          ),
        }),
      )
      .reduce((all, grant) => all.combine(grant));
  }
}

/** The IAM action that authorizes an HTTP method on an OpenSearch domain (es:ESHttpPost for POST). */
export function esHttpAction(method: string): string {
  return `es:ESHttp${method.charAt(0)}${method.slice(1).toLowerCase()}`;
}
