// Checkpointed, hot-swapped index lifecycle (HMA build_index.py + _SignalIndexInMemoryCache): rebuild only when the
// bank checkpoint moved, swap the reference atomically, report {ready, stale, size, checkpoint, builtAt} for /health.
// Queries call current() once and keep that object: a swap replaces the holder's reference, never mutates the old
// index, so searches in flight finish on the index they started with.
import type { MihIndex } from './mih.ts';

export interface IndexCheckpoint {
  checkpoint: string;
  builtAt: string; // ISO time
  size: number;
}

/** Anything with a size can be held (default: one MihIndex; the matcher's BankIndexCache holds a bank's indexes). */
export interface SizedIndex {
  readonly size: number;
}

export interface BuiltIndex<M = unknown, I extends SizedIndex = MihIndex> extends IndexCheckpoint {
  index: I;
  meta: M; // e.g. {signalType, refIds} lookups kept small
}

export interface IndexHolderDeps<M, I extends SizedIndex = MihIndex> {
  /** Cheap: e.g. max(fingerprints.id) + count, or a bank version row. */
  currentCheckpoint(): Promise<string>;
  /** Expensive: read the bank and build. Returns the checkpoint it actually built (may be newer than asked). */
  build(checkpoint: string): Promise<{ checkpoint: string; index: I; meta: M }>;
  now?: () => Date;
}

export interface IndexStatus {
  ready: boolean;
  stale: boolean; // the last seen bank checkpoint differs from the built one (rebuild pending or failed)
  size: number;
  checkpoint: string | null;
  builtAt: string | null;
  latestCheckpoint: string | null;
}

export type RefreshResult =
  | { status: 'rebuilt'; checkpoint: string; size: number; ms: number }
  | { status: 'skipped'; reason: 'checkpoint_unchanged'; checkpoint: string };

export interface IndexHolder<M, I extends SizedIndex = MihIndex> {
  current(): BuiltIndex<M, I> | undefined;
  refresh(): Promise<RefreshResult>;
  status(): IndexStatus;
}

export function createIndexHolder<M, I extends SizedIndex = MihIndex>(deps: IndexHolderDeps<M, I>): IndexHolder<M, I> {
  const now = deps.now ?? (() => new Date());
  let built: BuiltIndex<M, I> | undefined;
  let latest: string | null = null;
  let inFlight: Promise<RefreshResult> | undefined;

  async function doRefresh(): Promise<RefreshResult> {
    const t0 = Date.now();
    const checkpoint = await deps.currentCheckpoint();
    latest = checkpoint;
    if (built?.checkpoint === checkpoint) return { status: 'skipped', reason: 'checkpoint_unchanged', checkpoint };
    const fresh = await deps.build(checkpoint);
    const next: BuiltIndex<M, I> = { ...fresh, builtAt: now().toISOString(), size: fresh.index.size };
    built = next; // the swap: one reference assignment
    return { status: 'rebuilt', checkpoint: next.checkpoint, size: next.size, ms: Date.now() - t0 };
  }

  return {
    current: () => built,
    refresh() {
      // concurrent callers share one rebuild
      inFlight ??= doRefresh().finally(() => { inFlight = undefined; });
      return inFlight;
    },
    status: () => ({
      ready: built !== undefined,
      stale: built === undefined || (latest !== null && latest !== built.checkpoint),
      size: built?.size ?? 0,
      checkpoint: built?.checkpoint ?? null,
      builtAt: built?.builtAt ?? null,
      latestCheckpoint: latest,
    }),
  };
}
