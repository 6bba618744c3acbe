/**
 * The web app's security headers, read where a browser gets them: from the synthesized CloudFront
 * distribution's response headers policy, and from the local web server's answers. Both send a
 * Content-Security-Policy with no inline script that connects only to the APIs the app is
 * configured with, nosniff, a Referrer-Policy and frame-ancestors 'none'; CloudFront adds HSTS.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startWebServer } from '../../local/web-server';
import { render, resourcesOf, synthApp, WITH_DOMAIN } from './support';

/** A Content-Security-Policy as its directives, each a list of sources. */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

/** What every CSP of the app must say, whoever serves it. */
function expectAppPolicy(policy: string, apis: string[]): void {
  const csp = directives(policy);
  expect(csp['default-src']).toEqual(["'none'"]);
  expect(csp['script-src']).toEqual(["'self'"]);
  expect(csp['style-src']).toEqual(["'self'"]);
  expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  expect(csp['connect-src']?.sort()).toEqual(["'self'", ...apis].sort());
  expect(csp['frame-ancestors']).toEqual(["'none'"]);
}

const site = mkdtempSync(join(tmpdir(), 'site-'));
writeFileSync(join(site, 'index.html'), '<!doctype html><title>app</title>');

describe('security headers from CloudFront', () => {
  it('the distribution answers with the app policy, connecting only to the configured API and sign-in, HSTS included', () => {
    const { stacks, templates } = synthApp(WITH_DOMAIN, { siteAssetPath: site });
    const resources = resourcesOf(templates['us-east-1']);
    const distribution = Object.values(resources).find((r) => r.Type === 'AWS::CloudFront::Distribution');
    const policyId = render(
      distribution?.Properties?.DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId,
    );
    const policy = resources[policyId.slice(1, -1)];
    expect(policy?.Type).toBe('AWS::CloudFront::ResponseHeadersPolicy');
    const headers = policy?.Properties?.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    // With a domain, both regions' APIs answer at the latency-routed name the config names.
    expect(stacks['us-east-1'].web).toBeDefined();
    // The hosted sign-in too: the app posts its PKCE code to that origin's token endpoint.
    expectAppPolicy(render(headers.ContentSecurityPolicy.ContentSecurityPolicy), [
      'https://api.hotels.example.com',
      'https://<HoteliersUserPoolHostedUi6FF86678>.auth.us-east-1.amazoncognito.com',
    ]);
    expect(headers.ContentSecurityPolicy.Override).toBe(true);
    expect(headers.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 63_072_000,
      IncludeSubdomains: true,
      Override: true,
    });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
  });
});

describe('security headers from the local web server', () => {
  let server: Server | undefined;
  afterAll(() => server?.close());

  it('every answer (page, config, asset, error) carries the app policy, connecting only to the two local APIs', async () => {
    const apis = { 'us-east-1': 'http://127.0.0.1:4101', 'ap-southeast-1': 'http://127.0.0.1:4102' };
    const started = await startWebServer({ port: 0, apis, distDir: `${site}/` });
    server = started.server;
    for (const path of ['/', '/manage', '/config.json', '/openapi.json', '/%E0%A4%A']) {
      const response = await fetch(`${started.url}${path}`);
      const policy = response.headers.get('content-security-policy') ?? '';
      expectAppPolicy(policy, Object.values(apis));
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });
});
