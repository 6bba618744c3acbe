/** HotelierIdentity on a bare stack: a user pool in the primary region, read from SSM elsewhere, or none. */
import { CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { Region } from '../../../lambdas/domain/regions';
import { HotelierIdentity, type HotelierIdentityProps } from '../../../lib/constructs/hotelier-identity';
import { bareStack } from '../support';

function identity(region: Region, props: Partial<HotelierIdentityProps> = {}) {
  const stack = bareStack(region);
  const construct = new HotelierIdentity(stack, 'Hoteliers', {
    primaryRegion: 'us-east-1',
    issuerParameter: '/hotel-booking/hotelier-issuer',
    audienceParameter: '/hotel-booking/hotelier-audience',
    ...props,
  });
  return {
    construct,
    stack,
    get template() {
      return Template.fromStack(stack);
    },
  };
}

describe('HotelierIdentity', () => {
  it('creates the user pool in the primary region, with the operators’ group, and publishes it in SSM', () => {
    const { construct, template: us, stack } = identity('us-east-1');
    us.resourceCountIs('AWS::Cognito::UserPool', 1);
    // The operators' group, which the admin routes require in the token.
    us.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'admins' });
    us.hasResourceProperties('AWS::SSM::Parameter', { Name: '/hotel-booking/hotelier-issuer' });
    us.hasResourceProperties('AWS::SSM::Parameter', { Name: '/hotel-booking/hotelier-audience' });
    expect(stack.resolve(construct.issuer)).toEqual({
      'Fn::Join': ['', ['https://cognito-idp.us-east-1.', { Ref: 'AWS::URLSuffix' }, '/', expect.anything()]],
    });
    // No site, no hosted sign-in.
    us.resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
  });

  it('in another region, reads the issuer and audience from SSM in the primary region and creates no pool', () => {
    const { template: asia } = identity('ap-southeast-1');
    asia.resourceCountIs('AWS::Cognito::UserPool', 0);
    const json = JSON.stringify(asia.toJSON());
    expect(json).toContain('parameter/hotel-booking/hotelier-issuer');
    expect(json).toContain('parameter/hotel-booking/hotelier-audience');
    expect(json).toContain(':ssm:us-east-1:');
  });

  it('with a sign-in callback: the authorization code grant back to it (PKCE in the web app), never implicit, and a hosted UI domain', () => {
    const { template: us } = identity('us-east-1', { signInCallbackUrl: 'https://site.example.com/manage' });
    us.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      CallbackURLs: ['https://site.example.com/manage'],
    });
    us.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });

  for (const region of ['us-east-1', 'ap-southeast-1'] as const)
    it(`${region}: with an external identity provider, creates nothing and trusts it`, () => {
      const { construct, stack } = identity(region, {
        external: { issuer: 'https://idp.example.com/', audience: 'hotel-api' },
      });
      expect(construct.node.children).toEqual([]);
      expect(stack.node.findAll().filter((c) => CfnResource.isCfnResource(c))).toEqual([]);
      expect(construct.issuer).toBe('https://idp.example.com/');
      expect(construct.audience).toBe('hotel-api');
      expect(construct.userPool).toBeUndefined();
    });
});
