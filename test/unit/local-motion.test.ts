// The local stage's motion check (issue 13, matcher/local/motion.ts) on synthetic footage: a still set on the left, a
// textured subject sliding right on the right. A copy moves as the film does; footage whose single frames are all in
// the film but that moves otherwise (here: the same frames played backwards, the case the pixel check cannot see) or
// a subject moving its own way does not. OpenCV is not needed: the homographies are given. The rule that combines
// the two checks (stage.ts `lifts`) is tested here too; the scores on real footage are in docs/benchmarks.md (run R).
import { describe, expect, it } from 'vitest';
import { MOTION_FLOOR, MOTION_MAX_GAP_S, MOTION_MIN, MOTION_PIXEL_MIN, motionScore } from '../../matcher/local/motion.ts';
import { PIXEL_MIN, pixelScore, windowReader, type ReferencePixels } from '../../matcher/local/pixels.ts';
import { confirms, lifts, type FrameEvidence } from '../../matcher/local/stage.ts';
import { cellAt, cellTexture } from '../kit/footage.ts';
import { H, W, seeded } from '../kit/keypoints.ts';

const set = cellTexture(7), subject = cellTexture(8);
/** film frame k: the subject has slid 4k px right (or `dy` px per frame down instead) */
function frame(k: number, dy = 0): Uint8Array {
  const g = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) g[y * W + x] = x < W / 2 ? cellAt(set, x, y) : dy ? cellAt(subject, x, (y + dy * k) % H) : cellAt(subject, x + 4 * k, y);
  return g;
}
/** the film's master: 2 s at 30 fps */
const master: ReferencePixels = async () => Array.from({ length: 60 }, (_, k) => frame(k));
const still: ReferencePixels = async () => Array.from({ length: 60 }, () => frame(0));

/** a query picture: grey `g` shifted by (dx, dy) in a frame of the same size, with ± `noise` grey levels */
function picture(g: Uint8Array, dx = 0, dy = 0, noise = 0, seed = 1) {
  const r = seeded(seed), rgb = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const sx = x - dx, sy = y - dy, v = sx >= 0 && sy >= 0 && sx < W && sy < H ? g[sy * W + sx]! : 0;
    const n = noise ? (r() % (2 * noise + 1)) - noise : 0;
    rgb.fill(Math.max(0, Math.min(255, v + n)), (y * W + x) * 3, (y * W + x) * 3 + 3);
  }
  return { rgb, width: W, height: H };
}
/** agreeing frames at stream times `ts`, on the keyframe at 0.5 s, seen through a translation by (dx, dy) */
const group = (ts: number[], dx = 0, dy = 0): FrameEvidence[] =>
  ts.map((t) => ({ t, filmId: 'f', refT: 0.5, refTEnd: 1, inliers: 40, mirrored: false, area: 1, h: [1, 0, dx, 0, 1, dy, 0, 0, 1], assetId: 'master', refSize: { width: W, height: H } }));
const scores = async (port: ReferencePixels, g: FrameEvidence[], pics: Array<ReturnType<typeof picture>>) => {
  const map = new Map(g.map((e, i) => [e.t, pics[i]!] as const)), read = windowReader(port);
  return { pixels: await pixelScore(read, g, map), motion: await motionScore(read, g, map) };
};

describe('local stage: the motion check', () => {
  it('scores a copy high: its frames move as the film does (noise and a shifted picture included)', async () => {
    const s = await scores(master, group([0, 0.2, 0.4], 16, 8), [picture(frame(20), 16, 8, 6, 1), picture(frame(26), 16, 8, 6, 2), picture(frame(32), 16, 8, 6, 3)]);
    expect(s.pixels!).toBeGreaterThanOrEqual(PIXEL_MIN);
    expect(s.motion!).toBeGreaterThan(0.9);
  });

  it('scores footage that moves otherwise low, even where every frame of it is in the film', async () => {
    // the film played backwards: the pixel check finds each frame; each pair shares one frame with a pair of the film
    // moving forwards (26 then 32 shares 26 with 20 → 26), which is worth √(1 − ρ)/2 ≈ 0.5, not the whole
    const back = await scores(master, group([0, 0.2, 0.4]), [picture(frame(32)), picture(frame(26)), picture(frame(20))]);
    expect(back.pixels!).toBeGreaterThanOrEqual(PIXEL_MIN);
    expect(back.motion!).toBeLessThan(MOTION_MIN);
    // a frozen picture where the film moves: every frame is the film's, nothing moves — the motion contradicts it
    const frozen = await scores(master, group([0, 0.2, 0.4]), [picture(frame(20)), picture(frame(20)), picture(frame(20))]);
    expect(frozen.pixels!).toBeGreaterThanOrEqual(PIXEL_MIN);
    expect(frozen.motion!).toBeLessThan(MOTION_FLOOR);
    expect(lifts(frozen.pixels, frozen.motion)).toBe(false);
    // the same subject moving down instead of right
    const other = await scores(master, group([0, 0.2]), [picture(frame(20, 3)), picture(frame(26, 3))]);
    expect(other.motion!).toBeLessThan(MOTION_FLOOR);
  });

  it('has nothing to say where the film does not move, or the frames are too far apart', async () => {
    expect((await scores(still, group([0, 0.2]), [picture(frame(0)), picture(frame(0))])).motion).toBeNull();
    expect((await scores(master, group([0, MOTION_MAX_GAP_S + 0.5]), [picture(frame(0)), picture(frame(45))])).motion).toBeNull();
    expect((await scores(master, group([0]), [picture(frame(20))])).motion).toBeNull();
  });
});

describe('local stage: what lifts a refused group', () => {
  it('the picture alone (unless the motion contradicts it), or a close picture that moves as the film does', () => {
    expect(lifts(PIXEL_MIN, null)).toBe(true);
    expect(lifts(PIXEL_MIN, MOTION_FLOOR)).toBe(true);
    expect(lifts(0.95, MOTION_FLOOR - 0.01)).toBe(false);
    expect(lifts(MOTION_PIXEL_MIN, MOTION_MIN)).toBe(true);
    expect(lifts(PIXEL_MIN - 0.01, MOTION_MIN - 0.01)).toBe(false);
    expect(lifts(MOTION_PIXEL_MIN - 0.01, 0.99)).toBe(false);
    expect(lifts(null, 0.99)).toBe(false);
  });
});

describe('local stage: what confirms a group no rule refused', () => {
  it('the same two ways, without the floor; the motion alone where the picture has nothing to compare; with nothing at all the keypoints stand', () => {
    expect(confirms(PIXEL_MIN, null)).toBe(true);
    // a copy of repetitive footage: the picture agrees, its frames verify against a similar moment seconds away
    expect(confirms(0.9, 0.08)).toBe(true);
    expect(confirms(MOTION_PIXEL_MIN, MOTION_MIN)).toBe(true);
    // the dev set's closest look-alike (pixels 0.771, motion 0.347)
    expect(confirms(0.771, 0.347)).toBe(false);
    expect(confirms(PIXEL_MIN - 0.01, null)).toBe(false);
    expect(confirms(MOTION_PIXEL_MIN - 0.01, 0.99)).toBe(false);
    // nothing moves enough per frame for the pixel check: the motion check alone must reach MOTION_MIN
    expect(confirms(null, MOTION_MIN)).toBe(true);
    expect(confirms(null, MOTION_MIN - 0.01)).toBe(false);
    expect(confirms(null, null)).toBe(true);
  });
});
