// PDQ hashing throughput on one core, using matcher/pdq.ts (owned by the matcher helper) when it exports
// pdqFromLuma; otherwise reports a TODO row instead of failing the whole benchmark run.
import { performance } from 'node:perf_hooks';
import type { BenchPart, BenchTable } from './types.ts';

interface Luma { width: number; height: number; luma: Float32Array }
type HashFn = (img: Luma) => { hash: string; quality: number };

async function loadHasher(): Promise<HashFn | undefined> {
  try {
    const mod = (await import('../matcher/pdq.ts')) as { pdqFromLuma?: unknown };
    return typeof mod.pdqFromLuma === 'function' ? (mod.pdqFromLuma as HashFn) : undefined;
  } catch {
    return undefined;
  }
}

function randomLuma(width: number, height: number): Luma {
  const luma = new Float32Array(width * height);
  let x = 0x2545f491;
  for (let i = 0; i < luma.length; i++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; luma[i] = x & 255; }
  return { width, height, luma };
}

function throughput(hash: HashFn, img: Luma, seconds: number): { perSecond: number; msEach: number } {
  for (let i = 0; i < 20; i++) hash(img); // warm-up (JIT)
  let count = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) { hash(img); count++; }
  const ms = performance.now() - t0;
  return { perSecond: (count * 1000) / ms, msEach: ms / count };
}

export const pdqBench: BenchPart = {
  name: 'pdq',
  async run(args): Promise<BenchTable[]> {
    const hash = await loadHasher();
    if (!hash) return [{ title: 'PDQ hashing throughput', columns: ['status'], rows: [['TODO: matcher/pdq.ts does not export pdqFromLuma yet']] }];
    const seconds = args.quick ? 0.5 : 2;
    const rows = [[64, 64], [640, 360]].map(([w, h]) => {
      const r = throughput(hash, randomLuma(w!, h!), seconds);
      return [`${w}×${h} luma`, Math.round(r.perSecond), Number(r.msEach.toFixed(3))];
    });
    return [{
      title: 'PDQ hashing throughput (matcher/pdq.ts, one core)',
      columns: ['input', 'hashes/s', 'ms per hash'],
      rows,
      notes: ['Random luminance planes; excludes frame decoding (ffmpeg) and resizing (sharp).'],
    }];
  },
};
