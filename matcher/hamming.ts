// Hamming distance between 256-bit hashes kept as 8 × uint32 words: the string-level helpers the matcher uses,
// over the one implementation in matcher/index/hash-words.ts (packing, popcount) and index/linear.ts (the scan).
import { WORDS, hamming as hammingAt, hexToWords as toWords, packHex } from './index/hash-words.ts';
import { LinearIndex } from './index/linear.ts';

export type HashWords = Uint32Array;

/** 64 hex chars → 8 words; throws on anything else. */
export function hexToWords(hex: string): HashWords {
  return toWords(hex, new Uint32Array(WORDS), 0);
}

export function hammingWords(a: HashWords, b: HashWords): number {
  return hammingAt(a, 0, b, 0);
}

export function hamming(a: string, b: string): number {
  return hammingAt(hexToWords(a), 0, hexToWords(b), 0);
}

/** A linear-scan SignalIndex (small banks; matcher/index/mih.ts for large ones). */
export function linearIndex(hashes: Uint32Array, n: number): LinearIndex {
  return LinearIndex.build(hashes, n);
}

/** Many hex hashes → one packed Uint32Array of n*8 words. */
export const packHexes: (hexes: readonly string[]) => Uint32Array = packHex;
