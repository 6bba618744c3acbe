/** Shared by the CDK tests: synthesize both regions without bundling, and read the templates as plain data. */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { REGIONS, type Region } from '../../lambdas/domain/regions';
import { buildApp } from '../../lib/app';
import { type AppConfig, parseAppConfig } from '../../lib/config';

export const BASE = { account: '123456789012', alarmEmail: 'ops@example.com' };
export const WITH_DOMAIN = {
  ...BASE,
  domainName: 'api.hotels.example.com',
  hostedZoneId: 'Z0000000000000000000',
  hostedZoneName: 'hotels.example.com',
};

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
  readonly DependsOn?: string | string[];
  readonly Metadata?: Record<string, any>;
}

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

/** Both regions' templates for a context (bundling skipped: the templates are what is tested). */
export function synthTemplates(context: Record<string, unknown>): Record<Region, Template> {
  const config: AppConfig = parseAppConfig(context);
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stacks = buildApp(app, config);
  return Object.fromEntries(REGIONS.map((r) => [r, Template.fromStack(stacks[r] as never)])) as Record<
    Region,
    Template
  >;
}

/** The template's resources by logical id. */
export function resourcesOf(template: Template): Record<string, CfnResource> {
  return template.toJSON().Resources as Record<string, CfnResource>;
}

/** A CloudFormation value with intrinsics rendered as <placeholders>, as text. */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const o = value as Record<string, unknown>;
  if (Array.isArray(o['Fn::Join'])) {
    const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map(render).join(sep);
  }
  if (o.Ref) return `<${o.Ref}>`;
  if (o['Fn::GetAtt']) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
  return '<expr>';
}

/** The logical id of the one API function whose construct id is `name` (PublicApi, ManageApi, ...). */
export function functionId(resources: Record<string, CfnResource>, name: string): string {
  const ids = Object.keys(resources).filter(
    (id) => resources[id]?.Type === 'AWS::Lambda::Function' && new RegExp(`^Api${name}[0-9A-F]{8}$`).test(id),
  );
  if (ids.length !== 1)
    throw new Error(`expected one function Api${name}, found ${ids.join(', ') || 'none'}`);
  return ids[0] as string;
}

/** Every statement of the inline policies attached to a function's execution role. */
export function roleStatements(resources: Record<string, CfnResource>, fnId: string): PolicyStatement[] {
  const role = resources[fnId]?.Properties?.Role?.['Fn::GetAtt']?.[0] as string | undefined;
  if (!role) throw new Error(`${fnId} has no role of its own`);
  return Object.values(resources)
    .filter(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        (r.Properties?.Roles as unknown[] | undefined)?.some((ref) => (ref as { Ref?: string }).Ref === role),
    )
    .flatMap((r) => r.Properties?.PolicyDocument.Statement as PolicyStatement[]);
}

/** A statement's actions as a list. */
export const actionsOf = (s: PolicyStatement): string[] => [s.Action].flat();

/** A statement's resources, rendered. */
export const resourcesOfStatement = (s: PolicyStatement): string[] => [s.Resource].flat().map(render);
