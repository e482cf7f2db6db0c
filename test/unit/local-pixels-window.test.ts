// The pixel check's reads of the reference master (issue 13, matcher/local/pixels.ts), with the master stood in for by a
// port that records what it was asked for: a keyframe whose recorded span is absurd (a damaged or hostile bank row)
// must not make the check decode minutes of film, frames that share a keyframe read its window once, and a master
// that yields nothing scores nothing (no lift) instead of throwing; the motion check (motion.ts) reads what the pixel
// check read. The scores themselves are tested on real footage in
// test/media/matcher-local-pixels.test.ts.
import { describe, expect, it } from 'vitest';
import { MAX_SPAN_S } from '../../matcher/local/features.ts';
import { motionScore } from '../../matcher/local/motion.ts';
import { PIXEL_WINDOW_S, pixelScore, windowReader, type ReferencePixels } from '../../matcher/local/pixels.ts';
import type { FrameEvidence } from '../../matcher/local/stage.ts';

const W = 64, H = 48;
const identity = [1, 0, 0, 0, 1, 0, 0, 0, 1];
const picture = { rgb: new Uint8Array(W * H * 3).map((_, i) => (i * 37) % 251), width: W, height: H };
const ev = (t: number, refT: number, refTEnd: number): FrameEvidence => ({ t, filmId: 'f', refT, refTEnd, inliers: 40, mirrored: false, area: 1, h: identity, assetId: 'a', refSize: { width: W, height: H } });

function recorder(frames: (from: number, to: number) => Uint8Array[]) {
  const calls: Array<{ from: number; to: number }> = [];
  const port: ReferencePixels = async (_id, from, to) => { calls.push({ from, to }); return frames(from, to); };
  return { calls, port };
}

describe('pixel check reads of the master', () => {
  it('never asks for more than a keyframe span plus the window on each side, however long the recorded span', async () => {
    const { calls, port } = recorder(() => []);
    await pixelScore(windowReader(port), [ev(0, 100, 100 + 3600)], new Map([[0, picture]]));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.from).toBe(100 - PIXEL_WINDOW_S);
    expect(calls[0]!.to - calls[0]!.from).toBeLessThanOrEqual(MAX_SPAN_S + 2 * PIXEL_WINDOW_S);
  });

  it('reads a keyframe window once for all the frames that matched it', async () => {
    const { calls, port } = recorder(() => []);
    await pixelScore(windowReader(port), [ev(0, 10, 12), ev(0.5, 10, 12), ev(1, 10, 12)], new Map([[0, picture], [0.5, picture], [1, picture]]));
    expect(calls).toHaveLength(1);
  });

  it('the motion check reads the windows the pixel check read, not its own', async () => {
    const { calls, port } = recorder(() => [picture.rgb.subarray(0, W * H), picture.rgb.subarray(W * H, 2 * W * H)]);
    const group = [ev(0, 10, 12), ev(0.5, 10, 12), ev(1, 10, 12)], pictures = new Map([[0, picture], [0.5, picture], [1, picture]]);
    const read = windowReader(port);
    await pixelScore(read, group, pictures);
    await motionScore(read, group, pictures);
    expect(calls).toHaveLength(1);
  });

  it('scores nothing (no lift) when the master yields no frames', async () => {
    const { port } = recorder(() => []);
    await expect(pixelScore(windowReader(port), [ev(0, 10, 12)], new Map([[0, picture]]))).resolves.toBeNull();
  });

  it('scores nothing for frames it has no picture or homography for', async () => {
    const { calls, port } = recorder(() => []);
    const noH = { ...ev(0, 10, 12), h: undefined } as FrameEvidence;
    await expect(pixelScore(windowReader(port), [noH, ev(5, 10, 12)], new Map([[0, picture]]))).resolves.toBeNull();
    expect(calls).toHaveLength(0);
  });
});
