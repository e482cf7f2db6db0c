// The local stage's third look (issue 13) at a frame neither ORB nor the second look (zoom.ts) verified, once some
// frame has pointed at a film: AKAZE keypoints of the frame against the same film's keyframes near the lead's offset,
// described afresh from the master. ORB's corners die under a camcorder's blur, noise and keystone (and under a fog
// that fades in); AKAZE's nonlinear scale space keeps blob-like structure that survives them (dev set: frame pairs of
// pattern's camcord-seat copy, 3 → 15 of 21 verify; in the stage, asl_sorry's camcord-seat copy and moviepy_example3's
// fogged copies found — pattern's is not: no frame of it verifies with ORB, and its ORB votes point at another film;
// docs/benchmarks.md, sessions 16–18).
// A frame it verifies is evidence as any other: the same MIN_INLIERS and MIN_SPREAD (verify.ts), the same group rules, and the
// same pixel and motion checks before a `match`. It follows a lead: a verified frame's film, or — before any frame
// verified, in the first WEAK_LEAD_FRAMES frames — the keyframe ORB's votes shortlist best (weakLead); a lead is never
// evidence itself.
import type { LocalBank } from './bank.ts';
import type { Keypoints, LocalCv } from './cv.ts';
import { greyFromRgb } from './features.ts';
import { PIXEL_FPS, type Picture, type ReferencePixels } from './pixels.ts';
import type { FrameEvidence } from './stage.ts';
import { evidenceOf, verifyPair } from './verify.ts';

/** AKAZE keypoints of a query frame (QUERY_WIDTH) and of a reference keyframe (REF_WIDTH) */
export const AKAZE_QUERY_KEYPOINTS = 500;
export const AKAZE_REF_KEYPOINTS = 300;
/** keyframes tried per frame: the lead film's nearest the lead's offsets, at most this many… */
export const AKAZE_CANDIDATES = 12;
/** …within this many seconds of the offsets the lead's frames allow */
export const AKAZE_SLACK_S = 3;

/** What the third look follows: the frames agreeing so far (their film, orientation and offsets), else the single
 * strongest frame; null before any frame verified. */
export function akazeLead(group: readonly FrameEvidence[], evidence: readonly FrameEvidence[]): FrameEvidence[] | null {
  if (group.length) return [...group];
  if (!evidence.length) return null;
  return [evidence.reduce((a, b) => (b.inliers > a.inliers ? b : a))];
}

/** Before any frame verified, a frame's weak lead: the keyframe its ORB descriptors shortlist best (`top`, bank.ts),
 * as evidence of no inliers, so the third look can follow it (a fog, a camcorder's blur leave ORB votes but no
 * verified pair: dev set, moviepy_example3's copies, docs/benchmarks.md, session 18). Only in the first
 * WEAK_LEAD_FRAMES frames read (`top` is not even asked for after them): an unrelated stream shortlists something on
 * every frame, and each weak lead costs an AKAZE pass and up to AKAZE_CANDIDATES reference frames. It is never
 * evidence itself: only what AKAZE then verifies is. */
export const WEAK_LEAD_FRAMES = 8;
export function weakLead(bank: LocalBank, top: () => { id: number } | undefined, t: number, framesRead: number): FrameEvidence[] | null {
  const id = framesRead <= WEAK_LEAD_FRAMES ? top()?.id : undefined;
  const k = id === undefined ? undefined : bank.keyframes[id];
  return k ? [{ t, filmId: k.filmId, refT: k.t, refTEnd: k.tEnd, inliers: 0, mirrored: false, area: 0 }] : null;
}

/** The lead film's keyframes (with a master to describe them from) whose spans fall within AKAZE_SLACK_S of the
 * offsets the lead allows at stream time t, nearest the lead's middle offset first, at most AKAZE_CANDIDATES (ids). */
export function akazeCandidates(bank: LocalBank, lead: readonly FrameEvidence[], t: number): number[] {
  const filmId = lead[0]!.filmId;
  const lo = Math.min(...lead.map((e) => e.refT - e.t)) - AKAZE_SLACK_S, hi = Math.max(...lead.map((e) => e.refTEnd - e.t)) + AKAZE_SLACK_S;
  const mid = (lo + hi) / 2;
  const ids: number[] = [];
  bank.keyframes.forEach((k, id) => {
    if (k.filmId === filmId && k.assetId && k.tEnd - t >= lo && k.t - t <= hi) ids.push(id);
  });
  const gap = (id: number) => Math.abs((bank.keyframes[id]!.t + bank.keyframes[id]!.tEnd) / 2 - t - mid);
  return ids.sort((a, b) => gap(a) - gap(b)).slice(0, AKAZE_CANDIDATES);
}

/** One stage run's AKAZE descriptions of reference keyframes: the keyframe's moment read from its master (grey, at the
 * keyframe's size: the pixel check's port) and described once each (null: the master gave no frame there). */
export type ReferenceAkaze = (keyframeId: number) => Promise<Keypoints | null>;
export function referenceAkaze(cv: LocalCv, bank: LocalBank, pixels: ReferencePixels): ReferenceAkaze {
  const cache = new Map<number, Promise<Keypoints | null>>();
  return (id) => {
    if (!cache.has(id)) {
      const k = bank.keyframes[id]!;
      cache.set(id, pixels(k.assetId!, k.t, k.t + 1 / PIXEL_FPS, k.width, k.height).then((fs) => (fs[0] ? cv.akaze(fs[0], k.width, k.height, AKAZE_REF_KEYPOINTS) : null)));
    }
    return cache.get(id)!;
  };
}

/** The third look at the frame at stream time t: AKAZE of the picture (mirrored as the lead is) against the lead
 * film's nearby keyframes; every keyframe that verifies, best first. */
export async function akazeLook(cv: LocalCv, bank: LocalBank, refs: ReferenceAkaze, lead: readonly FrameEvidence[], t: number, pic: Picture): Promise<FrameEvidence[]> {
  const ids = akazeCandidates(bank, lead, t);
  if (!ids.length) return [];
  const mirrored = lead[0]!.mirrored;
  const q = cv.akaze(greyFromRgb(pic.rgb, pic.width, pic.height, mirrored), pic.width, pic.height, AKAZE_QUERY_KEYPOINTS);
  const out: FrameEvidence[] = [];
  for (const id of ids) {
    const ref = bank.keyframes[id]!;
    const r = await refs(id);
    const e = r ? evidenceOf(t, ref, verifyPair(cv, q, r), mirrored) : null;
    if (e) out.push(e);
  }
  return out.sort((a, b) => b.inliers - a.inliers);
}
