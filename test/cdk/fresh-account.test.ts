/**
 * A first `cdk deploy` into a fresh account: each finding of the review of the synthesized
 * templates (issue 26), pinned on the templates both regions deploy. A failed first deploy leaves
 * nothing behind, the domain can be created, alarms reach their topic, the pipeline can do what
 * its source and sink document, and the certificates' validation record has one owner.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isAlias, parseDocument, visit } from 'yaml';
import { REGIONS } from '../../lambdas/domain/regions';
import { type CfnResource, render, resourcesOf, synthTemplates, WITH_DOMAIN } from './support';

let templates: ReturnType<typeof synthTemplates>;
beforeAll(() => {
  templates = synthTemplates(WITH_DOMAIN);
});

const ofType = (resources: Record<string, CfnResource>, type: string) =>
  Object.entries(resources).filter(([, r]) => r.Type === type);

/** The SDK call a CDK AwsCustomResource makes on create, parsed from its properties. */
function createCall(resource: CfnResource): { service?: string; action?: string; parameters?: any } {
  return JSON.parse(render(resource.Properties?.Create ?? '{}'));
}

const dependsOn = (r: CfnResource | undefined) => [r?.DependsOn ?? []].flat();

describe('a fresh account', () => {
  for (const region of REGIONS) {
    it(`${region}: nothing outlives a rolled-back first deploy (RetainExceptOnCreate, never Retain)`, () => {
      const resources = resourcesOf(templates[region]);
      const policies = Object.entries(resources).map(
        ([id, r]) => [id, (r as { DeletionPolicy?: string }).DeletionPolicy] as const,
      );
      expect(policies.filter(([, p]) => p === 'Retain').map(([id]) => id)).toEqual([]);
      for (const id of ['SearchDomain62FD613E', 'SearchPipelineLogsEBE4F3D6', 'SearchExportBucketA1991A7A'])
        expect(policies.find(([i]) => i === id)?.[1], id).toBe('RetainExceptOnCreate');
    });

    it(`${region}: the domain waits for OpenSearch's service-linked role, created when the account lacks it`, () => {
      const resources = resourcesOf(templates[region]);
      const [slr] = ofType(resources, 'Custom::AWS').filter(
        ([, r]) => createCall(r).action === 'createServiceLinkedRole',
      );
      expect(slr, 'a step that creates the role').toBeDefined();
      const [id, resource] = slr as [string, CfnResource];
      const call = createCall(resource);
      expect(call.parameters).toEqual({ AWSServiceName: 'opensearchservice.amazonaws.com' });
      // "Has been taken": the role is account-wide, and either region (or the console) may have made it.
      expect(JSON.stringify(call)).toContain('"ignoreErrorCodesMatching":"InvalidInput"');
      // Never deleted with a stack: other domains in the account need it.
      expect(resource.Properties?.Delete).toBeUndefined();
      expect(dependsOn(resources.SearchDomain62FD613E)).toContain(id);
    });

    it(`${region}: the alarm topic's policy lets this account's CloudWatch alarms publish`, () => {
      const resources = resourcesOf(templates[region]);
      const topics = ofType(resources, 'AWS::SNS::Topic').map(([id]) => id);
      const alarmTopics = new Set(
        ofType(resources, 'AWS::CloudWatch::Alarm').flatMap(([, r]) =>
          (r.Properties?.AlarmActions ?? []).map(render),
        ),
      );
      expect(alarmTopics.size).toBe(1);
      for (const topic of topics.filter((t) => alarmTopics.has(`<${t}>`))) {
        const policies = ofType(resources, 'AWS::SNS::TopicPolicy').filter(([, p]) =>
          p.Properties?.Topics.map(render).includes(`<${topic}>`),
        );
        // The topic has a policy of its own (S3's notifications), which replaces the default one.
        expect(policies).toHaveLength(1);
        const statements = policies.flatMap(([, p]) => p.Properties?.PolicyDocument.Statement as any[]);
        const cloudwatch = statements.find((s) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
        expect(cloudwatch).toMatchObject({ Effect: 'Allow', Action: 'sns:Publish' });
        expect(render(cloudwatch.Condition.ArnLike['aws:SourceArn'])).toMatch(
          new RegExp(`:cloudwatch:${region}:123456789012:alarm:\\*$`),
        );
      }
    });

    it(`${region}: the pipeline may set the export's object ACLs, acknowledges the stream, and has YAML without anchors`, () => {
      const resources = resourcesOf(templates[region]);
      const statements = ofType(resources, 'AWS::IAM::Policy')
        .filter(([, p]) => render(p.Properties?.Roles).includes('SearchPipelineRole'))
        .flatMap(([, p]) => p.Properties?.PolicyDocument.Statement as any[]);
      expect(
        statements.some(
          (s) =>
            [s.Action].flat().includes('s3:PutObjectAcl') &&
            [s.Resource]
              .flat()
              .map(render)
              .some((r: string) => /^<SearchExportBucket[0-9A-F]{8}\.Arn>\/\*$/.test(r)),
        ),
      ).toBe(true);
      const [, pipeline] = ofType(resources, 'AWS::OSIS::Pipeline')[0] as [string, CfnResource];
      const yaml = parseDocument(render(pipeline.Properties?.PipelineConfigurationBody));
      let aliases = 0;
      visit(yaml, { Node: (_, node) => void (isAlias(node) && aliases++) });
      expect(aliases).toBe(0);
      expect(yaml.toJS()['hotels-pipeline'].source.dynamodb.acknowledgments).toBe(true);
    });
  }

  it("the certificates' shared DNS validation record belongs to us-east-1 alone", () => {
    for (const region of REGIONS) {
      const [certificate] = ofType(resourcesOf(templates[region]), 'AWS::CertificateManager::Certificate');
      const options = certificate?.[1].Properties?.DomainValidationOptions as any[] | undefined;
      if (region === 'us-east-1') expect(options?.[0]?.HostedZoneId).toBe('Z0000000000000000000');
      else expect(options, region).toBeUndefined();
      expect(certificate?.[1].Properties?.ValidationMethod).toBe('DNS');
    }
  });

  it('turns on the table’s deletion protection in every region, after everything else in us-east-1', () => {
    const resources = resourcesOf(templates['us-east-1']);
    const global = ofType(resources, 'AWS::DynamoDB::GlobalTable')[0]?.[1];
    for (const replica of (global?.Properties?.Replicas ?? []) as any[])
      expect(
        replica.DeletionProtectionEnabled,
        'not in the template: it would block a rollback',
      ).toBeUndefined();
    const steps = ofType(resources, 'Custom::AWS').filter(([, r]) => createCall(r).action === 'updateTable');
    expect(steps.map(([, r]) => (createCall(r) as { region?: string }).region).sort()).toEqual(
      [...REGIONS].sort(),
    );
    const others = Object.keys(resources).filter(
      (id) =>
        !id.startsWith('DataDeletionProtection') && !id.startsWith('AWS679f53fac002430cb0da5b7982bd2287'),
    );
    for (const [, step] of steps) {
      expect(createCall(step).parameters).toEqual({ TableName: 'hotels', DeletionProtectionEnabled: true });
      // Every other resource (its own IAM policy aside), so no later failure rolls back onto a protected table.
      expect(
        dependsOn(step)
          .filter((id) => !id.startsWith('DataDeletionProtection'))
          .sort(),
      ).toEqual(others.sort());
    }
  });
});

describe('search works the moment the stacks are up', () => {
  for (const region of REGIONS) {
    it(`${region}: the domain's access policy is AWS's pattern for a VPC domain with fine-grained access control`, () => {
      const resources = resourcesOf(templates[region]);
      const [[, policy] = []] = ofType(resources, 'Custom::OpenSearchAccessPolicy');
      const call = createCall(policy as CfnResource);
      expect(call.action).toBe('updateDomainConfig');
      expect(JSON.parse(call.parameters.AccessPolicies).Statement).toEqual([
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'es:ESHttp*',
          Resource: expect.stringMatching(/^<SearchDomain[0-9A-F]{8}\.Arn>\/\*$/),
        },
      ]);
    });

    it(`${region}: the deployment maps the pipeline's and both searching functions' roles inside OpenSearch, from the VPC`, () => {
      const resources = resourcesOf(templates[region]);
      const [[id, access] = []] = ofType(resources, 'Custom::SearchAccess');
      const roleOf = (fn: string) => render(resources[fn]?.Properties?.Role);
      const fnIds = (name: string) =>
        Object.keys(resources).filter((k) => new RegExp(`^Api${name}[0-9A-F]{8}$`).test(k));
      expect(access?.Properties?.Writers.map(render)).toEqual([
        expect.stringMatching(/^<SearchPipelineRole[0-9A-F]{8}\.Arn>$/),
      ]);
      expect(access?.Properties?.Searchers.map(render).sort()).toEqual(
        [...fnIds('PublicApi'), ...fnIds('ManageApi')].map(roleOf).sort(),
      );
      // The mapper runs in the VPC as the domain's master user.
      const mapper = render(access?.Properties?.ServiceToken).slice(1, -5);
      expect(resources[mapper]?.Properties?.VpcConfig).toBeDefined();
      const domain = resources.SearchDomain62FD613E?.Properties;
      expect(roleOf(mapper)).toBe(render(domain?.AdvancedSecurityOptions.MasterUserOptions.MasterUserARN));
      // The pipeline starts writing once its role is mapped.
      expect(dependsOn(resources.SearchPipelineD9063298)).toContain(id);
    });
  }
});
