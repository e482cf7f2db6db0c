// The shape of one `kuzet` sub-command (one file per command under cli/commands/).
import type { Logger } from 'pino';
import type { AppContext } from '../config/context.ts';
import type { AppConfig } from '../config/schema.ts';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface CliEnv {
  config: AppConfig;
  log: Logger;
  io: CliIo;
  /** Opens the configured store (PGlite in DATA_DIR or DATABASE_URL), migrated; the caller closes it. */
  open(): Promise<AppContext>;
}

export interface Command {
  /** words after `kuzet`, e.g. ['films', 'add'] */
  path: string[];
  summary: string;
  usage: string;
  /** long-running commands (start, demo, crawl) log at LOG_LEVEL; one-shot commands default to warnings only */
  verbose?: boolean;
  /** returns the process exit code */
  run(argv: string[], env: CliEnv): Promise<number>;
}

/** Thrown for a bad command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** Opens the configured store for one command and always closes it. */
export async function withStore<T>(env: CliEnv, fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await env.open();
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}
