/** cdk-nag on every synth, and the real bundles of every function. */
import { existsSync, readFileSync, statSync } from 'node:fs';
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
  // Four synths of the whole app: about 18 s alone, and more on a busy machine.
  it('finds nothing unacknowledged in either region, with or without a domain', { timeout: 120_000 }, () => {
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

/**
 * Each function's bundle ceiling, a little above its size when last measured (see
 * docs/development.md, "Lambda bundles"); for the API functions, at most half of the 1,515 KiB
 * each was before. A dependency or an import style that brings weight back fails here.
 */
const BUNDLE_CEILING_KIB: Record<string, number> = {
  // The API and admin functions grew by ~5-8 KiB with the hotel's clock (a default zone per country)
  // and booking changes (public 753, admin 570 KiB), and ~10 KiB with the one text fold's exceptions
  // (every function that compares names carries them), and with guest details and lookup
  // (measured: public and manage 781, admin 596, receiver 615 KiB), and ~16 KiB with rate plans, their
  // policies and occupancy (schemas, routes, pricing; the events' booking view carries the plan): measured
  // public and manage 797, admin 612, receiver 632, booking-events 453 KiB.
  'public-api': 815,
  'manage-api': 815,
  'admin-api': 630,
  // The admin function's, plus jose's JWT check and JWKS fetch (~20 KiB): the receiver checks hoteliers' tokens.
  'forward-receiver': 650,
  reconcile: 260,
  'booking-events': 470,
  'search-access': 110,
};
/** The functions whose routes search (and the one that maps roles in OpenSearch), and those that forward writes. */
const SEARCHES = ['public-api', 'manage-api', 'search-access'];
const FORWARDS = ['public-api', 'manage-api'];

describe('function bundles', () => {
  it('bundles each function with esbuild (minified, with source maps) under its ceiling, with only the clients it calls', {
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
    const bundles = new Map<string, { kib: number; sources: string[] }>();
    for (const r of Object.values(
      stack.template.Resources as Record<string, { Type: string; Metadata?: Record<string, string> }>,
    )) {
      const assetPath = r.Metadata?.['aws:asset:path'];
      if (r.Type !== 'AWS::Lambda::Function' || !assetPath) continue;
      const dir = join(assembly.directory, assetPath);
      const mapFile = join(dir, 'index.js.map');
      if (!existsSync(mapFile)) continue;
      const sources = (JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[] }).sources;
      const entry = sources
        .map((source) => /lambdas\/handlers\/([a-z-]+)\.ts$/.exec(source)?.[1])
        .find((name) => name && name in BUNDLE_CEILING_KIB);
      if (!entry) continue;
      const code = statSync(join(dir, 'index.js')).size;
      expect(statSync(mapFile).size).toBeGreaterThan(code);
      bundles.set(entry, { kib: code / 1024, sources });
      console.log(`${entry}: ${(code / 1024).toFixed(0)} KiB (ceiling ${BUNDLE_CEILING_KIB[entry]} KiB)`);
    }
    expect([...bundles.keys()].sort()).toEqual(Object.keys(BUNDLE_CEILING_KIB).sort());
    for (const [entry, { kib, sources }] of bundles) {
      expect(kib, entry).toBeGreaterThan(50);
      expect(kib, entry).toBeLessThan(BUNDLE_CEILING_KIB[entry] ?? 0);
      const has = (pkg: string) => sources.some((source) => source.includes(`node_modules/${pkg}/`));
      expect(has('@opensearch-project/opensearch'), `${entry} bundles the OpenSearch client`).toBe(
        SEARCHES.includes(entry),
      );
      expect(has('@aws-sdk/client-lambda'), `${entry} bundles the Lambda client`).toBe(
        FORWARDS.includes(entry),
      );
      // The zod namespace object would bring every locale; English is the one the API answers in.
      expect(
        sources.filter((source) => /node_modules\/zod\/v4\/locales\/(?!en\.js|index\.js)/.test(source)),
        entry,
      ).toEqual([]);
    }
  });
});
