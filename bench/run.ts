// `npm run bench [-- --only index,pdq,crawl,stream,cli,api,evidence,dashboard,upload] [--quick] [part flags…]`: runs benchmark parts, prints markdown tables.
import { flag, type BenchPart, type BenchTable } from './types.ts';
import { indexBench } from './index.ts';
import { pdqBench } from './pdq.ts';
import { benchCrawl } from './crawl.ts';
import { streamBench } from './stream.ts';
import { cliBench } from './cli.ts';
import { apiBench } from './api.ts';
import { evidenceBench } from './evidence.ts';
import { dashboardBench } from './dashboard.ts';
import { uploadBench } from './upload.ts';

const crawlBench: BenchPart = {
  name: 'crawl',
  run: async ({ quick }) => [await benchCrawl(quick ? { items: 200, concurrency: [4], mixedItems: 20 } : {})],
};

const PARTS: BenchPart[] = [indexBench, pdqBench, crawlBench, streamBench, cliBench, apiBench, evidenceBench, dashboardBench, uploadBench];

function markdown(t: BenchTable | string): string {
  if (typeof t === 'string') return t;
  const lines = [`### ${t.title}`, '', `| ${t.columns.join(' | ')} |`, `|${t.columns.map(() => '---').join('|')}|`];
  for (const r of t.rows) lines.push(`| ${r.join(' | ')} |`);
  if (t.notes?.length) lines.push('', ...t.notes.map((n) => `- ${n}`));
  return lines.join('\n') + '\n';
}

const argv = process.argv.slice(2);
const only = flag(argv, 'only')?.split(',').map((s) => s.trim()).filter(Boolean);
const unknown = only?.filter((name) => !PARTS.some((p) => p.name === name)) ?? [];
if (unknown.length) {
  console.error(`unknown bench part(s): ${unknown.join(', ')}; known: ${PARTS.map((p) => p.name).join(', ')}`);
  process.exit(2);
}
for (const part of PARTS.filter((p) => !only || only.includes(p.name))) {
  const t0 = Date.now();
  for (const table of await part.run({ argv, quick: argv.includes('--quick') })) console.log(markdown(table));
  console.log(`_${part.name}: ${((Date.now() - t0) / 1000).toFixed(1)} s_\n`);
}
