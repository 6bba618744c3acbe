/** Builds the whole deployment: one regional stack per region, each with an explicit env, checked by cdk-nag. */
import { type App, Aspects, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CdkCfnLintAcknowledgements } from './acknowledge';
import { type AppConfig, DEPLOY_REGIONS, NAMES, PRIMARY_REGION } from './config';
import { RegionalStack } from './regional-stack';
import { RetainExceptOnCreate } from './retain-except-on-create';

export function buildApp(
  app: App,
  config: AppConfig,
  options: { siteAssetPath?: string } = {},
): Record<string, RegionalStack> {
  const stacks: Record<string, RegionalStack> = {};
  for (const region of DEPLOY_REGIONS) {
    stacks[region] = new RegionalStack(app, NAMES.stack(region), {
      env: { account: config.account, region },
      config,
      region,
      siteAssetPath: options.siteAssetPath,
      description: `Hotel booking platform, ${region}`,
    });
  }
  // The primary region holds the global table and publishes the hoteliers' identity: it deploys first.
  for (const region of DEPLOY_REGIONS)
    if (region !== PRIMARY_REGION)
      stacks[region]?.addStackDependency(stacks[PRIMARY_REGION] as RegionalStack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  // cfn-lint runs on the synthesized templates in CI (.ci/run).
  Aspects.of(app).add(new CdkCfnLintAcknowledgements());
  // A rolled-back first deploy must leave nothing that blocks the next one.
  Aspects.of(app).add(new RetainExceptOnCreate());
  return stacks;
}
