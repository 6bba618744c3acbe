/**
 * The web side of the local environment on LOCAL_BASE_PORT: the built web app
 * (web/dist, single-page: unknown paths get index.html), its /config.json
 * naming the two regional APIs, and the OpenAPI document, with the security headers CloudFront
 * sends in AWS (the Content-Security-Policy admits those two APIs only).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Region } from '../lambdas/domain/regions';
import { buildOpenApi } from '../lambdas/http/openapi';
import { ROUTES } from '../lambdas/http/routes';
import { WEB_SECURITY } from '../lambdas/infrastructure-contract';
import { createGuardedServer, type GuardedListener, requestReceived } from './http-guard';

/** Where `vite build web` puts the app. */
export const WEB_DIST = new URL('../web/dist/', import.meta.url).pathname;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export async function startWebServer(options: {
  port: number;
  apis: Record<Region, string>;
  distDir?: string;
}): Promise<{ server: Server; url: string }> {
  const dist = options.distDir ?? WEB_DIST;
  if (!existsSync(join(dist, 'index.html')))
    throw new Error(`The web app is not built (${dist}): run npm run build:web`);
  const openApi = JSON.stringify(
    buildOpenApi(
      ROUTES,
      Object.entries(options.apis).map(([region, url]) => ({ url, description: `${region} (local)` })),
    ),
  );
  const config = JSON.stringify({ apis: options.apis });
  const index = readFileSync(join(dist, 'index.html'));
  // The headers CloudFront sends in AWS (but HSTS: this server speaks plain HTTP on loopback).
  const security = {
    'content-security-policy': WEB_SECURITY.contentSecurityPolicy(Object.values(options.apis)),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': WEB_SECURITY.referrerPolicy,
  };
  const serve: GuardedListener = async (req, res, url) => {
    // Answer only once the whole request is in: one whose body is cut short gets the guard's 400, not a page.
    await requestReceived(req);
    // The guard has already refused a path that does not decode.
    const path = decodeURIComponent(url.pathname);
    if (path === '/openapi.json') {
      res.writeHead(200, { 'content-type': 'application/json', ...security });
      return res.end(openApi);
    }
    if (path === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', ...security });
      return res.end(config);
    }
    const file = normalize(join(dist, path));
    if (file.startsWith(dist) && path !== '/' && existsSync(file) && statSync(file).isFile()) {
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        ...security,
      });
      return res.end(readFileSync(file));
    }
    // A single-page app: every other path is rendered by the app itself.
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      ...security,
    });
    res.end(index);
  };
  const server = createGuardedServer(serve, { headers: security });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
