/**
 * Hotelier tokens as checked in AWS by the forward receiver: the issuer's JWKS (Cognito's, unless
 * an external provider is configured), with the issuer and audience API Gateway's authorizer uses.
 */
import { jwksHotelierTokens } from '../adapters/auth/jwks-verifier';
import { rememberingVerifiedTokens } from '../adapters/auth/verified-tokens';
import type { HotelierTokenVerifier } from '../domain/ports';
import { HOTELIER_TOKEN_ENV } from '../infrastructure-contract';
import { required } from './aws-services';

/** The verifier for `createAwsServices`, from the variables the CDK stack sets on the receiver. */
export function awsHotelierTokens(env: NodeJS.ProcessEnv): HotelierTokenVerifier {
  return rememberingVerifiedTokens(
    jwksHotelierTokens({
      issuer: required(env, HOTELIER_TOKEN_ENV.issuer),
      audience: required(env, HOTELIER_TOKEN_ENV.audience),
      jwksUrl: required(env, HOTELIER_TOKEN_ENV.jwksUrl),
    }),
  );
}
