/**
 * The web side of the local environment on LOCAL_BASE_PORT: for now a page that
 * links both regional APIs and the OpenAPI document, which it also serves.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Region } from '../lambdas/domain/regions';
import { buildOpenApi } from '../lambdas/http/openapi';
import { ROUTES } from '../lambdas/http/routes';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startWebServer(options: {
  port: number;
  apis: Record<Region, string>;
}): Promise<{ server: Server; url: string }> {
  const openApi = JSON.stringify(
    buildOpenApi(
      ROUTES,
      Object.entries(options.apis).map(([region, url]) => ({ url, description: `${region} (local)` })),
    ),
  );
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hotel booking platform (local)</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;line-height:1.5}code{background:#f3f3f3;padding:.1rem .3rem}</style>
</head><body>
<h1>Hotel booking platform</h1>
<p>Both regions are running on this machine.</p>
<ul>
${Object.entries(options.apis)
  .map(
    ([region, url]) =>
      `<li>${escapeHtml(region)} API: <a href="${escapeHtml(url)}/health">${escapeHtml(url)}</a></li>`,
  )
  .join('\n')}
<li><a href="/openapi.json">OpenAPI document</a></li>
</ul>
<p>Try <code>curl '${escapeHtml(options.apis['us-east-1'])}/v1/hotels/search?q=singap'</code>.</p>
</body></html>`;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/openapi.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(openApi);
    }
    if (path === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ apis: options.apis }));
    }
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(page);
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
