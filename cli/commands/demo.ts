// kuzet demo — the whole pipeline on embedded defaults against local fixture sites; the UI stays up.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runDemo } from '../../demo/run.ts';
import type { Command } from '../command.ts';
import { waitForSignal } from './start.ts';

const command: Command = {
  path: ['demo'],
  summary: 'run the whole pipeline against local fixture sites, then keep the UI up',
  usage: 'kuzet demo [--exit]   (data in DATA_DIR/demo, wiped at start; --exit stops after the run)',
  verbose: true,
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { exit: { type: 'boolean' } } });
    const dataDir = path.join(env.config.dataDir, 'demo');
    fs.rmSync(dataDir, { recursive: true, force: true });
    const cfg = { ...env.config, dataDir };
    const say = (s: string) => env.io.out(s);
    // the terminal is for people (progress, counts, addresses); the structured log goes to a file
    const logFile = path.join(dataDir, 'logs', 'kuzet.jsonl');
    const { createRootLogger } = await import('../../config/log.ts');
    const log = createRootLogger({ level: env.config.logLevel === 'silent' ? 'silent' : 'info', pretty: false, destination: logFile });
    say(`Kuzet demo — structured logs: ${logFile}`);
    const demo = await runDemo(cfg, log, { mediaCache: path.join(env.config.dataDir, 'demo-media'), say });
    const s = demo.state;
    say('');
    say(`Candidates: ${s.candidates}  matched: ${s.matched}  confirmed: ${s.confirmed}  dropped: ${s.dropped}  pending review: ${s.pendingReview}`);
    say(`Delisting items: ${s.delisted}  takedown packets: ${s.packets}  registry: ${s.active} active, ${s.proposed} proposed`);
    say('');
    say('Look at:');
    for (const [k, v] of Object.entries(demo.urls)) say(`  ${k.padEnd(12)} ${v}`);
    say(`  API keys of the demo users are in ${path.join(dataDir, 'demo-keys.json')}`);
    say(`  Structured logs (JSON lines) are in ${logFile}`);
    if (values.exit) {
      await demo.stop();
      return 0;
    }
    say('');
    say('Kuzet keeps running; press Ctrl-C to stop.');
    await waitForSignal();
    await demo.stop();
    return 0;
  },
};
export default command;
