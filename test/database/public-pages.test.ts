// The public registry list is paged: its size does not grow with the registry.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import type { Db } from '../../storage/db.ts';
import { pipelineEntries } from '../../workers/pipeline.ts';
import { freshPglite } from '../kit/db.ts';
import { testConfig } from '../kit/config.ts';
import { silentLog } from '../kit/log.ts';
import { tempDirs } from '../kit/temp.ts';
import { seedLoad } from '../../bench/api-seed.ts';

const tmp = tempDirs('kuzet-pages-');

describe('public registry page', () => {
  let db: Db | undefined;
  afterEach(async () => db?.close());

  it('shows 100 entries a page with previous/next links in the page language, and the total', async () => {
    db = await freshPglite();
    await seedLoad(db, { entries: 250, delist: 0 });
    const dir = tmp();
    const app = await buildApp({ config: testConfig({ dataDir: dir }), log: silentLog(), db, blobs: createBlobStore(path.join(dir, 'b')), pipeline: pipelineEntries(async () => undefined) });
    try {
      const rows = (html: string) => (html.match(/<tr><td class="num">/g) ?? []).length;
      const first = (await app.inject({ url: '/en/' })).body;
      expect(rows(first)).toBe(100);
      expect(first).toContain('Active entries: 250.');
      expect(first).toContain('Page 1 of 3');
      expect(first).toContain('href="/en/?page=2"');
      expect(first).not.toContain('Previous');
      const last = (await app.inject({ url: '/ru/?page=3' })).body;
      expect(rows(last)).toBe(50);
      expect(last).toContain('Страница 3 из 3');
      expect(last).toContain('href="/ru/?page=2"');
      expect(last).toContain('>kino250.pirate.example<');
      expect(rows((await app.inject({ url: '/en/?page=99' })).body)).toBe(50); // past the end: the last page
      expect((await app.inject({ url: '/en/?page=0' })).statusCode).toBe(400);
      expect((await app.inject({ url: '/en/?page=x' })).statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });
});
