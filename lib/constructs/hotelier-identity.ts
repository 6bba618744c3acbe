/**
 * Who may call the management API. Created once, in the primary region: a
 * Cognito user pool and app client, published as two SSM parameters there.
 * Other regions read those parameters at deploy time (a least-privilege
 * AwsCustomResource), instead of CDK's experimental cross-region references.
 * An external identity provider can be given instead (issuer and audience).
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
} from 'aws-cdk-lib/aws-cognito';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { Region } from '../../lambdas/domain/regions';
import { ADMIN_GROUP } from '../../lambdas/http/dispatch';

/** An identity provider outside this app: the issuer and audience of its tokens. */
export interface ExternalIdentity {
  readonly issuer: string;
  readonly audience: string;
  /** Where the provider publishes its signing keys. @default `<issuer>/.well-known/jwks.json` */
  readonly jwksUrl?: string;
}

export interface HotelierIdentityProps {
  /** The region that holds the user pool and publishes it; the others read it from there. */
  readonly primaryRegion: Region;
  /** The SSM parameter name the issuer is published under, in the primary region. */
  readonly issuerParameter: string;
  /** The SSM parameter name the audience (client id) is published under, in the primary region. */
  readonly audienceParameter: string;
  /**
   * An external provider; when given, nothing is created.
   * @default - a Cognito user pool in the primary region
   */
  readonly external?: ExternalIdentity;
  /**
   * Where the hosted UI sends hoteliers back (the web app's /manage), when there is a site.
   * @default - no hosted UI (no OAuth flow, no Cognito domain)
   */
  readonly signInCallbackUrl?: string;
}

/** Who may call the management and admin routes: the issuer and audience the JWT authorizer trusts. */
export class HotelierIdentity extends Construct {
  /** The JWT issuer the authorizer trusts. */
  readonly issuer: string;
  /** The audience (client id) the authorizer requires. */
  readonly audience: string;
  /** Where the issuer publishes the keys its tokens are signed with (Cognito: under the issuer). */
  readonly jwksUrl: string;
  readonly userPool?: UserPool;
  /** The hosted UI's host name, when a site uses it. */
  readonly hostedUiDomain?: string;

  constructor(scope: Construct, id: string, props: HotelierIdentityProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (props.external) {
      this.issuer = props.external.issuer;
      this.audience = props.external.audience;
      this.jwksUrl = props.external.jwksUrl ?? jwksUrlOf(this.issuer);
      return;
    }
    if (stack.region === props.primaryRegion) {
      const pool = new UserPool(this, 'UserPool', {
        userPoolName: 'hotel-booking-hoteliers',
        selfSignUpEnabled: false,
        signInAliases: { email: true },
        passwordPolicy: {
          minLength: 12,
          requireDigits: true,
          requireLowercase: true,
          requireUppercase: true,
          requireSymbols: true,
          tempPasswordValidity: Duration.days(3),
        },
        mfa: Mfa.REQUIRED,
        mfaSecondFactor: { sms: false, otp: true },
        accountRecovery: AccountRecovery.EMAIL_ONLY,
        featurePlan: FeaturePlan.PLUS,
        standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      const client = pool.addClient('WebClient', {
        authFlows: { userSrp: true },
        preventUserExistenceErrors: true,
        idTokenValidity: Duration.hours(1),
        accessTokenValidity: Duration.hours(1),
        ...(props.signInCallbackUrl
          ? {
              oAuth: {
                // Authorization code with PKCE (the web app sends an S256 challenge and redeems the code
                // with its verifier): no token ever travels in a URL, unlike the implicit grant.
                flows: { authorizationCodeGrant: true },
                scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
                callbackUrls: [props.signInCallbackUrl],
              },
            }
          : {}),
      });
      if (props.signInCallbackUrl) {
        const domain = pool.addDomain('HostedUi', {
          cognitoDomain: { domainPrefix: `hotel-booking-${stack.account}` },
        });
        this.hostedUiDomain = `${domain.domainName}.auth.${stack.region}.amazoncognito.com`;
      }
      // Operators: members may run handovers (the admin routes check this group in the token).
      new CfnUserPoolGroup(this, 'Admins', {
        userPoolId: pool.userPoolId,
        groupName: ADMIN_GROUP,
        description: 'Operators: may move hotels between regions (handover, evacuation)',
      });
      this.userPool = pool;
      this.issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${pool.userPoolId}`;
      this.audience = client.userPoolClientId;
      this.jwksUrl = jwksUrlOf(this.issuer);
      new StringParameter(this, 'IssuerParameter', {
        parameterName: props.issuerParameter,
        stringValue: this.issuer,
      });
      new StringParameter(this, 'AudienceParameter', {
        parameterName: props.audienceParameter,
        stringValue: this.audience,
      });
      return;
    }
    const read = (name: string, key: string) =>
      new AwsCustomResource(this, key, {
        onUpdate: {
          service: 'SSM',
          action: 'getParameter',
          parameters: { Name: name },
          region: props.primaryRegion,
          // Read again on every deployment, so a replaced pool is picked up.
          physicalResourceId: PhysicalResourceId.of(`${name}@${Date.now()}`),
        },
        policy: AwsCustomResourcePolicy.fromSdkCalls({
          resources: [
            stack.formatArn({
              service: 'ssm',
              region: props.primaryRegion,
              resource: 'parameter',
              resourceName: name.replace(/^\//, ''),
            }),
          ],
        }),
        installLatestAwsSdk: false,
      }).getResponseField('Parameter.Value');
    this.issuer = read(props.issuerParameter, 'ReadIssuer');
    this.audience = read(props.audienceParameter, 'ReadAudience');
    this.jwksUrl = jwksUrlOf(this.issuer);
  }
}

/** Where Cognito (and OpenID providers that follow its layout) publish an issuer's keys. */
function jwksUrlOf(issuer: string): string {
  return `${issuer}/.well-known/jwks.json`;
}
