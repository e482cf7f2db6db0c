// Which refusals of the local stage the pixel check may lift (issue 13, matcher/local/stage.ts + pixels.ts). A film
// much of whose picture another registered film shows (the same set: a series' episodes) is refused by the shared
// rule, whatever the group; where its master can be read, the moving part of the picture decides as it does for a
// clip the pin rule refuses: a copy is lifted to `match`, other footage of that set stays a lead. OpenCV is stood in
// for by an identity homography and the master by a port that hands out synthetic frames: only the rule is tested
// here; the scores on real footage are in test/media/matcher-local-pixels.test.ts. Frames that all land on one
// keyframe (the still rule) are lifted the same way.
import { describe, expect, it } from 'vitest';
import { buildLocalBank } from '../../matcher/local/bank.ts';
import type { Keypoints } from '../../matcher/local/cv.ts';
import type { Keyframe, QueryFrame } from '../../matcher/local/features.ts';
import { PIXEL_MIN, type ReferencePixels } from '../../matcher/local/pixels.ts';
import { MAX_SHARED_SHARE, runLocalStage } from '../../matcher/local/stage.ts';
import { cellAt, cellTexture } from '../kit/footage.ts';
import { H, W, identityCv, keypoints } from '../kit/keypoints.ts';

const empty: Keypoints = { width: W, height: H, n: 0, xy: new Float32Array(0), desc: new Uint32Array(0) };
// a 10-minute film with keyframes at 10 s, 25 s and 590 s: a group is pinned, so the pin rule never refuses it
const kf = (t: number, seed: number): Keyframe => ({ ...keypoints(seed), t, tEnd: t + 0.5 });
function tenMinutes(filmId: string, shared = 0) {
  const bank = buildLocalBank([{ filmId, assetId: 'master', keyframes: [kf(10, 1), kf(25, 2), kf(590, 3)] }]);
  bank.sharedShare.set(filmId, shared);
  return bank;
}
const sharedFilm = () => tenMinutes('episode', 0.5);

// the set: a still texture on the left half; the subject: a texture that slides on the right half, 4 px per frame (the
// textures are 8-px cells, smooth at the check's quarter scale, as footage is)
const set = cellTexture(7), subject = cellTexture(8), otherSubject = cellTexture(9);
function frame(moving: Uint8Array, k: number): Uint8Array {
  const g = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) g[y * W + x] = x < W / 2 ? cellAt(set, x, y) : cellAt(moving, x + 4 * k, y);
  return g;
}
const master: ReferencePixels = async () => Array.from({ length: 12 }, (_, k) => frame(subject, k));
const rgb = (g: Uint8Array) => ({ rgb: Uint8Array.from({ length: g.length * 3 }, (_, i) => g[(i / 3) | 0]!), width: W, height: H });

/** frames 0 and 1 show the keyframe at 10 s, frame 30 (15 s) the one at 25 s: three agreeing frames, offset 10 s */
async function* stream(moving: Uint8Array): AsyncGenerator<QueryFrame> {
  for (let i = 0; i <= 30; i++) {
    const kp = i < 2 ? keypoints(1) : i === 30 ? keypoints(2) : empty;
    yield { t: i / 2, kp, mirrored: empty, pixels: rgb(frame(moving, 5)) };
  }
}

/** frames 0–1 s show the keyframe at 10 s and nothing else verifies: three agreeing frames, all on one picture */
async function* stillStream(moving: Uint8Array): AsyncGenerator<QueryFrame> {
  for (let i = 0; i <= 30; i++) yield { t: i / 2, kp: i < 3 ? keypoints(1) : empty, mirrored: empty, pixels: rgb(frame(moving, 5)) };
}
const longFilm = () => tenMinutes('film');

describe('local stage: what the pixel check may lift', () => {
  it('a film sharing its picture with another is refused as shared when its master cannot be read', async () => {
    const v = await runLocalStage(identityCv, sharedFilm(), stream(subject));
    expect(0.5).toBeGreaterThan(MAX_SHARED_SHARE);
    expect(v).toMatchObject({ filmId: null, refused: 'shared', pixels: null, best: { filmId: 'episode', frames: 3 } });
  });

  it('lifts a copy of that film when its moving part agrees with the master', async () => {
    const v = await runLocalStage(identityCv, sharedFilm(), stream(subject), { pixels: master });
    expect(v.pixels).not.toBeNull();
    expect(v.pixels!).toBeGreaterThanOrEqual(PIXEL_MIN);
    expect(v).toMatchObject({ filmId: 'episode', refused: null, offsetSeconds: 10 });
  });

  it('keeps other footage of the same set a lead: the set agrees, the moving part does not', async () => {
    const v = await runLocalStage(identityCv, sharedFilm(), stream(otherSubject), { pixels: master });
    expect(v.pixels).not.toBeNull();
    expect(v.pixels!).toBeLessThan(PIXEL_MIN);
    expect(v).toMatchObject({ filmId: null, refused: 'shared', best: { filmId: 'episode' } });
  });

  it('frames that all show one keyframe are refused as still, and lifted only when the moving part agrees', async () => {
    const lead = await runLocalStage(identityCv, longFilm(), stillStream(subject));
    expect(lead).toMatchObject({ filmId: null, refused: 'still', pixels: null, best: { filmId: 'film', frames: 3 } });
    const copy = await runLocalStage(identityCv, longFilm(), stillStream(subject), { pixels: master });
    expect(copy).toMatchObject({ filmId: 'film', refused: null });
    expect(copy.pixels!).toBeGreaterThanOrEqual(PIXEL_MIN);
    // decided after every frame was read (a still group never completes the evidence on its own)
    expect(copy.secondsNeeded).toBe(15.5);
    const other = await runLocalStage(identityCv, longFilm(), stillStream(otherSubject), { pixels: master });
    expect(other).toMatchObject({ filmId: null, refused: 'still' });
    expect(other.pixels!).toBeLessThan(PIXEL_MIN);
  });
});

describe('local stage: the checks on a group no rule refused', () => {
  it('a pinned group on a long film is a `match` when its moving part agrees, a lead (`unconfirmed`) when it does not', async () => {
    // no master to read: nothing to compare, the keypoints stand (as before the checks ran on every group)
    expect(await runLocalStage(identityCv, longFilm(), stream(otherSubject))).toMatchObject({ filmId: 'film', refused: null, pixels: null });
    const copy = await runLocalStage(identityCv, longFilm(), stream(subject), { pixels: master });
    expect(copy).toMatchObject({ filmId: 'film', refused: null, offsetSeconds: 10 });
    expect(copy.pixels!).toBeGreaterThanOrEqual(PIXEL_MIN);
    // footage of the film's set with another subject: every structural rule passes it on a 10-minute film
    const other = await runLocalStage(identityCv, longFilm(), stream(otherSubject), { pixels: master });
    expect(other).toMatchObject({ filmId: null, refused: 'unconfirmed', best: { filmId: 'film', frames: 3 }, offsetSeconds: 10 });
    expect(other.pixels!).toBeLessThan(PIXEL_MIN);
  });
});
