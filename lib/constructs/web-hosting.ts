/** The web UI's hosting: a private bucket behind CloudFront with origin access control. */
import { Duration, Lazy, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  Distribution,
  HeadersFrameOption,
  type HeadersReferrerPolicy,
  HttpVersion,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { WEB_SECURITY } from '../../lambdas/infrastructure-contract';
import { acknowledge, MANAGED_LAMBDA_POLICY, nagResource } from '../acknowledge';

export interface WebHostingProps {
  /** Where the site bucket's access logs and CloudFront's standard logs go. */
  readonly accessLogs: IBucket;
}

/** What the app reads from /config.json. */
export interface SiteConfig {
  /** Each region's API base URL. */
  readonly apis: Readonly<Record<string, string>>;
  /**
   * The hosted sign-in for hoteliers, when there is one.
   * @default - none: hoteliers paste a token instead
   */
  readonly cognito?: { readonly domain: string; readonly clientId: string };
}

/** The web app's bucket and CloudFront distribution; `deploySite` uploads the built app. */
export class WebHosting extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly siteUrl: string;
  readonly securityHeaders: ResponseHeadersPolicy;
  /**
   * The origins the deployed app calls: each region's API, and the hosted sign-in, whose token
   * endpoint the app posts its PKCE code to. The only origins its pages may connect to.
   */
  private readonly apis: string[] = [];

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'SiteBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The hoteliers' token lives in the browser: no script but the app's own, no frames, and
    // connections to the APIs and sign-in of config.json only (known once deploySite has the config).
    this.securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'The web app: CSP, HSTS, nosniff, no referrer, no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: Lazy.string({
            produce: () => WEB_SECURITY.contentSecurityPolicy(this.apis),
          }),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(WEB_SECURITY.hstsMaxAgeSeconds),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        referrerPolicy: {
          referrerPolicy: WEB_SECURITY.referrerPolicy as HeadersReferrerPolicy,
          override: true,
        },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      },
    });
    this.distribution = new Distribution(this, 'Distribution', {
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: this.securityHeaders,
      },
      defaultRootObject: 'index.html',
      // A single-page app: unknown paths render the app, which routes on the client.
      errorResponses: [
        { httpStatus: 404, responseHttpStatus: 200, responsePagePath: '/index.html' },
        { httpStatus: 403, responseHttpStatus: 200, responsePagePath: '/index.html' },
      ],
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'cloudfront/',
    });
    this.siteUrl = `https://${this.distribution.distributionDomainName}`;
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-CFR1',
        reason: 'Travellers from anywhere may browse hotels: no geo restriction.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-CFR2',
        reason:
          'A static site with no forms posting to it; the APIs have their own throttling. WAF is a cost decision for later.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-CFR4',
        reason:
          'The default CloudFront certificate allows TLS 1.0 viewers; a custom domain with TLS 1.2 comes with the UI issue.',
      },
    );
  }

  /** Uploads the built app (web/dist) and its config.json, and refreshes CloudFront. */
  deploySite(assetPath: string, config: SiteConfig): BucketDeployment {
    this.apis.push(...Object.values(config.apis));
    if (config.cognito) this.apis.push(`https://${config.cognito.domain}`);
    const deployment = new BucketDeployment(this, 'Site', {
      destinationBucket: this.bucket,
      sources: [Source.asset(assetPath), Source.jsonData('config.json', config)],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      prune: true,
      memoryLimit: 512,
    });
    const stack = Stack.of(this);
    for (const child of stack.node.children)
      if (child.node.id.startsWith('Custom::CDKBucketDeployment'))
        acknowledge(child, {
          'AwsSolutions-L1': 'CDK’s own deployment handler; its runtime is chosen by CDK.',
          [MANAGED_LAMBDA_POLICY]: 'CDK’s own deployment handler; it only writes its own logs.',
        });
    for (const child of stack.node.findAll())
      if (child.node.path.includes('Custom::CDKBucketDeployment') && child.node.id === 'DefaultPolicy')
        acknowledge(child, {
          'AwsSolutions-IAM5[Action::s3:GetObject*]':
            'CDK’s deployment grant, scoped to the asset and site buckets.',
          'AwsSolutions-IAM5[Action::s3:GetBucket*]':
            'CDK’s deployment grant, scoped to the asset and site buckets.',
          'AwsSolutions-IAM5[Action::s3:List*]':
            'CDK’s deployment grant, scoped to the asset and site buckets.',
          'AwsSolutions-IAM5[Action::s3:DeleteObject*]':
            'CDK’s deployment grant (prune), scoped to the site bucket.',
          'AwsSolutions-IAM5[Action::s3:Abort*]': 'CDK’s deployment grant, scoped to the site bucket.',
          [`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${stack.account}-${stack.region}/*]`]:
            'The CDK asset bucket the site is copied from.',
          [`AwsSolutions-IAM5[Resource::${nagResource(stack, this.bucket.bucketArn)}/*]`]:
            'Objects of the site bucket.',
          'AwsSolutions-IAM5[Resource::*]':
            'CloudFront CreateInvalidation accepts no resource-level permission here.',
        });
    return deployment;
  }
}
