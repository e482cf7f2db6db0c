// Temporal voting: a query frame votes for (film, offset = refT − k·queryT) for each playback speed k (1, and the
// PAL speed-up 25/24 or its inverse); the film whose hits agree on one offset (± window) over the most query frames
// wins. Score = agreeing frames / usable query frames (optionally each weighted by its distance); strength = the
// agreeing frames weighted by distance (hitWeight), which a `match` decision also requires (match.ts decideVideo).

export interface FrameHits {
  /** query frame index and time */
  q: number;
  t: number;
  hash: string;
  hits: Array<{ filmId: string; refT: number; distance: number }>;
}

export interface FilmScore {
  filmId: string;
  score: number;
  offsetSeconds: number | null;
  matchedFrames: number;
  /** the playback-speed factor whose offsets agreed best (refT ≈ speed·t + offset) */
  speed?: number;
  /** Σ hitWeight(distance) over the agreeing frames: how many near-exact frames the evidence is worth. A `match`
   * needs MIN_MATCH_STRENGTH of it (a few frames at 26–36 bits of a look-alike shot do not make a copy). */
  strength?: number;
}

export interface VoteEvidence {
  t: number;
  hash: string;
  refT: number;
  distance: number;
}

/** Short queries cannot reach a high score from one or two lucky frames. */
export const MIN_DENOMINATOR = 3;
/** Bound the work per query frame (a flood hash matching everything gets only this many votes). */
const MAX_HITS_PER_FRAME = 64;
/** A frame's vote weight by its Hamming distance: copies sit ≤ 12 bits from their reference (dense reference
 * sampling, the closest hit per query frame), while different shots of the same set (the ASL hard negatives: same
 * signer, same background) sit at 18–44, mostly 26–36; weight 1 up to STRONG_BITS, falling linearly to 0 at WEAK_BITS.
 * Calibrated on the dev set (npm run eval:matcher; 16/40 with strength 3 also gives 0 false matches, less recall). */
export const STRONG_BITS = 12;
export const WEAK_BITS = 36;
export function hitWeight(distance: number): number {
  return distance <= STRONG_BITS ? 1 : Math.max(0, (WEAK_BITS - distance) / (WEAK_BITS - STRONG_BITS));
}
/** Evidence a `match` needs: worth 2.5 near-exact frames (dev set: the ASL look-alikes that score ≥ 0.8 reach ≤ 2.17). */
export const MIN_MATCH_STRENGTH = 2.5;

/** Offsets (refT − speed·t) of one copy agree within ± this many seconds (frame-sampling jitter of both sides). */
export const VOTE_WINDOW_S = 2;

/** speed factors tried: as is, a 24 fps film played at 25 fps (refT = 25/24·t), and the reverse */
export const SPEEDS = [1, 25 / 24, 24 / 25] as const;

type Hit = { q: number; t: number; hash: string; refT: number; off: number; distance: number };

/** sliding window over offsets sorted ascending: [lo, hi] spans at most 2·window seconds */
function bestWindow(hits: Hit[], windowS: number): { count: number; dist: number; lo: number; hi: number } | null {
  let best: { count: number; dist: number; lo: number; hi: number } | null = null;
  for (let lo = 0, hi = 0; lo < hits.length; lo++) {
    while (hi + 1 < hits.length && hits[hi + 1]!.off - hits[lo]!.off <= 2 * windowS) hi++;
    // per query frame its closest hit in the window: ties between windows go to the closer evidence (summing every
    // hit instead would favour the window holding the fewest hits, i.e. one that leaves the exact frames out)
    const closest = new Map<number, number>();
    for (let i = lo; i <= hi; i++) {
      const h = hits[i]!;
      const cur = closest.get(h.q);
      if (cur === undefined || h.distance < cur) closest.set(h.q, h.distance);
    }
    let dist = 0;
    for (const d of closest.values()) dist += d;
    if (!best || closest.size > best.count || (closest.size === best.count && dist < best.dist)) best = { count: closest.size, dist, lo, hi };
  }
  return best;
}

export function vote(frames: FrameHits[], usable: number, windowS = 2, weight: (distance: number) => number = () => 1): Array<FilmScore & { evidence: VoteEvidence[] }> {
  const byFilm = new Map<string, Array<Omit<Hit, 'off'>>>();
  for (const f of frames) {
    const hits = [...f.hits].sort((a, b) => a.distance - b.distance).slice(0, MAX_HITS_PER_FRAME);
    for (const h of hits) {
      let list = byFilm.get(h.filmId);
      if (!list) byFilm.set(h.filmId, (list = []));
      list.push({ q: f.q, t: f.t, hash: f.hash, refT: h.refT, distance: h.distance });
    }
  }
  const denom = Math.max(usable, MIN_DENOMINATOR);
  const out: Array<FilmScore & { evidence: VoteEvidence[] }> = [];
  for (const [filmId, raw] of byFilm) {
    let best: { count: number; dist: number; lo: number; hi: number } | null = null;
    let hits: Hit[] = [];
    let speed = 1;
    for (const k of SPEEDS) {
      const withOff = raw.map((h) => ({ ...h, off: h.refT - k * h.t })).sort((a, b) => a.off - b.off);
      const w = bestWindow(withOff, windowS);
      if (w && (!best || w.count > best.count)) [best, hits, speed] = [w, withOff, k]; // ties keep the plainer speed
    }
    if (!best) continue;
    // per query frame, its closest hit inside the winning window is the evidence
    const perQ = new Map<number, (typeof hits)[number]>();
    for (let i = best.lo; i <= best.hi; i++) {
      const h = hits[i]!;
      const cur = perQ.get(h.q);
      if (!cur || h.distance < cur.distance) perQ.set(h.q, h);
    }
    const ev = [...perQ.values()].sort((a, b) => a.t - b.t);
    const offs = ev.map((e) => e.off).sort((a, b) => a - b);
    const weighted = ev.reduce((sum, e) => sum + weight(e.distance), 0);
    const strength = ev.reduce((sum, e) => sum + hitWeight(e.distance), 0);
    out.push({
      filmId,
      score: Math.round(Math.min(1, weighted / denom) * 1000) / 1000,
      offsetSeconds: Math.round(offs[offs.length >> 1]! * 10) / 10,
      matchedFrames: best.count,
      speed: Math.round(speed * 10000) / 10000,
      strength: Math.round(strength * 100) / 100,
      evidence: ev.map((e) => ({ t: e.t, hash: e.hash, refT: e.refT, distance: e.distance })),
    });
  }
  const meanDist = (c: { evidence: VoteEvidence[] }) => c.evidence.reduce((s, e) => s + e.distance, 0) / Math.max(1, c.evidence.length);
  return out.sort((a, b) => b.score - a.score || meanDist(a) - meanDist(b));
}
