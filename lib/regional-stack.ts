/** One region's stack: it only composes the feature constructs. The same stack deploys to every region. */
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { otherRegion, type Region } from '../lambdas/domain/regions';
import { acknowledge, acknowledgeCfnLint, MANAGED_LAMBDA_POLICY } from './acknowledge';
import { type AppConfig, DEPLOY_REGIONS, NAMES, PRIMARY_REGION } from './config';
import { BookingApi } from './constructs/booking-api';
import { BookingEvents } from './constructs/booking-events';
import { CursorKey } from './constructs/cursor-key';
import { GuestMessages, LookupAttempts } from './constructs/guest-messages';
import { HotelTable } from './constructs/hotel-table';
import { HotelierIdentity } from './constructs/hotelier-identity';
import { LatencyRouting } from './constructs/latency-routing';
import { Network } from './constructs/network';
import { OperationalAlarms } from './constructs/operational-alarms';
import { ScheduledReconcile } from './constructs/scheduled-reconcile';
import { SearchIngestion } from './constructs/search-ingestion';
import { WebHosting } from './constructs/web-hosting';

export interface RegionalStackProps extends StackProps {
  /** The validated deployment configuration (bin/ reads it from context). */
  readonly config: AppConfig;
  /** The region this stack deploys to; the primary region also gets the global parts. */
  readonly region: Region;
  /**
   * The built web app (web/dist), deployed to the primary region's site when given.
   * @default - the site's bucket and distribution are created, with nothing in them
   */
  readonly siteAssetPath?: string;
}

/** One region's stack: the same feature constructs in every region, the global parts in the primary. */
export class RegionalStack extends Stack {
  readonly data: HotelTable;
  readonly api: BookingApi;
  readonly search: SearchIngestion;
  readonly routing?: LatencyRouting;
  readonly web?: WebHosting;
  readonly alarms: OperationalAlarms;
  readonly events: BookingEvents;
  readonly guestMessages: GuestMessages;
  readonly lookupAttempts: LookupAttempts;

  /** Named rather than looked up, so synth needs no credentials; zones a and b exist in every account. */
  override get availabilityZones(): string[] {
    return [`${this.region}a`, `${this.region}b`];
  }

  constructor(scope: Construct, id: string, props: RegionalStackProps) {
    super(scope, id, props);
    const { config } = props;
    const primary = props.region === PRIMARY_REGION;

    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(accessLogs, {
      'AwsSolutions-S1': 'This is the access-log bucket; logging it into itself would loop.',
    });
    acknowledgeCfnLint(accessLogs, {
      W3045:
        "S3 access logs arrive through the log-delivery ACL CDK sets, and CloudFront's standard logs (us-east-1) need ACLs: a bucket policy instead is a change of its own.",
    });

    const network = new Network(this, 'Network');
    this.data = new HotelTable(this, 'Data', {
      tableName: NAMES.table,
      primaryRegion: PRIMARY_REGION,
      regions: DEPLOY_REGIONS,
    });
    if (primary) this.web = new WebHosting(this, 'Web', { accessLogs });
    const identity = new HotelierIdentity(this, 'Hoteliers', {
      signInCallbackUrl: this.web ? `${this.web.siteUrl}/manage` : undefined,
      primaryRegion: PRIMARY_REGION,
      issuerParameter: NAMES.hotelierIssuerParameter,
      audienceParameter: NAMES.hotelierAudienceParameter,
      external:
        config.hotelierIssuer && config.hotelierAudience
          ? { issuer: config.hotelierIssuer, audience: config.hotelierAudience }
          : undefined,
    });
    this.search = new SearchIngestion(this, 'Search', {
      vpc: network.vpc,
      table: this.data.table,
      accessLogs,
    });
    const cursorKey = new CursorKey(this, 'CursorKey', {
      secretName: NAMES.cursorKeySecret,
      primary,
      replicaRegions: DEPLOY_REGIONS.filter((r) => r !== PRIMARY_REGION),
    });
    this.api = new BookingApi(this, 'Api', {
      cursorKey: cursorKey.secret,
      table: this.data.table,
      peerReplicas: DEPLOY_REGIONS.filter((r) => r !== props.region).map((r) => this.data.replica(r)),
      vpc: network.vpc,
      search: this.search,
      hotelierIssuer: identity.issuer,
      hotelierAudience: identity.audience,
      hotelierJwksUrl: identity.jwksUrl,
      forwardReceiverName: NAMES.forwardReceiver,
      regions: DEPLOY_REGIONS,
      forwardTimeoutMs: config.forwardTimeoutMs,
    });
    if (config.domainName && config.hostedZoneId && config.hostedZoneName)
      this.routing = new LatencyRouting(this, 'Routing', {
        httpApi: this.api.httpApi,
        stage: this.api.stage,
        domainName: config.domainName,
        ownsValidationRecord: primary,
        hostedZone: HostedZone.fromHostedZoneAttributes(this, 'Zone', {
          hostedZoneId: config.hostedZoneId,
          zoneName: config.hostedZoneName,
        }),
      });
    if (this.web && props.siteAssetPath) {
      // Without a domain, the only API URL this stack knows is its own; travellers everywhere use it.
      const base = config.domainName ? `https://${config.domainName}` : this.api.httpApi.apiEndpoint;
      this.web.deploySite(props.siteAssetPath, {
        apis: Object.fromEntries(DEPLOY_REGIONS.map((r) => [r, base])),
        cognito: identity.hostedUiDomain
          ? { domain: identity.hostedUiDomain, clientId: identity.audience }
          : undefined,
      });
    }
    this.alarms = new OperationalAlarms(this, 'Alarms', {
      alarmEmail: config.alarmEmail,
      httpApi: this.api.httpApi,
      functions: this.api.functions,
      table: this.data.table,
      replicaRegions: [otherRegion(props.region)],
      pipelineName: this.search.pipelineName,
      deadLetterBucket: this.search.deadLetterBucket,
    });

    new ScheduledReconcile(this, 'Reconcile', { table: this.data.table, topic: this.alarms.topic });
    this.events = new BookingEvents(this, 'Events', {
      table: this.data.table,
      alarmTopic: this.alarms.topic,
    });

    // Finding a booking again counts attempts in this region's own table.
    this.lookupAttempts = new LookupAttempts(this, 'LookupAttempts');
    this.lookupAttempts.grantCount(this.api.functions.public);
    this.api.functions.public.addEnvironment('ATTEMPTS_TABLE_NAME', this.lookupAttempts.table.tableName);
    this.guestMessages = new GuestMessages(this, 'GuestMessages', {
      table: this.data.table,
      bus: this.events.bus,
      siteUrl: config.siteUrl ?? this.siteUrl(),
      mailFrom: config.guestMailFrom,
      alarmTopic: this.alarms.topic,
    });

    // Last of all: the table is protected from deletion only once nothing else can fail the first deploy.
    this.data.protectOnceCreated();

    // CDK's singleton handlers (bucket notifications, SSM reads) run on AWS's basic execution policy.
    for (const child of this.node.children)
      if (
        child.node.id.startsWith('BucketNotificationsHandler') ||
        child.node.id.startsWith('AWS679f53fac002430cb0da5b7982bd2287')
      )
        acknowledge(child, {
          [MANAGED_LAMBDA_POLICY]: 'CDK’s singleton handler; it only writes its own logs.',
        });

    new CfnOutput(this, 'ApiUrl', {
      value: this.api.httpApi.apiEndpoint,
      description: 'This region’s API endpoint',
    });
    new CfnOutput(this, 'SearchAdminRoleArn', {
      value: this.search.adminRole.roleArn,
      description: 'Assume to map roles in OpenSearch',
    });
    new CfnOutput(this, 'EventBusArn', {
      value: this.events.bus.eventBusArn,
      description: 'Booking events: subscribe with rules on this bus',
    });
    new CfnOutput(this, 'HotelierIssuer', { value: identity.issuer });
    new CfnOutput(this, 'HotelierAudience', { value: identity.audience });
    if (identity.userPool) new CfnOutput(this, 'HotelierUserPoolId', { value: identity.userPool.userPoolId });
    if (this.web) {
      new CfnOutput(this, 'SiteUrl', { value: `https://${this.web.distribution.distributionDomainName}` });
      new CfnOutput(this, 'SiteBucket', { value: this.web.bucket.bucketName });
    }
  }

  /**
   * The web app's CloudFront origin: the primary region's own, published in SSM for the other
   * region, which reads it at deploy time (as it reads the hoteliers' issuer).
   */
  private siteUrl(): string {
    if (this.web) {
      new StringParameter(this, 'SiteUrlParameter', {
        parameterName: NAMES.siteUrlParameter,
        stringValue: this.web.siteUrl,
      });
      return this.web.siteUrl;
    }
    return new AwsCustomResource(this, 'ReadSiteUrl', {
      onUpdate: {
        service: 'SSM',
        action: 'getParameter',
        parameters: { Name: NAMES.siteUrlParameter },
        region: PRIMARY_REGION,
        physicalResourceId: PhysicalResourceId.of(`${NAMES.siteUrlParameter}@${Date.now()}`),
      },
      policy: AwsCustomResourcePolicy.fromSdkCalls({
        resources: [
          this.formatArn({
            service: 'ssm',
            region: PRIMARY_REGION,
            resource: 'parameter',
            resourceName: NAMES.siteUrlParameter.replace(/^\//, ''),
          }),
        ],
      }),
      installLatestAwsSdk: false,
    }).getResponseField('Parameter.Value');
  }
}
