// The checkpointed index holder: rebuild only on a moved checkpoint, atomic swap, /health status.
import { describe, expect, it } from 'vitest';
import { MihIndex } from '../../matcher/index/mih.ts';
import { WORDS } from '../../matcher/index/hash-words.ts';
import { createIndexHolder } from '../../matcher/index/checkpoint.ts';

function randomHashes(n: number, seed: number): Uint32Array {
  let x = seed;
  const h = new Uint32Array(n * WORDS);
  for (let i = 0; i < h.length; i++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; h[i] = x; }
  return h;
}

/** A fake bank: the checkpoint is its version, building it indexes `size` hashes. */
function fakeBank() {
  const bank = { version: 'v1', size: 50, builds: 0 };
  const deps = {
    currentCheckpoint: async () => bank.version,
    build: async (checkpoint: string) => {
      bank.builds++;
      await new Promise((r) => setTimeout(r, 5));
      return { checkpoint, index: MihIndex.build(randomHashes(bank.size, 7), bank.size), meta: { films: bank.size / 10 } };
    },
  };
  return { bank, deps };
}

describe('createIndexHolder', () => {
  it('is not ready before the first build, then rebuilds only when the checkpoint moves', async () => {
    const { bank, deps } = fakeBank();
    const holder = createIndexHolder({ ...deps, now: () => new Date('2026-01-02T03:04:05Z') });
    expect(holder.status()).toMatchObject({ ready: false, stale: true, size: 0, checkpoint: null });
    expect(await holder.refresh()).toMatchObject({ status: 'rebuilt', checkpoint: 'v1', size: 50 });
    expect(holder.status()).toEqual({ ready: true, stale: false, size: 50, checkpoint: 'v1', builtAt: '2026-01-02T03:04:05.000Z', latestCheckpoint: 'v1' });
    expect(await holder.refresh()).toEqual({ status: 'skipped', reason: 'checkpoint_unchanged', checkpoint: 'v1' });
    expect(bank.builds).toBe(1);

    bank.version = 'v2';
    bank.size = 80;
    const old = holder.current()!;
    const pending = holder.refresh();
    await new Promise((r) => setTimeout(r, 1)); // the rebuild is in flight: queries still see the old index
    expect(holder.current()).toBe(old);
    expect(holder.status()).toMatchObject({ stale: true, checkpoint: 'v1', latestCheckpoint: 'v2' });
    expect(await pending).toMatchObject({ status: 'rebuilt', checkpoint: 'v2', size: 80 });
    expect(holder.current()!.index.size).toBe(80);
    expect(old.index.size).toBe(50); // the swapped-out index is untouched for queries that still hold it
    expect(old.index.search(old.index.hashes.slice(0, WORDS), 0)[0]).toEqual({ id: 0, distance: 0 });
    expect(holder.status()).toMatchObject({ stale: false, checkpoint: 'v2', size: 80 });
    expect(bank.builds).toBe(2);
  });

  it('shares one rebuild between concurrent refreshes and stays stale when a build fails', async () => {
    const { bank, deps } = fakeBank();
    const holder = createIndexHolder(deps);
    const [a, b] = await Promise.all([holder.refresh(), holder.refresh()]);
    expect(a).toBe(b);
    expect(bank.builds).toBe(1);
    bank.version = 'v3';
    const failing = createIndexHolder({ ...deps, build: async () => { throw new Error('db down'); } });
    await expect(failing.refresh()).rejects.toThrow('db down');
    expect(failing.status()).toMatchObject({ ready: false, stale: true });
  });
});
