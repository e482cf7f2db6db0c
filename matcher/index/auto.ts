// Picks the index for a set of hashes by size: a linear scan for small sets (no fixed table cost, and faster below a
// few thousand hashes at the matcher's radius 44), exact MIH above that, built on a worker thread once the build
// would block the event loop for long (≈ 1 s per million hashes).
import { buildMihInWorker } from './build-in-worker.ts';
import type { HashIndex } from './hash-words.ts';
import { LinearIndex } from './linear.ts';
import { MihIndex } from './mih.ts';

export interface AutoIndexOptions {
  /** below this many hashes: linear scan (default 4096) */
  linearBelow?: number;
  /** from this many hashes: build on a worker thread (default 500 000) */
  workerFrom?: number;
}

export type IndexKind = 'linear' | 'mih';

export const DEFAULT_LINEAR_BELOW = 4096;
export const DEFAULT_WORKER_FROM = 500_000;

export function indexKindFor(n: number, opts: AutoIndexOptions = {}): IndexKind {
  return n < (opts.linearBelow ?? DEFAULT_LINEAR_BELOW) ? 'linear' : 'mih';
}

export async function buildAutoIndex(hashes: Uint32Array, n: number, opts: AutoIndexOptions = {}): Promise<HashIndex> {
  if (indexKindFor(n, opts) === 'linear') return LinearIndex.build(hashes, n);
  if (n >= (opts.workerFrom ?? DEFAULT_WORKER_FROM)) return buildMihInWorker(hashes, n);
  return MihIndex.build(hashes, n);
}
