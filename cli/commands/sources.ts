// kuzet sources add|list — monitored pirate sites and Telegram channels.
import { parseArgs } from 'node:util';
import { discoverMirrors } from '../../crawlers/mirrors/store.ts';
import { policyFromConfig } from '../../net/fetch.ts';
import { appendAudit } from '../../storage/audit.ts';
import { addSource, getSource, listSources } from '../../storage/sources.ts';
import { UsageError, type Command, withStore } from '../command.ts';

export const sourcesAdd: Command = {
  path: ['sources', 'add'],
  summary: 'monitor a pirate web site or a public Telegram channel',
  usage: 'kuzet sources add --kind web|telegram --url URL [--profile NAME] [--recrawl-minutes N] [--json]',
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: {
      kind: { type: 'string' }, url: { type: 'string' }, profile: { type: 'string' }, 'recrawl-minutes': { type: 'string' }, json: { type: 'boolean' },
    } });
    const { kind, url } = values;
    if (kind !== 'web' && kind !== 'telegram') throw new UsageError('--kind must be web or telegram');
    if (!url) throw new UsageError('--url is required');
    const minutes = values['recrawl-minutes'] ? Number(values['recrawl-minutes']) : undefined;
    if (minutes !== undefined && !(Number.isInteger(minutes) && minutes >= 5)) throw new UsageError('--recrawl-minutes must be an integer ≥ 5');
    return withStore(env, async (ctx) => {
      const r = await addSource(ctx.db, { kind, url, profile: values.profile ?? null, recrawlMinutes: minutes });
      if (r.created) await appendAudit(ctx.db, { actor: 'cli', action: 'source.add', subject: r.id, details: { kind, url } });
      env.io.out(values.json ? JSON.stringify(r) : `${r.created ? 'added' : 'already monitored'}: ${r.id}`);
      return 0;
    });
  },
};

export const sourcesList: Command = {
  path: ['sources', 'list'],
  summary: 'list monitored sources',
  usage: 'kuzet sources list [--json]',
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } } });
    return withStore(env, async (ctx) => {
      const rows = await listSources(ctx.db);
      if (values.json) env.io.out(JSON.stringify(rows));
      else for (const s of rows) env.io.out(`${s.id}  ${s.kind.padEnd(8)} ${s.enabled ? 'on ' : 'off'} ${s.url}`);
      return 0;
    });
  },
};

export const sourcesDiscoverMirrors: Command = {
  path: ['sources', 'discover-mirrors'],
  summary: 'compare candidate sites with a known source (redirects, template, favicon, player ids); propose mirrors, disabled',
  usage: 'kuzet sources discover-mirrors --source ID URL [URL…] [--json]',
  verbose: true,
  async run(argv, env) {
    const { values, positionals } = parseArgs({ args: argv, options: { source: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true });
    const sourceId = values.source;
    if (!sourceId) throw new UsageError('--source is required');
    return withStore(env, async (ctx) => {
      const src = await getSource(ctx.db, sourceId);
      if (!src) throw new UsageError(`no source ${sourceId} (kuzet sources list)`);
      const out = await discoverMirrors({ db: ctx.db, policy: policyFromConfig(ctx.config), log: ctx.log }, { sourceId: src.id, url: src.url }, positionals);
      if (values.json) env.io.out(JSON.stringify(out));
      else for (const o of out) env.io.out(JSON.stringify(o));
      return 0;
    });
  },
};
