/**
 * The deploy checklist, run offline on synthesized templates (`npm run check:deploy` reads
 * cdk.out; the CDK tests run it on their own synths). Each check is a class of fault that
 * passes cdk-nag and cfn-lint yet fails a first deploy into a fresh account, or leaves part of
 * the system silently broken once it is up.
 */
import { parse } from 'yaml';
import { SEARCH_REQUESTS } from '../lambdas/infrastructure-contract';
import { renderCfnValue as render } from './cfn-value';
import { OPENSEARCH_SERVICE } from './constructs/search-ingestion';
import { statementsAllow, type TemplateStatement } from './iam-match';

/** Template JSON is untyped: properties are read as CloudFormation spells them. */
// biome-ignore lint/suspicious/noExplicitAny: any resource type's properties
type Json = any;

interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, Json>;
  readonly DependsOn?: string | string[];
  readonly DeletionPolicy?: string;
}

/** A template as JSON (cdk.out/*.template.json, or `Template.toJSON()`). */
export interface TemplateJson {
  readonly Resources?: Record<string, Resource>;
}

/** One fault: which check found it, where, and why it matters. */
export interface Finding {
  readonly check: string;
  readonly resource: string;
  readonly message: string;
}

/** Lambda's limit on a function's environment variables, keys and values together. */
export const LAMBDA_ENVIRONMENT_LIMIT = 4096;
/** DynamoDB Streams serves at most two readers per shard at once before it throttles them. */
export const STREAM_READER_LIMIT = 2;
/** What an unresolved value (a Ref, a GetAtt) is counted as, in bytes: more than any ARN here. */
const UNRESOLVED_BYTES = 128;

/** The name property of each type and its service's length limit. */
export const NAME_LIMITS: Readonly<Record<string, readonly [property: string, max: number]>> = {
  'AWS::Lambda::Function': ['FunctionName', 64],
  'AWS::OSIS::Pipeline': ['PipelineName', 28],
  'AWS::OpenSearchService::Domain': ['DomainName', 28],
  'AWS::DynamoDB::GlobalTable': ['TableName', 255],
  'AWS::DynamoDB::Table': ['TableName', 255],
  'AWS::Logs::LogGroup': ['LogGroupName', 512],
  'AWS::Events::EventBus': ['Name', 256],
  'AWS::Events::Archive': ['ArchiveName', 48],
  'AWS::Events::Rule': ['Name', 64],
  'AWS::IAM::Role': ['RoleName', 64],
  'AWS::SQS::Queue': ['QueueName', 80],
  'AWS::SNS::Topic': ['TopicName', 256],
  'AWS::SSM::Parameter': ['Name', 1011],
  'AWS::Cognito::UserPoolDomain': ['Domain', 63],
  'AWS::ApiGatewayV2::Api': ['Name', 128],
  'AWS::S3::Bucket': ['BucketName', 63],
};

const resourcesOf = (t: TemplateJson) => Object.entries(t.Resources ?? {});
const dependsOn = (r: Resource) => [r.DependsOn ?? []].flat();
const unresolvedLength = (value: unknown) =>
  render(value).replace(/<[^>]+>/g, 'x'.repeat(UNRESOLVED_BYTES)).length;

/** Resources kept after a rolled-back creation: the next deploy meets them ("already exists"). */
export function retainedOnCreate(t: TemplateJson): Finding[] {
  return resourcesOf(t)
    .filter(([, r]) => r.DeletionPolicy === 'Retain')
    .map(([id, r]) => ({
      check: 'retained-on-create',
      resource: id,
      message: `${r.Type} is Retain: a failed first deploy leaves it behind${
        NAME_LIMITS[r.Type] && r.Properties?.[NAME_LIMITS[r.Type]?.[0] as string]
          ? ', under a fixed name the retry cannot take'
          : ''
      }; use RetainExceptOnCreate`,
    }));
}

/** The SDK call an AwsCustomResource makes on create. */
function createCall(r: Resource): { action?: string; parameters?: Record<string, unknown> } {
  if (r.Type !== 'Custom::AWS' || r.Properties?.Create === undefined) return {};
  try {
    return JSON.parse(render(r.Properties.Create));
  } catch {
    return {};
  }
}

/** A VPC domain needs OpenSearch's service-linked role, which nothing but the console creates on its own. */
export function serviceLinkedRole(t: TemplateJson): Finding[] {
  const all = resourcesOf(t);
  const creators = all
    .filter(
      ([, r]) =>
        (r.Type === 'AWS::IAM::ServiceLinkedRole' && r.Properties?.AWSServiceName === OPENSEARCH_SERVICE) ||
        (createCall(r).action === 'createServiceLinkedRole' &&
          createCall(r).parameters?.AWSServiceName === OPENSEARCH_SERVICE),
    )
    .map(([id]) => id);
  return all
    .filter(([, r]) => r.Type === 'AWS::OpenSearchService::Domain' && r.Properties?.VPCOptions)
    .filter(([, r]) => !dependsOn(r).some((d) => creators.includes(d)))
    .map(([id]) => ({
      check: 'service-linked-role',
      resource: id,
      message:
        'a VPC domain that does not wait for the AWSServiceRoleForAmazonOpenSearchService role: in a fresh account ' +
        'its creation fails (or create it once: aws iam create-service-linked-role --aws-service-name opensearchservice.amazonaws.com)',
    }));
}

/** Every statement of the policies attached to a role (by its logical id). */
function statementsOfRole(t: TemplateJson, role: string): TemplateStatement[] {
  return resourcesOf(t)
    .filter(
      ([, r]) =>
        r.Type === 'AWS::IAM::Policy' &&
        (r.Properties?.Roles as Array<{ Ref?: string }> | undefined)?.some((ref) => ref.Ref === role),
    )
    .flatMap(([, r]) => r.Properties?.PolicyDocument.Statement as TemplateStatement[]);
}

/**
 * Each function whose role may send anything to a search domain must be allowed every request the
 * search client sends, and the domain must have an access policy (AWS's pattern for fine-grained
 * access control admits signed requests; without one only the identity policies decide).
 */
export function searchAccess(t: TemplateJson): Finding[] {
  const all = resourcesOf(t);
  const domains = all.filter(([, r]) => r.Type === 'AWS::OpenSearchService::Domain').map(([id]) => id);
  const findings: Finding[] = [];
  for (const domain of domains) {
    const policy = all.some(
      ([, r]) =>
        (r.Type === 'Custom::OpenSearchAccessPolicy' && render(r.Properties).includes(domain)) ||
        (r.Type === 'AWS::OpenSearchService::Domain' && r.Properties?.AccessPolicies),
    );
    if (!policy)
      findings.push({ check: 'search-access', resource: domain, message: 'the domain has no access policy' });
    for (const [id, fn] of all.filter(([, r]) => r.Type === 'AWS::Lambda::Function')) {
      const role = fn.Properties?.Role?.['Fn::GetAtt']?.[0] as string | undefined;
      if (!role) continue;
      const statements = statementsOfRole(t, role);
      const searches = statements.some(
        (s) =>
          [s.Action].flat().some((a) => String(a).startsWith('es:ESHttp')) &&
          [s.Resource].flat().some((r) => render(r).startsWith(`<${domain}.Arn>/`)),
      );
      if (!searches) continue;
      for (const request of SEARCH_REQUESTS) {
        const action = `es:ESHttp${request.method.charAt(0)}${request.method.slice(1).toLowerCase()}`;
        if (!statementsAllow(statements, action, `<${domain}.Arn>${request.path}`))
          findings.push({
            check: 'search-access',
            resource: id,
            message: `searches ${domain} but may not ${request.method} ${request.path}, which the search client sends`,
          });
      }
    }
  }
  return findings;
}

/** Topics that alarms act on must let CloudWatch publish once a topic policy replaces the default one. */
export function alarmTopics(t: TemplateJson): Finding[] {
  const all = resourcesOf(t);
  const targets = new Set(
    all
      .filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm')
      .flatMap(([, r]) => (r.Properties?.AlarmActions ?? []).map(render)),
  );
  const findings: Finding[] = [];
  const topics = all.filter(([topic, r]) => r.Type === 'AWS::SNS::Topic' && targets.has(`<${topic}>`));
  for (const [id] of topics) {
    const policies = all.filter(
      ([, r]) =>
        r.Type === 'AWS::SNS::TopicPolicy' && (r.Properties?.Topics ?? []).map(render).includes(`<${id}>`),
    );
    if (!policies.length) continue; // the default policy lets the account's alarms publish
    const admits = policies.some(([, p]) =>
      ((p.Properties?.PolicyDocument?.Statement ?? []) as Array<Record<string, Json>>).some(
        (s) =>
          s.Effect === 'Allow' &&
          [s.Principal?.Service].flat().includes('cloudwatch.amazonaws.com') &&
          [s.Action].flat().some((a) => a === 'sns:Publish' || a === 'sns:*'),
      ),
    );
    if (!admits)
      findings.push({
        check: 'alarm-topic',
        resource: id,
        message: 'alarms act on this topic, but its policy does not let cloudwatch.amazonaws.com publish',
      });
  }
  return findings;
}

/** The table a stream reader reads, by name (a GlobalTable's logical id is resolved to its name). */
function streamTable(t: TemplateJson, text: string): string | undefined {
  const all = t.Resources ?? {};
  // The table's own ARN or stream, or a lookup of a replica's stream (describeTable's LatestStreamArn).
  const ref = /<([A-Za-z0-9]+)\.(?:StreamArn|Arn|Table\.LatestStreamArn)>/.exec(text)?.[1];
  if (ref && all[ref]?.Type === 'AWS::DynamoDB::GlobalTable') return render(all[ref]?.Properties?.TableName);
  if (ref && all[ref]?.Type === 'Custom::AWS') return String(createCall(all[ref]).parameters?.TableName);
  return /:table\/([^/]+)/.exec(text)?.[1];
}

/** DynamoDB Streams throttles a shard read by more than two readers at once. */
export function streamReaders(t: TemplateJson): Finding[] {
  const readers = new Map<string, string[]>();
  const add = (table: string | undefined, reader: string) => {
    if (table) readers.set(table, [...(readers.get(table) ?? []), reader]);
  };
  for (const [id, r] of resourcesOf(t)) {
    if (r.Type === 'AWS::Lambda::EventSourceMapping') {
      const source = render(r.Properties?.EventSourceArn);
      if (/stream|StreamArn|LatestStreamArn/.test(source)) add(streamTable(t, source), id);
    }
    if (r.Type === 'AWS::OSIS::Pipeline') {
      const config = parse(render(r.Properties?.PipelineConfigurationBody)) as Record<string, Json>;
      for (const pipeline of Object.values(config ?? {}))
        for (const table of pipeline?.source?.dynamodb?.tables ?? [])
          if (table.stream) add(streamTable(t, String(table.table_arn)), id);
    }
  }
  return [...readers]
    .filter(([, ids]) => ids.length > STREAM_READER_LIMIT)
    .map(([table, ids]) => ({
      check: 'stream-readers',
      resource: table,
      message: `${ids.length} readers on the stream (${ids.join(', ')}): more than ${STREAM_READER_LIMIT} are throttled`,
    }));
}

/** Lambda refuses a function whose environment (keys and values) exceeds 4 KB. */
export function environmentSize(t: TemplateJson): Finding[] {
  return resourcesOf(t)
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
    .map(([id, r]) => {
      const variables = (r.Properties?.Environment?.Variables ?? {}) as Record<string, unknown>;
      const bytes = Object.entries(variables).reduce((n, [k, v]) => n + k.length + unresolvedLength(v), 0);
      return { id, bytes };
    })
    .filter(({ bytes }) => bytes > LAMBDA_ENVIRONMENT_LIMIT)
    .map(({ id, bytes }) => ({
      check: 'environment-size',
      resource: id,
      message: `environment of about ${bytes} bytes (unresolved values counted as ${UNRESOLVED_BYTES}): Lambda's limit is ${LAMBDA_ENVIRONMENT_LIMIT}`,
    }));
}

/** Fixed names longer than their service allows fail only when CloudFormation creates them. */
export function nameLengths(t: TemplateJson): Finding[] {
  return resourcesOf(t).flatMap(([id, r]) => {
    const [property, max] = NAME_LIMITS[r.Type] ?? [];
    const name = property ? r.Properties?.[property] : undefined;
    if (name === undefined || max === undefined) return [];
    const length = unresolvedLength(name);
    return length > max
      ? [
          {
            check: 'name-length',
            resource: id,
            message: `${property} of ${length} characters: at most ${max}`,
          },
        ]
      : [];
  });
}

/** Every check, in the order the checklist prints them. */
export const DEPLOY_CHECKS = [
  retainedOnCreate,
  serviceLinkedRole,
  searchAccess,
  alarmTopics,
  streamReaders,
  environmentSize,
  nameLengths,
] as const;

/** All findings of every check on one template. */
export function checkTemplate(t: TemplateJson): Finding[] {
  return DEPLOY_CHECKS.flatMap((check) => check(t));
}
