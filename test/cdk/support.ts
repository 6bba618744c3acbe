/**
 * Shared by the CDK tests: a bare stack for one construct, both regions' stacks without
 * bundling, and the templates read as plain data.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { REGIONS, type Region } from '../../lambdas/domain/regions';
import { buildApp } from '../../lib/app';
import { renderCfnValue } from '../../lib/cfn-value';
import { type AppConfig, parseAppConfig } from '../../lib/config';
import type { RegionalStack } from '../../lib/regional-stack';

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

/**
 * A stand-in for the built web app (web/dist): the CDK tests check how a site is deployed, not
 * what is in it, so the unit tests need no Vite build first (`npm run test:unit` on a fresh clone).
 */
export const SITE_FIXTURE = new URL('../fixtures/site/', import.meta.url).pathname;

/** The app, its regional stacks and their templates for a context (bundling skipped: the templates are what is tested). */
export function synthApp(
  context: Record<string, unknown>,
  options: { siteAssetPath?: string } = {},
): { app: App; stacks: Record<Region, RegionalStack>; templates: Record<Region, Template> } {
  const config: AppConfig = parseAppConfig(context);
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stacks = buildApp(app, config, options) as Record<Region, RegionalStack>;
  const templates = Object.fromEntries(REGIONS.map((r) => [r, Template.fromStack(stacks[r])])) as Record<
    Region,
    Template
  >;
  return { app, stacks, templates };
}

/** Both regions' templates for a context. */
export function synthTemplates(context: Record<string, unknown>): Record<Region, Template> {
  return synthApp(context).templates;
}

/** A stack whose zones are named, as the regional stack's are: a VPC in it needs no context lookup. */
class BareStack extends Stack {
  override get availabilityZones(): string[] {
    return [`${this.region}a`, `${this.region}b`];
  }
}

/** A stack with nothing in it, for one construct's test (as aws-cdk tests each construct), bundling off. */
export function bareStack(region: Region = 'us-east-1'): Stack {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return new BareStack(app, 'Test', { env: { account: BASE.account, region } });
}

/** The template's resources by logical id. */
export function resourcesOf(template: Template): Record<string, CfnResource> {
  return template.toJSON().Resources as Record<string, CfnResource>;
}

/** A CloudFormation value with intrinsics rendered as <placeholders>, as text (the renderer cdk-nag ids use). */
export const render = renderCfnValue;

/** The resources of one type, by logical id. */
export function resourcesOfType(template: Template, type: string): Record<string, CfnResource> {
  return template.findResources(type) as Record<string, CfnResource>;
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
