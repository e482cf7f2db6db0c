// The checks' second try at one offset (issue 13, matcher/local/refine.ts), with OpenCV's ECC (WASM) on the synthetic
// film of test/kit/film.ts. A copy whose frames were registered a few pixels off (as a keyframe of another moment
// registers a hand-held shot through a solid scene: parallax) scores as a look-alike at every offset; refined at
// each moment it is a copy again, at its offset. Another take of the same set stays refused, refined or not.
import { beforeAll, describe, expect, it } from 'vitest';
import { alignedChecks, propose } from '../../matcher/local/align.ts';
import { buildLocalBank } from '../../matcher/local/bank.ts';
import { loadLocalCv, type LocalCv } from '../../matcher/local/cv.ts';
import type { Keyframe, QueryFrame } from '../../matcher/local/features.ts';
import { PIXEL_MIN, windowReader } from '../../matcher/local/pixels.ts';
import { refinedChecks, refinedH, refineOffsets, REFINE_MAX_SHIFT, REFINE_OFFSETS, shiftOf } from '../../matcher/local/refine.ts';
import { MOTION_MIN, MOTION_PIXEL_MIN } from '../../matcher/local/motion.ts';
import { confirms, runLocalStage } from '../../matcher/local/stage.ts';
import { group, master, picture } from '../kit/film.ts';
import { H, identityCv, keypoints, W } from '../kit/keypoints.ts';

/** registered 6 px left and 4 px down of where the picture is: across the subject's path, so no moment of the film
 * lines up with it (the subject moves right and down) */
const OFF = [1, 0, -6, 0, 1, 4, 0, 0, 1];

let cv: LocalCv;
beforeAll(async () => {
  cv = await loadLocalCv();
});

describe('local stage: the checks refined at each moment', () => {
  it('composes a warp found on the reduced grid with the frame\'s homography, and measures how far it moves the picture', () => {
    // one cell right on the reduced grid is PIXEL_SCALE (4) reference pixels
    const h = refinedH([1, 0, 10, 0, 1, 20, 0, 0, 1], [1, 0, 1, 0, 1, 0, 0, 0, 1]);
    expect(h.map((x) => Math.round(x * 1e6) / 1e6)).toEqual([1, 0, 14, 0, 1, 20, 0, 0, 1]);
    expect(shiftOf([1, 0, 3, 0, 1, 4, 0, 0, 1], 100, 50)).toBeCloseTo(0.05, 6);
    expect(shiftOf([2, 0, 0, 0, 2, 0, 0, 0, 1], 100, 50)).toBeGreaterThan(REFINE_MAX_SHIFT);
  });

  it('tries offsets across the proposals\' range, 0.2 s apart, at most REFINE_OFFSETS', () => {
    expect(refineOffsets([])).toEqual([]);
    expect(refineOffsets([4.5])).toEqual([4.5]);
    expect(refineOffsets([3.7, 4.5, 4.967, 5.2]).map((o) => Math.round(o * 100) / 100)).toEqual([3.75, 3.95, 4.15, 4.35, 4.55, 4.75, 4.95, 5.15]);
    expect(refineOffsets([0, 10])).toHaveLength(REFINE_OFFSETS);
  });

  /** the group of frames at 0, 0.5 and 1 s showing film times `shown`, registered OFF, through both passes */
  async function bothPasses(shown: number[], refTEnd: number) {
    const { g, pictures } = group([0, 0.5, 1], shown, 3, refTEnd, OFF);
    const read = windowReader(master().port);
    const proposal = await propose(read, g, pictures);
    return { plain: await alignedChecks(read, g, pictures, proposal), refined: await refinedChecks(cv, read, proposal) };
  }
  /** what the stage asks of the refined scores: the picture close and moving as the film does (stage.ts unrefused) */
  const movesAsFilm = (s: { pixels: number; motion: number | null } | null) => !!s && s.pixels >= MOTION_PIXEL_MIN && (s.motion ?? -1) >= MOTION_MIN;

  it('a copy registered a few pixels off is a look-alike at one offset, and a copy again refined at each moment', async () => {
    const { plain, refined } = await bothPasses([3, 3.5, 4], 5);
    expect(confirms(plain.pixels, plain.motion)).toBe(false);
    expect(refined!.offsetS).toBeCloseTo(3, 1);
    expect(refined!.pixels).toBeGreaterThanOrEqual(PIXEL_MIN);
    expect(movesAsFilm(refined)).toBe(true);
  });

  it('another take of the same set stays unconfirmed, refined or not', async () => {
    const { plain, refined } = await bothPasses([3, 3.7, 5.2], 6);
    expect(confirms(plain.pixels, plain.motion)).toBe(false);
    expect(movesAsFilm(refined)).toBe(false);
  });

  it('the stage: the copy is a `match` with ECC, a lead without it; the other take a lead either way', async () => {
    const kf = (t: number, tEnd: number, seed: number): Keyframe => ({ ...keypoints(seed), t, tEnd });
    const bank = buildLocalBank([{ filmId: 'film', assetId: 'master', keyframes: [kf(3, 4, 1), kf(4, 6, 2), kf(590, 590.5, 3)] }]);
    const none = { width: W, height: H, n: 0, xy: new Float32Array(0), desc: new Uint32Array(0) };
    // the stand-in's homography is identity; the pictures are drawn where OFF says they are registered
    const shifted = (film: number) => {
      const p = picture(film), rgb = new Uint8Array(p.rgb.length);
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
        const sx = Math.min(W - 1, Math.max(0, x + 6)), sy = Math.min(H - 1, Math.max(0, y - 4));
        rgb.set(p.rgb.subarray(3 * (sy * W + sx), 3 * (sy * W + sx) + 3), 3 * (y * W + x));
      }
      return { ...p, rgb };
    };
    async function* stream(shown: number[]): AsyncGenerator<QueryFrame> {
      for (const [i, t] of [0, 0.5, 1].entries()) yield { t, kp: keypoints(t < 1 ? 1 : 2), mirrored: none, pixels: shifted(shown[i]!) };
    }
    const withEcc = { ...identityCv, ecc: cv.ecc };
    expect(await runLocalStage(withEcc, bank, stream([3, 3.5, 4]), { pixels: master().port })).toMatchObject({ filmId: 'film', refused: null });
    expect(await runLocalStage(identityCv, bank, stream([3, 3.5, 4]), { pixels: master().port })).toMatchObject({ filmId: null, refused: 'unconfirmed' });
    expect(await runLocalStage(withEcc, bank, stream([3, 3.7, 5.2]), { pixels: master().port })).toMatchObject({ filmId: null, refused: 'unconfirmed' });
  });
});
