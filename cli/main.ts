// `kuzet` — dispatches to one command file per sub-command. Config is parsed once here.
import type { Logger } from 'pino';
import { createContext } from '../config/context.ts';
import { ConfigError, loadConfig } from '../config/load.ts';
import { createRootLogger } from '../config/log.ts';
import { commands } from './commands/index.ts';
import { UsageError, type CliEnv, type Command } from './command.ts';

export async function main(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  const io = { out: (s: string) => process.stdout.write(s + '\n'), err: (s: string) => process.stderr.write(s + '\n') };
  const cmd = findCommand(argv);
  if (!cmd || argv[0] === 'help' || argv.includes('--help') || argv.includes('-h')) {
    io.out(helpText(cmd));
    return cmd || argv[0] === 'help' || argv.length === 0 || argv.includes('--help') ? 0 : 2;
  }
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
  const log: Logger = createRootLogger({ level, pretty: config.logPretty, destination: 2 });
  const cliEnv: CliEnv = { config, log, io, open: () => createContext(config, log) };
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

function findCommand(argv: string[]): Command | undefined {
  return [...commands]
    .sort((a, b) => b.path.length - a.path.length)
    .find((c) => c.path.every((w, i) => argv[i] === w));
}

function helpText(cmd?: Command): string {
  if (cmd) return `kuzet ${cmd.path.join(' ')} — ${cmd.summary}\nusage: ${cmd.usage}`;
  const rows = commands.map((c) => `  ${c.path.join(' ').padEnd(16)} ${c.summary}`);
  return ['Kuzet (Күзет) — anti-piracy monitoring for national films', '', 'usage: kuzet <command> [options]', '', ...rows, '',
    'Configuration comes from environment variables (see README.md); `kuzet <command> --help` for details.'].join('\n');
}
