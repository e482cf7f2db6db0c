import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keyIdOf } from '../../cli/identity.ts';
import { tempDirs } from '../kit/temp.ts';
import type { CliEnv } from '../../cli/command.ts';
import registryCommands from '../../cli/commands/registry.ts';
import usersCommands from '../../cli/commands/users.ts';
import { publishMatch } from '../../registry/publish.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import type { Db } from '../../storage/db.ts';
import { authenticate } from '../../storage/users.ts';
import { freshPglite } from '../kit/db.ts';
import { testConfig } from '../kit/config.ts';
import { silentLog } from '../kit/log.ts';
import { seedMatch } from './registry-fixtures.ts';

const log = silentLog();
const tmpDir = tempDirs('kuzet-regcli-');

describe('kuzet users / registry commands', () => {
  let db: Db;
  afterEach(async () => db?.close());
  const blobsDir = tmpDir();

  const env = (out: string[], cliApiKey?: string): CliEnv => ({
    config: testConfig({ cliApiKey }),
    log,
    io: { out: (l) => void out.push(l), err: (l) => void out.push(l) },
    open: async () => ({ config: testConfig(), log, db, blobs: createBlobStore(blobsDir), close: async () => {} }),
  });
  const run = async (words: string[], key?: string) => {
    const cmd = [...usersCommands, ...registryCommands].find((c) => c.path.every((w, i) => words[i] === w))!;
    const out: string[] = [];
    const code = await cmd.run(words.slice(cmd.path.length), env(out, key));
    return { code, out };
  };

  it('adds users with working keys, lists entries, and approves them as the users of their keys', async () => {
    db = await freshPglite();
    const a = await run(['users', 'add', '--name', 'alma', '--role', 'investigator', '--json']);
    expect(a.code).toBe(0);
    const created = JSON.parse(a.out[0]!);
    expect((await authenticate(db, created.apiKey))?.user).toEqual(created.user);
    const bolat = JSON.parse((await run(['users', 'add', '--name', 'bolat', '--role', 'admin', '--json'])).out[0]!);
    await expect(run(['users', 'add', '--name', 'x', '--role', 'king'])).rejects.toThrow(/--role/);

    const entryId = (await publishMatch({ db, cfg: testConfig(), log }, await seedMatch(db, 'https://cli.example.kz/a'))).registryEntryId!;
    const listed = JSON.parse((await run(['registry', 'list', '--json'])).out[0]!);
    expect(listed).toEqual([expect.objectContaining({ id: entryId, domain: 'example.kz', status: 'proposed', approvals: 0 })]);
    // a typed name is no identity: one person at a shell cannot approve as two investigators
    await expect(run(['registry', 'approve', '--entry', entryId, '--user', 'alma'], created.apiKey)).rejects.toThrow(/--user is gone/);
    await expect(run(['registry', 'approve', '--entry', entryId])).rejects.toThrow(/KUZET_API_KEY/);
    await expect(run(['registry', 'approve', '--entry', entryId], 'kz_not_a_key')).rejects.toThrow(/unknown, revoked/);
    expect((await run(['registry', 'approve', '--entry', entryId], created.apiKey)).out).toEqual([`${entryId}: proposed (as alma)`]);
    expect((await run(['registry', 'approve', '--entry', entryId], created.apiKey)).out).toEqual([`${entryId}: proposed (as alma)`]); // alma twice is one approval
    const keyFile = path.join(await tmpDir(), 'bolat.key');
    fs.writeFileSync(keyFile, `${bolat.apiKey}\n`, { mode: 0o600 });
    expect((await run(['registry', 'approve', '--entry', entryId, '--key-file', keyFile])).out).toEqual([`${entryId}: active (as bolat)`]);
    const audit = await db.query<{ actor: string; details: { via?: { channel: string; keyId: string } } }>(`SELECT actor, details FROM audit_log WHERE action = 'registry.approve' ORDER BY seq`);
    expect(audit.map((r) => [r.actor, r.details.via])).toEqual([
      [created.user.id, { channel: 'cli', keyId: keyIdOf(created.apiKey) }],
      [created.user.id, { channel: 'cli', keyId: keyIdOf(created.apiKey) }],
      [bolat.user.id, { channel: 'cli', keyId: keyIdOf(bolat.apiKey) }],
    ]);
    expect(JSON.parse((await run(['registry', 'list', '--status', 'active', '--json'])).out[0]!)[0]).toMatchObject({ serial: 1, approvals: 2 });
    expect((await run(['registry', 'export', '--format', 'hosts'])).out[0]).toContain('0.0.0.0 example.kz');
  });
});
