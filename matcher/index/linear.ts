// Linear-scan baseline with the same API as MihIndex: the reference for tests and benchmarks.
import { WORDS, popcount32, type HashIndex, type Hit } from './hash-words.ts';

export class LinearIndex implements HashIndex {
  private constructor(readonly hashes: Uint32Array, readonly size: number) {}

  static build(hashes: Uint32Array, n: number): LinearIndex {
    if (!Number.isInteger(n) || n < 0 || hashes.length < n * WORDS) throw new Error(`LinearIndex.build: need ${n}×8 words, got ${hashes.length}`);
    return new LinearIndex(hashes.length === n * WORDS ? hashes : hashes.subarray(0, n * WORDS), n);
  }

  search(query: Uint32Array, radius: number, out: Hit[] = []): Hit[] {
    const h = this.hashes;
    const q0 = query[0]!, q1 = query[1]!, q2 = query[2]!, q3 = query[3]!, q4 = query[4]!, q5 = query[5]!, q6 = query[6]!, q7 = query[7]!;
    for (let id = 0, at = 0; id < this.size; id++, at += WORDS) {
      // same early exit as the MIH verifier, so the baseline is not handicapped
      let d = popcount32(h[at]! ^ q0) + popcount32(h[at + 1]! ^ q1) + popcount32(h[at + 2]! ^ q2) + popcount32(h[at + 3]! ^ q3);
      if (d > radius) continue;
      d += popcount32(h[at + 4]! ^ q4) + popcount32(h[at + 5]! ^ q5) + popcount32(h[at + 6]! ^ q6) + popcount32(h[at + 7]! ^ q7);
      if (d <= radius) out.push({ id, distance: d });
    }
    return out;
  }

  bytesPerHash(): number {
    return WORDS * 4;
  }
}
