// `kuzet users link-film | keys | revoke-key | disable` (issue 12): rights holders are linked to their films, keys
// are listed without secrets and revoked, users disabled; each change is audited as the CLI.
import { afterEach, describe, expect, it } from 'vitest';
import type { CliEnv } from '../../cli/command.ts';
import { commands as allCommands } from '../../cli/commands/index.ts';
import usersCommands from '../../cli/commands/users.ts';
import { commandTable } from '../../cli/main.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import type { Db } from '../../storage/db.ts';
import { authenticate } from '../../storage/users.ts';
import { testConfig } from '../kit/config.ts';
import { freshPglite } from '../kit/db.ts';
import { silentLog } from '../kit/log.ts';
import { tempDir } from '../kit/temp.ts';
import { seedFilm } from './registry-fixtures.ts';

const log = silentLog();
const blobs = tempDir('kuzet-users-cli-');

describe('kuzet users: films, keys, revocation', () => {
  let db: Db;
  afterEach(async () => db?.close());

  const env = (out: string[]): CliEnv => ({
    config: testConfig(),
    log,
    io: { out: (l) => void out.push(l), err: (l) => void out.push(l) },
    open: async () => ({ config: testConfig(), log, db, blobs: createBlobStore(blobs), close: async () => {} }),
  });
  const run = async (words: string[]) => {
    const cmd = usersCommands.find((c) => c.path.every((w, i) => words[i] === w))!;
    const out: string[] = [];
    const code = await cmd.run(words.slice(cmd.path.length), env(out));
    return { code, out };
  };
  const add = async (name: string, role: string) => JSON.parse((await run(['users', 'add', '--name', name, '--role', role, '--json'])).out[0]!) as { user: { id: string }; apiKey: string };

  it('is registered in the lazy command table and the command index', () => {
    for (const path of [['users', 'link-film'], ['users', 'keys'], ['users', 'revoke-key'], ['users', 'disable']]) {
      const cmd = usersCommands.find((c) => c.path.join(' ') === path.join(' '));
      expect(cmd, path.join(' ')).toBeDefined();
      expect(commandTable.find((e) => e.path.join(' ') === path.join(' '))?.summary, path.join(' ')).toBe(cmd!.summary);
      expect(allCommands).toContain(cmd);
    }
  });

  it('links a rights holder to a film (only a rights holder, only a registered film)', async () => {
    db = await freshPglite();
    await seedFilm(db, 'film_1');
    await add('kazakhfilm', 'rights_holder');
    await add('alma', 'investigator');
    expect(await run(['users', 'link-film', '--user', 'kazakhfilm', '--film', 'film_1'])).toEqual({ code: 0, out: ['linked kazakhfilm (rights_holder) to film film_1'] });
    expect((await run(['users', 'link-film', '--user', 'kazakhfilm', '--film', 'film_1'])).out).toEqual(['kazakhfilm (rights_holder) was already linked to film film_1']);
    await expect(run(['users', 'link-film', '--user', 'alma', '--film', 'film_1'])).rejects.toThrow(/rights_holder/);
    await expect(run(['users', 'link-film', '--user', 'kazakhfilm', '--film', 'film_404'])).rejects.toThrow(/no film film_404/);
    await expect(run(['users', 'link-film', '--user', 'nobody', '--film', 'film_1'])).rejects.toThrow(/no user named "nobody"/);
    await expect(run(['users', 'link-film', '--user', 'kazakhfilm'])).rejects.toThrow(/--film/);
    const audit = await db.query<{ actor: string; action: string }>(`SELECT actor, action FROM audit_log WHERE action = 'user.link_film'`);
    expect(audit).toEqual([{ actor: 'cli', action: 'user.link_film' }]);
  });

  it('lists keys without secrets, revokes one key, disables a user: authentication refuses them at once', async () => {
    db = await freshPglite();
    const alma = await add('alma', 'investigator');
    const keys = JSON.parse((await run(['users', 'keys', '--name', 'alma', '--json'])).out[0]!) as Array<{ id: string; label: string; revokedAt: string | null }>;
    expect(keys).toEqual([{ id: expect.stringMatching(/^key_/), label: 'initial', createdAt: expect.any(String), revokedAt: null }]);
    expect(JSON.stringify(keys)).not.toContain(alma.apiKey);

    expect((await run(['users', 'revoke-key', '--key-id', keys[0]!.id])).out).toEqual([`revoked key ${keys[0]!.id} of alma`]);
    expect(await authenticate(db, alma.apiKey)).toBeNull();
    expect((await run(['users', 'revoke-key', '--key-id', keys[0]!.id])).out).toEqual([`key ${keys[0]!.id} was already revoked`]);
    await expect(run(['users', 'revoke-key', '--key-id', 'key_none'])).rejects.toThrow(/no API key key_none/);

    const bolat = await add('bolat', 'admin');
    expect(await authenticate(db, bolat.apiKey)).not.toBeNull();
    expect((await run(['users', 'disable', '--name', 'bolat'])).out).toEqual(['disabled bolat (admin): every key of theirs is refused from now on']);
    expect(await authenticate(db, bolat.apiKey)).toBeNull();
    expect((await run(['users', 'list'])).out).toContain(`${bolat.user.id}\tadmin\tbolat\t(disabled)`);
    const audit = await db.query<{ actor: string; action: string; subject: string }>(`SELECT actor, action, subject FROM audit_log WHERE action IN ('key.revoke', 'user.disable') ORDER BY seq`);
    expect(audit).toEqual([{ actor: 'cli', action: 'key.revoke', subject: keys[0]!.id }, { actor: 'cli', action: 'user.disable', subject: bolat.user.id }]);
  });
});
