// The root logger (the only module-level thing we allow ourselves) and the closed list of components.
import { pino, type Logger } from 'pino';

export const COMPONENTS = ['cli', 'config', 'storage', 'queue', 'crawler', 'hasher', 'matcher', 'registry', 'delist', 'evidence', 'api', 'demo', 'telegram'] as const;
export type Component = (typeof COMPONENTS)[number];
export type Log = Logger;

export function createRootLogger(opts: { level: string; pretty: boolean }): Logger {
  return pino({
    level: opts.level,
    base: undefined,
    ...(opts.pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss' } } } : {}),
  });
}

export function forComponent(root: Logger, component: Component, fields: Record<string, unknown> = {}): Logger {
  return root.child({ component, ...fields });
}
