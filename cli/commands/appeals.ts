// `kuzet appeals list [--status open|upheld|lifted|closed|all] [--json]` and
// `kuzet appeals decide --ref REF --decision uphold|lift --reason TEXT [--key-file F] [--json]`: the supervisor's
// appeal queue and decisions from the command line, as the user of an API key (KUZET_API_KEY or the key file); the
// decision is audited with channel 'cli' and the key's id, and published on the entry page like one made by API.
import { parseArgs } from 'node:util';
import { decideAppeal } from '../../registry/appeals.ts';
import { listAppeals } from '../../registry/appeals-view.ts';
import { cliIdentity } from '../identity.ts';
import { UsageError, type Command, withStore } from '../command.ts';

const STATUSES = ['open', 'upheld', 'lifted', 'closed', 'all'] as const;

export const appealsList: Command = {
  path: ['appeals', 'list'],
  summary: 'list appeals against registry entries (default: open ones, by due date, with overdue marks)',
  usage: `kuzet appeals list [--status ${STATUSES.join('|')}] [--json]`,
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { status: { type: 'string', default: 'open' }, json: { type: 'boolean', default: false } }, strict: true });
    if (!(STATUSES as readonly string[]).includes(values.status!)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
    return withStore(env, async (ctx) => {
      const items = await listAppeals(ctx.db, { status: values.status === 'all' ? null : (values.status as 'open') });
      if (values.json) env.io.out(JSON.stringify({ items }));
      else for (const a of items) env.io.out(`${a.ref}\t${a.status}${a.overdue ? ' OVERDUE' : ''}\tdue ${a.dueAt.slice(0, 10)}\tNo. ${a.serial} ${a.domain}\t${a.contact}`);
      return 0;
    });
  },
};

export const appealsDecide: Command = {
  path: ['appeals', 'decide'],
  summary: 'decide an appeal as the supervisor of your API key: uphold the entry or lift it, with a reason',
  usage: 'KUZET_API_KEY=… kuzet appeals decide --ref AP-XXXX-XXXX-XXXX-XXXX --decision uphold|lift --reason TEXT [--key-file FILE] [--json]',
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { ref: { type: 'string' }, decision: { type: 'string' }, reason: { type: 'string' }, 'key-file': { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
    const { ref, decision, reason } = values;
    if (!ref || !reason) throw new UsageError('--ref and --reason are required');
    if (decision !== 'uphold' && decision !== 'lift') throw new UsageError('--decision must be uphold or lift');
    return withStore(env, async (ctx) => {
      const { user, via } = await cliIdentity(ctx.db, { keyFile: values['key-file'], envKey: env.config.cliApiKey });
      const out = await decideAppeal(ctx.db, { ref, userId: user.id, decision, reason, via });
      env.io.out(values.json ? JSON.stringify({ ref, ...out, user: user.name }) : `${ref}: ${out.status}; entry ${out.entryStatus} (as ${user.name})`);
      return 0;
    });
  },
};

export default [appealsList, appealsDecide];
