/** What cfn-lint is told to ignore, and where: only the warnings named in lib/acknowledge.ts, on their resources. */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { REGIONS } from '../../lambdas/domain/regions';
import { acknowledgeCfnLint } from '../../lib/acknowledge';
import { BASE, resourcesOf, synthTemplates } from './support';

/** The rules each resource type may ignore; anything else must be fixed, not ignored. */
const ALLOWED: Record<string, string[]> = {
  'AWS::Lambda::Function': ['W3005'],
  'Custom::S3BucketNotifications': ['W3005'],
  'AWS::S3::Bucket': ['W3045'],
};

describe('cfn-lint acknowledgements', () => {
  it('acknowledge W3005 on every function, and nothing but the listed warnings on the listed types', () => {
    const templates = synthTemplates(BASE);
    for (const region of REGIONS) {
      const ignored = Object.entries(resourcesOf(templates[region])).flatMap(([id, r]) =>
        ((r.Metadata?.['cfn-lint']?.config?.ignore_checks as string[] | undefined) ?? []).map((rule) => ({
          id,
          type: r.Type,
          rule,
        })),
      );
      expect(ignored.length).toBeGreaterThan(0);
      for (const { id, type, rule } of ignored)
        expect(ALLOWED[type] ?? [], `${region} ${id}`).toContain(rule);
      // CDK's functions all depend on their role and its policy (lib/acknowledge.ts says why).
      const functions = Object.entries(resourcesOf(templates[region])).filter(
        ([, r]) => r.Type === 'AWS::Lambda::Function',
      );
      expect(functions.length).toBeGreaterThan(0);
      for (const [id] of functions)
        expect(ignored, id).toContainEqual({ id, type: 'AWS::Lambda::Function', rule: 'W3005' });
      // The access-log bucket alone keeps its ACL.
      expect(ignored.filter((i) => i.rule === 'W3045').map((i) => i.id)).toEqual([
        expect.stringMatching(/^AccessLogs/),
      ]);
    }
  });

  it('merges with what a resource already ignores', () => {
    const stack = new Stack(new App(), 'S');
    const bucket = new Bucket(stack, 'B');
    acknowledgeCfnLint(bucket, { W3045: 'first' });
    acknowledgeCfnLint(bucket, { W1001: 'second', W3045: 'again' });
    const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::S3::Bucket'));
    expect(resource?.Metadata?.['cfn-lint']).toEqual({ config: { ignore_checks: ['W1001', 'W3045'] } });
  });
});
