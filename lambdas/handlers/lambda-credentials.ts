/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (an esbuild alias set
 * by `ServiceFunction`): Lambda puts the function role's credentials in the environment, so the
 * rest of the default chain (profiles, SSO, web identity, IMDS) is never reached there.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** The SDK clients' default credentials: the environment's, as Lambda sets them. */
export const defaultProvider = (): ReturnType<typeof fromEnv> => fromEnv();
