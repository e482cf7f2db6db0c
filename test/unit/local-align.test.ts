// The checks at one moment of the film (issue 13, matcher/local/align.ts) on synthetic footage (test/kit/film.ts): a
// still set on the left, a textured subject sliding on the right, through a 10-s master read by film time. A copy
// shows the film at one offset; footage of the same set whose frames each resemble some moment of the film, but not
// at one offset (another take: the same opening movement, then its own), scores as a copy frame by frame and not at
// one offset. OpenCV is not needed: the homographies are given.
import { describe, expect, it } from 'vitest';
import { alignedChecks } from '../../matcher/local/align.ts';
import { motionScore } from '../../matcher/local/motion.ts';
import { PIXEL_FPS, PIXEL_MIN, pixelScore, windowReader, type ReferencePixels } from '../../matcher/local/pixels.ts';
import { buildLocalBank } from '../../matcher/local/bank.ts';
import type { Keyframe, QueryFrame } from '../../matcher/local/features.ts';
import { confirms, MORE_FRAMES, runLocalStage } from '../../matcher/local/stage.ts';
import { frame, group, master, picture } from '../kit/film.ts';
import { H, identityCv, keypoints, W } from '../kit/keypoints.ts';

describe('local stage: the checks at one moment of the film', () => {
  it('a copy scores as a copy at its offset', async () => {
    const { g, pictures } = group([0, 0.5, 1], [3, 3.5, 4], 3, 5);
    const s = await alignedChecks(windowReader(master().port), g, pictures);
    expect(s.offsetS).toBeCloseTo(3, 1);
    expect(s.pixels!).toBeGreaterThanOrEqual(PIXEL_MIN);
    expect(s.motion!).toBeGreaterThan(0.8);
    expect(confirms(s.pixels, s.motion)).toBe(true);
  });

  it('footage whose frames each resemble the film, at different offsets, is a copy frame by frame and not at one offset', async () => {
    // half a second apart, the frames show the film at 3 s, 3.7 s and 5.2 s: each is in the film, none at one offset
    const { g, pictures } = group([0, 0.5, 1], [3, 3.7, 5.2], 3, 6);
    const read = windowReader(master().port);
    const byFrame = { pixels: await pixelScore(read, g, pictures), motion: await motionScore(read, g, pictures) };
    expect(byFrame.pixels!).toBeGreaterThanOrEqual(PIXEL_MIN);
    expect(confirms(byFrame.pixels, byFrame.motion)).toBe(true);
    const s = await alignedChecks(read, g, pictures);
    expect(s.pixels!).toBeLessThan(PIXEL_MIN);
    expect(confirms(s.pixels, s.motion)).toBe(false);
  });

  it('reads the film at the offset where a frame\'s own window does not reach it (repetitive footage verifying seconds away)', async () => {
    // every frame verified on the keyframe at 4–6 s (window 3–7 s); the copy starts at 2.5 s
    const { g, pictures } = group([0, 0.5, 1, 1.5], [2.5, 3, 3.5, 4], 4, 6);
    const m = master();
    const s = await alignedChecks(windowReader(m.port), g, pictures);
    expect(s.offsetS).toBeCloseTo(2.5, 1);
    expect(s.pixels!).toBeGreaterThanOrEqual(PIXEL_MIN);
    expect(m.spans.some(([from, to]) => from < 3 && to < 3)).toBe(true);
  });

  it('a group with nothing moving keeps the motion check\'s own score, and no pixel score', async () => {
    const still: ReferencePixels = async (_a, fromS, toS) => Array.from({ length: Math.round((toS - fromS) * PIXEL_FPS) + 1 }, () => frame(0));
    const { g, pictures } = group([0, 0.5, 1], [0, 0, 0], 3, 5);
    expect(await alignedChecks(windowReader(still), g, pictures)).toMatchObject({ pixels: null, offsetS: null });
  });

  it('decides the stage on a long film: a copy is a `match`, the other take a lead (`unconfirmed`)', async () => {
    // a 10-minute film (the pin rule passes every group); query frames 0 and 0.5 s verify on the keyframe at 3 s,
    // frame 1 s on the one at 4 s: three agreeing frames on two keyframes, no structural rule refuses them
    const kf = (t: number, tEnd: number, seed: number): Keyframe => ({ ...keypoints(seed), t, tEnd });
    const bank = buildLocalBank([{ filmId: 'film', assetId: 'master', keyframes: [kf(3, 4, 1), kf(4, 6, 2), kf(590, 590.5, 3)] }]);
    const none = { width: W, height: H, n: 0, xy: new Float32Array(0), desc: new Uint32Array(0) };
    async function* stream(shown: number[]): AsyncGenerator<QueryFrame> {
      for (const [i, t] of [0, 0.5, 1].entries()) yield { t, kp: keypoints(t < 1 ? 1 : 2), mirrored: none, pixels: picture(shown[i]!) };
    }
    const copy = await runLocalStage(identityCv, bank, stream([3, 3.5, 4]), { pixels: master().port });
    expect(copy).toMatchObject({ filmId: 'film', refused: null });
    const other = await runLocalStage(identityCv, bank, stream([3, 3.7, 5.2]), { pixels: master().port });
    expect(other).toMatchObject({ filmId: null, refused: 'unconfirmed', best: { filmId: 'film', frames: 3 } });
  });

  it('reads on when the checks leave three frames undecided: one frame of three at another moment does not sink a copy, two of six do not either, and a look-alike stays a lead', async () => {
    expect(MORE_FRAMES).toBe(12);
    const kf = (t: number, tEnd: number, seed: number): Keyframe => ({ ...keypoints(seed), t, tEnd });
    const bank = buildLocalBank([{ filmId: 'film', assetId: 'master', keyframes: [kf(3, 4, 1), kf(4, 6, 2), kf(590, 590.5, 3)] }]);
    const none = { width: W, height: H, n: 0, xy: new Float32Array(0), desc: new Uint32Array(0) };
    let read = 0;
    async function* stream(shown: number[]): AsyncGenerator<QueryFrame> {
      read = 0;
      for (const [i, film] of shown.entries()) {
        read++;
        yield { t: i / 2, kp: keypoints(i < 2 ? 1 : 2), mirrored: none, pixels: picture(film) };
      }
    }
    // a copy at offset 3 s whose second frame matched a moment 2.1 s away (repetitive footage): at three frames the
    // mean at one offset is under the line; the stage reads three more frames, and the six confirm it
    const m = master();
    const copy = await runLocalStage(identityCv, bank, stream([3, 5.6, 4, 4.5, 5, 5.5, 6, 6.5]), { pixels: m.port });
    expect(copy).toMatchObject({ filmId: 'film', refused: null, best: { frames: 6 }, secondsNeeded: 3 });
    expect(copy.checksOffsetS).toBeCloseTo(3, 1);
    expect(read).toBe(6);
    // the checks reuse the master's windows an earlier check decoded: no span is read twice
    expect(new Set(m.spans.map(String)).size).toBe(m.spans.length);
    // the three frames alone: a lead, as before
    const three = await runLocalStage(identityCv, bank, stream([3, 5.6, 4]), { pixels: master().port });
    expect(three).toMatchObject({ filmId: null, refused: 'unconfirmed', best: { frames: 3 } });
    // two frames of the first six at other moments (a camcorder's blurred frames): a lead at six, read on to twelve
    // and confirmed there, each check on the master's windows read once
    const twice = [3, 5.6, 4, 4.5, 3.2, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9];
    const six = await runLocalStage(identityCv, bank, stream(twice.slice(0, 6)), { pixels: master().port });
    expect(six).toMatchObject({ filmId: null, refused: 'unconfirmed', best: { frames: 6 } });
    const m12 = master();
    const twelve = await runLocalStage(identityCv, bank, stream(twice), { pixels: m12.port });
    expect(twelve).toMatchObject({ filmId: 'film', refused: null, best: { frames: 12 }, secondsNeeded: 6 });
    expect(read).toBe(12);
    expect(new Set(m12.spans.map(String)).size).toBe(m12.spans.length);
    // the other take: its frames each resemble a moment of the film, never at one offset; read on to twelve, they
    // stay a lead
    const other = await runLocalStage(identityCv, bank, stream([3, 3.7, 5.2, 4.1, 5.9, 3.3, 4.4, 6.2, 3.9, 5.1, 6.8, 4.6, 7.3]), { pixels: master().port });
    expect(other).toMatchObject({ filmId: null, refused: 'unconfirmed', best: { filmId: 'film', frames: 12 } });
    expect(read).toBe(12);
    // a copy the first three frames confirm reads no further
    await runLocalStage(identityCv, bank, stream([3, 3.5, 4, 4.5, 5, 5.5]), { pixels: master().port });
    expect(read).toBe(3);
    // nor does a group a structural rule refused (a 6-s film: the frames do not pin the copy to a part of it); its
    // checks let each frame pick its moment, so reading on would only give a look-alike another draw
    const short = buildLocalBank([{ filmId: 'film', assetId: 'master', keyframes: [kf(3, 4, 1), kf(4, 6, 2)] }]);
    expect(await runLocalStage(identityCv, short, stream([3, 3.7, 5.2, 4.1, 5.9, 3.3]), {})).toMatchObject({ filmId: null, refused: 'pinned', best: { frames: 3 } });
    expect(read).toBe(3);
  });
});
