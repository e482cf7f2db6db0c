import { afterEach, describe, expect, it } from 'vitest';
import { pipelineEntries } from '../../workers/pipeline.ts';
import { buildApp } from '../../api/app.ts';
import { loadConfig } from '../../config/load.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import type { Db } from '../../storage/db.ts';
import { createUser } from '../../storage/users.ts';
import { freshPglite } from '../kit/db.ts';
import path from 'node:path';
import { tempDir } from '../kit/temp.ts';
import { silentLog } from '../kit/log.ts';

describe('sources API', () => {
  let db: Db;
  const blobsDir = tempDir('kuzet-api-src-');
  afterEach(async () => db?.close());

  it('adds a source (crawled at once), lists proposed mirrors, enables one, and refuses non-investigators', async () => {
    db = await freshPglite();
    const queued: Array<{ name: string; payload: unknown }> = [];
    const app = await buildApp({
      config: loadConfig({ LOG_LEVEL: 'silent' }), log: silentLog(), db,
      blobs: createBlobStore(path.join(blobsDir, 'blobs')),
      pipeline: pipelineEntries(async (name, payload) => void queued.push({ name, payload })),
    });
    const inv = (await createUser(db, { name: 'inv', role: 'investigator' })).apiKey;
    const op = (await createUser(db, { name: 'op', role: 'operator' })).apiKey;
    const auth = (k: string) => ({ authorization: `Bearer ${k}` });

    expect((await app.inject({ method: 'POST', url: '/api/sources', headers: auth(op), payload: { kind: 'web', url: 'https://pirate.example/' } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/sources', headers: auth(inv), payload: { kind: 'web', url: 'file:///etc/passwd' } })).statusCode).toBe(400);
    const added = await app.inject({ method: 'POST', url: '/api/sources', headers: auth(inv), payload: { kind: 'telegram', url: '@kino_free_kz' } });
    expect(added.statusCode).toBe(201);
    const { id } = added.json() as { id: string };
    expect(queued).toEqual([{ name: 'crawl.source.v1', payload: expect.objectContaining({ sourceId: id }) }]);
    const again = await app.inject({ method: 'POST', url: '/api/sources', headers: auth(inv), payload: { kind: 'telegram', url: 'https://t.me/kino_free_kz' } });
    expect(again.json()).toEqual({ id, created: false });
    expect(queued).toHaveLength(1);

    await db.query(`INSERT INTO sources (id, kind, url, domain, enabled, proposed_reason) VALUES ('src_m', 'web', 'https://mirror.example/', 'mirror.example', false, 'same template as pirate.example')`);
    const proposed = (await app.inject({ url: '/api/sources?proposed=true', headers: auth(inv) })).json() as { items: Array<{ id: string; proposedReason: string }> };
    expect(proposed.items.map((s) => s.id)).toEqual(['src_m']);
    const enabled = await app.inject({ method: 'POST', url: '/api/sources/src_m/enabled', headers: auth(inv), payload: { enabled: true } });
    expect(enabled.json()).toMatchObject({ id: 'src_m', enabled: true });
    expect(queued.at(-1)).toMatchObject({ name: 'crawl.source.v1', payload: { sourceId: 'src_m' } });
    expect((await app.inject({ method: 'POST', url: '/api/sources/nope/enabled', headers: auth(inv), payload: { enabled: true } })).statusCode).toBe(404);
    const audit = (await db.query<{ action: string }>('SELECT action FROM audit_log ORDER BY seq')).map((r) => r.action);
    expect(audit).toEqual(expect.arrayContaining(['source.add', 'source.enable']));
    await app.close();
  });
});
