import { afterEach, describe, expect, it } from 'vitest';
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

describe('kuzet users / registry commands', () => {
  let db: Db;
  afterEach(async () => db?.close());

  const env = (out: string[]): CliEnv => ({
    config: testConfig(),
    log,
    io: { out: (l) => void out.push(l), err: (l) => void out.push(l) },
    open: async () => ({ config: testConfig(), log, db, blobs: createBlobStore('/tmp/kuzet-cli-test-blobs'), close: async () => {} }),
  });
  const run = async (words: string[]) => {
    const cmd = [...usersCommands, ...registryCommands].find((c) => c.path.every((w, i) => words[i] === w))!;
    const out: string[] = [];
    const code = await cmd.run(words.slice(cmd.path.length), env(out));
    return { code, out };
  };

  it('adds users with working keys, lists and approves entries by user name', async () => {
    db = await freshPglite();
    const a = await run(['users', 'add', '--name', 'alma', '--role', 'investigator', '--json']);
    expect(a.code).toBe(0);
    const created = JSON.parse(a.out[0]!);
    expect(await authenticate(db, created.apiKey)).toEqual(created.user);
    await run(['users', 'add', '--name', 'bolat', '--role', 'admin']);
    await expect(run(['users', 'add', '--name', 'x', '--role', 'king'])).rejects.toThrow(/--role/);

    const entryId = (await publishMatch({ db, cfg: testConfig(), log }, await seedMatch(db, 'https://cli.example.kz/a'))).registryEntryId!;
    const listed = JSON.parse((await run(['registry', 'list', '--json'])).out[0]!);
    expect(listed).toEqual([expect.objectContaining({ id: entryId, domain: 'example.kz', status: 'proposed', approvals: 0 })]);
    expect((await run(['registry', 'approve', '--entry', entryId, '--user', 'alma'])).out).toEqual([`${entryId}: proposed`]);
    expect((await run(['registry', 'approve', '--entry', entryId, '--user', 'bolat'])).out).toEqual([`${entryId}: active`]);
    expect(JSON.parse((await run(['registry', 'list', '--status', 'active', '--json'])).out[0]!)[0]).toMatchObject({ serial: 1, approvals: 2 });
    expect((await run(['registry', 'export', '--format', 'hosts'])).out[0]).toContain('0.0.0.0 example.kz');
  });
});
