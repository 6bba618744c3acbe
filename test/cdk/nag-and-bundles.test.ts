/** cdk-nag on every synth, and the real bundles of every function. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app';
import { parseAppConfig } from '../../lib/config';

const CONFIG = parseAppConfig({ account: '123456789012', alarmEmail: 'ops@example.com' });
const WITH_DOMAIN = parseAppConfig({
  account: '123456789012',
  alarmEmail: 'ops@example.com',
  domainName: 'api.hotels.example.com',
  hostedZoneId: 'Z0000000000000000000',
  hostedZoneName: 'hotels.example.com',
});

describe('cdk-nag (AwsSolutionsChecks)', () => {
  it('finds nothing unacknowledged in either region, with or without a domain', () => {
    for (const config of [CONFIG, WITH_DOMAIN]) {
      const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
      buildApp(app, config);
      expect(() => app.synth()).not.toThrow();
    }
  });

  it('fails the synth on a finding nobody acknowledged', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stacks = buildApp(app, CONFIG);
    // A bucket without TLS enforcement or access logs: AwsSolutions-S1 and S10.
    new Bucket(stacks['us-east-1'] as never, 'CarelessBucket');
    expect(() => app.synth()).toThrow(/AwsSolutions/);
  });
});

describe('function bundles', () => {
  it('bundles each function with esbuild (minified, with source maps) and keeps it under 2 MiB', {
    timeout: 120_000,
  }, () => {
    const app = new App({
      context: {
        'aws:cdk:bundling-stacks': ['HotelBooking-us-east-1'],
        'aws:cdk:enable-asset-metadata': true,
      },
    });
    buildApp(app, CONFIG);
    const assembly = app.synth();
    const stack = assembly.getStackByName('HotelBooking-us-east-1');
    const functions = Object.values(
      stack.template.Resources as Record<
        string,
        {
          Type: string;
          Metadata?: Record<string, string>;
          Properties: { Environment?: { Variables?: Record<string, unknown> } };
        }
      >,
    ).filter(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.FORWARD_RECEIVER_ARNS,
    );
    expect(functions).toHaveLength(4);
    for (const fn of functions) {
      const assetPath = fn.Metadata?.['aws:asset:path'] as string;
      const code = statSync(join(assembly.directory, assetPath, 'index.js')).size;
      const map = statSync(join(assembly.directory, assetPath, 'index.js.map')).size;
      expect(code).toBeGreaterThan(50_000);
      expect(code).toBeLessThan(2 * 1024 * 1024);
      expect(map).toBeGreaterThan(code);
      console.log(
        `${assetPath}: ${(code / 1024).toFixed(0)} KiB (+ ${(map / 1024).toFixed(0)} KiB source map)`,
      );
    }
  });
});
