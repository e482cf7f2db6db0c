// How close a typed query is to a film's titles, on their skeletons (titles/transliterate.ts): exact 1, whole words
// of the title 0.95, prefix 0.9, else the better of trigram Dice and a word-by-word edit-distance score, so small
// typos still find the film ("golos stepy", "kyz jibeck") and unrelated titles stay under the threshold.
import { titleSkeleton } from './transliterate.ts';

export const MIN_TITLE_SCORE = 0.5;

function trigrams(s: string): Map<string, number> {
  const padded = `  ${s} `;
  const out = new Map<string, number>();
  for (let i = 0; i + 3 <= padded.length; i++) {
    const g = padded.slice(i, i + 3);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** Dice coefficient over padded character trigrams (multiset); `gramsOf` may remember a string's trigrams. */
export function trigramDice(a: string, b: string, gramsOf: (s: string) => Map<string, number> = trigrams): number {
  if (!a || !b) return 0;
  const ta = trigrams(a);
  const tb = gramsOf(b);
  let common = 0;
  let na = 0;
  let nb = 0;
  for (const n of ta.values()) na += n;
  for (const n of tb.values()) nb += n;
  for (const [g, n] of ta) common += Math.min(n, tb.get(g) ?? 0);
  return (2 * common) / (na + nb);
}

/** Levenshtein distance, capped: returns cap + 1 as soon as it must exceed cap. */
export function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]!);
    }
    if (best > cap) return cap + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Each query word against its closest title word: 1 - distance / length within a quarter of its letters (words of
 * up to 3 letters must be exact). */
function wordScore(q: string[], t: string[]): number {
  if (!q.length || !t.length) return 0;
  let sum = 0;
  for (const w of q) {
    let best = 0;
    for (const x of t) {
      const cap = w.length >= 4 ? Math.max(1, Math.floor(w.length / 4)) : 0;
      const d = editDistance(w, x, cap);
      const s = d > cap ? 0 : 1 - d / Math.max(w.length, x.length);
      if (s > best) best = s;
    }
    sum += best;
  }
  // a query that covers few of the title's words scores lower than one that names it whole
  return (sum / q.length) * (0.85 + 0.15 * Math.min(1, q.length / t.length));
}

/** Similarity of a query skeleton to one title skeleton, 0..1. */
export function skeletonScore(q: string, t: string, gramsOf?: (s: string) => Map<string, number>): number {
  if (!q || !t) return 0;
  if (q === t) return 1;
  const qw = q.split(' ');
  const tw = t.split(' ');
  if (` ${t} `.includes(` ${q} `)) return 0.9 + 0.05 * (qw.length / tw.length);
  if (t.startsWith(q) && q.length >= 3) return 0.88;
  return Math.max(trigramDice(q, t, gramsOf), wordScore(qw, tw));
}

/** The best score of a query over a film's titles (any script). `skeletonOf` may be a cache (skeletonCache). */
export function titleScore(query: string, titles: ReadonlyArray<string | null | undefined>, skeletonOf: ((s: string) => string) & { grams?: (s: string) => Map<string, number> } = titleSkeleton): number {
  const q = titleSkeleton(query);
  let best = 0;
  for (const t of titles) if (t) best = Math.max(best, skeletonScore(q, skeletonOf(t), skeletonOf.grams));
  return Math.round(best * 1000) / 1000;
}

/** titleSkeleton remembered per title, for a long-lived searcher (one per app, never module-wide); emptied when full. */
export function skeletonCache(max = 200_000): ((s: string) => string) & { grams: (s: string) => Map<string, number> } {
  const memo = new Map<string, string>();
  const gramMemo = new Map<string, Map<string, number>>();
  const skeletonOf = (s: string) => {
    let v = memo.get(s);
    if (v === undefined) {
      if (memo.size >= max) memo.clear();
      v = titleSkeleton(s);
      memo.set(s, v);
    }
    return v;
  };
  const grams = (sk: string) => {
    let g = gramMemo.get(sk);
    if (g === undefined) {
      if (gramMemo.size >= max) gramMemo.clear();
      g = trigrams(sk);
      gramMemo.set(sk, g);
    }
    return g;
  };
  return Object.assign(skeletonOf, { grams });
}
