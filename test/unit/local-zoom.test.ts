// The local stage's second look (issue 13, matcher/local/zoom.ts): where an earlier frame found the film small in the
// picture, the region it covers is enlarged to the reference's width and described again; where it found the film
// at an angle, the frame is described through that fit's homography, in the reference's geometry. Either way the
// keypoints found there come back in whole-frame pixels (so the evidence, its homography and the pixel check need no
// other frame of reference). ORB is stood in for by a port that reports what it was shown; real ORB on real footage
// is measured by the eval (docs/benchmarks.md) and the media tests.
import { describe, expect, it } from 'vitest';
import type { Keypoints, LocalCv } from '../../matcher/local/cv.ts';
import { REF_WIDTH } from '../../matcher/local/features.ts';
import type { FrameEvidence } from '../../matcher/local/stage.ts';
import { project } from '../../matcher/local/verify.ts';
import { rectifiedKeypoints, secondLook, zoomedKeypoints, zoomRegion } from '../../matcher/local/zoom.ts';

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
      akaze: () => { throw new Error('the second look describes with ORB only'); },
      homography: () => null,
      ecc: () => null,
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

  // a keystone like the eval's camcord-seat: the 480×270 reference seen from a seat off to the left and below
  const keystone = (): FrameEvidence => {
    const h = [1.1, 0.05, 60, -0.04, 1.05, 30, -0.0002, 0.00003, 1];
    return { ...at(0, 0, 1), h, area: 0.8 };
  };
  /** a query frame drawn through `h`: each query pixel shows the reference pixel it came from (inverse by search) */
  function drawn(h: number[], ref: (x: number, y: number) => number) {
    const rgb = new Uint8Array(QW * QH * 3);
    const [a, b, c, d, e, f, g, hh, i] = h;
    // the inverse of a 3×3 matrix (adjugate; the scale cancels in the projection)
    const inv = [e! * i! - f! * hh!, c! * hh! - b! * i!, b! * f! - c! * e!, f! * g! - d! * i!, a! * i! - c! * g!, c! * d! - a! * f!, d! * hh! - e! * g!, b! * g! - a! * hh!, a! * e! - b! * d!];
    for (let y = 0; y < QH; y++) for (let x = 0; x < QW; x++) {
      const [rx, ry] = project(inv, x, y);
      const v = rx >= 0 && ry >= 0 && rx < 480 && ry < 270 ? ref(rx, ry) : 0;
      rgb.fill(v, (y * QW + x) * 3, (y * QW + x) * 3 + 3);
    }
    return { rgb, width: QW, height: QH };
  }

  it('rectifies a frame seen at an angle back into the reference\'s geometry, and maps its keypoints back', () => {
    const ref = (x: number, y: number) => Math.round(128 + 60 * Math.sin(x / 9) * Math.cos(y / 7));
    const e = keystone();
    let shown: { g: Uint8Array; w: number; h: number } | null = null;
    const port: LocalCv = {
      orb: (g, w, h): Keypoints => ((shown = { g, w, h }), { width: w, height: h, n: 2, xy: Float32Array.from([100, 50, 400, 200]), desc: new Uint32Array(16) }),
      akaze: () => { throw new Error('the second look describes with ORB only'); },
      homography: () => null,
      ecc: () => null,
    };
    const kp = rectifiedKeypoints(port, drawn(e.h!, ref), e);
    // ORB saw the reference's picture at its size: inside, every pixel within a grey level or two of the reference
    expect(shown).toMatchObject({ w: 480, h: 270 });
    let worst = 0;
    for (let y = 10; y < 260; y += 7) for (let x = 10; x < 470; x += 7) worst = Math.max(worst, Math.abs(shown!.g[y * 480 + x]! - ref(x, y)));
    expect(worst).toBeLessThan(12);
    // its keypoints come back where the homography puts those reference points in the frame
    expect(kp).toMatchObject({ width: QW, height: QH, n: 2 });
    const [x0, y0] = project(e.h!, 100, 50), [x1, y1] = project(e.h!, 400, 200);
    expect([kp.xy[0], kp.xy[1], kp.xy[2], kp.xy[3]].map((v) => Math.round(v! * 10) / 10)).toEqual([x0, y0, x1, y1].map((v) => Math.round(v * 10) / 10));
  });

  it('looks again zoomed where the film was small, rectified where it was not, and not at all before a first fit', () => {
    const sizes: number[] = [];
    const port: LocalCv = { orb: (_g, w, h): Keypoints => (sizes.push(w), { width: w, height: h, n: 0, xy: new Float32Array(0), desc: new Uint32Array(0) }), akaze: () => { throw new Error('the second look describes with ORB only'); }, homography: () => null, ecc: () => null };
    const pic = { rgb: new Uint8Array(QW * QH * 3), width: QW, height: QH };
    expect(secondLook(port, [], pic)).toBeNull();
    expect(secondLook(port, [at(396, 24, 224 / 480, { mirrored: true })], pic)).toMatchObject({ mirrored: true });
    expect(secondLook(port, [{ ...keystone(), inliers: 10 }, { ...keystone(), inliers: 40, mirrored: true }], pic)).toMatchObject({ mirrored: true });
    expect(sizes).toEqual([REF_WIDTH, 480]);
  });
});
