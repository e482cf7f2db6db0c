// Audio confirmation: a video verdict in the `review` band becomes `match` when the query's soundtrack lines up with
// the same film's soundtrack at the offset the frames voted for (± AUDIO_CONFIRM_TOLERANCE_S) with a low bit error
// rate. Never the sole basis: audio is consulted only for the film the pictures already put in the review band, and a
// missing or different soundtrack (a dub, a camcorder's room sound) never lowers a verdict.
import type { Logger } from 'pino';
import { audioFingerprint, compareAudio, isAudioConfirmed, type AudioTools } from './audio.ts';
import type { FilmBankStore } from './ports.ts';
import type { FilmScore } from './vote.ts';

export interface AudioEvidence {
  filmId: string;
  /** bit error rate of the best alignment (unrelated audio ≈ 0.36–0.52, the same soundtrack re-encoded ≤ 0.1) */
  ber: number;
  /** reference time − query time of the best alignment, seconds (the video vote's offsetSeconds convention) */
  offsetS: number;
  overlapS: number;
  confirmed: boolean;
}

/** the audio alignment must agree with the frames' offset within this many seconds */
export const AUDIO_CONFIRM_TOLERANCE_S = 3;

export async function confirmByAudio(
  deps: { bank: Pick<FilmBankStore, 'audioPrint'>; cfg: AudioTools; log: Logger; timeoutMs?: number },
  input: string,
  span: { startS: number; durationS: number },
  best: Pick<FilmScore, 'filmId' | 'offsetSeconds' | 'speed'>,
): Promise<AudioEvidence | null> {
  // Chromaprint does not survive a speed change (PAL speed-up), and a poster has no offset
  if (best.offsetSeconds === null || (best.speed ?? 1) !== 1 || !deps.bank.audioPrint) return null;
  try {
    const ref = await deps.bank.audioPrint(best.filmId);
    if (!ref) return null;
    const query = await audioFingerprint(deps.cfg, input, { startS: span.startS, durationS: span.durationS, timeoutMs: deps.timeoutMs ?? 60_000 });
    if (!query) return null;
    const m = compareAudio(ref, query, { expectOffsetS: best.offsetSeconds, toleranceS: AUDIO_CONFIRM_TOLERANCE_S });
    if (!m) return null;
    const ev = { filmId: best.filmId, ber: Math.round(m.ber * 1000) / 1000, offsetS: Math.round(m.offsetS * 100) / 100, overlapS: Math.round(m.overlapS * 10) / 10, confirmed: isAudioConfirmed(m) };
    deps.log.info(ev, 'audio compared');
    return ev;
  } catch (e) {
    // audio is a bonus: a failing fpcalc or an unreadable soundtrack leaves the video verdict as it is
    deps.log.warn({ err: (e as Error).message, filmId: best.filmId }, 'audio confirmation failed');
    return null;
  }
}
