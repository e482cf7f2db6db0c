// The film bank, loaded and indexed once per bank checkpoint (HMA's checkpointed index): a matcher process keeps
// one BankIndexCache and hot-swaps its index when the checkpoint moves.
import { linearIndex, packHexes } from './hamming.ts';
import type { BankSignal, FilmBankStore, IndexFactory, SignalIndex } from './ports.ts';

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

export async function loadBank(bank: FilmBankStore, factory: IndexFactory = linearIndex, checkpoint?: string): Promise<LoadedBank> {
  const cp = checkpoint ?? (await bank.checkpoint());
  const [frames, posters, negatives] = await Promise.all([bank.frameSignals(), bank.posterSignals(), bank.negativeSignals?.() ?? []]);
  return {
    checkpoint: cp,
    frames,
    frameIndex: factory(packHexes(frames.map((s) => s.hash)), frames.length),
    posters,
    posterIndex: factory(packHexes(posters.map((s) => s.hash)), posters.length),
    negatives,
    negativeIndex: linearIndex(packHexes(negatives), negatives.length),
    loadedAt: new Date(),
  };
}

export class BankIndexCache {
  private loaded: LoadedBank | null = null;
  private loading: Promise<LoadedBank> | null = null;

  constructor(private readonly factory: IndexFactory = linearIndex) {}

  /** The index for the bank's current checkpoint (reloaded only when the checkpoint changed). */
  async get(bank: FilmBankStore): Promise<LoadedBank> {
    const cp = await bank.checkpoint();
    if (this.loaded?.checkpoint === cp) return this.loaded;
    if (!this.loading) {
      this.loading = loadBank(bank, this.factory, cp).finally(() => (this.loading = null));
    }
    this.loaded = await this.loading;
    return this.loaded;
  }

  status(): { ready: boolean; checkpoint: string | null; size: number } {
    return { ready: !!this.loaded, checkpoint: this.loaded?.checkpoint ?? null, size: (this.loaded?.frames.length ?? 0) + (this.loaded?.posters.length ?? 0) };
  }
}
