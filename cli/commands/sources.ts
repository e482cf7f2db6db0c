// kuzet sources add|list — monitored pirate sites and Telegram channels.
import { parseArgs } from 'node:util';
import { appendAudit } from '../../storage/audit.ts';
import { addSource, listSources } from '../../storage/sources.ts';
import { UsageError, type Command } from '../command.ts';

export const sourcesAdd: Command = {
  path: ['sources', 'add'],
  summary: 'monitor a pirate web site or a public Telegram channel',
  usage: 'kuzet sources add --kind web|telegram --url URL [--profile NAME] [--recrawl-minutes N] [--json]',
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: {
      kind: { type: 'string' }, url: { type: 'string' }, profile: { type: 'string' }, 'recrawl-minutes': { type: 'string' }, json: { type: 'boolean' },
    } });
    if (values.kind !== 'web' && values.kind !== 'telegram') throw new UsageError('--kind must be web or telegram');
    if (!values.url) throw new UsageError('--url is required');
    const minutes = values['recrawl-minutes'] ? Number(values['recrawl-minutes']) : undefined;
    if (minutes !== undefined && !(Number.isInteger(minutes) && minutes >= 5)) throw new UsageError('--recrawl-minutes must be an integer ≥ 5');
    const ctx = await env.open();
    try {
      const r = await addSource(ctx.db, { kind: values.kind, url: values.url, profile: values.profile ?? null, recrawlMinutes: minutes });
      if (r.created) await appendAudit(ctx.db, { actor: 'cli', action: 'source.add', subject: r.id, details: { kind: values.kind, url: values.url } });
      env.io.out(values.json ? JSON.stringify(r) : `${r.created ? 'added' : 'already monitored'}: ${r.id}`);
      return 0;
    } finally {
      await ctx.close();
    }
  },
};

export const sourcesList: Command = {
  path: ['sources', 'list'],
  summary: 'list monitored sources',
  usage: 'kuzet sources list [--json]',
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } } });
    const ctx = await env.open();
    try {
      const rows = await listSources(ctx.db);
      if (values.json) env.io.out(JSON.stringify(rows));
      else for (const s of rows) env.io.out(`${s.id}  ${s.kind.padEnd(8)} ${s.enabled ? 'on ' : 'off'} ${s.url}`);
      return 0;
    } finally {
      await ctx.close();
    }
  },
};
