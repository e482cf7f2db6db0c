// The local-feature stage (issue 13): for each query frame (and its mirror) the shortlisted reference keyframes are
// verified geometrically (verify.ts); a frame is evidence for (film, offset span) when its best keyframe keeps
// MIN_INLIERS RANSAC inliers spread over the picture. A film is found when MIN_FRAMES frames agree on it and on the
// offset (their spans overlap within OFFSET_SLACK_S), in one orientation. It runs only where pictures said `review`
// or nothing (match.ts) and stops at the first frame that completes the evidence — or, while the checks do not confirm
// a group no rule refused (at one offset, align.ts; then with each frame registered again at its moment, refine.ts),
// reads on, checking it again each time it has doubled, up to MORE_FRAMES.
import { akazeLead, akazeLook, referenceAkaze, weakLead } from './akaze.ts';
import { alignedChecks, propose } from './align.ts';
import type { LocalBank } from './bank.ts';
import { shortlist, stopOf } from './bank.ts';
import type { Keypoints, LocalCv } from './cv.ts';
import type { QueryFrame } from './features.ts';
import { MOTION_FLOOR, MOTION_MIN, MOTION_PIXEL_MIN, motionScore } from './motion.ts';
import { PIXEL_MIN, pixelScore, windowReader, type ReferencePixels, type WindowReader } from './pixels.ts';
import { refinedChecks } from './refine.ts';
import { evidenceOf, verifyPair } from './verify.ts';
import { secondLook } from './zoom.ts';

/** keyframes verified per query frame (and per orientation) */
export const SHORTLIST_K = 4;
/** a keyframe needs this many query descriptors voting for it to be verified */
export const SHORTLIST_MIN = 6;
/** agreeing frames a `match` needs */
export const MIN_FRAMES = 3;
export const OFFSET_SLACK_S = 1.5;
/** frames read before giving up when not one of them verified against any film (the stream is nobody's: the frames
 * after it are read only while there is a lead, so an unrelated stream costs what it did before the budget grew) */
export const QUERY_LEAD_FRAMES = 16;

export interface FrameEvidence {
  t: number;
  filmId: string;
  refT: number;
  refTEnd: number;
  inliers: number;
  mirrored: boolean;
  area: number;
  /** for the pixel check: the homography (reference → query pixels), the keyframe's asset and picture size */
  h?: number[];
  assetId?: string;
  refSize?: { width: number; height: number };
}

/** why enough agreeing frames were not a `match` (LocalVerdict.refused): a structural rule the checks did not lift
 * (shared, pinned, still), or the checks did not confirm a group no rule refused (unconfirmed) */
export const REFUSALS = ['shared', 'pinned', 'still', 'unconfirmed'] as const;
export type Refusal = (typeof REFUSALS)[number];

export interface LocalVerdict {
  /** film found with MIN_FRAMES agreeing frames; null when none */
  filmId: string | null;
  /** film time minus stream time of the agreeing frames (median), for a found film and for a refused one */
  offsetSeconds: number | null;
  frames: number;
  /** agreeing frames and their inliers */
  agreeing: FrameEvidence[];
  /** every frame's best evidence (for reports) */
  evidence: FrameEvidence[];
  /** seconds of query footage read until the decision (first frame to the deciding one) */
  secondsNeeded: number | null;
  /** the best film even when below MIN_FRAMES, with its agreeing frame count */
  best: { filmId: string; frames: number; inliers: number } | null;
  /** the winner's share of descriptors shared with other films (found only when ≤ MAX_SHARED_SHARE) */
  shared: number;
  /** CPU of the stage (process.cpuUsage): every query frame's two ORB passes, shortlists and verifications */
  cpuMs: number;
  /** why enough agreeing frames did not make a `match`: the film shares its picture with another registered film
   * (`shared`), the frames all show one picture of the film (`still`: footage of the same place shows it too), or they
   * do not pin the copy to a part of the film (`pinned`: a clip of a few seconds); unless the checks lift it (`lifts`).
   * Or the group passed those rules but the checks do not confirm it (`unconfirmed`: `confirms`). Such evidence is a
   * lead for an investigator (matchMedia turns `no_match` into `review`), never a `match`. */
  refused: Refusal | null;
  /** the pixel check's score of the agreeing group (pixels.ts; `lifts` a group a structural rule refused, each frame
   * at its best moment; `confirms` one no rule refused, every frame at the group's common offset: align.ts); null when
   * it did not run (no group, no reference frames to read) or found nothing moving to compare */
  pixels: number | null;
  /** the motion check's score of the same group, read the same way (motion.ts, align.ts; with pixels ≥ MOTION_PIXEL_MIN,
   * ≥ MOTION_MIN lifts or confirms it); null when it did not run or had no pair of frames to compare */
  motion: number | null;
  /** the offset (film − query seconds) at which the checks compared every frame of a group no rule refused (align.ts:
   * means at one offset); null when each frame was compared at its own best moment (medians), or nothing ran */
  checksOffsetS: number | null;
  /** the checks' scores at that offset are the refined pass's (refine.ts): each frame's registration refined onto the
   * reference frame at its moment there, and compared with the mean of two adjacent reference frames as well; it
   * stands only where the registration as verified did not confirm the group and, refined, the picture is close and
   * moves as the film does (`unrefused`) */
  checksRefined: boolean;
  /** the refined pass's own scores whenever it ran (the first check did not confirm a group no rule refused), whether
   * or not they confirmed it: how close a lead came (null: it did not run, or had no offset to try) */
  refinedScores: { pixels: number; motion: number | null; offsetS: number } | null;
  /** the agreeing frames' pictures (when the frames came with them), most inliers first, at most EVIDENCE_PICTURES */
  pictures: Array<{ t: number; rgb: Uint8Array; width: number; height: number }>;
}

export const EVIDENCE_PICTURES = 8;
/** The agreeing frames as evidence: most inliers first, at most EVIDENCE_PICTURES (the pictures and the record's list). */
export const strongest = (group: readonly FrameEvidence[]) => [...group].sort((a, b) => b.inliers - a.inliers || a.t - b.t).slice(0, EVIDENCE_PICTURES);

/** What the stage's verdict makes of the decision pictures and sound reached: its `match`, or — where they found
 * nothing — `review` of the film of its refused evidence (a lead for an investigator, never a `match`); null: no change. */
export function localOutcome(v: Pick<LocalVerdict, 'filmId' | 'refused' | 'best'>, decision: 'match' | 'review' | 'no_match'): { decision: 'match' | 'review'; filmId: string } | null {
  if (v.filmId) return { decision: 'match', filmId: v.filmId };
  return v.refused && decision === 'no_match' && v.best ? { decision: 'review', filmId: v.best.filmId } : null;
}

/** Whether a decision record (matchMedia's `stage` and `local` summary) says local features decided `filmId`: the
 * stage's `match`, or its lead for that film. The packets, the registry's reason and `kuzet match` read it so. */
export function decidedByLocal(record: { stage?: unknown; local?: { refused?: unknown; leadFilmId?: unknown } | null }, filmId: string | null | undefined): boolean {
  return record.stage === 'local' || (record.local?.refused != null && filmId != null && record.local.leadFilmId === filmId);
}

/** Every shortlisted keyframe that verifies (MIN_INLIERS, MIN_SPREAD), best first. */
export function verifiedForFrame(cv: LocalCv, bank: LocalBank, t: number, kp: Keypoints, mirrored: boolean): FrameEvidence[] {
  const out: FrameEvidence[] = [];
  for (const c of shortlist(bank, kp, SHORTLIST_K, SHORTLIST_MIN)) {
    const ref = bank.keyframes[c.id]!;
    const e = evidenceOf(t, ref, verifyPair(cv, kp, ref, stopOf(bank, c.id)), mirrored);
    if (e) out.push(e);
  }
  return out.sort((a, b) => b.inliers - a.inliers);
}

/** A frame whose best film is not clearly ahead of another film (same set, same signer: look-alikes) proves nothing:
 * it keeps only its best film's evidence, and only when that has AMBIGUITY_RATIO × the inliers of any other film. */
export const AMBIGUITY_RATIO = 1.5;
export function unambiguous(evidence: readonly FrameEvidence[]): FrameEvidence[] {
  const byT = new Map<number, FrameEvidence[]>();
  for (const e of evidence) byT.set(e.t, [...(byT.get(e.t) ?? []), e]);
  const out: FrameEvidence[] = [];
  for (const list of byT.values()) {
    const top = list.reduce((a, b) => (b.inliers > a.inliers ? b : a));
    const other = Math.max(0, ...list.filter((e) => e.filmId !== top.filmId).map((e) => e.inliers));
    if (top.inliers >= AMBIGUITY_RATIO * other) out.push(...list.filter((e) => e.filmId === top.filmId && e.mirrored === top.mirrored));
  }
  return out;
}

/** The largest group of frames agreeing on film, orientation and offset span (one evidence per frame, its best). */
export function agree(evidence: readonly FrameEvidence[]): FrameEvidence[] {
  let best: FrameEvidence[] = [];
  const sum = (g: FrameEvidence[]) => g.reduce((s, e) => s + e.inliers, 0);
  for (const a of evidence) {
    const lo = a.refT - a.t - OFFSET_SLACK_S, hi = a.refTEnd - a.t + OFFSET_SLACK_S;
    const perT = new Map<number, FrameEvidence>();
    for (const e of evidence) {
      if (e.filmId !== a.filmId || e.mirrored !== a.mirrored || e.refTEnd - e.t < lo || e.refT - e.t > hi) continue;
      const cur = perT.get(e.t);
      if (!cur || e.inliers > cur.inliers) perT.set(e.t, e);
    }
    const group = [...perT.values()].sort((x, y) => x.t - y.t);
    if (group.length > best.length || (group.length === best.length && sum(group) > sum(best))) best = group;
  }
  return best;
}

/** A film much of whose picture another registered film shows in the same arrangement (the same set, the same
 * signer: a series' episodes) cannot be told from an unregistered sibling by the set's keypoints: for it the stage
 * decides only when the pixel check agrees (the moving part of the picture; PDQ and audio still decide as before). Dev set, geometric share: asl_please 0.51, asl_sorry 0.48, asl_school 0.11,
 * asl_no 0.01, every non-ASL film 0. */
export const MAX_SHARED_SHARE = 0.35;

/** The agreeing frames must pin the copy to a part of the film: the offsets they allow (the union of their keyframes'
 * spans, ± OFFSET_SLACK_S) may cover at most this share of the film. On a clip of a few seconds every offset agrees,
 * so temporal consistency tells nothing and a look-alike of the same set passed (dev set: unregistered ASL clips
 * against registered ones, 3–5 frames, 50–166 inliers); on a feature film the rule costs nothing. */
export const PIN_SHARE = 0.5;
/** the offsets the group allows, as a window length (seconds) */
export function offsetWindow(group: readonly FrameEvidence[]): number {
  if (!group.length) return Infinity;
  const lo = Math.min(...group.map((e) => e.refT - e.t));
  const hi = Math.max(...group.map((e) => e.refTEnd - e.t));
  return hi - lo + 2 * OFFSET_SLACK_S;
}

/** A copy shows the film moving on: its agreeing frames land on at least MIN_KEYFRAMES distinct reference keyframes
 * (a look-alike of the same set keeps matching one picture of it). A group on fewer is refused as `still`; the pixel
 * check can lift it (a 2-s clip is one keyframe: dev set, moviepy_example). */
export const MIN_KEYFRAMES = 2;
const keyframesOf = (g: readonly FrameEvidence[]) => new Set(g.map((e) => e.refT)).size;

/** The clause `lifts` and `confirms` share: the picture is close (≥ MOTION_PIXEL_MIN) and it moves as the film does
 * (≥ MOTION_MIN). */
const movesAsFilm = (pixels: number, motion: number | null) => pixels >= MOTION_PIXEL_MIN && motion !== null && motion >= MOTION_MIN;

/** Whether the checks lift a group a rule refused: its picture agrees (the pixel check, ≥ PIXEL_MIN) and its motion
 * does not contradict it (≥ MOTION_FLOOR, or no pair of frames to measure), or its picture is close
 * (≥ MOTION_PIXEL_MIN) and it moves as the film does (the motion check, ≥ MOTION_MIN). */
export function lifts(pixels: number | null, motion: number | null): boolean {
  if (pixels === null) return false;
  return movesAsFilm(pixels, motion) || (pixels >= PIXEL_MIN && (motion === null || motion >= MOTION_FLOOR));
}

/** Whether the checks confirm a group no structural rule refused (on a feature-length film the pin rule passes every
 * group, so footage of the film's set shot for something else reaches this point: dev set, EVAL_FEATURE=1; its scores
 * are taken at one offset for all its frames, align.ts). Its picture
 * agrees (≥ PIXEL_MIN), or it is close and moves as the film does (≥ MOTION_PIXEL_MIN and ≥ MOTION_MIN). Where no
 * frame's blocks move enough for the pixel check (slow movement) the motion check alone must reach MOTION_MIN; with
 * nothing to compare at all (both null: a still shot, no master to read) nothing contradicts the keypoints. No floor on
 * the motion here: the floor refuses a frozen picture, which the still rule already refuses, and a copy of repetitive
 * footage scores low on motion while its picture agrees (dev set: intel_bottle, pixels 0.87–0.96, motion 0.08–0.38). */
export function confirms(pixels: number | null, motion: number | null): boolean {
  if (pixels === null) return motion === null || motion >= MOTION_MIN;
  return pixels >= PIXEL_MIN || movesAsFilm(pixels, motion);
}

/** A completed group no rule refused that the checks do not confirm (`unconfirmed`) is not judged on its first
 * MIN_FRAMES frames alone: the stage reads on until the group has twice as many frames (or the input ends) and checks
 * it once more, at one offset (align.ts), and again at twice that, up to MORE_FRAMES (3 → 6 → 12: at most two more
 * checks). A copy's frames keep showing the film at its offset, so frames that prefer another moment (repetitive
 * footage) or that the camcorder blurred weigh less among more; a look-alike's extra frames do not show the film at
 * that offset and pull its mean down (dev set, feature-length stand-in: the look-alikes' highest pixels 0.787 at
 * three frames, 0.757 read on to six, 0.681 to twelve; intel_bottle's camcord-seat copy 0.50 / 0.49 at six, 0.61 /
 * 0.69 at twelve). Not for a group a rule refused: its checks let every frame pick the moment that suits it, so each
 * extra frame is one more chance for a look-alike (dev set: asl_yes camcord-seat → asl_no read on to pixels 0.801, a
 * false `match`). */
export const MORE_FRAMES = 12;

interface Checked {
  size: number;
  winner: string | null;
  found: string | null;
  rule: Exclude<Refusal, 'unconfirmed'> | null;
  shared: number;
  pixels: number | null;
  motion: number | null;
  offsetS: number | null;
  refined: boolean;
  tried: LocalVerdict['refinedScores'];
  cpuMs: number;
}

/** The structural rules and the checks on a group (its winner: the film of MIN_FRAMES or more agreeing frames);
 * `reader`: the stage run's one reader of the master (null: none to read), so a group checked again after reading on
 * reuses the windows its first check decoded. */
async function check(cv: LocalCv, bank: LocalBank, group: FrameEvidence[], need: number, seen: ReadonlyMap<number, NonNullable<QueryFrame['pixels']>>, reader: WindowReader | null): Promise<Checked> {
  const winner = group.length >= need && group[0] ? group[0].filmId : null;
  const shared = winner ? (bank.sharedShare.get(winner) ?? 0) : 0;
  const pinned = winner ? offsetWindow(group) <= PIN_SHARE * (bank.durationS.get(winner) ?? 0) : false;
  // a group a structural rule refuses (on it the same set verifies in a look-alike as well as in a copy) is lifted
  // when the moving part of the picture agrees too (pixels.ts) and its motion does not contradict it, or when the
  // picture is close and it moves as the film does (motion.ts; `lifts`); a group no rule refuses must be confirmed by
  // the same checks (`confirms`), or it is refused as `unconfirmed`
  const rule = !winner ? null : shared > MAX_SHARED_SHARE ? 'shared' : keyframesOf(group) < MIN_KEYFRAMES ? 'still' : pinned ? null : 'pinned';
  const p0 = process.cpuUsage();
  const read = winner ? reader : null;
  // a group a rule refused is scored frame by frame, each at its best moment (the checks were calibrated so against
  // look-alikes on clips of a few seconds); a group none refused, at the one offset its frames share (align.ts)
  const none = { pixels: null, motion: null, offsetS: null, refined: false, tried: null };
  const { pixels, motion, offsetS, refined, tried } = !read ? none : rule ? { ...none, pixels: await pixelScore(read, group, seen), motion: await motionScore(read, group, seen) } : await unrefused(cv, read, group, seen);
  const pc = process.cpuUsage(p0);
  const found = winner && (rule ? lifts(pixels, motion) : confirms(pixels, motion)) ? winner : null;
  return { size: group.length, winner, found, rule, shared, pixels, motion, offsetS, refined, tried, cpuMs: (pc.user + pc.system) / 1000 };
}

/** A group no rule refused, at one offset (align.ts); where that does not confirm it, once more with every frame's
 * registration refined at its moment (refine.ts). The refined scores stand only when the picture is close and it
 * moves as the film does (`movesAsFilm`), never on the picture alone: ECC fits each frame's registration to maximise
 * that very correlation, which lifts look-alikes too (feature-length stand-in, session 19: their pixels 0.68 → 0.80 refined,
 * their motion at most 0.41), while the change between two frames is not what it fits. */
async function unrefused(cv: LocalCv, read: WindowReader, group: readonly FrameEvidence[], seen: ReadonlyMap<number, NonNullable<QueryFrame['pixels']>>) {
  const proposal = await propose(read, group, seen);
  const plain = { ...(await alignedChecks(read, group, seen, proposal)), refined: false, tried: null };
  if (confirms(plain.pixels, plain.motion)) return plain;
  const again = await refinedChecks(cv, read, proposal);
  return again && movesAsFilm(again.pixels, again.motion) ? { ...again, refined: true, tried: again } : { ...plain, tried: again };
}

export async function runLocalStage(cv: LocalCv, bank: LocalBank, frames: AsyncIterable<QueryFrame> | Iterable<QueryFrame>, opts: { minFrames?: number; leadFrames?: number; pixels?: ReferencePixels } = {}): Promise<LocalVerdict> {
  const need = opts.minFrames ?? MIN_FRAMES;
  const evidence: FrameEvidence[] = [];
  let first: number | null = null;
  let n = 0;
  let cpuMs = 0;
  let group: FrameEvidence[] = [];
  let secondsNeeded: number | null = null;
  let last: number | null = null;
  const seen = new Map<number, NonNullable<QueryFrame['pixels']>>();
  // the group size at which the checks run: MIN_FRAMES, then (while they do not confirm an unrefused group) twice
  // that, up to MORE_FRAMES
  let target = need;
  let checked: Checked | null = null;
  const reader = opts.pixels ? windowReader(opts.pixels) : null;
  const refs = opts.pixels ? referenceAkaze(cv, bank, opts.pixels) : null;
  for await (const f of frames) {
    const c0 = process.cpuUsage();
    first ??= f.t;
    last = f.t;
    n++;
    const before = evidence.length;
    for (const [kp, mirrored] of [[f.kp, false], [f.mirrored, true]] as const) evidence.push(...verifiedForFrame(cv, bank, f.t, kp, mirrored));
    // a frame that did not verify, where an earlier one found the film: look again, enlarged or rectified (zoom.ts)
    const again = evidence.length === before && f.pixels ? secondLook(cv, evidence, f.pixels) : null;
    if (again) evidence.push(...verifiedForFrame(cv, bank, f.t, again.kp, again.mirrored));
    // still nothing, where some frame pointed at a film (before any did: where its ORB votes point, in the first few
    // frames): AKAZE against that film's keyframes near its offset (akaze.ts)
    const look = evidence.length === before && f.pixels && refs;
    const lead = !look ? null : (akazeLead(group, evidence) ?? weakLead(bank, () => shortlist(bank, f.kp, 1, SHORTLIST_MIN)[0], f.t, n));
    if (lead) evidence.push(...(await akazeLook(cv, bank, refs!, lead, f.t, f.pixels!)));
    if (evidence.length > before && f.pixels) seen.set(f.t, f.pixels);
    group = agree(unambiguous(evidence));
    const c = process.cpuUsage(c0);
    // the frame's ORB passes (measured where they ran, in queryFrames) + its shortlists and verifications here
    cpuMs += (c.user + c.system) / 1000 + (f.cpuMs ?? 0);
    if (group.length >= target && keyframesOf(group) >= MIN_KEYFRAMES) {
      secondsNeeded = Math.round((f.t - first + 0.5) * 10) / 10;
      checked = await check(cv, bank, group, need, seen, reader);
      cpuMs += checked.cpuMs;
      if (checked.found || checked.rule || target >= MORE_FRAMES) break;
      target = Math.min(MORE_FRAMES, 2 * target);
    }
    if (n >= (opts.leadFrames ?? QUERY_LEAD_FRAMES) && !group.length) break;
  }
  // the input ended first: the group as it stands (a still one never completed the evidence; one read on may have grown)
  if (!checked || (!checked.found && group.length > checked.size)) {
    checked = await check(cv, bank, group, need, seen, reader);
    cpuMs += checked.cpuMs;
    // a group decided after the loop (or read on to the end) needed every frame read
    if ((checked.found || secondsNeeded !== null) && first !== null && last !== null) secondsNeeded = Math.round((last - first + 0.5) * 10) / 10;
  }
  const { winner, found, rule, shared, pixels, motion, offsetS, refined, tried } = checked;
  const frames_ = group.length;
  const refused = found || !winner ? null : (rule ?? 'unconfirmed');
  const offs = group.map((e) => e.refT - e.t).sort((a, b) => a - b);
  return {
    filmId: found,
    // the offset of a found film, and of a refused one (the lead an investigator checks)
    offsetSeconds: winner ? Math.round(offs[offs.length >> 1]! * 10) / 10 : null,
    frames: n,
    agreeing: group,
    evidence,
    secondsNeeded,
    best: group[0] ? { filmId: group[0].filmId, frames: frames_, inliers: group.reduce((s, e) => s + e.inliers, 0) } : null,
    shared,
    cpuMs: Math.round(cpuMs),
    refused,
    pixels,
    motion,
    checksOffsetS: offsetS,
    checksRefined: refined,
    refinedScores: tried,
    pictures: strongest(group).flatMap((e) => (seen.has(e.t) ? [{ t: e.t, ...seen.get(e.t)! }] : [])),
  };
}
