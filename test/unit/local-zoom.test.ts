// The local stage's zoom pass (issue 13, matcher/local/zoom.ts): where an earlier frame found the film small in the
// picture, the region it covers is enlarged to the reference's width and described again, and the keypoints found
// there come back in whole-frame pixels (so the evidence, its homography and the pixel check need no other frame of
// reference). ORB is stood in for by a port that reports where the enlarged image's corners are; real ORB on real
// footage is measured by the eval (docs/benchmarks.md).
import { describe, expect, it } from 'vitest';
import type { Keypoints, LocalCv } from '../../matcher/local/cv.ts';
import { REF_WIDTH } from '../../matcher/local/features.ts';
import type { FrameEvidence } from '../../matcher/local/stage.ts';
import { zoomedKeypoints, zoomRegion } from '../../matcher/local/zoom.ts';

const QW = 640, QH = 360;
/** a 480×270 reference shown at scale `k` with its top-left corner at (x, y) of the query frame */
const at = (x: number, y: number, k: number, extra: Partial<FrameEvidence> = {}): FrameEvidence => ({
  t: 0, filmId: 'f', refT: 0, refTEnd: 1, inliers: 30, mirrored: false, area: (480 * k * 270 * k) / (QW * QH),
  h: [k, 0, x, 0, k, y, 0, 0, 1], refSize: { width: 480, height: 270 }, ...extra,
});

describe('zoom pass', () => {
  it('finds the region of a small picture-in-picture, with a margin, in the frame', () => {
    const r = zoomRegion([at(396, 24, 224 / 480)], QW, QH)!;
    expect(r.mirrored).toBe(false);
    expect(r.x).toBeLessThanOrEqual(396);
    expect(r.x + r.width).toBeGreaterThanOrEqual(396 + 224);
    expect(r.x + r.width).toBeLessThanOrEqual(QW);
    expect(r.y).toBeLessThanOrEqual(24);
    expect(r.y + r.height).toBeGreaterThanOrEqual(24 + 126);
  });

  it('does not zoom where the film fills the frame, or is nowhere', () => {
    expect(zoomRegion([at(0, 0, 640 / 480)], QW, QH)).toBeNull();
    expect(zoomRegion([], QW, QH)).toBeNull();
  });

  it('follows the strongest small fit, and its orientation', () => {
    const r = zoomRegion([at(10, 10, 0.4, { inliers: 20 }), at(300, 150, 0.4, { inliers: 60, mirrored: true })], QW, QH)!;
    expect(r.mirrored).toBe(true);
    expect(r.x).toBeGreaterThan(250);
  });

  it('maps keypoints of the enlarged region back to whole-frame pixels', () => {
    let seen = { w: 0, h: 0 };
    const corners: LocalCv = {
      orb: (_g, w, h): Keypoints => ((seen = { w, h }), { width: w, height: h, n: 2, xy: Float32Array.from([0, 0, w - 1, h - 1]), desc: new Uint32Array(16) }),
      homography: () => null,
    };
    const region = { x: 400, y: 20, width: 240, height: 135, mirrored: false };
    const pic = { rgb: new Uint8Array(QW * QH * 3), width: QW, height: QH };
    const kp = zoomedKeypoints(corners, pic, region);
    expect(seen.w).toBe(REF_WIDTH);
    expect(kp).toMatchObject({ width: QW, height: QH, n: 2 });
    expect(kp.xy[0]).toBeCloseTo(400 - 0.25, 1);
    expect(kp.xy[1]).toBeCloseTo(20 - 0.25, 1);
    expect(kp.xy[2]).toBeCloseTo(640 - 0.75, 1);
    expect(kp.xy[3]).toBeCloseTo(155 - 0.75, 1);
  });
});
