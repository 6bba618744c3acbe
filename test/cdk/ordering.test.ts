/**
 * Ordering between resources in the synthesized templates: what CloudFormation may create in
 * parallel must not need each other. A stage whose RouteSettings name a route that does not exist
 * yet fails with "Unable to find Route by key".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { REGIONS } from '../../lambdas/domain/regions';
import { BASE, type CfnResource, resourcesOf, synthTemplates, WITH_DOMAIN } from './support';

const dependsOn = (r: CfnResource | undefined): string[] => [r?.DependsOn ?? []].flat();

let plain: ReturnType<typeof synthTemplates>;
let routed: ReturnType<typeof synthTemplates>;
beforeAll(() => {
  plain = synthTemplates(BASE);
  routed = synthTemplates(WITH_DOMAIN);
});

describe('API stage ordering', () => {
  for (const region of REGIONS)
    it(`${region}: the stage depends on every route whose key its RouteSettings name`, () => {
      for (const templates of [plain, routed]) {
        const resources = resourcesOf(templates[region]);
        const routeIds = new Map(
          Object.entries(resources)
            .filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Route')
            .map(([id, r]) => [r.Properties?.RouteKey as string, id]),
        );
        const stages = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Stage');
        expect(stages).toHaveLength(1);
        for (const stage of stages) {
          const keys = Object.keys(stage.Properties?.RouteSettings ?? {});
          expect(keys.length, 'the stage names routes in RouteSettings').toBeGreaterThan(0);
          for (const key of keys) {
            const routeId = routeIds.get(key);
            expect(routeId, `a route with key ${key}`).toBeDefined();
            expect(dependsOn(stage), `the stage waits for ${key}`).toContain(routeId);
          }
        }
      }
    });
});

describe('search ingestion ordering', () => {
  for (const region of REGIONS)
    it(`${region}: the pipeline is created after its role's policy (it checks its permissions on creation)`, () => {
      const resources = resourcesOf(plain[region]);
      const policies = Object.entries(resources)
        .filter(([, r]) => r.Type === 'AWS::IAM::Policy')
        .filter(([, r]) =>
          (r.Properties?.Roles as Array<{ Ref?: string }> | undefined)?.some((role) =>
            role.Ref?.startsWith('SearchPipelineRole'),
          ),
        )
        .map(([id]) => id);
      expect(policies).toHaveLength(1);
      const pipelines = Object.values(resources).filter((r) => r.Type === 'AWS::OSIS::Pipeline');
      expect(pipelines).toHaveLength(1);
      expect(dependsOn(pipelines[0])).toContain(policies[0]);
    });
});
