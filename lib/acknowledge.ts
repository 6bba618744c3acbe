/** Findings (cdk-nag, cfn-lint) accepted on purpose, each with its reason, in one place per construct. */
import { CfnResource, type IAspect, type Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { renderCfnValue } from './cfn-value';

/** Acknowledges specific findings (rule id with its finding, as cdk-nag prints them) on a construct. */
export function acknowledge(scope: IConstruct, findings: Record<string, string>): void {
  for (const [id, reason] of Object.entries(findings))
    Validations.of(scope).acknowledge({ id: `AwsSolutions::${id}`, reason });
}

export const MANAGED_LAMBDA_POLICY =
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';
export const MANAGED_LAMBDA_VPC_POLICY =
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]';

/** A resource value as cdk-nag prints it in a finding id: Ref as <Name>, GetAtt as <Id.Attr>, joins joined. */
export function nagResource(stack: Stack, value: string): string {
  return renderCfnValue(stack.resolve(value));
}

/** Acknowledges cfn-lint rules on one resource, as the `ignore_checks` metadata cfn-lint reads; reasons stay in code. */
export function acknowledgeCfnLint(scope: IConstruct, rules: Record<string, string>): void {
  const resource = CfnResource.isCfnResource(scope) ? scope : scope.node.defaultChild;
  if (!CfnResource.isCfnResource(resource))
    throw new Error(`${scope.node.path} is not a CloudFormation resource and has none as its default child`);
  const current = resource.getMetadata('cfn-lint') as { config?: { ignore_checks?: string[] } } | undefined;
  const ignore = new Set([...(current?.config?.ignore_checks ?? []), ...Object.keys(rules)]);
  resource.addMetadata('cfn-lint', { config: { ...current?.config, ignore_checks: [...ignore].sort() } });
}

/**
 * W3005 ("dependency already enforced by a Ref or GetAtt") on what CDK's own constructs build,
 * wherever they are (our functions and CDK's singleton handlers alike), by resource type.
 */
const CDK_REDUNDANT_DEPENDS_ON: Readonly<Record<string, string>> = {
  'AWS::Lambda::Function':
    "CDK makes a function depend on its role and the role's default policy, so that the policy exists before the first invocation; the role half is also a GetAtt.",
  'Custom::S3BucketNotifications':
    'CDK makes bucket notifications depend on the topic and its policy, so that S3 can validate the destination; the topic half is also a Ref.',
};

/** Acknowledges the cfn-lint warnings that CDK's own constructs cause, on each resource that has them. */
export class CdkCfnLintAcknowledgements implements IAspect {
  /** Adds the acknowledgement to a resource of a listed type. */
  visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node)) return;
    const reason = CDK_REDUNDANT_DEPENDS_ON[node.cfnResourceType];
    if (reason) acknowledgeCfnLint(node, { W3005: reason });
  }
}
