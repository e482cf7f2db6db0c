// The checks at one moment of the film (issue 13). pixels.ts and motion.ts, left alone, let every query frame pick the
// reference moment that suits it best within its keyframe's window. Footage of the film's own set shot for something
// else (on a feature-length film the structural rules pass it) then finds, frame by frame, a moment where the signer
// stands as in the query: on the dev set's feature-length stand-in one unregistered clip scored pixels 0.84 and
// motion 0.50 that way, as copies do, with its frames' best moments 1.8 s apart. A copy shows the film at one offset:
// here each frame's best moment proposes an offset, every frame is scored at that offset (± ALIGN_TOL_S, reading the
// film there when the frame's own window does not reach it) and the group's scores are the means at the best one.
import { bestDifference, MOTION_MAX_GAP_S, motionScore, queryDifference } from './motion.ts';
import { blockNcc, PIXEL_FPS, prepareFrame, type Picture, type Prepared, type WindowReader } from './pixels.ts';
import type { FrameEvidence } from './stage.ts';

/** a frame counts at a proposed offset through the reference frames within this much of its moment there */
export const ALIGN_TOL_S = 0.1;
/** offsets tried: the best moments of the strongest frames, at least ALIGN_TOL_S apart */
export const ALIGN_OFFSETS = 4;

/** a frame made ready (pixels.ts) with the offset (film − query seconds) of its best moment in its window; null:
 * nothing to compare */
export type Aligned = Prepared & { lag: number | null };

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** a frame made ready with its best moment, and the offsets its group's strongest frames propose (align.ts, refine.ts) */
export interface Proposal {
  frames: Aligned[];
  offsets: number[];
}

/** Each frame of the group made ready (pixels.ts) with its best moment; the offsets the strongest frames propose. */
export async function propose(read: WindowReader, group: readonly FrameEvidence[], pictures: ReadonlyMap<number, Picture>): Promise<Proposal> {
  const frames: Aligned[] = [];
  for (const e of [...group].sort((a, b) => a.t - b.t)) {
    const f = await prepareFrame(read, e, pictures);
    if (!f) continue;
    let lag: number | null = null, best = -Infinity;
    f.ncc.forEach((s, i) => { if (s > best) (best = s), (lag = f.win.from + i / PIXEL_FPS - e.t); });
    frames.push({ ...f, lag });
  }
  const offsets: number[] = [];
  for (const f of [...frames].sort((a, b) => b.e.inliers - a.e.inliers)) if (f.lag !== null && offsets.length < ALIGN_OFFSETS && offsets.every((o) => Math.abs(o - f.lag!) > ALIGN_TOL_S)) offsets.push(f.lag);
  return { frames, offsets };
}

/** the frame's reference frames within ALIGN_TOL_S of its moment at `offset`: from its window, or read there */
export async function moment(read: WindowReader, f: Aligned, offset: number): Promise<Float32Array[]> {
  const at = f.e.t + offset, i0 = Math.round((at - ALIGN_TOL_S - f.win.from) * PIXEL_FPS), i1 = Math.round((at + ALIGN_TOL_S - f.win.from) * PIXEL_FPS);
  if (i0 >= 0 && i1 < f.win.ref.length) return f.win.ref.slice(i0, i1 + 1);
  if (at + ALIGN_TOL_S < 0) return [];
  const from = Math.round(Math.max(0, at - ALIGN_TOL_S) * PIXEL_FPS) / PIXEL_FPS;
  return read.span(f.e.assetId!, from, from + 2 * ALIGN_TOL_S + 1 / PIXEL_FPS, f.e.refSize!.width, f.e.refSize!.height);
}

/** reference frames and the mean of each adjacent pair: a copy's frame that lies between two of the film's (a frame
 * rate converted by blending, a camcorder's exposure across both) */
export const withBetween = (refs: readonly Float32Array[]): Float32Array[] => [...refs, ...refs.slice(1).map((r, i) => r.map((v, k) => (v + refs[i]![k]!) / 2))];

/** The mean over the frames of each one's best correlation at `offset` (`between`: also with the means of adjacent
 * reference frames); a frame the film does not show there counts against it (−1 when nothing compares). */
export async function pixelsAt(read: WindowReader, frames: readonly Aligned[], offset: number, between = false): Promise<number> {
  const scores: number[] = [];
  for (const f of frames) {
    if (f.lag === null) continue;
    const refs = await moment(read, f, offset);
    const s = Math.max(-1, ...(between ? withBetween(refs) : refs).map((r) => blockNcc(f.q.img, f.q.valid, r, f.W, f.H, f.use)).filter((x) => !Number.isNaN(x)));
    scores.push(s);
  }
  return mean(scores) ?? -1;
}

/** The scores at the best of `offsets` (each frame as `at` gives it there: align.ts its own registration, refine.ts
 * one refined at that moment). */
export async function bestOffset(read: WindowReader, offsets: readonly number[], at: (offset: number) => Promise<readonly Aligned[]>, between = false): Promise<{ pixels: number; motion: number | null; offsetS: number }> {
  let best = offsets[0]!, bestScore = -Infinity, bestFrames: readonly Aligned[] = [];
  for (const o of offsets) {
    const frames = await at(o);
    const s = await pixelsAt(read, frames, o, between);
    if (s > bestScore) (bestScore = s), (best = o), (bestFrames = frames);
  }
  return { pixels: round3(Math.max(0, bestScore)), motion: await motionAt(bestFrames, best, (f, o) => moment(read, f, o)), offsetS: round3(best) };
}

/** The group's pixel and motion scores at its best common offset (null where there is nothing to compare; a group no
 * frame of which has moving blocks keeps motion.ts's own score) and that offset. */
export async function alignedChecks(read: WindowReader, group: readonly FrameEvidence[], pictures: ReadonlyMap<number, Picture>, proposal?: Proposal): Promise<{ pixels: number | null; motion: number | null; offsetS: number | null }> {
  const { frames, offsets } = proposal ?? (await propose(read, group, pictures));
  if (!offsets.length) return { pixels: null, motion: await motionScore(read, group, pictures), offsetS: null };
  return bestOffset(read, offsets, async () => frames);
}

/** motion.ts's comparison of two frames' difference, with both reference frames taken at the offset */
async function motionAt(frames: readonly Aligned[], offset: number, moment: (f: Aligned, o: number) => Promise<Float32Array[]>): Promise<number | null> {
  const scores: number[] = [];
  for (let k = 1; k < frames.length; k++) {
    const a = frames[k - 1]!, b = frames[k]!;
    if (b.e.t - a.e.t > MOTION_MAX_GAP_S || a.e.mirrored !== b.e.mirrored || a.e.assetId !== b.e.assetId) continue;
    const { W, H } = a, [ma, mb] = [await moment(a, offset), await moment(b, offset)];
    const { dq, valid } = queryDifference(a.e, a.pic, b.e, b.pic, W, H);
    // a's and b's moments at the offset, one reference frame either way
    const pairs = function* () {
      for (let i = 0; i < ma.length; i++) for (let j = Math.max(0, i - 1); j <= i + 1 && j < mb.length; j++) yield [ma[i]!, mb[j]!] as const;
    };
    const s = bestDifference(dq, valid, W, H, pairs());
    if (Number.isFinite(s)) scores.push(s);
  }
  const m = mean(scores);
  return m === null ? null : round3(m);
}
