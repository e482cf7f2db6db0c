// kuzet start — run the service with the roles in ROLES until SIGINT/SIGTERM.
import type { Command } from '../command.ts';
import { startService } from '../service.ts';

export function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => () => resolve(sig);
    process.once('SIGINT', on('SIGINT'));
    process.once('SIGTERM', on('SIGTERM'));
  });
}

const command: Command = {
  path: ['start'],
  summary: 'run the service (roles from ROLES: api, crawler, workers)',
  usage: 'kuzet start',
  verbose: true,
  async run(_argv, env) {
    const svc = await startService(env.config, env.log);
    env.log.info({ component: 'cli', roles: env.config.roles, url: svc.url, dataDir: env.config.dataDir }, 'Kuzet is running; Ctrl-C stops it');
    const sig = await waitForSignal();
    env.log.info({ component: 'cli', signal: sig }, 'stopping');
    await svc.stop();
    return 0;
  },
};
export default command;
