// The matcher's dev set, from ../shared: which clips are registered films, which are real pirate-style copies of
// them (Meta's vPDQ families), which are unregistered distractors, and the excerpts queried under each transform.
import fs from 'node:fs';
import path from 'node:path';

export interface Clip {
  id: string;
  file: string;
}

export interface DevSet {
  films: Clip[];
  /** real copies made by Meta (bars, grey, sepia, logos, trims): query → expected film id */
  realCopies: Array<Clip & { expect: string }>;
  distractors: Clip[];
}

const ASL_REGISTERED = ['no', 'please', 'school', 'sister', 'sorry'];
const ASL_DISTRACTORS = ['student', 'thanks', 'walk', 'want', 'yes'];
const VPDQ_FILMS = ['chair-orig-22-sd-bar', 'doorknob-hd-no-bar', 'pattern-hd-no-bar'];
const VPDQ_COPIES: Record<string, string> = {
  'chair-19-sd-bar': 'chair-orig-22-sd-bar',
  'chair-20-sd-bar': 'chair-orig-22-sd-bar',
  'chair-22-sd-grey-bar': 'chair-orig-22-sd-bar',
  'chair-22-sd-sepia-bar': 'chair-orig-22-sd-bar',
  'chair-22-with-large-logo-bar': 'chair-orig-22-sd-bar',
  'chair-22-with-small-logo-bar': 'chair-orig-22-sd-bar',
  'pattern-longer-no-bar': 'pattern-hd-no-bar',
  'pattern-sd-grey-bar': 'pattern-hd-no-bar',
  'pattern-sd-with-large-logo-bar': 'pattern-hd-no-bar',
  'pattern-sd-with-small-logo-bar': 'pattern-hd-no-bar',
};

/** Split: Intel + moviepy clips, 5 ASL clips and 3 vPDQ originals are films; the other 5 ASL clips (same signer and
 * background: hard negatives) and vPDQ's unrelated test-padded-dimensions clip are distractors. */
export function devSet(shared: string): DevSet {
  const video = path.join(shared, 'corpus', 'video');
  const vpdq = path.join(shared, 'vectors', 'vpdq', 'videos');
  const has = (f: string) => fs.existsSync(f);
  const films: Clip[] = [
    ...['intel_bottle-detection.mp4', 'intel_car-detection.mp4', 'moviepy_example.mp4', 'moviepy_example2.mp4', 'moviepy_example3.mp4'].map((f) => ({ id: f.replace(/\.\w+$/, ''), file: path.join(video, f) })),
    ...ASL_REGISTERED.map((w) => ({ id: `asl_${w}`, file: path.join(video, `asl_${w}.mkv`) })),
    ...VPDQ_FILMS.map((v) => ({ id: v, file: path.join(vpdq, `${v}.mp4`) })),
  ].filter((c) => has(c.file));
  const realCopies = Object.entries(VPDQ_COPIES)
    .map(([id, expect]) => ({ id, expect, file: path.join(vpdq, `${id}.mp4`) }))
    .filter((c) => has(c.file) && films.some((f) => f.id === c.expect));
  const distractors = [
    ...ASL_DISTRACTORS.map((w) => ({ id: `asl_${w}`, file: path.join(video, `asl_${w}.mkv`) })),
    { id: 'test-padded-dimensions', file: path.join(vpdq, 'test-padded-dimensions.mp4') },
  ].filter((c) => has(c.file));
  return { films, realCopies, distractors };
}

/** The excerpt queried from a clip of `durationS`: 10–20 s from 20 % in, or the whole clip when it is short. */
export function excerpt(durationS: number): { startS: number; durationS: number } {
  if (durationS < 12) return { startS: 0, durationS: Math.max(0.5, durationS) };
  const startS = Math.round(durationS * 0.2 * 10) / 10;
  return { startS, durationS: Math.min(20, Math.floor(durationS - startS)) };
}
