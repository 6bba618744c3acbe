/**
 * How every Lambda function is bundled (esbuild, CJS for nodejs22.x): `ServiceFunction` and
 * the cold-start benchmark (`bench/cold-start.ts`) build with these same settings. The
 * runtime's SDK is not used: the lockfile's versions are bundled, so what runs is what was tested.
 */
import { fileURLToPath } from 'node:url';
export const LAMBDA_BUNDLING = {
  minify: true,
  sourceMap: true,
  target: 'node22',
  // The SDK's ES modules (not its one-file CJS builds), so that esbuild drops the commands and
  // code paths a function never reaches.
  mainFields: ['module', 'main'],
  // In Lambda the credentials are always in the environment, so the SDK's default chain (SSO,
  // profiles, STS, IMDS: ~115 KiB) is replaced by the environment reader it would use first.
  alias: {
    // A file path, not a URL's pathname: a checkout under a directory with a space still resolves.
    '@aws-sdk/credential-provider-node': fileURLToPath(
      new URL('../lambdas/handlers/lambda-credentials.ts', import.meta.url),
    ),
  },
} as const;
