import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** First on the unit project's PATH: a `java` that refuses to run, so a unit test that starts Java fails. */
const NO_JAVA = fileURLToPath(new URL('./test/support/no-java', import.meta.url));

/**
 * Five projects, so each kind of test runs alone (`npm run test:unit`, …) and
 * only the projects that need DynamoDB Local start it. `npm test` runs them all.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own process: state never leaks between files, and crashes stay contained.
    pool: 'forks',
    // Node 20 here: the SDK's notice that releases after Jan 2027 need Node 22 is known (the lockfile pins today's).
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Handlers log one line per request; tests assert on responses, not on log noise.
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
    projects: [
      {
        extends: true,
        // Pure code, mocks, search engines and CDK templates: no Java, no database.
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/search/**/*.test.ts', 'test/cdk/**/*.test.ts'],
          env: { PATH: [NO_JAVA, process.env.PATH].filter(Boolean).join(delimiter) },
        },
      },
      {
        extends: true,
        // The stores and the handlers on one in-memory DynamoDB Local, started once for the run.
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/handlers/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
        },
      },
      {
        extends: true,
        // The whole local environment, each file its own (it starts its own DynamoDB Local).
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] },
      },
      {
        extends: true,
        // The OpenSearch adapter on a real 2.19 node (opensearch-node/, Java and Maven), started once for the run.
        test: {
          name: 'opensearch',
          include: ['test/opensearch/**/*.test.ts'],
          globalSetup: ['test/opensearch/global-setup.ts'],
        },
      },
      {
        extends: true,
        // Debian's Chromium driving the web app on the local environment.
        test: { name: 'browser', include: ['test/browser/**/*.test.ts'] },
      },
    ],
  },
});
