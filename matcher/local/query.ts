// The local stage over one query input (matchMedia and the eval): the input (or the span the dense window covered, for
// long streams) at queryFps, at most QUERY_MAX_FRAMES frames, stopping at the first frame that completes the evidence
// (or, for a group the checks do not confirm, the one that completes its last read-on, up to MORE_FRAMES) — or after
// QUERY_LEAD_FRAMES frames when none of them verified against any film (stage.ts).
import { probeMedia, type MediaInfo, type MediaTools } from '../../media/ffmpeg.ts';
import type { LocalBank } from './bank.ts';
import type { LocalCv } from './cv.ts';
import { queryFps, queryFrames } from './features.ts';
import type { ReferencePixels } from './pixels.ts';
import { runLocalStage, type LocalVerdict } from './stage.ts';

/** 20 s at 2 fps: on the dev set's longer films the frames that verify come in textured stretches several seconds
 * apart (intel_car: 0–1 s and 9–11 s into the excerpt), so 16 frames (8 s) left 5 of 27 hard copies one frame short */
export const QUERY_MAX_FRAMES = 40;

export async function localStageFor(
  cv: LocalCv,
  bank: LocalBank,
  cfg: MediaTools,
  input: string,
  opts: { info?: MediaInfo; startS?: number; durationS?: number; timeoutMs?: number; pixels?: ReferencePixels } = {},
): Promise<LocalVerdict> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const info = opts.info ?? (await probeMedia(cfg, input, timeoutMs));
  const span = opts.durationS ?? info.durationS;
  const fps = queryFps(span);
  return runLocalStage(cv, bank, queryFrames(cv, cfg, input, { info, fps, maxFrames: QUERY_MAX_FRAMES, timeoutMs, ...(opts.startS ? { startS: opts.startS } : {}), ...(opts.durationS ? { durationS: opts.durationS } : {}) }), opts.pixels ? { pixels: opts.pixels } : {});
}
