// The "two commands on a fresh machine" scripts (scripts/setup.sh, scripts/with-postgres.sh), the generated
// configuration table and the example env files. Scripts run for real, in dry-run mode or with a restricted PATH
// so that nothing is installed.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.ts';
import { fields } from '../../config/schema.ts';
import { configTable, meaningGaps } from '../../scripts/config-table.ts';
import { tempDirs } from '../kit/temp.ts';

const root = path.resolve(import.meta.dirname, '../..');
const BASH = fs.existsSync('/bin/bash') ? '/bin/bash' : 'bash';
const isRoot = process.getuid?.() === 0;
const tmpDirs = tempDirs('kuzet-setup-test-');

function tmp(): string {
  const d = tmpDirs();
  fs.chmodSync(d, 0o755);
  return d;
}

/** A PATH folder holding only the named programs (symlinks to the real ones) plus optional fake scripts. */
function binDir(real: string[], fakes: Record<string, string> = {}): string {
  const d = tmp();
  for (const name of real) {
    const found = spawnSync(BASH, ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (found) fs.symlinkSync(found, path.join(d, name));
  }
  for (const [name, body] of Object.entries(fakes)) fs.writeFileSync(path.join(d, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return d;
}

function setup(env: Record<string, string>, opts: { cwd?: string; script?: string; asUser?: string } = {}): SpawnSyncReturns<string> {
  const script = opts.script ?? path.join(root, 'scripts/setup.sh');
  const base = { HOME: os.tmpdir(), LANG: 'C.UTF-8' };
  const cmd = opts.asUser ? 'runuser' : BASH;
  const args = opts.asUser ? ['-u', opts.asUser, '--', 'env', '-i', ...Object.entries({ ...base, ...env }).map(([k, v]) => `${k}=${v}`), BASH, script] : [script];
  return spawnSync(cmd, args, { cwd: opts.cwd ?? root, env: opts.asUser ? process.env : { ...base, ...env }, encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('scripts/setup.sh', () => {
  it('dry run on this machine: exits 0 and reports every step', () => {
    const r = setup({ PATH: process.env.PATH ?? '', KUZET_SETUP_DRY_RUN: '1' });
    expect(r.error).toBeUndefined(); // includes the 30 s spawn timeout
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/system packages: all present|would install:/);
    expect(r.stdout).toMatch(/node_modules: up to date|would run 'npm (ci|install)'/);
    expect(r.stdout).toMatch(/ready \(node v\d+\.\d+\.\d+\)/);
  });

  it('KUZET_SKIP_SETUP=1 skips everything, even without node on PATH', () => {
    const r = setup({ PATH: tmp(), KUZET_SKIP_SETUP: '1' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('skipped (KUZET_SKIP_SETUP=1)');
  });

  it('names the Debian packages whose programs are missing (dry run changes nothing)', () => {
    const r = setup({ PATH: binDir(['node']), KUZET_SETUP_DRY_RUN: '1' });
    expect(r.status, r.stderr).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.includes('would install:')) ?? '';
    for (const pkg of ['redis-server', 'ffmpeg', 'openssl', 'poppler-utils', 'libchromaprint-tools']) expect(line).toContain(pkg);
    expect(r.stdout).toContain('apt-get install -y --no-install-recommends');
  });

  it('refuses Node older than 20.9 with a clear message', () => {
    const r = setup({ PATH: binDir([], { node: 'echo v18.19.0' }), KUZET_SETUP_DRY_RUN: '1' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Node\.js 18\.19\.0 found; Kuzet needs >= 20\.9/);
  });

  it('as a non-root user: prints the exact sudo apt-get line and exits 1 without installing', (ctx) => {
    const probe = spawnSync('runuser', ['-u', 'nobody', '--', 'test', '-r', path.join(root, 'scripts/setup.sh')]);
    if (!isRoot || probe.status !== 0) ctx.skip(); // needs root to switch user, and a checkout `nobody` can read
    const r = setup({ PATH: binDir(['node', 'apt-get']) }, { asUser: 'nobody' });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/sudo apt-get install -y --no-install-recommends redis-server ffmpeg.* libchromaprint-tools/);
    expect(r.stdout).not.toContain('node_modules'); // stopped before npm
  });

  it('plans npm ci when node_modules is missing or older than package-lock.json', () => {
    const repo = tmp();
    fs.mkdirSync(path.join(repo, 'scripts'));
    fs.copyFileSync(path.join(root, 'scripts/setup.sh'), path.join(repo, 'scripts/setup.sh'));
    fs.writeFileSync(path.join(repo, 'package-lock.json'), '{}');
    const run = () => setup({ PATH: process.env.PATH ?? '', KUZET_SETUP_DRY_RUN: '1' }, { cwd: os.tmpdir(), script: path.join(repo, 'scripts/setup.sh') });

    expect(run().stdout).toContain(`would run 'npm ci' (node_modules is missing)`);
    fs.mkdirSync(path.join(repo, 'node_modules'));
    const hidden = path.join(repo, 'node_modules/.package-lock.json');
    fs.writeFileSync(hidden, '{}');
    fs.utimesSync(hidden, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    expect(run().stdout).toContain(`would run 'npm ci' (node_modules is older than package-lock.json)`);
    fs.utimesSync(hidden, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    expect(run().stdout).toContain('node_modules: up to date');
    fs.rmSync(path.join(repo, 'package-lock.json'));
    fs.rmSync(path.join(repo, 'node_modules'), { recursive: true });
    expect(run().stdout).toContain(`would run 'npm install' (node_modules is missing (no package-lock.json))`);
  });
});

describe('scripts/with-postgres.sh', () => {
  const hasServer = fs.existsSync('/usr/lib/postgresql') && fs.readdirSync('/usr/lib/postgresql').some((v) => fs.existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));

  it.skipIf(!hasServer)('runs the command against a throwaway cluster, passes its exit code on and removes the cluster', () => {
    const env = { ...process.env };
    delete env.TEST_DATABASE_URL; // inside CI this file already runs under the wrapper: force a new cluster
    const r = spawnSync(BASH, [path.join(root, 'scripts/with-postgres.sh'), BASH, '-c', 'echo "url=$TEST_DATABASE_URL"; exit 7'], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr + r.stdout).toBe(7);
    expect(r.stdout).toMatch(/url=postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres/);
    const dir = /initdb \(.*\) in (\S+)/.exec(r.stdout)?.[1];
    expect(dir).toBeTruthy();
    expect(fs.existsSync(dir!)).toBe(false);
  });

  it('uses an existing TEST_DATABASE_URL as is', () => {
    const r = spawnSync(BASH, [path.join(root, 'scripts/with-postgres.sh'), BASH, '-c', 'echo "url=$TEST_DATABASE_URL"'], {
      cwd: root, env: { ...process.env, TEST_DATABASE_URL: 'postgresql://x@127.0.0.1:1/y' }, encoding: 'utf8', timeout: 30_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('url=postgresql://x@127.0.0.1:1/y');
  });
});

describe('configuration table and examples', () => {
  const names = Object.values(fields).map(([name]) => name as string);

  it('the config-table script lists every env var of config/schema.ts, with a meaning', () => {
    expect(meaningGaps()).toEqual({ undocumented: [], stale: [] });
    const rows = configTable().split('\n').slice(2);
    expect(rows.map((r) => /^\| `([A-Z_]+)` \|/.exec(r)?.[1])).toEqual(names);
    const out = spawnSync(process.execPath, [path.join(root, 'bin/run-ts.mjs'), 'scripts/config-table.ts'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout.trim()).toBe(configTable());
  });

  it('README.md carries the current table (regenerate with: node bin/run-ts.mjs scripts/config-table.ts)', () => {
    expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).toContain(configTable());
  });

  it.each(['dev', 'single-box', 'split-roles'])('config/examples/%s.env is a valid configuration', (name) => {
    const env: Record<string, string> = {};
    for (const line of fs.readFileSync(path.join(root, `config/examples/${name}.env`), 'utf8').split('\n')) {
      const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
      if (m) env[m[1]!] = m[2]!;
    }
    for (const k of Object.keys(env)) expect(names, `${name}.env sets unknown ${k}`).toContain(k);
    const cfg = loadConfig(env);
    if (name === 'split-roles') {
      expect(cfg.databaseUrl).toMatch(/^postgresql:/); // PGlite is single-process
      expect(cfg.redisUrl).toMatch(/^redis:/);
      expect(cfg.roles).toHaveLength(1);
    }
  });
});
