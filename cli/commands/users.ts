// `kuzet users add --name N --role R [--json]` and `kuzet users list [--json]`.
import { parseArgs } from 'node:util';
import { createUser, listUsers, USER_ROLES, type UserRole } from '../../storage/users.ts';
import { UsageError, type Command } from '../command.ts';

export const usersAdd: Command = {
  path: ['users', 'add'],
  summary: 'create a user and print their API key (shown once)',
  usage: `kuzet users add --name NAME --role ${USER_ROLES.join('|')} [--json]`,
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { name: { type: 'string' }, role: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
    if (!values.name) throw new UsageError('--name is required');
    if (!values.role || !(USER_ROLES as readonly string[]).includes(values.role)) throw new UsageError(`--role must be one of ${USER_ROLES.join(', ')}`);
    const ctx = await env.open();
    try {
      const { user, apiKey } = await createUser(ctx.db, { name: values.name, role: values.role as UserRole, actor: 'cli' });
      if (values.json) env.io.out(JSON.stringify({ user, apiKey }));
      else {
        env.io.out(`created ${user.role} ${user.name} (${user.id})`);
        env.io.out(`API key (shown once, store it now): ${apiKey}`);
      }
      return 0;
    } finally {
      await ctx.close();
    }
  },
};

export const usersList: Command = {
  path: ['users', 'list'],
  summary: 'list users and their roles',
  usage: 'kuzet users list [--json]',
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } }, strict: true });
    const ctx = await env.open();
    try {
      const users = await listUsers(ctx.db);
      if (values.json) env.io.out(JSON.stringify(users));
      else for (const u of users) env.io.out(`${u.id}\t${u.role}\t${u.name}${u.disabled ? '\t(disabled)' : ''}`);
      return 0;
    } finally {
      await ctx.close();
    }
  },
};

export const commands: Command[] = [usersAdd, usersList];
export default commands;
