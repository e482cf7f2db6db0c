// `kuzet registry list [--status S] [--json]`, `kuzet registry approve|reject --entry ID [--key-file F] [--note T]`
// (as the user of KUZET_API_KEY or the key file),
// `kuzet registry export --format json|csv|hosts|rpz`.
import { parseArgs } from 'node:util';
import { decideEntry, type Verdict } from '../../registry/approvals.ts';
import { hostsFile, registryCsv, registryJson, rpzZone } from '../../registry/exports.ts';
import { listEntries } from '../../registry/queries.ts';
import { cliIdentity } from '../identity.ts';
import { UsageError, type Command, withStore } from '../command.ts';

const STATUSES = ['proposed', 'active', 'under_appeal', 'rejected', 'lifted', 'expired'] as const;

export const registryList: Command = {
  path: ['registry', 'list'],
  summary: 'list registry entries (all, or one status)',
  usage: `kuzet registry list [--status ${STATUSES.join('|')}] [--json]`,
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { status: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
    if (values.status && !(STATUSES as readonly string[]).includes(values.status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
    return withStore(env, async (ctx) => {
      const entries = await listEntries(ctx.db, values.status ?? null);
      if (values.json) env.io.out(JSON.stringify(entries));
      else for (const e of entries) env.io.out(`${e.serial ?? '-'}\t${e.status}\t${e.domain}\t${e.approvals} approval(s)\t${e.id}`);
      return 0;
    });
  },
};

const decision = (verdict: Verdict): Command => ({
  path: ['registry', verdict],
  summary: `${verdict} a proposed registry entry as the user of your API key (two different approvals activate it)`,
  usage: `KUZET_API_KEY=… kuzet registry ${verdict} --entry ID [--key-file FILE] [--note TEXT] [--json]`,
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { entry: { type: 'string' }, 'key-file': { type: 'string' }, user: { type: 'string' }, note: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
    if (values.user !== undefined) throw new UsageError('--user is gone: a decision is made by the user of an API key (KUZET_API_KEY or --key-file), never by a typed name');
    const { entry } = values;
    if (!entry) throw new UsageError('--entry is required');
    return withStore(env, async (ctx) => {
      const { user, via } = await cliIdentity(ctx.db, { keyFile: values['key-file'], envKey: env.config.cliApiKey });
      const status = await decideEntry(ctx.db, { entryId: entry, userId: user.id, verdict, note: values.note, via, validDays: ctx.config.entryValidDays });
      env.io.out(values.json ? JSON.stringify({ entryId: entry, status, user: user.name }) : `${entry}: ${status} (as ${user.name})`);
      return 0;
    });
  },
});

export const registryExport: Command = {
  path: ['registry', 'export'],
  summary: 'print the active registry as json, csv, a hosts file or an RPZ zone',
  usage: 'kuzet registry export --format json|csv|hosts|rpz',
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { format: { type: 'string', default: 'json' } }, strict: true });
    return withStore(env, async (ctx) => {
      const out = { json: async () => JSON.stringify(await registryJson(ctx.db), null, 2), csv: () => registryCsv(ctx.db), hosts: () => hostsFile(ctx.db), rpz: () => rpzZone(ctx.db) }[values.format!];
      if (!out) throw new UsageError('--format must be json, csv, hosts or rpz');
      env.io.out((await out()).trimEnd());
      return 0;
    });
  },
};

export const commands: Command[] = [registryList, decision('approve'), decision('reject'), registryExport];
export default commands;
