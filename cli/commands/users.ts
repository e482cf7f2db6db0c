// `kuzet users add --name N --role R [--json]` and `kuzet users list [--json]`.
import { parseArgs } from 'node:util';
import { createUser, findUserByName, listUsers, USER_ROLES, type UserRole } from '../../storage/users.ts';
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

export const commands: Command[] = [usersAdd, usersList, usersLinkTelegram];
export default commands;
