// kuzet crawl --source ID --once — crawl one source now, in this process, and run the rest of the pipeline
// (match → publish → packet) inline, without Redis. The service does the same through the queues.
import { parseArgs } from 'node:util';
import { createProcessors } from '../../workers/processors/index.ts';
import { runInline } from '../../workers/inline.ts';
import { UsageError, type Command, withStore } from '../command.ts';

const command: Command = {
  path: ['crawl'],
  summary: 'crawl one source once, in-process, and match what it finds',
  usage: 'kuzet crawl --source ID --once [--json]',
  verbose: true,
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { source: { type: 'string' }, once: { type: 'boolean' }, json: { type: 'boolean' } } });
    const sourceId = values.source;
    if (!sourceId) throw new UsageError('--source is required');
    if (!values.once) throw new UsageError('only --once is supported here; scheduled crawls run in `kuzet start` (crawler role)');
    return withStore(env, async (ctx) => {
      const { processors, close } = await createProcessors(ctx);
      const runs = await runInline(processors, 'crawl.source.v1', { sourceId, runId: `cli-${Date.now()}` }).finally(close);
      if (values.json) env.io.out(JSON.stringify(runs));
      else for (const r of runs) env.io.out(`${r.name.padEnd(20)} ${r.error ? `FAILED: ${r.error}` : JSON.stringify(r.outcome)}`);
      return runs.some((r) => r.error) ? 1 : 0;
    });
  },
};
export default command;
