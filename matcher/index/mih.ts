// Exact multi-index hashing (Norouzi, Punjani & Fleet 2012) for 256-bit hashes, as in Meta's PDQ MIH.
// The hash is cut into m disjoint substrings; table k maps each substring value to the ids having it (CSR:
// offsets[2^bits + 1] + ids[n] per table). Pigeonhole, refined: write r = m·s + a (0 ≤ a < m); if d(q, h) ≤ r then
// some substring k ≤ a differs by ≤ s bits, or some substring k > a differs by ≤ s − 1 bits (otherwise
// d ≥ (a+1)(s+1) + (m−1−a)s = r + 1). So table k is probed with every value within radius s (k ≤ a) or s − 1 (k > a)
// of the query's substring, each candidate is verified with a full popcount, and a hit is reported only from the
// FIRST table whose probe ball contains it (no "seen" array, no extra memory).
// Two layouts, picked by size (cost is dominated by random reads of candidate hashes, ≈ n · probes / 2^bits,
// and of the offsets/ids per probe):
//   16 × 16 bits: 96 B/hash + 4.2 MB of offsets; r = 31 → 16 × 17 probes.
//   12 × 21–22 bits (4 × 22 + 8 × 21): 80 B/hash + 134 MB of offsets, used once that is ≤ 100 B/hash (n ≥ 6.7M);
//   r = 31 → 8 tables × ≤ 254 probes + 4 × 22, ≈ 6× fewer candidates than 16 × 16 at the same n.
// When s ≥ 3 the probe balls cover so much of each table that a linear scan is cheaper: search() scans then
// (r ≥ 48 with 16 tables, r ≥ 36 with 12).
import { WORDS, popcount32, type HashIndex, type Hit } from './hash-words.ts';
import { buildTable } from './build-table.ts';

const MAX_PROBE_RADIUS = 2; // s ≥ 3 → linear scan
export type MihLayout = 16 | 12;
const LAYOUT_BITS: Record<MihLayout, readonly number[]> = {
  16: Array.from({ length: 16 }, () => 16),
  12: [22, 22, 22, 22, 21, 21, 21, 21, 21, 21, 21, 21], // wider tables first: they get the larger probe radius
};

/** Substring widths (bits) of each table, in probe order. */
export function layoutBits(layout: MihLayout): readonly number[] {
  const bits = LAYOUT_BITS[layout];
  if (!bits) throw new Error(`unknown MIH layout ${layout}`);
  return bits;
}

/** Values with popcount ≤ radius within `bits` bits (radius ≤ 2): the probe offsets, computed once per width. */
function ballMasks(bits: number, radius: number): Uint32Array {
  const out = [0];
  for (let i = 0; i < bits && radius >= 1; i++) out.push(2 ** i);
  for (let i = 0; i < bits && radius >= 2; i++) for (let j = i + 1; j < bits; j++) out.push(2 ** i + 2 ** j);
  return Uint32Array.from(out);
}
const MASKS: ReadonlyMap<string, Uint32Array> = new Map(
  [16, 21, 22].flatMap((bits) => [0, 1, 2].map((r) => [`${bits}:${r}`, ballMasks(bits, r)] as const)),
);
const masks = (bits: number, radius: number): Uint32Array => MASKS.get(`${bits}:${radius}`)!;

/** Bits [start, start+len) (len ≤ 32, big-endian across the 8 words) of the hash at word offset `at`. */
function sub(h: Uint32Array, at: number, start: number, len: number): number {
  const w = start >>> 5, o = start & 31;
  if (o + len <= 32) return ((h[at + w]! << o) >>> 0) >>> (32 - len);
  const hiLen = 32 - o, loLen = len - hiLen;
  const hi = h[at + w]! & (2 ** hiLen - 1);
  return ((hi * 2 ** loLen) + (h[at + w + 1]! >>> (32 - loLen))) >>> 0;
}

function starts(bits: readonly number[]): number[] {
  let pos = 0;
  return bits.map((b) => ((pos += b), pos - b));
}

/** 12 tables once their fixed offsets cost no more than 20 B/hash (keeps the total ≤ 100 B/hash), else 16. */
export function defaultLayout(n: number): MihLayout {
  const offsetsBytes12 = LAYOUT_BITS[12].reduce((sum, b) => sum + (2 ** b + 1) * 4, 0);
  return n > 0 && offsetsBytes12 / n <= 20 ? 12 : 16;
}

export interface MihParts { hashes: Uint32Array; size: number; layout: MihLayout; offsets: Uint32Array[]; ids: Uint32Array[] }

export class MihIndex implements HashIndex {
  private readonly bits: readonly number[];
  private readonly starts: readonly number[];
  private scratch: Uint32Array = new Uint32Array(4096);
  private touched = 0; // keeps the prefetch loops observable

  private constructor(
    /** n*8 words; the index keeps this array: do not mutate it afterwards. */
    readonly hashes: Uint32Array,
    readonly size: number,
    readonly layout: MihLayout,
    private readonly offsets: Uint32Array[], // per table: 2^bits + 1
    private readonly ids: Uint32Array[], // per table: n
  ) {
    this.bits = LAYOUT_BITS[layout];
    this.starts = starts(this.bits);
  }

  /** Builds the posting tables with one sort per table (build-table.ts): O(m·n), no per-hash objects. */
  static build(hashes: Uint32Array, n: number, layout: MihLayout = defaultLayout(n)): MihIndex {
    if (!Number.isInteger(n) || n < 0 || hashes.length < n * WORDS) throw new Error(`MihIndex.build: need ${n}×8 words, got ${hashes.length}`);
    if (!(layout in LAYOUT_BITS)) throw new Error(`MihIndex.build: unknown layout ${layout}`);
    const own = hashes.length === n * WORDS ? hashes : hashes.subarray(0, n * WORDS);
    const bits = LAYOUT_BITS[layout];
    const st = starts(bits);
    const offsets: Uint32Array[] = [];
    const ids: Uint32Array[] = [];
    const keys = new Uint32Array(n);
    bits.forEach((len, k) => {
      for (let i = 0; i < n; i++) keys[i] = sub(own, i * WORDS, st[k]!, len);
      const table = buildTable(keys, len); // overwrites keys (scratch)
      offsets.push(table.offsets);
      ids.push(table.ids);
    });
    return new MihIndex(own, n, layout, offsets, ids);
  }

  /** Restores an index from the arrays returned by parts() (see checkpoint.ts save/load); validates shapes. */
  static fromParts(p: MihParts): MihIndex {
    const bits = LAYOUT_BITS[p.layout];
    if (!bits || p.offsets.length !== bits.length || p.ids.length !== bits.length) throw new Error('MihIndex.fromParts: wrong table count');
    bits.forEach((len, k) => {
      const off = p.offsets[k]!;
      if (off.length !== 2 ** len + 1 || p.ids[k]!.length !== p.size || off[2 ** len] !== p.size) throw new Error(`MihIndex.fromParts: table ${k} is malformed`);
    });
    if (p.hashes.length !== p.size * WORDS) throw new Error('MihIndex.fromParts: hashes length mismatch');
    return new MihIndex(p.hashes, p.size, p.layout, p.offsets, p.ids);
  }

  parts(): MihParts {
    return { hashes: this.hashes, size: this.size, layout: this.layout, offsets: this.offsets, ids: this.ids };
  }

  /** All indexed hashes within Hamming distance ≤ radius of query, in no particular order; appended to `out`. */
  search(query: Uint32Array, radius: number, out: Hit[] = []): Hit[] {
    if (query.length < WORDS) throw new Error(`MihIndex.search: query must be 8 words, got ${query.length}`);
    if (radius < 0 || this.size === 0) return out;
    const m = this.bits.length;
    const s = Math.floor(radius / m);
    const a = radius % m;
    if (s > MAX_PROBE_RADIUS) return this.scan(query, radius, out);
    const h = this.hashes;
    const q0 = query[0]!, q1 = query[1]!, q2 = query[2]!, q3 = query[3]!, q4 = query[4]!, q5 = query[5]!, q6 = query[6]!, q7 = query[7]!;
    for (let k = 0; k < m; k++) {
      const rk = k <= a ? s : s - 1;
      if (rk < 0) continue;
      const len = this.bits[k]!;
      const probe = masks(len, rk);
      const qk = sub(query, 0, this.starts[k]!, len);
      const off = this.offsets[k]!;
      const list = this.ids[k]!;
      // Per table: touch the offsets and list heads, gather the candidate ids, touch their hashes, then verify.
      // The "touch" loops only load and xor, so many cache misses are in flight at once (a software prefetch):
      // 2.3–2.5× faster than verifying each candidate as it is found, at 1M and 10M hashes.
      let touch = 0;
      for (let mi = 0; mi < probe.length; mi++) touch ^= off[(qk ^ probe[mi]!) >>> 0]!;
      for (let mi = 0; mi < probe.length; mi++) touch ^= list[off[(qk ^ probe[mi]!) >>> 0]!] ?? 0;
      let cand = this.scratch;
      let c = 0;
      for (let mi = 0; mi < probe.length; mi++) {
        const v = (qk ^ probe[mi]!) >>> 0;
        const from = off[v]!, to = off[v + 1]!;
        if (c + to - from > cand.length) cand = this.grow(c + to - from);
        for (let p = from; p < to; p++) cand[c++] = list[p]!;
      }
      for (let i = 0; i < c; i++) touch ^= h[cand[i]! * WORDS]!;
      this.touched = touch;
      for (let i = 0; i < c; i++) {
        const at = cand[i]! * WORDS;
        let d = popcount32(h[at]! ^ q0) + popcount32(h[at + 1]! ^ q1) + popcount32(h[at + 2]! ^ q2) + popcount32(h[at + 3]! ^ q3);
        if (d > radius) continue; // early exit once over the radius
        d += popcount32(h[at + 4]! ^ q4) + popcount32(h[at + 5]! ^ q5) + popcount32(h[at + 6]! ^ q6) + popcount32(h[at + 7]! ^ q7);
        if (d > radius || this.probedEarlier(query, at, k, s, a)) continue;
        out.push({ id: cand[i]!, distance: d });
      }
    }
    return out;
  }

  /** Candidate buffer, grown on demand (search is synchronous, so one per index is safe). */
  private grow(need: number): Uint32Array {
    const next = new Uint32Array(Math.max(need, this.scratch.length * 2));
    next.set(this.scratch);
    return (this.scratch = next);
  }

  /** Was this verified hit already inside the probe ball of a table j < k (then it was reported there)? */
  private probedEarlier(query: Uint32Array, at: number, k: number, s: number, a: number): boolean {
    for (let j = 0; j < k; j++) {
      const rj = j <= a ? s : s - 1;
      const st = this.starts[j]!, len = this.bits[j]!;
      if (rj >= 0 && popcount32((sub(query, 0, st, len) ^ sub(this.hashes, at, st, len)) >>> 0) <= rj) return true;
    }
    return false;
  }

  private scan(query: Uint32Array, radius: number, out: Hit[]): Hit[] {
    const h = this.hashes;
    for (let id = 0, at = 0; id < this.size; id++, at += WORDS) {
      let d = 0;
      for (let w = 0; w < WORDS; w++) d += popcount32(h[at + w]! ^ query[w]!);
      if (d <= radius) out.push({ id, distance: d });
    }
    return out;
  }

  /** Bytes held per indexed hash: 32 B of hash + m × 4 B of ids + the fixed offsets arrays, amortised. */
  bytesPerHash(): number {
    return this.size === 0 ? Infinity : this.byteLength() / this.size;
  }

  byteLength(): number {
    let bytes = this.hashes.byteLength;
    for (let k = 0; k < this.bits.length; k++) bytes += this.offsets[k]!.byteLength + this.ids[k]!.byteLength;
    return bytes;
  }
}
