// `kuzet rdap refresh-bootstrap`: fetches the three bootstrap files through the guarded fetch (here from a local
// server standing in for data.iana.org), refuses files that are not bootstrap files, and the capture then prefers them.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliEnv } from '../../cli/command.ts';
import { rdapRefreshBootstrap } from '../../cli/commands/rdap.ts';
import { commandTable } from '../../cli/main.ts';
import { loadConfig } from '../../config/load.ts';
import { loadBootstrap, SHIPPED_DIR } from '../../evidence/rdap/bootstrap.ts';
import { serveHttp, type TestServer } from '../kit/http.ts';
import { silentLog } from '../kit/log.ts';
import { tempDirs } from '../kit/temp.ts';

const tmp = tempDirs('kuzet-rdap-cli-');
let iana: TestServer;
const files: Record<string, unknown> = {
  '/rdap/dns.json': { publication: '2026-11-30T18:00:01Z', version: '1.0', services: [[['kz', 'қаз'], ['https://rdap.example-kz.test/']]] },
  '/rdap/ipv4.json': { publication: '2026-11-30T18:00:02Z', version: '1.0', services: [[['95.56.0.0/16'], ['https://rdap.example-rir.test/']]] },
  '/rdap/ipv6.json': { publication: '2026-11-30T18:00:03Z', version: '1.0', services: [] },
  '/broken/dns.json': { services: 'not a list' },
};

beforeAll(async () => {
  iana = await serveHttp((req, res) => {
    const body = files[req.url ?? ''] ?? files[(req.url ?? '').replace('/broken/', '/rdap/')];
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
});
afterAll(() => iana?.close());

const envFor = (dataDir: string, out: string[]): CliEnv => ({
  config: loadConfig({ DATA_DIR: dataDir, FETCH_ALLOWLIST: '127.0.0.1', FETCH_TIMEOUT_MS: '5000' }), log: silentLog(),
  io: { out: (s) => void out.push(s), err: (s) => void out.push(s) }, open: () => Promise.reject(new Error('no store needed')),
});

describe('kuzet rdap refresh-bootstrap', () => {
  it('is in the command table', () => {
    expect(commandTable.some((e) => e.path.join(' ') === 'rdap refresh-bootstrap')).toBe(true);
  });

  it('writes the fetched files to DATA_DIR/rdap-bootstrap, which the capture then prefers', async () => {
    const dataDir = tmp();
    expect(loadBootstrap(dataDir).source.dir).toBe(SHIPPED_DIR);
    const out: string[] = [];
    expect(await rdapRefreshBootstrap.run(['--base', `${iana.url}/rdap/`, '--json'], envFor(dataDir, out))).toBe(0);
    const source = JSON.parse(out[0]!);
    expect(source).toMatchObject({ dir: path.join(dataDir, 'rdap-bootstrap'), publication: { dns: '2026-11-30T18:00:01Z', ipv4: '2026-11-30T18:00:02Z' } });
    const b = loadBootstrap(dataDir);
    expect(b.serverFor('domain', 'kino.kz')).toBe('https://rdap.example-kz.test/');
    expect(b.serverFor('ip', '95.56.1.2')).toBe('https://rdap.example-rir.test/');
  });

  it('refuses a file that is not a bootstrap file and writes nothing', async () => {
    const dataDir = tmp();
    await expect(rdapRefreshBootstrap.run(['--base', `${iana.url}/broken/`], envFor(dataDir, []))).rejects.toThrow();
    expect(fs.existsSync(path.join(dataDir, 'rdap-bootstrap'))).toBe(false);
    expect(loadBootstrap(dataDir).source.dir).toBe(SHIPPED_DIR);
  });
});
