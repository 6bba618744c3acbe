/** WebHosting on a bare stack: a private bucket behind CloudFront, and the site deployment. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { WebHosting } from '../../../lib/constructs/web-hosting';
import { bareStack, SITE_FIXTURE } from '../support';

function hosting() {
  const stack = bareStack();
  const construct = new WebHosting(stack, 'Web', { accessLogs: new Bucket(stack, 'AccessLogs') });
  return { stack, construct };
}

describe('WebHosting', () => {
  it('serves a private, encrypted bucket through CloudFront with origin access control, HTTPS only', () => {
    const t = Template.fromStack(hosting().stack);
    t.resourceCountIs('AWS::CloudFront::Distribution', 1);
    t.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: Match.anyValue(),
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'site/' },
    });
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ LoggingConfiguration: Match.anyValue() }),
    });
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        // A single-page app: unknown paths render the app.
        CustomErrorResponses: [
          { ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/index.html' },
          { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html' },
        ],
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
  });

  it('deploys the built app with its config.json, and refreshes CloudFront for both', () => {
    const { stack, construct } = hosting();
    construct.deploySite(SITE_FIXTURE, {
      apis: { 'us-east-1': 'https://api.hotels.example.com' },
    });
    const t = Template.fromStack(stack);
    t.resourceCountIs('Custom::CDKBucketDeployment', 1);
    t.hasResourceProperties('Custom::CDKBucketDeployment', {
      Prune: true,
      DistributionPaths: ['/index.html', '/config.json'],
      DistributionId: Match.anyValue(),
    });
    const deployment = Object.values(t.findResources('Custom::CDKBucketDeployment'))[0]?.Properties;
    // The site and config.json: two sources.
    expect(deployment.SourceObjectKeys).toHaveLength(2);
  });
});
