// The local-feature bank: every film's reference keyframes, one exact MIH index over all their ORB descriptors
// (the shortlist: which keyframes share descriptors with a query frame), and a stop-list of what another film shows in
// the same arrangement (studio logos, credits, shared stock footage, a common set): those descriptors never count,
// neither in the shortlist nor as RANSAC correspondences. The stop-list is geometric: each keyframe is verified against
// the other films' keyframes it shortlists, and the inliers of a pair that verifies are stopped on both sides.
// Descriptors merely close to another film's are NOT stopped: ORB descriptors cluster, and a first pass that stopped
// every descriptor within 24 bits of another film's stopped 31–67 % of a keyframe's descriptors on the dev set and
// took the inliers of true copies below MIN_INLIERS (chair camcord-seat: 15–31 inliers → 0–16) — docs/benchmarks.md.
import { MihIndex } from '../index/mih.ts';
import type { LocalCv } from './cv.ts';
import type { Keyframe } from './features.ts';
import { verifyPair } from './verify.ts';

/** shortlist: a query descriptor within this many bits of a reference descriptor votes for its keyframe */
export const SHORTLIST_BITS = 24;

export interface FilmKeyframes {
  filmId: string;
  /** the reference asset (master video) the keyframes were made from: where the pixel check reads its frames */
  assetId?: string;
  keyframes: Keyframe[];
}

export interface LocalBank {
  keyframes: Array<Keyframe & { filmId: string; first: number; assetId?: string }>;
  /** descriptor id → keyframe id */
  owner: Uint32Array;
  index: MihIndex;
  /** per descriptor: 1 = shared with another film (never evidence) */
  stop: Uint8Array;
  descriptors: number;
  stopped: number;
  /** per film: the share of its descriptors that another film shows in the same arrangement (the same set, signer
   * or logo filmed twice) */
  sharedShare: Map<string, number>;
  /** per film: the film time its keyframes cover (seconds) */
  durationS: Map<string, number>;
}

/** inliers that make two keyframes of different films "the same place" for the stop-list */
export const SHARED_INLIERS = 10;

export function buildLocalBank(films: readonly FilmKeyframes[], cv?: LocalCv): LocalBank {
  const keyframes = films.flatMap((f) => f.keyframes.map((k) => ({ ...k, filmId: f.filmId, first: 0, ...(f.assetId ? { assetId: f.assetId } : {}) })));
  let n = 0;
  for (const k of keyframes) (k.first = n), (n += k.n);
  const words = new Uint32Array(n * 8);
  const owner = new Uint32Array(n);
  keyframes.forEach((k, id) => {
    words.set(k.desc.subarray(0, k.n * 8), k.first * 8);
    owner.fill(id, k.first, k.first + k.n);
  });
  const index = MihIndex.build(words, n);
  const stop = new Uint8Array(n);
  let stopped = 0;
  // what another film shows in the same arrangement is shared, whatever its descriptor distance; the shortlist here
  // runs on an empty stop-list (stopping as it goes would hide exactly the descriptors two films share)
  const durationS = new Map<string, number>();
  for (const k of keyframes) durationS.set(k.filmId, Math.max(durationS.get(k.filmId) ?? 0, k.tEnd));
  if (cv) {
    const base = { keyframes, owner, index, stop: new Uint8Array(n), descriptors: n, stopped: 0, sharedShare: new Map<string, number>(), durationS };
    for (const k of keyframes) {
      for (const c of shortlist(base, k, 3, 6, k.filmId)) {
        const other = keyframes[c.id]!;
        const v = verifyPair(cv, k, other);
        if (v.inliers < SHARED_INLIERS || !v.inlierPairs) continue;
        for (const [qi, ri] of v.inlierPairs) {
          for (const d of [k.first + qi, other.first + ri]) {
            if (!stop[d]) (stop[d] = 1), stopped++;
          }
        }
      }
    }
  }
  const sharedShare = new Map<string, number>();
  for (const f of films) {
    const ks = keyframes.filter((k) => k.filmId === f.filmId);
    const total = ks.reduce((s, k) => s + k.n, 0);
    let shared = 0;
    for (const k of ks) for (let i = k.first; i < k.first + k.n; i++) shared += stop[i]!;
    sharedShare.set(f.filmId, total ? Math.round((shared / total) * 1000) / 1000 : 0);
  }
  return { keyframes, owner, index, stop, descriptors: n, stopped, sharedShare, durationS };
}

/** The keyframes sharing the most (non-stopped) descriptors with the query's, best first: at most `k`, each with
 * at least `min` distinct query descriptors voting for it. */
export function shortlist(bank: LocalBank, q: { n: number; desc: Uint32Array }, k: number, min: number, exceptFilm?: string): Array<{ id: number; votes: number }> {
  const votes = new Map<number, number>();
  const out: Array<{ id: number; distance: number }> = [];
  for (let i = 0; i < q.n; i++) {
    out.length = 0;
    const seen = new Set<number>();
    for (const h of bank.index.search(q.desc.subarray(i * 8, i * 8 + 8), SHORTLIST_BITS, out)) {
      if (bank.stop[h.id]) continue;
      const kf = bank.owner[h.id]!;
      if (seen.has(kf) || (exceptFilm !== undefined && bank.keyframes[kf]!.filmId === exceptFilm)) continue;
      seen.add(kf);
      votes.set(kf, (votes.get(kf) ?? 0) + 1);
    }
  }
  return [...votes].filter(([, v]) => v >= min).sort((a, b) => b[1] - a[1]).slice(0, k).map(([id, v]) => ({ id, votes: v }));
}

/** The stop-list of one keyframe (its slice of bank.stop). */
export function stopOf(bank: LocalBank, id: number): Uint8Array {
  const k = bank.keyframes[id]!;
  return bank.stop.subarray(k.first, k.first + k.n);
}
