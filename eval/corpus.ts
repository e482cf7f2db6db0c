// The matcher's dev set, from ../shared: which clips are registered films, which are real pirate-style copies of
// them (Meta's vPDQ families), which are unregistered distractors, and the excerpts queried under each transform.
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config/schema.ts';
import { generateFilm } from '../fixtures/media/synthetic.ts';
import { runTool } from '../media/ffmpeg.ts';

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

/** Generated look-alike distractors (issue 13), cached in `dir`: two synthetic films from the same generator (same
 * palette families and motion: lavfi scenes with drifting boxes), and for two registered clips a "same palette, same
 * motion" stand-in: the clip reduced to a 16×9 colour mosaic (its colours and their movement, none of its picture)
 * over moving noise — close for global hashes, nothing for local features to verify. */
export async function lookalikes(cfg: Pick<AppConfig, 'ffmpegPath' | 'ffprobePath'>, dir: string, films: readonly Clip[]): Promise<Clip[]> {
  fs.mkdirSync(dir, { recursive: true });
  const out: Clip[] = [];
  for (const seed of [71, 72]) {
    const file = path.join(dir, `synthetic-${seed}.mp4`);
    // written aside and renamed: a run killed mid-generation must not leave a half-written film in the cache
    if (!fs.existsSync(file)) {
      await generateFilm(cfg, `${file}.part.mp4`, { seed, seconds: 20, width: 640, height: 360, title: `Lookalike ${seed}` });
      fs.renameSync(`${file}.part.mp4`, file);
    }
    out.push({ id: `synthetic-${seed}`, file });
  }
  for (const id of ['intel_car-detection', 'chair-orig-22-sd-bar']) {
    const src = films.find((f) => f.id === id);
    if (!src) continue;
    const file = path.join(dir, `mosaic-${id}.mp4`);
    if (!fs.existsSync(file)) {
      const graph = '[0:v]scale=16:9,scale=640:360:flags=bicubic,format=yuv420p[m];nullsrc=s=640x360:r=25,geq=lum=128:cb=128:cr=128,noise=alls=40:allf=t,format=yuv420p[n];[m][n]blend=all_mode=overlay:all_opacity=0.35:shortest=1[v]';
      await runTool(cfg.ffmpegPath, ['-nostdin', '-y', '-loglevel', 'error', '-i', src.file, '-filter_complex', graph, '-map', '[v]', '-an', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-threads', '1', `${file}.part.mp4`], { input: src.file, timeoutMs: 300_000 });
      fs.renameSync(`${file}.part.mp4`, file);
    }
    out.push({ id: `mosaic-${id}`, file });
  }
  return out;
}

/** The feature-length stand-in (EVAL_FEATURE=1), cached in `dir`: the five registered ASL clips played one after
 * another and followed by 40 s of generated footage (the rest of a feature), registered as one film in their place.
 * On it the pin rule passes every group, as on a 90-minute film, while the unregistered ASL clips (same set, same
 * signer) stay what they are: footage of the film's set that is not the film. */
export async function featureFilm(cfg: Pick<AppConfig, 'ffmpegPath' | 'ffprobePath'>, dir: string, films: readonly Clip[]): Promise<{ film: Clip; parts: Clip[] } | null> {
  const parts = films.filter((f) => ASL_REGISTERED.some((w) => f.id === `asl_${w}`));
  if (parts.length < 2) return null;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `asl_feature-${parts.length}.mp4`);
  if (!fs.existsSync(file)) {
    const pad = path.join(dir, 'feature-rest-73.mp4');
    if (!fs.existsSync(pad)) {
      await generateFilm(cfg, `${pad}.part.mp4`, { seed: 73, seconds: 40, width: 640, height: 480, title: 'Feature 73' });
      fs.renameSync(`${pad}.part.mp4`, pad);
    }
    const inputs = [...parts.map((p) => p.file), pad];
    const graph = inputs.map((_, i) => `[${i}:v]scale=640:480,setsar=1,fps=30,format=yuv420p[v${i}]`).join(';') + `;${inputs.map((_, i) => `[v${i}]`).join('')}concat=n=${inputs.length}:v=1:a=0[v]`;
    await runTool(cfg.ffmpegPath, ['-nostdin', '-y', '-loglevel', 'error', ...inputs.flatMap((f) => ['-i', f]), '-filter_complex', graph, '-map', '[v]', '-an', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-threads', '1', `${file}.part.mp4`], { input: inputs[0]!, timeoutMs: 300_000 });
    fs.renameSync(`${file}.part.mp4`, file);
  }
  return { film: { id: 'asl_feature', file }, parts };
}
