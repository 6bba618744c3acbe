/**
 * The offline deploy checklist (lib/deploy-checks.ts, `npm run check:deploy`): the app's own
 * templates pass every check, and each check finds its fault in a copy of them that has it, in
 * the form the review found it (a Retain table, a domain with no service-linked role, a grant
 * of `_search` only, a topic policy for S3 alone, ...).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { REGIONS } from '../../lambdas/domain/regions';
import {
  alarmTopics,
  checkTemplate,
  environmentSize,
  nameLengths,
  retainedOnCreate,
  searchAccess,
  serviceLinkedRole,
  streamReaders,
  type TemplateJson,
} from '../../lib/deploy-checks';
import { BASE, synthTemplates, WITH_DOMAIN } from './support';

let plain: Record<string, TemplateJson>;
let withDomain: Record<string, TemplateJson>;
beforeAll(() => {
  const json = (templates: ReturnType<typeof synthTemplates>) =>
    Object.fromEntries(Object.entries(templates).map(([region, t]) => [region, t.toJSON() as TemplateJson]));
  plain = json(synthTemplates(BASE));
  withDomain = json(synthTemplates(WITH_DOMAIN));
});

/** A deep copy of a region's template, to break. */
const copy = (region = 'us-east-1'): { Resources: Record<string, any> } =>
  structuredClone(plain[region]) as { Resources: Record<string, any> };
const idOf = (t: { Resources: Record<string, any> }, type: string, pattern = /./) =>
  Object.keys(t.Resources).find((id) => t.Resources[id].Type === type && pattern.test(id)) as string;

describe('check:deploy', () => {
  for (const region of REGIONS)
    it(`${region}: the app's templates pass every check, with and without a domain`, () => {
      expect(checkTemplate(plain[region] as TemplateJson)).toEqual([]);
      expect(checkTemplate(withDomain[region] as TemplateJson)).toEqual([]);
    });

  it('finds a fixed-name resource kept after a failed creation', () => {
    const t = copy();
    t.Resources[idOf(t, 'AWS::DynamoDB::GlobalTable')].DeletionPolicy = 'Retain';
    expect(retainedOnCreate(t)).toEqual([
      expect.objectContaining({
        resource: 'DataTableFDBAD0F2',
        message: expect.stringMatching(/fixed name/),
      }),
    ]);
  });

  it('finds a VPC domain that does not wait for the service-linked role', () => {
    const t = copy();
    const domain = idOf(t, 'AWS::OpenSearchService::Domain');
    t.Resources[domain].DependsOn = [];
    expect(serviceLinkedRole(t)).toEqual([expect.objectContaining({ resource: domain })]);
  });

  it('finds a searching function that may not send _msearch, and a domain with no access policy', () => {
    const t = copy();
    for (const r of Object.values(t.Resources))
      if (r.Type === 'AWS::IAM::Policy')
        for (const s of r.Properties.PolicyDocument.Statement)
          if (JSON.stringify(s.Resource).includes('/hotels/_msearch'))
            s.Resource = (s.Resource as unknown[]).filter((x) => !JSON.stringify(x).includes('_msearch'));
    expect(searchAccess(t).map((f) => f.message)).toEqual([
      expect.stringMatching(/may not POST \/hotels\/_msearch/),
      expect.stringMatching(/may not POST \/hotels\/_msearch/),
    ]);
    for (const id of Object.keys(t.Resources))
      if (t.Resources[id].Type === 'Custom::OpenSearchAccessPolicy') delete t.Resources[id];
    expect(searchAccess(t).map((f) => f.message)).toContain('the domain has no access policy');
  });

  it('finds an alarm topic whose policy admits S3 alone', () => {
    const t = copy();
    const policy = t.Resources[idOf(t, 'AWS::SNS::TopicPolicy')];
    policy.Properties.PolicyDocument.Statement = policy.Properties.PolicyDocument.Statement.filter(
      (s: any) => s.Principal?.Service !== 'cloudwatch.amazonaws.com',
    );
    expect(alarmTopics(t)).toEqual([expect.objectContaining({ check: 'alarm-topic' })]);
  });

  for (const region of REGIONS)
    it(`${region}: finds a third reader on the table's stream`, () => {
      const t = copy(region);
      const mapping = idOf(t, 'AWS::Lambda::EventSourceMapping');
      expect(streamReaders(t)).toEqual([]);
      t.Resources.ThirdReader = structuredClone(t.Resources[mapping]);
      expect(streamReaders(t)).toEqual([
        expect.objectContaining({ resource: 'hotels', message: expect.stringMatching(/^3 readers/) }),
      ]);
    });

  it('finds an environment over 4 KB, and a pipeline name over 28 characters', () => {
    const t = copy();
    const fn = t.Resources[idOf(t, 'AWS::Lambda::Function', /^ApiPublicApi/)];
    fn.Properties.Environment.Variables.BIG = 'x'.repeat(4000);
    expect(environmentSize(t)).toEqual([expect.objectContaining({ check: 'environment-size' })]);
    t.Resources[idOf(t, 'AWS::OSIS::Pipeline')].Properties.PipelineName = 'hotels-ap-southeast-1-search-x';
    expect(nameLengths(t)).toEqual([
      expect.objectContaining({ message: 'PipelineName of 30 characters: at most 28' }),
    ]);
  });
});
