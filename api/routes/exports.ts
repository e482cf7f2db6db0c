// Public machine-readable exports, each signed: registry JSON (and its diffs, ?since=SERIAL), CSV and XML; the
// operators' feeds hosts.txt, domains.txt and rpz.zone. Every one also at <url>.sig (raw Ed25519 signature over the
// exact bytes) and <url>.sha256; the key at /.well-known/kuzet/registry-signing-key.pem. ETag/If-None-Match on all
// of them; gzip or brotli copies (made once per version) when the client accepts them.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createExportCache, type ExportKind, type RenderedExport } from '../../registry/export-cache.ts';
import { DiffUnavailable } from '../../registry/exports.ts';
import { keyFingerprint, sha256Line } from '../../registry/signed.ts';
import { withErrors, type RouteOpts } from '../deps.ts';
import { HttpError, PUBLIC } from '../plugins/auth.ts';
import { exportSigner } from './export-signer.ts';
import { diffSchema, registrySchema } from './export-schemas.ts';

const text = { type: 'string' } as const;
const sinceQuery = {
  type: 'object',
  properties: { since: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } },
  additionalProperties: false,
} as const;
const noQuery = { type: 'object', properties: {}, additionalProperties: false } as const;

/** url → kind, content type, file name (for .sha256 and downloads) */
const EXPORTS: Array<[string, ExportKind, string]> = [
  ['/registry.json', 'json', 'application/json; charset=utf-8'],
  ['/registry.csv', 'csv', 'text/csv; charset=utf-8'],
  ['/registry.xml', 'xml', 'application/xml; charset=utf-8'],
  ['/feeds/hosts.txt', 'hosts', 'text/plain; charset=utf-8'],
  ['/feeds/domains.txt', 'domains', 'text/plain; charset=utf-8'],
  ['/feeds/rpz.zone', 'rpz', 'text/dns; charset=utf-8'],
];
export const EXPORT_URLS = EXPORTS.map(([u]) => u);
export const SIGNING_KEY_URL = '/.well-known/kuzet/registry-signing-key.pem';

type Variant = 'body' | 'sig' | 'sha256';

/** br, gzip or identity, as Accept-Encoding allows (q=0 refuses an encoding). */
function encodingFor(req: FastifyRequest, a: RenderedExport): 'br' | 'gzip' | null {
  const h = req.headers['accept-encoding'];
  if (typeof h !== 'string') return null;
  const ok = (name: string) => h.split(',').some((p) => {
    const [n, ...params] = p.trim().toLowerCase().split(';');
    return (n === name || n === '*') && !params.some((x) => /^\s*q=0(\.0*)?\s*$/.test(x));
  });
  if (a.br && ok('br')) return 'br';
  if (a.gzip && ok('gzip')) return 'gzip';
  return null;
}

/** If-None-Match matches when any listed tag names the same bytes (weak comparison, any encoding of them). */
function notModified(req: FastifyRequest, base: string): boolean {
  const h = req.headers['if-none-match'];
  if (typeof h !== 'string') return false;
  const id = base.slice(1, -1);
  return h.split(',').some((t) => { const s = t.trim().replace(/^W\//, ''); return s === '*' || s.replace(/^"|"$/g, '').split('-')[0] === id; });
}

export default async function exportRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  const { db, config, log } = deps;
  const signer = exportSigner(config, log);
  const cache = createExportCache(db, { signer, versionTtlMs: config.exportVersionTtlMs, onError: (e) => log.warn({ err: e }, 'export compression failed') });

  async function artifact(kind: ExportKind, since: number | undefined, reply: FastifyReply): Promise<RenderedExport> {
    try {
      return since === undefined ? await cache.get(kind) : await cache.diff(since);
    } catch (e) {
      if (e instanceof DiffUnavailable) {
        reply.header('link', '</registry.json>; rel="alternate"');
        throw new HttpError(410, e.code, e.message);
      }
      throw e;
    }
  }

  const send = (kind: ExportKind, type: string, file: string, variant: Variant) =>
    async (req: FastifyRequest<{ Querystring: { since?: number } }>, reply: FastifyReply) => {
      const a = await artifact(kind, req.query.since, reply);
      const tag = variant === 'body' ? a.etag : `"${a.etag.slice(1, -1)}-${variant}"`;
      reply.header('cache-control', 'public, max-age=60, must-revalidate').header('x-registry-serial', String(a.serial)).header('x-signing-key-id', a.keyId);
      if (variant === 'body') reply.header('vary', 'accept-encoding');
      if (notModified(req, a.etag)) return reply.header('etag', tag).status(304).send();
      if (variant === 'sig') return reply.header('etag', tag).type('application/octet-stream').send(a.sig);
      if (variant === 'sha256') return reply.header('etag', tag).type('text/plain; charset=utf-8').send(sha256Line(a, file));
      const enc = encodingFor(req, a);
      reply.header('etag', enc ? `"${a.etag.slice(1, -1)}-${enc}"` : a.etag).type(type);
      if (kind === 'csv') reply.header('content-disposition', 'inline; filename="kuzet-registry.csv"');
      if (!enc) return reply.send(a.body);
      return reply.header('content-encoding', enc).send(enc === 'br' ? a.br : a.gzip);
    };

  const cached = { 304: { type: 'null' } } as const;
  for (const [url, kind, type] of EXPORTS) {
    const file = url.split('/').at(-1)!;
    const querystring = kind === 'json' ? sinceQuery : noQuery;
    const body = kind === 'json' ? { anyOf: [registrySchema, diffSchema] } : text;
    app.get(url, { config: PUBLIC, schema: { querystring, response: { ...withErrors(body), ...cached } } }, send(kind, type, file, 'body'));
    app.get(`${url}.sig`, { config: PUBLIC, schema: { querystring, response: { ...withErrors(text), ...cached } } }, send(kind, type, file, 'sig'));
    app.get(`${url}.sha256`, { config: PUBLIC, schema: { querystring, response: { ...withErrors(text), ...cached } } }, send(kind, type, file, 'sha256'));
  }

  app.get(SIGNING_KEY_URL, { config: PUBLIC, schema: { response: { ...withErrors(text), ...cached } } }, async (req, reply) => {
    const s = await signer();
    const etag = `"${keyFingerprint(s.publicKeyPem).slice(0, 32)}"`;
    reply.header('etag', etag).header('cache-control', 'public, max-age=3600').header('x-signing-key-id', s.keyId);
    if (notModified(req, etag)) return reply.status(304).send();
    return reply.type('application/x-pem-file').send(s.publicKeyPem);
  });
}
