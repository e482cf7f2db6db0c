// `kuzet` start-up time: `kuzet help` and `kuzet hash image` on a generated PNG, each run N times as a fresh process
// (the way people and scripts run it), against the targets. Also the same commands through tsx (KUZET_CLI_TSX=1,
// how bin/kuzet.mjs ran before the bundle), the cost of rebuilding the bundle after a source edit, and whether the
// light command table in cli/main.ts still matches the command files.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { flag, type BenchPart, type BenchTable } from './types.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const KUZET = path.join(ROOT, 'bin/kuzet.mjs');

interface Sample { wall: number; cpu?: number }

/** CPU seconds used by waited-for children so far (Linux /proc; clock ticks are 100 Hz there). */
function childCpu(): number | undefined {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime
  } catch {
    return undefined;
  }
}

function timeRun(args: string[], env: NodeJS.ProcessEnv): Sample {
  const cpu0 = childCpu();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const cpu1 = childCpu();
  return { wall, cpu: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0 };
}

function stats(samples: Sample[]): { median: number; min: number; max: number; cpu?: number } {
  const med = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2; };
  const walls = samples.map((s) => s.wall);
  const cpus = samples.map((s) => s.cpu).filter((c): c is number => c !== undefined);
  return { median: med(walls), min: Math.min(...walls), max: Math.max(...walls), cpu: cpus.length ? med(cpus) : undefined };
}

async function testImage(dir: string): Promise<string> {
  const file = path.join(dir, 'frame.png');
  const svg = `<svg width="640" height="360"><rect width="640" height="360" fill="#1d5fa0"/><circle cx="200" cy="180" r="110" fill="#f5c400"/>
    <rect x="380" y="60" width="180" height="240" fill="#c0392b"/><path d="M0 360 L640 250 L640 360 Z" fill="#2e8b57"/></svg>`;
  await sharp(Buffer.from(svg)).png().toFile(file);
  return file;
}

/** Differences between cli/main.ts's command table and the command files (cli/commands/index.ts), as sentences. */
async function tableDrift(): Promise<string[]> {
  const { commandTable } = await import('../cli/main.ts');
  const { commands } = await import('../cli/commands/index.ts');
  const key = (c: { path: string[]; summary: string }) => `${c.path.join(' ')} — ${c.summary}`;
  const want = commands.map(key);
  const have = commandTable.map(key);
  const problems = [...want.filter((k) => !have.includes(k)).map((k) => `missing from cli/main.ts: ${k}`),
    ...have.filter((k) => !want.includes(k)).map((k) => `not in cli/commands: ${k}`)];
  if (!problems.length && want.some((k, i) => k !== have[i])) problems.push('same commands, not in the order of cli/commands/index.ts');
  return problems;
}

export const cliBench: BenchPart = {
  name: 'cli',
  async run(args): Promise<BenchTable[]> {
    const runs = Number(flag(args.argv, 'runs') ?? (args.quick ? 5 : 10));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuzet-bench-cli-'));
    try {
      const png = await testImage(dir);
      const env = { ...process.env, DATA_DIR: path.join(dir, 'data') };
      const build = spawnSync(process.execPath, [path.join(ROOT, 'bin/cli-build.mjs')], { cwd: ROOT, encoding: 'utf8' });
      const rebuilds = Array.from({ length: 3 }, () => timeRun(['--input-type=module', '-e',
        `await (await import(${JSON.stringify(path.join(ROOT, 'bin/cli-build.mjs'))})).buildBundle()`], env));
      const cases: Array<[string, string[], number | undefined, NodeJS.ProcessEnv]> = [
        ['node -e 0 (Node itself)', ['-e', '0'], undefined, env],
        ['kuzet help', [KUZET, 'help'], 0.5, env],
        ['kuzet hash image (640×360 PNG)', [KUZET, 'hash', 'image', png], 1, env],
        ['kuzet help, through tsx (KUZET_CLI_TSX=1)', [KUZET, 'help'], undefined, { ...env, KUZET_CLI_TSX: '1' }],
        ['kuzet hash image, through tsx (KUZET_CLI_TSX=1)', [KUZET, 'hash', 'image', png], undefined, { ...env, KUZET_CLI_TSX: '1' }],
      ];
      const rows = cases.map(([name, argv, target, caseEnv]) => {
        timeRun(argv, caseEnv); // warm-up: file cache, tsx's transform cache
        const s = stats(Array.from({ length: runs }, () => timeRun(argv, caseEnv)));
        const verdict = target === undefined ? '' : s.median <= target ? `≤ ${target} s: met` : `≤ ${target} s: MISSED`;
        return [name, s.median.toFixed(2), s.min.toFixed(2), s.max.toFixed(2), s.cpu?.toFixed(2) ?? '–', verdict];
      });
      const rb = stats(rebuilds);
      rows.push(['bundle rebuild after a source edit (added once to the next run)', rb.median.toFixed(2), rb.min.toFixed(2), rb.max.toFixed(2), rb.cpu?.toFixed(2) ?? '–', '']);
      const drift = await tableDrift();
      return [{
        title: `kuzet start-up time (${runs} runs each, fresh process per run)`,
        columns: ['command', 'median s', 'min s', 'max s', 'CPU s (median)', 'target'],
        rows,
        notes: [
          `Wall time from spawn to exit, after one warm-up run; CPU = user + system time of the child. Load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.availableParallelism()} CPUs.`,
          `Bundle before the runs: ${build.stdout.trim().replace(/^\[kuzet build\] /, '') || build.stderr.trim()}.`,
          drift.length ? `Command table DRIFT (fix cli/main.ts): ${drift.join('; ')}` : 'Command table in cli/main.ts matches cli/commands (paths, summaries, order).',
        ],
      }];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
