// /openapi.json and /docs: every route the app registers is described, with a response schema and the auth
// requirement its policy declares; a route without a schema fails here. /docs renders from local assets under its
// own CSP (the browser check is test/browser/docs-page.test.ts).
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installAuth, PUBLIC, allow } from '../../api/plugins/auth.ts';
import { installOpenApi, undocumentedRoutes } from '../../api/plugins/openapi.ts';
import { installRateLimit } from '../../api/plugins/rate-limit.ts';
import { testConfig } from '../kit/config.ts';
import { DOCS_POLICY } from '../../api/routes/docs.ts';
import { freshPglite } from '../kit/db.ts';
import { tempDir } from '../kit/temp.ts';
import { startApi, type Api } from './api-harness.ts';

type Op = { security?: unknown[]; 'x-kuzet-roles'?: unknown; description?: string; responses?: Record<string, { content?: unknown }> };
type Doc = { openapi: string; info: { title: string; version: string }; paths: Record<string, Record<string, Op>>; components: { securitySchemes: Record<string, unknown> } };

describe('OpenAPI description', () => {
  let api: Api;
  let doc: Doc;
  const dir = tempDir();
  beforeAll(async () => {
    api = await startApi(dir);
    const res = await api.app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = res.json() as Doc;
  }, 120_000);
  afterAll(async () => api?.close());

  it('is OpenAPI 3 with the bearer API-key scheme', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info).toMatchObject({ title: 'Kuzet API', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(doc.components.securitySchemes.apiKey).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
  });

  it('lists every route with a response schema (a route without one fails here)', () => {
    expect(undocumentedRoutes(api.app, doc)).toEqual([]);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(40);
  });

  it("states each route's auth requirement from its declared policy", () => {
    for (const r of api.app.routePolicies) {
      if (r.method === 'HEAD' || r.url.startsWith('/docs') || r.url === '/openapi.json') continue;
      const op = doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]![r.method.toLowerCase()]!;
      const name = `${r.method} ${r.url}`;
      if (r.policy === 'public') {
        expect(op.security, name).toEqual([]);
        expect(op['x-kuzet-roles'], name).toBe('public');
      } else {
        expect(op.security, name).toEqual([{ apiKey: [] }]);
        expect(op['x-kuzet-roles'], name).toEqual([...r.policy]);
        for (const role of r.policy) expect(op.description, name).toContain(role);
      }
    }
    expect(doc.paths['/api/registry/{entryId}/decision']!.post!['x-kuzet-roles']).toEqual(['investigator', 'admin']);
    expect(doc.paths['/registry.json']!.get!.security).toEqual([]);
  });

  it('renders /docs from local assets under its own CSP; nothing else is served from the asset folder', async () => {
    const page = await api.app.inject({ url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toBe(DOCS_POLICY);
    expect(page.body).not.toMatch(/https?:\/\//); // no CDN
    expect(page.body).not.toMatch(/<script>[^<]/); // no inline script
    const bundle = await api.app.inject({ url: '/docs/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers['content-type']).toMatch(/javascript/);
    expect(bundle.body.length).toBeGreaterThan(100_000);
    for (const bad of ['/docs/static/package.json', '/docs/static/..%2Fpackage.json', '/docs/static/index.html', '/docs/static/%2e%2e%2f%2e%2e%2fpackage.json'])
      expect((await api.app.inject({ url: bad })).statusCode, bad).toBe(404);
  });
});

describe('undocumentedRoutes', () => {
  it('names a route that has no response schema, and one the document does not list', async () => {
    const db = await freshPglite();
    const app = Fastify();
    await installRateLimit(app, testConfig());
    installAuth(app, { db, config: testConfig() });
    await installOpenApi(app);
    app.get('/ok', { config: PUBLIC, schema: { response: { 200: { type: 'object', properties: { a: { type: 'string' } } } } } }, async () => ({ a: 'x' }));
    app.get('/bare', { config: allow('admin') }, async () => ({ a: 'x' }));
    app.post('/hidden', { config: PUBLIC, schema: { hide: true } }, async () => ({}));
    await app.ready();
    const d = app.swagger() as never;
    expect(undocumentedRoutes(app, d)).toEqual(['GET /bare', 'POST /hidden']);
    await app.close();
    await db.close();
  }, 120_000);
});
