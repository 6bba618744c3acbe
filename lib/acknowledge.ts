/** cdk-nag findings that are accepted on purpose, each with its reason, in one place per construct. */
import { type Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

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
  const render = (v: unknown): string => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.Ref === 'string') return `<${o.Ref}>`;
      if (Array.isArray(o['Fn::GetAtt'])) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
      if (Array.isArray(o['Fn::Join'])) {
        const [separator, parts] = o['Fn::Join'] as [string, unknown[]];
        return parts.map(render).join(separator);
      }
    }
    return JSON.stringify(v);
  };
  return render(stack.resolve(value));
}
