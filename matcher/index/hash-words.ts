// 256-bit hashes as 8 Uint32 words: hex conversion and popcount Hamming distance.
export const WORDS = 8; // 256 bits / 32

/** Popcount of a 32-bit integer (SWAR; V8 inlines it). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Hamming distance between the hash at word offset `ai` of `a` and the one at `bi` of `b`. */
export function hamming(a: Uint32Array, ai: number, b: Uint32Array, bi: number): number {
  let d = 0;
  for (let w = 0; w < WORDS; w++) d += popcount32((a[ai + w]! ^ b[bi + w]!) >>> 0);
  return d;
}

/** 64 hex chars → 8 words (most significant first). Throws on anything else. */
export function hexToWords(hex: string, out: Uint32Array = new Uint32Array(WORDS), at = 0): Uint32Array {
  if (hex.length !== 64 || !/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`not a 256-bit hex hash: ${JSON.stringify(hex.slice(0, 80))}`);
  for (let w = 0; w < WORDS; w++) out[at + w] = parseInt(hex.slice(w * 8, w * 8 + 8), 16) >>> 0;
  return out;
}

/** 8 words at `at` → 64 lower-case hex chars. */
export function wordsToHex(words: Uint32Array, at = 0): string {
  let s = '';
  for (let w = 0; w < WORDS; w++) s += words[at + w]!.toString(16).padStart(8, '0');
  return s;
}

/** Many hex hashes → one packed Uint32Array of n*8 words. */
export function packHex(hexes: readonly string[]): Uint32Array {
  const out = new Uint32Array(hexes.length * WORDS);
  hexes.forEach((h, i) => hexToWords(h, out, i * WORDS));
  return out;
}

export interface Hit { id: number; distance: number }

/** The API shared by the MIH index and the linear-scan baseline. */
export interface HashIndex {
  readonly size: number;
  search(query: Uint32Array, radius: number, out?: Hit[]): Hit[];
  bytesPerHash(): number;
}
