// `kuzet appeals list|decide`: the supervisor's queue and decisions from the command line, as the user of an API key
// (an investigator's key is refused; the audit row records channel cli and the key id).
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import appealsCommands from '../../cli/commands/appeals.ts';
import type { CliEnv } from '../../cli/command.ts';
import { keyIdOf } from '../../cli/identity.ts';
import { fileAppeal } from '../../registry/appeals.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import type { Db } from '../../storage/db.ts';
import { testConfig } from '../kit/config.ts';
import { freshPglite } from '../kit/db.ts';
import { silentLog } from '../kit/log.ts';
import { tempDir } from '../kit/temp.ts';
import { activeEntry } from './lifecycle-fixtures.ts';
import { seedUser } from './registry-fixtures.ts';

describe('kuzet appeals', () => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('lists open appeals and decides one as the supervisor of the key', async () => {
    db = await freshPglite();
    const blobs = createBlobStore(path.join(tempDir('kuzet-appeals-cli-'), 'blobs'));
    const run = async (words: string[], key?: string) => {
      const cmd = appealsCommands.find((c) => c.path.every((w, i) => words[i] === w))!;
      const out: string[] = [];
      const env: CliEnv = {
        config: testConfig({ cliApiKey: key }), log: silentLog(),
        io: { out: (l) => void out.push(l), err: (l) => void out.push(l) },
        open: async () => ({ config: testConfig(), log: silentLog(), db: db!, blobs, close: async () => {} }),
      };
      return { code: await cmd.run(words.slice(cmd.path.length), env), out };
    };
    const { serial, entryId } = await activeEntry(db, 'https://kinogo-kz.example/f/1');
    const { ref } = await fileAppeal({ db, blobs }, { serial, lang: 'ru', contact: 'owner@example.com', grounds: 'У нас лицензия на этот фильм до 2027 года.', clientAddress: '198.51.100.4' },
      { deadlineWorkingDays: 10, maxFileBytes: 1024, perClientPerDay: 5, openPerEntry: 5 });
    const listed = await run(['appeals', 'list', '--json']);
    expect(JSON.parse(listed.out[0]!).items).toMatchObject([{ ref, status: 'open', contact: 'owner@example.com', overdue: false }]);

    const inv = await seedUser(db, 'inv-cli', 'investigator');
    await expect(run(['appeals', 'decide', '--ref', ref, '--decision', 'lift', '--reason', 'x'], inv.apiKey)).rejects.toThrow(/supervisor/);
    const sup = await seedUser(db, 'sup-cli', 'supervisor');
    const decided = await run(['appeals', 'decide', '--ref', ref, '--decision', 'uphold', '--reason', 'Лицензия относится к другому фильму.', '--json'], sup.apiKey);
    expect(JSON.parse(decided.out[0]!)).toMatchObject({ ref, status: 'upheld', entryStatus: 'active', user: 'sup-cli' });
    const [row] = await db.query<{ actor: string; details: { via: { channel: string; keyId: string } } }>(`SELECT actor, details FROM audit_log WHERE action = 'appeal.uphold'`);
    expect(row).toMatchObject({ actor: sup.user.id, details: { via: { channel: 'cli', keyId: keyIdOf(sup.apiKey) } } });
    expect((await run(['appeals', 'list', '--status', 'open', '--json'])).out[0]).toBe('{"items":[]}');
    expect(entryId).toMatch(/^reg_/);
  }, 300_000);
});
