// The local bank's stop-list (issue 13) is geometric: what another film shows in the same arrangement (a shared logo,
// set or stock shot) is stopped on both sides; descriptors merely close to another film's are not — ORB descriptors
// cluster, and stopping every descriptor within 24 bits of another film's took true copies' inliers below the
// threshold on the dev set. OpenCV's RANSAC is stood in for by an identity homography (every correspondence an inlier).
import { describe, expect, it } from 'vitest';
import { buildLocalBank } from '../../matcher/local/bank.ts';
import type { Keypoints } from '../../matcher/local/cv.ts';
import { identityCv, keypoints } from '../kit/keypoints.ts';

const cv = identityCv;
const at = (k: Keypoints, t: number) => ({ ...k, t, tEnd: t + 0.5 });

describe('local stop-list', () => {
  it('does not stop descriptors that are merely close to another film\'s', () => {
    const a = keypoints(1), b = keypoints(2);
    // five of B's descriptors lie 16 bits from five of A's: too few to verify as a shared picture
    for (let i = 0; i < 5; i++) {
      b.desc.set(a.desc.subarray(i * 8, i * 8 + 8), i * 8);
      b.desc[i * 8]! ^= 0xffff;
    }
    const bank = buildLocalBank([{ filmId: 'A', keyframes: [at(a, 0)] }, { filmId: 'B', keyframes: [at(b, 0)] }], cv);
    expect(bank.stopped).toBe(0);
    expect(bank.sharedShare.get('A')).toBe(0);
  });

  it('stops what another film shows in the same arrangement, on both sides', () => {
    const logo = keypoints(3, 20);
    const withLogo = (seed: number) => {
      const k = keypoints(seed);
      k.desc.set(logo.desc, 0), k.xy.set(logo.xy, 0);
      return k;
    };
    const bank = buildLocalBank([{ filmId: 'A', keyframes: [at(withLogo(4), 0)] }, { filmId: 'B', keyframes: [at(withLogo(5), 3)] }], cv);
    expect(bank.stopped).toBe(40);
    expect([...bank.stop.subarray(0, 20)].every((x) => x === 1)).toBe(true);
    expect([...bank.stop.subarray(60, 80)].every((x) => x === 1)).toBe(true);
    expect(bank.sharedShare.get('B')).toBeCloseTo(20 / 60, 3);
  });
});
