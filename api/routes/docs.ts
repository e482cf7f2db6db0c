// /openapi.json (the generated OpenAPI 3 document) and /docs (Swagger UI, its assets served from the installed
// @fastify/swagger-ui package, never a CDN). /docs has its own Content-Security-Policy: scripts only from here
// (no inline code: the initializer is a file), the inline style attributes Swagger UI's React renders, data: images
// for its icons, fetches to itself only.
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { RouteOpts } from '../deps.ts';
import { HttpError, PUBLIC } from '../plugins/auth.ts';

export const DOCS_POLICY = [
  "default-src 'none'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self' data:",
  "connect-src 'self'", "form-action 'none'", "base-uri 'none'", "frame-ancestors 'none'",
].join('; ');

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kuzet API</title><link rel="stylesheet" href="/docs/static/swagger-ui.css"><link rel="icon" type="image/png" href="/docs/static/favicon-32x32.png">
</head><body><div id="swagger-ui"></div>
<script src="/docs/static/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script>
</body></html>
`;

const INIT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, presets: [SwaggerUIBundle.presets.apis], layout: 'BaseLayout', validatorUrl: null });
});
`;

export default async function docsRoutes(app: FastifyInstance, _opts: RouteOpts) {
  const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui/package.json')), 'static');
  const cache = new Map<string, Buffer>();
  const hidden = { hide: true } as const;

  app.get('/openapi.json', { config: PUBLIC, schema: hidden }, async (_req, reply) => {
    reply.header('cache-control', 'no-cache');
    return app.swagger();
  });

  app.get('/docs', { config: PUBLIC, schema: hidden }, async (_req, reply) => {
    reply.header('content-security-policy', DOCS_POLICY).type('text/html; charset=utf-8');
    return PAGE;
  });

  app.get('/docs/init.js', { config: PUBLIC, schema: hidden }, async (_req, reply) => {
    reply.type('application/javascript; charset=utf-8');
    return INIT;
  });

  app.get<{ Params: { file: string } }>('/docs/static/:file', { config: PUBLIC, schema: hidden }, async (req, reply) => {
    const type = Object.hasOwn(ASSETS, req.params.file) ? ASSETS[req.params.file] : undefined;
    if (!type) throw new HttpError(404, 'not_found', 'no such documentation asset');
    let body = cache.get(req.params.file);
    if (!body) cache.set(req.params.file, (body = await fs.readFile(path.join(dir, req.params.file))));
    reply.type(type).header('cache-control', 'public, max-age=86400');
    return body;
  });
}
