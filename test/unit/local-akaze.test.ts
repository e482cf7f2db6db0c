// The local stage's third look (issue 13, matcher/local/akaze.ts): which film and which of its keyframes AKAZE is
// tried against. It follows the frames agreeing so far (else the strongest single frame), and only the lead film's
// keyframes near the offsets the lead allows, nearest first, at most AKAZE_CANDIDATES, each with a master to describe
// it from; before any frame verified, in the first WEAK_LEAD_FRAMES frames, the keyframe ORB's votes shortlist best.
// Real AKAZE on real footage: test/media/matcher-local-akaze.test.ts and the eval (docs/benchmarks.md).
import { describe, expect, it } from 'vitest';
import { AKAZE_CANDIDATES, AKAZE_SLACK_S, WEAK_LEAD_FRAMES, akazeCandidates, akazeLead, weakLead } from '../../matcher/local/akaze.ts';
import type { LocalBank } from '../../matcher/local/bank.ts';
import type { FrameEvidence } from '../../matcher/local/stage.ts';
import { keypoints } from '../kit/keypoints.ts';

const ev = (t: number, refT: number, extra: Partial<FrameEvidence> = {}): FrameEvidence => ({ t, filmId: 'a', refT, refTEnd: refT + 0.5, inliers: 30, mirrored: false, area: 1, ...extra });

/** film `a`: a keyframe every 0.5 s for 60 s (with its master); film `b`: the same times; film `c`: no master */
function bank(): LocalBank {
  const kfs = ['a', 'b', 'c'].flatMap((filmId) => Array.from({ length: 120 }, (_, i) => ({ ...keypoints(i, 1), t: i / 2, tEnd: i / 2 + 0.5, filmId, first: 0, ...(filmId === 'c' ? {} : { assetId: `${filmId}-master` }) })));
  return { keyframes: kfs } as unknown as LocalBank;
}

describe('third look: what it follows', () => {
  it('follows the agreeing frames, else the strongest frame, and nothing before a first fit', () => {
    const group = [ev(0, 10), ev(0.5, 10.5)];
    expect(akazeLead(group, [...group, ev(1, 40, { filmId: 'b', inliers: 90 })])).toEqual(group);
    expect(akazeLead([], [ev(0, 3, { inliers: 20 }), ev(0.5, 40, { filmId: 'b', inliers: 50 })])).toEqual([ev(0.5, 40, { filmId: 'b', inliers: 50 })]);
    expect(akazeLead([], [])).toBeNull();
  });

  it("before any frame verified, follows the frame's best-shortlisted keyframe, as no evidence, in the first frames only", () => {
    const b = bank();
    const id = 120 + 30; // film b, 15–15.5 s
    const top = () => ({ id });
    const lead = weakLead(b, top, 2, 1)!;
    expect(lead).toEqual([{ t: 2, filmId: 'b', refT: 15, refTEnd: 15.5, inliers: 0, mirrored: false, area: 0 }]);
    // the keyframes it leads to are b's around 15 s at stream 2 s
    expect(akazeCandidates(b, lead, 2).map((k) => b.keyframes[k]!).every((k) => k.filmId === 'b' && Math.abs(k.t - 15) <= AKAZE_SLACK_S + 0.5)).toBe(true);
    expect(weakLead(b, top, 2, WEAK_LEAD_FRAMES)).not.toBeNull();
    // past the cap the shortlist is not even asked for
    expect(weakLead(b, () => expect.unreachable('shortlisted past the cap'), 2, WEAK_LEAD_FRAMES + 1)).toBeNull();
    expect(weakLead(b, () => undefined, 2, 1)).toBeNull();
  });

  it("tries the lead film's keyframes near its offset only, nearest first, at most AKAZE_CANDIDATES", () => {
    const b = bank();
    // two frames at stream 0–0.5 s showing film time 10–11 s: offset ≈ 10 s; the frame at stream 4 s shows ≈ 14 s
    const ids = akazeCandidates(b, [ev(0, 10), ev(0.5, 10.5)], 4);
    expect(ids.length).toBe(AKAZE_CANDIDATES);
    const ks = ids.map((id) => b.keyframes[id]!);
    expect(new Set(ks.map((k) => k.filmId))).toEqual(new Set(['a']));
    for (const k of ks) expect(Math.abs(k.t - 14)).toBeLessThanOrEqual(AKAZE_SLACK_S + 0.5);
    expect(ks[0]!.t).toBeCloseTo(14, 0);
    expect(ks.map((k) => Math.abs(k.t + 0.25 - 14.25))).toEqual([...ks.map((k) => Math.abs(k.t + 0.25 - 14.25))].sort((x, y) => x - y));
  });

  it('skips keyframes with no master to describe, and offsets outside the film', () => {
    const b = bank();
    expect(akazeCandidates(b, [ev(0, 10, { filmId: 'c' })], 1)).toEqual([]);
    expect(akazeCandidates(b, [ev(0, 100)], 1)).toEqual([]);
    // at the film's start the window is cut by the film, not shifted
    expect(akazeCandidates(b, [ev(5, 0)], 5).map((id) => b.keyframes[id]!.t).every((t) => t <= AKAZE_SLACK_S + 0.5)).toBe(true);
  });
});
