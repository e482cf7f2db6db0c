import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/load.ts';
import { main } from '../../cli/main.ts';

describe('config', () => {
  it('needs nothing: embedded defaults', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.esUrl).toBeUndefined();
    expect(c.roles).toEqual(['api', 'crawler', 'workers']);
    expect(c.dataDir).toBe(path.resolve('.kuzet-data'));
    expect(c.baseUrl).toBe('http://127.0.0.1:8080');
    expect(c.fetchAllowlist).toEqual([]);
  });

  it('parses lists, numbers and URLs', () => {
    const c = loadConfig({ ROLES: 'api, workers', PORT: '9000', FETCH_ALLOWLIST: '127.0.0.1,10.0.0.0/8', DATABASE_URL: 'postgresql://u:p@db:5432/k', PUBLIC_BASE_URL: 'https://kuzet.kz/' });
    expect(c.roles).toEqual(['api', 'workers']);
    expect(c.port).toBe(9000);
    expect(c.fetchAllowlist).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(c.baseUrl).toBe('https://kuzet.kz');
  });

  it('reports every bad variable at once', () => {
    let err: unknown;
    try {
      loadConfig({ ROLES: 'api,cook', PORT: 'eighty', DATABASE_URL: 'not a url', MATCH_THRESHOLD: '1.5', LOG_LEVEL: 'loud' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const names = (err as ConfigError).problems.map((p) => p.split('=')[0]);
    expect(names).toEqual(expect.arrayContaining(['ROLES', 'PORT', 'DATABASE_URL', 'MATCH_THRESHOLD', 'LOG_LEVEL']));
    expect(names).toHaveLength(5);
  });

  it('refuses a review threshold above the match threshold', () => {
    expect(() => loadConfig({ MATCH_THRESHOLD: '0.5', REVIEW_THRESHOLD: '0.6' })).toThrow(/REVIEW_THRESHOLD/);
  });

  it('the CLI exits with the config exit code and names the variable', async () => {
    const errs: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => (errs.push(String(s)), true)) as typeof process.stderr.write;
    try {
      expect(await main(['sources', 'list'], { PORT: 'x' })).toBe(78);
    } finally {
      process.stderr.write = orig;
    }
    expect(errs.join('')).toMatch(/PORT/);
  });
});
