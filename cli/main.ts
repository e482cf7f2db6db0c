// `kuzet` — dispatches to one command file per sub-command. Config is parsed once here.
// Start-up time matters (`kuzet help` ≈ 0.3 s, `kuzet hash image` < 1 s): this file imports nothing heavy. The command
// table below names each command's module, and only the chosen command's module is imported (crawlee, playwright,
// bullmq, fastify, PGlite load only for the commands that use them). Config, logger and store load after dispatch.
import type { Logger } from 'pino';
import { UsageError, type CliEnv, type Command } from './command.ts';

type CommandModule = Record<string, unknown>;

export interface CommandEntry {
  /** words after `kuzet`, as in the command file */
  path: string[];
  /** the command's one-line summary for `kuzet help` (the command file's own `summary`; bench/cli.ts checks they agree) */
  summary: string;
  /** imports the command's module; the command is the exported Command (or Command[] member) with this path */
  load: () => Promise<CommandModule>;
}

const start = () => import('./commands/start.ts');
const demo = () => import('./commands/demo.ts');
const filmsAdd = () => import('./commands/films-add.ts');
const filmsRehash = () => import('./commands/films-rehash.ts');
const filmsImport = () => import('./commands/films-import.ts');
const filmsSearch = () => import('./commands/films-search.ts');
const match = () => import('./commands/match.ts');
const hash = () => import('./commands/hash.ts');
const sources = () => import('./commands/sources.ts');
const crawl = () => import('./commands/crawl.ts');
const extract = () => import('./commands/extract.ts');
const users = () => import('./commands/users.ts');
const registry = () => import('./commands/registry.ts');
const appeals = () => import('./commands/appeals.ts');
const packet = () => import('./commands/packet.ts');
const packetsExport = () => import('./commands/packets-export.ts');
const verify = () => import('./commands/verify.ts');
const audit = () => import('./commands/audit.ts');
const keys = () => import('./commands/keys.ts');
const rdap = () => import('./commands/rdap.ts');

/** Every `kuzet` sub-command; `kuzet help` lists them in this order (the same as cli/commands/index.ts). */
export const commandTable: CommandEntry[] = [
  { path: ['start'], load: start, summary: 'run the service (roles from ROLES: api, crawler, workers)' },
  { path: ['demo'], load: demo, summary: 'run the whole pipeline against local fixture sites, then keep the UI up' },
  { path: ['films', 'add'], load: filmsAdd, summary: 'register a national film (video + optional poster) in the film bank' },
  { path: ['films', 'import'], load: filmsImport, summary: 'import a State Film Register export (CSV, UTF-8 or Windows-1251, ; or ,): idempotent by register number' },
  { path: ['films', 'search'], load: filmsSearch, summary: 'find a film by title in any script (Kazakh Cyrillic/Latin, Russian, transliterations, small typos)' },
  { path: ['films', 'rehash'], load: filmsRehash, summary: 're-fingerprint films whose reference video was hashed with an older recipe (after a matcher upgrade); with LOCAL_FEATURES, add missing local features' },
  { path: ['match'], load: match, summary: 'match a video or image against the registered films' },
  { path: ['hash'], load: hash, summary: 'perceptual hashes of an image (PDQ + blockhash) or of a video’s sampled frames (PDQ)' },
  { path: ['sources', 'add'], load: sources, summary: 'monitor a pirate web site or a public Telegram channel' },
  { path: ['sources', 'list'], load: sources, summary: 'list monitored sources' },
  { path: ['sources', 'discover-mirrors'], load: sources, summary: 'compare candidate sites with a known source (redirects, template, favicon, player ids); propose mirrors, disabled' },
  { path: ['crawl'], load: crawl, summary: 'crawl one source once, in-process, and match what it finds' },
  { path: ['extract'], load: extract, summary: 'extract titles, players, streams, magnets, listing items or Telegram messages from a saved page' },
  { path: ['users', 'add'], load: users, summary: 'create a user and print their API key (shown once)' },
  { path: ['users', 'list'], load: users, summary: 'list users and their roles' },
  { path: ['users', 'link-telegram'], load: users, summary: 'let a user approve/reject reviews from Telegram (links their Telegram user id)' },
  { path: ['users', 'link-film'], load: users, summary: 'let a rights holder download the takedown packets of a film they hold' },
  { path: ['users', 'keys'], load: users, summary: "list a user's API keys (ids, labels, dates; never the keys)" },
  { path: ['users', 'revoke-key'], load: users, summary: 'revoke one API key (refused from the next request on)' },
  { path: ['users', 'disable'], load: users, summary: 'disable a user: every key of theirs is refused from the next request on' },
  { path: ['registry', 'list'], load: registry, summary: 'list registry entries (all, or one status)' },
  ...(['approve', 'reject'] as const).map((verdict) => ({
    path: ['registry', verdict], load: registry,
    summary: `${verdict} a proposed registry entry as the user of your API key (two different approvals activate it)`,
  })),
  { path: ['registry', 'export'], load: registry, summary: 'print the active registry as json, csv, a hosts file or an RPZ zone' },
  { path: ['appeals', 'list'], load: appeals, summary: 'list appeals against registry entries (default: open ones, by due date, with overdue marks)' },
  { path: ['appeals', 'decide'], load: appeals, summary: 'decide an appeal as the supervisor of your API key: uphold the entry or lift it, with a reason' },
  { path: ['packet', 'build'], load: packet, summary: 'build the signed takedown packet (ZIP) of a confirmed match' },
  { path: ['packets', 'export'], load: packetsExport, summary: 'write every built takedown packet ZIP to a folder (one file per packet, named by match id)' },
  { path: ['verify'], load: verify, summary: 'verify a takedown packet ZIP offline (hashes and signature)' },
  { path: ['keys', 'init'], load: keys, summary: 'create the deployment’s packet-signing key once and print the public key to publish' },
  { path: ['rdap', 'refresh-bootstrap'], load: rdap, summary: 'fetch IANA’s RDAP bootstrap files into DATA_DIR/rdap-bootstrap (used by evidence capture instead of the shipped copy)' },
  { path: ['audit', 'verify'], load: audit, summary: 'verify the audit trail: hash chain over every row, and anchors kept outside the database' },
];

export async function main(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  const io = { out: (s: string) => process.stdout.write(s + '\n'), err: (s: string) => process.stderr.write(s + '\n') };
  const entry = findEntry(argv);
  if (!entry || argv[0] === 'help' || argv.includes('--help') || argv.includes('-h')) {
    io.out(entry ? commandHelp(await loadCommand(entry)) : overview());
    return entry || argv[0] === 'help' || argv.length === 0 || argv.includes('--help') ? 0 : 2;
  }
  const cmd = await loadCommand(entry);
  const { ConfigError, loadConfig } = await import('../config/load.ts');
  let config;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(e.message);
      return ConfigError.exitCode;
    }
    throw e;
  }
  // Machine-readable commands keep stdout clean: logs go to stderr.
  const level = cmd.verbose || env.LOG_LEVEL ? config.logLevel : 'warn';
  const { createRootLogger } = await import('../config/log.ts');
  const log: Logger = createRootLogger({ level, pretty: config.logPretty, destination: 2 });
  const open = async () => (await import('../config/context.ts')).createContext(config, log);
  const cliEnv: CliEnv = { config, log, io, open };
  try {
    return await cmd.run(argv.slice(cmd.path.length), cliEnv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`kuzet ${cmd.path.join(' ')}: ${e.message}\nusage: ${cmd.usage}`);
      return 2;
    }
    io.err(`kuzet ${cmd.path.join(' ')}: ${(e as Error).message}`);
    log.debug({ err: e }, 'command failed');
    return 1;
  }
}

function findEntry(argv: string[]): CommandEntry | undefined {
  return [...commandTable]
    .sort((a, b) => b.path.length - a.path.length)
    .find((c) => c.path.every((w, i) => argv[i] === w));
}

/** Imports the entry's module and returns its command with the entry's path. */
export async function loadCommand(entry: CommandEntry): Promise<Command> {
  const exported = Object.values(await entry.load()).flatMap((v) => (Array.isArray(v) ? v : [v]));
  const cmd = exported.find((v): v is Command => isCommand(v) && samePath(v.path, entry.path));
  if (!cmd) throw new Error(`cli/main.ts: no command \`${entry.path.join(' ')}\` is exported by its module (update the command table)`);
  return cmd;
}

function isCommand(v: unknown): v is Command {
  return typeof v === 'object' && v !== null && Array.isArray((v as Command).path) && typeof (v as Command).run === 'function';
}

const samePath = (a: string[], b: string[]) => a.length === b.length && a.every((w, i) => w === b[i]);

function commandHelp(cmd: Command): string {
  return `kuzet ${cmd.path.join(' ')} — ${cmd.summary}\nusage: ${cmd.usage}`;
}

function overview(): string {
  const rows = commandTable.map((c) => `  ${c.path.join(' ').padEnd(16)} ${c.summary}`);
  return ['Kuzet (Күзет) — anti-piracy monitoring for national films', '', 'usage: kuzet <command> [options]', '', ...rows, '',
    'Configuration comes from environment variables (see README.md); `kuzet <command> --help` for details.'].join('\n');
}
