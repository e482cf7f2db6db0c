// The exports are rendered once per registry version: same bytes and ETag until the registry changes, 304 for a
// conditional request, and a new activation shows within the version's 1 s reuse.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { decideEntry } from '../../registry/approvals.ts';
import { publishMatch } from '../../registry/publish.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import type { Db } from '../../storage/db.ts';
import { pipelineEntries } from '../../workers/pipeline.ts';
import { freshPglite } from '../kit/db.ts';
import { testConfig } from '../kit/config.ts';
import { silentLog } from '../kit/log.ts';
import { tempDirs } from '../kit/temp.ts';
import { seedMatch, seedUser } from './registry-fixtures.ts';

const tmp = tempDirs('kuzet-expcache-');

describe('export cache', () => {
  let db: Db | undefined;
  afterEach(async () => db?.close());

  it('serves one rendering per registry version, with an ETag and 304s, and shows a new activation within a second', async () => {
    db = await freshPglite();
    const dir = tmp();
    const app = await buildApp({ config: testConfig({ dataDir: dir }), log: silentLog(), db, blobs: createBlobStore(path.join(dir, 'b')), pipeline: pipelineEntries(async () => undefined) });
    try {
      const a = await seedUser(db, 'a', 'investigator');
      const b = await seedUser(db, 'b', 'investigator');
      const activate = async (url: string) => {
        const id = (await publishMatch({ db: db!, cfg: testConfig(), log: silentLog() }, await seedMatch(db!, url))).registryEntryId!;
        await decideEntry(db!, { entryId: id, userId: a.user.id, verdict: 'approve' });
        await decideEntry(db!, { entryId: id, userId: b.user.id, verdict: 'approve' });
      };
      await activate('https://one.pirate.example/f/1');
      for (const url of ['/registry.json', '/registry.csv', '/feeds/hosts.txt', '/feeds/rpz.zone']) {
        const first = await app.inject({ url });
        const second = await app.inject({ url });
        expect(first.statusCode, url).toBe(200);
        expect(first.headers.etag, url).toMatch(/^"[0-9a-f]{32}"$/);
        expect(second.body, url).toBe(first.body); // the same rendering (generatedAt included)
        expect(second.headers.etag).toBe(first.headers.etag);
        const cond = await app.inject({ url, headers: { 'if-none-match': first.headers.etag as string } });
        expect(cond.statusCode, url).toBe(304);
        expect(cond.body).toBe('');
      }
      const before = await app.inject({ url: '/registry.json' });
      expect(before.json()).toMatchObject({ serial: 1, entries: [expect.objectContaining({ domain: 'pirate.example' })] });
      await activate('https://two.kino.example.kz/f/2');
      await new Promise((r) => setTimeout(r, 1100)); // the version is re-read at most once a second (export-cache.ts)
      const after = await app.inject({ url: '/registry.json', headers: { 'if-none-match': before.headers.etag as string } });
      expect(after.statusCode).toBe(200);
      expect(after.headers.etag).not.toBe(before.headers.etag);
      expect(after.json().serial).toBe(2);
      expect(after.json().entries.map((e: { domain: string }) => e.domain)).toEqual(['pirate.example', 'example.kz']);
      expect(after.headers['content-type']).toMatch(/^application\/json/);
    } finally {
      await app.close();
    }
  });
});
