// The public list pages by key (registry/list-index.ts): the pages stay correct when entries leave the middle of the
// list (a lifted entry), a rendered page is reused until the registry changes and no longer after, and the about
// page prints the fingerprint of the key that signs the exports (in kk, ru and en).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLoad } from '../../bench/api-seed.ts';
import { formatFingerprint, keyFingerprint } from '../../registry/signed.ts';
import { tempDir } from '../kit/temp.ts';
import { startApi, type Api } from './api-harness.ts';

const domains = (html: string) => [...html.matchAll(/>(kino\d+\.pirate\.example)</g)].map((m) => m[1]);

describe('public list by key, and the signing key on the about page', () => {
  let api: Api;
  const dir = tempDir('kuzet-keyset-');
  beforeAll(async () => {
    api = await startApi(dir);
    await seedLoad(api.db, { entries: 250, delist: 0 });
  });
  afterAll(() => api?.close());

  it('pages by serial; a lifted entry shifts the later pages and the total at once', async () => {
    const p2 = domains((await api.app.inject({ url: '/en/?page=2' })).body);
    expect(p2).toHaveLength(100);
    expect(p2[0]).toBe('kino101.pirate.example');
    await api.db.query(`UPDATE registry_entries SET status = 'lifted', updated_at = now() WHERE serial IN (10, 150)`);
    const first = (await api.app.inject({ url: '/en/' })).body;
    expect(first).toContain('Active entries: 248.');
    expect(domains(first)).not.toContain('kino10.pirate.example');
    const again = domains((await api.app.inject({ url: '/en/?page=2' })).body);
    expect(again[0]).toBe('kino102.pirate.example'); // kino101 moved to page 1
    expect(again).not.toContain('kino150.pirate.example');
    expect(again).toHaveLength(100);
    const last = domains((await api.app.inject({ url: '/en/?page=3' })).body);
    expect(last).toHaveLength(48);
    expect(last.at(-1)).toBe('kino250.pirate.example');
    await api.db.query(`UPDATE registry_entries SET status = 'under_appeal', updated_at = now() WHERE serial = 20`);
    expect(domains((await api.app.inject({ url: '/en/' })).body)).toContain('kino20.pirate.example'); // still in force
  });

  it('prints the fingerprint of the published signing key on the about page in every language', async () => {
    const pem = (await api.app.inject({ url: '/.well-known/kuzet/registry-signing-key.pem' })).body;
    const fp = formatFingerprint(keyFingerprint(pem));
    expect(fp).toMatch(/^([0-9a-f]{2}:){3}[0-9a-f]{2}( ([0-9a-f]{2}:){3}[0-9a-f]{2}){7}$/);
    for (const url of ['/about', '/ru/about', '/en/about', '/kk/about']) {
      const body = (await api.app.inject({ url })).body;
      expect(body, url).toContain(fp);
      expect(body, url).toContain('href="/.well-known/kuzet/registry-signing-key.pem"');
    }
    expect((await api.app.inject({ url: '/en/about' })).body).toContain('Public key fingerprint');
  });
});
