// Hamming distance between 256-bit hashes kept as 8 × uint32 words (fast scans over a whole bank).
export type HashWords = Uint32Array;

export function hexToWords(hex: string): HashWords {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`not a 256-bit hex hash: ${hex}`);
  const w = new Uint32Array(8);
  for (let i = 0; i < 8; i++) w[i] = parseInt(hex.slice(i * 8, i * 8 + 8), 16) >>> 0;
  return w;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function hammingWords(a: HashWords, b: HashWords): number {
  let d = 0;
  for (let i = 0; i < 8; i++) d += popcount((a[i]! ^ b[i]!) >>> 0);
  return d;
}

export function hamming(a: string, b: string): number {
  return hammingWords(hexToWords(a), hexToWords(b));
}

/** The default SignalIndex: a linear scan (matcher/index/ provides MIH for large banks). */
export function linearIndex(hashes: Uint32Array, n: number): { search(q: Uint32Array, radius: number, out?: Array<{ id: number; distance: number }>): Array<{ id: number; distance: number }> } {
  return {
    search(q, radius, out = []) {
      for (let id = 0, at = 0; id < n; id++, at += 8) {
        let d = 0;
        for (let w = 0; w < 8 && d <= radius; w++) d += popcount((hashes[at + w]! ^ q[w]!) >>> 0);
        if (d <= radius) out.push({ id, distance: d });
      }
      return out;
    },
  };
}

export function packHexes(hexes: readonly string[]): Uint32Array {
  const out = new Uint32Array(hexes.length * 8);
  hexes.forEach((h, i) => out.set(hexToWords(h), i * 8));
  return out;
}
