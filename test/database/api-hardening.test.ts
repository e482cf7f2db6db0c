// Hostile inputs at the public edge (issue 12): an out-of-range cursor is a 400, and every HTML page carries a strict
// Content-Security-Policy.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createUser } from '../../storage/users.ts';
import { tempDirs } from '../kit/temp.ts';
import { startApi, type Api } from './api-harness.ts';

const tmp = tempDirs('kuzet-api-hard-');
let api: Api | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** the delisting feed needs a search-engine (or admin/operator) account (issue 10) */
const engine = async (a: Api) => ({ authorization: `Bearer ${(await createUser(a.db, { name: `se-${Math.random().toString(36).slice(2)}`, role: 'search_engine' })).apiKey}` });
const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

describe('cursor bounds', () => {
  it.each(['99999999999999999999', '9223372036854775808', '1e300', '-1'])('answers /api/delist?after=%s with 400, not 500', async (after) => {
    api ??= await startApi(tmp());
    const r = await api.app.inject({ url: `/api/delist?after=${after}`, headers: await engine(api) });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ error: 'bad_request' });
  });

  it('still serves the largest safe cursor', async () => {
    api = await startApi(tmp());
    const r = await api.app.inject({ url: `/api/delist?after=${Number.MAX_SAFE_INTEGER}`, headers: await engine(api) });
    expect(r.json()).toEqual({ items: [], nextCursor: Number.MAX_SAFE_INTEGER });
  });
});

describe('HTML security headers', () => {
  it('sends a strict CSP, nosniff, no-referrer and no framing with every HTML page; inline code is allowed only by hash', async () => {
    api = await startApi(tmp());
    for (const url of ['/', '/kk/', '/ru/about', '/en/registry/1', '/en/registry/99', '/kk/registry/1/appeal', '/?lang=ru', '/review']) {
      const r = await api.app.inject({ url });
      expect(r.headers['content-type'], url).toMatch(/^text\/html/);
      const csp = String(r.headers['content-security-policy'] ?? '');
      expect(csp, url).toContain("default-src 'none'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("base-uri 'none'");
      expect(csp, url).toContain("form-action 'self'");
      expect(csp, url).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      expect(r.headers['x-content-type-options'], url).toBe('nosniff');
      expect(r.headers['referrer-policy'], url).toBe('no-referrer');
      expect(r.headers['x-frame-options'], url).toBe('DENY');
      // every inline <style> and <script> of the page is allowed by its hash, and nothing else is
      const styles = [...r.body.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
      const scripts = [...r.body.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
      expect(styles.length, url).toBeGreaterThan(0);
      for (const s of styles) expect(csp, url).toContain(`style-src ${sha(s)}`);
      if (scripts.length) for (const s of scripts) expect(csp, url).toContain(`script-src ${sha(s)}`);
      else expect(csp, url).not.toContain('script-src');
      expect(r.body, url).not.toMatch(/\sstyle=|\son[a-z]+=/i); // no inline attributes a hash cannot cover
    }
  });
});
