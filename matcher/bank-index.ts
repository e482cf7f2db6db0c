// The film bank, loaded and indexed once per bank checkpoint (HMA's checkpointed index): a matcher process keeps
// one BankIndexCache, which holds the bank's indexes in a matcher/index holder (rebuild only when the checkpoint
// moved, atomic swap, status for /health). Frame and poster hashes get an exact MIH index once they are numerous
// (matcher/index/auto.ts), a linear scan below that.
import { buildAutoIndex, indexKindFor, type AutoIndexOptions, type IndexKind } from './index/auto.ts';
import { createIndexHolder, type BuiltIndex, type IndexHolder, type IndexStatus } from './index/checkpoint.ts';
import { hexToWords, packHexes } from './hamming.ts';
import type { BankSignal, FilmBankStore, IndexFactory, SignalIndex } from './ports.ts';
import { PDQ_FRAME_RADIUS, PDQ_VIDEO_QUALITY_GATE } from './signal.ts';
import type { HashedFrame } from './video.ts';

export interface LoadedBank {
  checkpoint: string;
  frames: BankSignal[];
  frameIndex: SignalIndex;
  posters: BankSignal[];
  posterIndex: SignalIndex;
  /** the negative bank (hashes that never vote) */
  negatives: string[];
  negativeIndex: SignalIndex;
  loadedAt: Date;
}

/** What /health shows: the holder's status; size counts frame + poster signals. */
export interface BankIndexStatus extends IndexStatus {
  frames: number;
  posters: number;
  negatives: number;
  /** the frame index's kind ('custom' when built by a caller-given factory) */
  index: IndexKind | 'custom' | null;
}

interface BankIndexes {
  readonly size: number;
  frameIndex: SignalIndex;
  posterIndex: SignalIndex;
  negativeIndex: SignalIndex;
}
interface BankMeta {
  frames: BankSignal[];
  posters: BankSignal[];
  negatives: string[];
  kind: BankIndexStatus['index'];
}

export interface BankIndexOptions extends AutoIndexOptions {
  /** a fixed index factory (e.g. always MIH, for benchmarks); default: linear or MIH by size */
  factory?: IndexFactory;
}

async function buildIndexes(bank: FilmBankStore, checkpoint: string, opts: BankIndexOptions): Promise<{ checkpoint: string; index: BankIndexes; meta: BankMeta }> {
  const [frames, posters, negatives] = await Promise.all([bank.frameSignals(), bank.posterSignals(), bank.negativeSignals?.() ?? []]);
  const make = (hexes: readonly string[]): Promise<SignalIndex> | SignalIndex =>
    opts.factory ? opts.factory(packHexes(hexes), hexes.length) : buildAutoIndex(packHexes(hexes), hexes.length, opts);
  const [frameIndex, posterIndex, negativeIndex] = await Promise.all([make(frames.map((s) => s.hash)), make(posters.map((s) => s.hash)), make(negatives)]);
  const kind = opts.factory ? 'custom' : indexKindFor(frames.length, opts);
  return { checkpoint, index: { size: frames.length + posters.length, frameIndex, posterIndex, negativeIndex }, meta: { frames, posters, negatives, kind } };
}

function toLoaded(b: BuiltIndex<BankMeta, BankIndexes>): LoadedBank {
  const { frameIndex, posterIndex, negativeIndex } = b.index;
  return { checkpoint: b.checkpoint, ...b.meta, frameIndex, posterIndex, negativeIndex, loadedAt: new Date(b.builtAt) };
}

export class BankIndexCache {
  private readonly opts: BankIndexOptions;
  private holder: IndexHolder<BankMeta, BankIndexes> | null = null;
  private store: FilmBankStore | null = null;
  private loaded: { from: BuiltIndex<BankMeta, BankIndexes>; bank: LoadedBank } | null = null;

  /** A factory function (the old signature) or options. */
  constructor(opts: IndexFactory | BankIndexOptions = {}) {
    this.opts = typeof opts === 'function' ? { factory: opts } : opts;
  }

  /** The index for the bank's current checkpoint (rebuilt only when the checkpoint changed; concurrent callers
   * share one rebuild). Throws when the bank cannot be read. */
  async get(bank: FilmBankStore): Promise<LoadedBank> {
    if (this.store !== bank || !this.holder) {
      this.store = bank;
      this.holder = createIndexHolder<BankMeta, BankIndexes>({
        currentCheckpoint: () => bank.checkpoint(),
        build: (cp) => buildIndexes(bank, cp, this.opts),
      });
    }
    await this.holder.refresh();
    const built = this.holder.current()!;
    if (this.loaded?.from !== built) this.loaded = { from: built, bank: toLoaded(built) };
    return this.loaded.bank;
  }

  status(): BankIndexStatus {
    const s = this.holder?.status() ?? { ready: false, stale: true, size: 0, checkpoint: null, builtAt: null, latestCheckpoint: null };
    const meta = this.holder?.current()?.meta;
    return { ...s, frames: meta?.frames.length ?? 0, posters: meta?.posters.length ?? 0, negatives: meta?.negatives.length ?? 0, index: meta?.kind ?? null };
  }
}

/** A probe-hit test over the frame index, for probeThenDense / sampleQueryFrames: the smallest distance of any of the
 * frame's variants to a reference frame within `radius`, or null (also for frames below the video quality gate). */
export function bankHit(bank: Pick<LoadedBank, 'frameIndex'>, radius = PDQ_FRAME_RADIUS): (frame: HashedFrame) => number | null {
  return (frame) => {
    if ((frame.signals[0]?.quality ?? 0) < PDQ_VIDEO_QUALITY_GATE) return null;
    let best: number | null = null;
    for (const s of frame.signals) for (const h of bank.frameIndex.search(hexToWords(s.hash), radius)) best = Math.min(best ?? 256, h.distance);
    return best;
  };
}
