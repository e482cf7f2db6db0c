// The root logger (the only module-level thing we allow ourselves) and the closed list of components.
import { pino, type Logger } from 'pino';

export const COMPONENTS = ['cli', 'config', 'storage', 'queue', 'crawler', 'hasher', 'matcher', 'registry', 'delist', 'evidence', 'api', 'demo', 'telegram'] as const;
export type Component = (typeof COMPONENTS)[number];
export type Log = Logger;

/** destination: 1 = stdout, 2 = stderr (CLI commands that print JSON log to stderr), or a file path (JSON lines,
 * appended; the demo keeps the terminal for people and its structured log there). */
export function createRootLogger(opts: { level: string; pretty: boolean; destination?: 1 | 2 | string }): Logger {
  if (typeof opts.destination === 'string') {
    return pino({ level: opts.level, base: undefined }, pino.destination({ dest: opts.destination, mkdir: true, sync: false }));
  }
  const fd = opts.destination ?? 1;
  if (opts.pretty) {
    return pino({ level: opts.level, base: undefined, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss', destination: fd } } });
  }
  return pino({ level: opts.level, base: undefined }, pino.destination({ fd, sync: fd === 2 }));
}

export function forComponent(root: Logger, component: Component, fields: Record<string, unknown> = {}): Logger {
  return root.child({ component, ...fields });
}
