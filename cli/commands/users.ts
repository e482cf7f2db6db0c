// `kuzet users add | list | link-telegram | link-film | keys | revoke-key | disable`.
import { parseArgs } from 'node:util';
import { createUser, disableUser, findUserByName, linkFilm, listKeys, listUsers, revokeKey, USER_ROLES, type User, type UserRole } from '../../storage/users.ts';
import { linkTelegramUser } from '../../storage/telegram-links.ts';
import { UsageError, type Command, withStore } from '../command.ts';

export const usersAdd: Command = {
  path: ['users', 'add'],
  summary: 'create a user and print their API key (shown once)',
  usage: `kuzet users add --name NAME --role ${USER_ROLES.join('|')} [--json]`,
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { name: { type: 'string' }, role: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
    const name = values.name;
    if (!name) throw new UsageError('--name is required');
    if (!values.role || !(USER_ROLES as readonly string[]).includes(values.role)) throw new UsageError(`--role must be one of ${USER_ROLES.join(', ')}`);
    return withStore(env, async (ctx) => {
      const { user, apiKey } = await createUser(ctx.db, { name, role: values.role as UserRole, actor: 'cli' });
      if (values.json) env.io.out(JSON.stringify({ user, apiKey }));
      else {
        env.io.out(`created ${user.role} ${user.name} (${user.id})`);
        env.io.out(`API key (shown once, store it now): ${apiKey}`);
      }
      return 0;
    });
  },
};

export const usersList: Command = {
  path: ['users', 'list'],
  summary: 'list users and their roles',
  usage: 'kuzet users list [--json]',
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } }, strict: true });
    return withStore(env, async (ctx) => {
      const users = await listUsers(ctx.db);
      if (values.json) env.io.out(JSON.stringify(users));
      else for (const u of users) env.io.out(`${u.id}\t${u.role}\t${u.name}${u.disabled ? '\t(disabled)' : ''}`);
      return 0;
    });
  },
};


export const usersLinkTelegram: Command = {
  path: ['users', 'link-telegram'],
  summary: 'let a user approve/reject reviews from Telegram (links their Telegram user id)',
  usage: 'kuzet users link-telegram --name NAME --telegram-id ID',
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { name: { type: 'string' }, 'telegram-id': { type: 'string' } }, strict: true });
    const { name, 'telegram-id': tg } = values;
    if (!name || !tg) throw new UsageError('--name and --telegram-id are required');
    return withStore(env, async (ctx) => {
      const user = await findUserByName(ctx.db, name);
      if (!user) throw new UsageError(`no user named ${JSON.stringify(name)} (kuzet users add)`);
      await linkTelegramUser(ctx.db, { telegramUserId: tg, userId: user.id, actor: 'cli' });
      env.io.out(`linked Telegram user ${tg} to ${user.name} (${user.role})`);
      return 0;
    });
  },
};

const userNamed = async (db: Parameters<typeof findUserByName>[0], name: string): Promise<User> => {
  const user = await findUserByName(db, name);
  if (!user) throw new UsageError(`no user named ${JSON.stringify(name)} (kuzet users list)`);
  return user;
};

export const usersLinkFilm: Command = {
  path: ['users', 'link-film'],
  summary: 'let a rights holder download the takedown packets of a film they hold',
  usage: 'kuzet users link-film --user NAME --film FILM_ID',
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { user: { type: 'string' }, film: { type: 'string' } }, strict: true });
    if (!values.user || !values.film) throw new UsageError('--user and --film are required');
    const filmId = values.film;
    return withStore(env, async (ctx) => {
      const user = await userNamed(ctx.db, values.user!);
      const { linked } = await linkFilm(ctx.db, { userId: user.id, filmId, actor: 'cli' });
      env.io.out(linked ? `linked ${user.name} (${user.role}) to film ${filmId}` : `${user.name} (${user.role}) was already linked to film ${filmId}`);
      return 0;
    });
  },
};

export const usersKeys: Command = {
  path: ['users', 'keys'],
  summary: "list a user's API keys (ids, labels, dates; never the keys)",
  usage: 'kuzet users keys --name NAME [--json]',
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { name: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
    if (!values.name) throw new UsageError('--name is required');
    return withStore(env, async (ctx) => {
      const keys = (await listKeys(ctx.db, (await userNamed(ctx.db, values.name!)).id)) ?? [];
      if (values.json) env.io.out(JSON.stringify(keys));
      else for (const k of keys) env.io.out(`${k.id}\t${k.label ?? ''}\t${k.createdAt}${k.revokedAt ? `\trevoked ${k.revokedAt}` : ''}`);
      return 0;
    });
  },
};

export const usersRevokeKey: Command = {
  path: ['users', 'revoke-key'],
  summary: 'revoke one API key (refused from the next request on)',
  usage: 'kuzet users revoke-key --key-id KEY_ID',
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { 'key-id': { type: 'string' } }, strict: true });
    const keyId = values['key-id'];
    if (!keyId) throw new UsageError('--key-id is required (kuzet users keys --name NAME lists them)');
    return withStore(env, async (ctx) => {
      const out = await revokeKey(ctx.db, { keyId, actor: 'cli' });
      if (!out) throw new UsageError(`no API key ${keyId} (kuzet users keys --name NAME lists them)`);
      env.io.out(out.revoked ? `revoked key ${out.id} of ${out.userName}` : `key ${out.id} was already revoked`);
      return 0;
    });
  },
};

export const usersDisable: Command = {
  path: ['users', 'disable'],
  summary: 'disable a user: every key of theirs is refused from the next request on',
  usage: 'kuzet users disable --name NAME',
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { name: { type: 'string' } }, strict: true });
    if (!values.name) throw new UsageError('--name is required');
    return withStore(env, async (ctx) => {
      const user = await userNamed(ctx.db, values.name!);
      const out = (await disableUser(ctx.db, { userId: user.id, actor: 'cli' }))!;
      env.io.out(out.changed ? `disabled ${user.name} (${user.role}): every key of theirs is refused from now on` : `${user.name} was already disabled`);
      return 0;
    });
  },
};

export const commands: Command[] = [usersAdd, usersList, usersLinkTelegram, usersLinkFilm, usersKeys, usersRevokeKey, usersDisable];
export default commands;
