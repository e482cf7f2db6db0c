// One evaluation query: sample and hash it the way matchMedia does, score it against the bank, and find the
// shortest prefix of the sampled footage that already gives the right `match`.
import type { AppConfig } from '../config/schema.ts';
import type { LoadedBank } from '../matcher/bank-index.ts';
import type { FloodGuard } from '../matcher/guards.ts';
import type { AudioEvidence } from '../matcher/audio-confirm.ts';
import { audioForReview, decideVideo, hashQueryVideo, localSummary, scoreFrames, type Decision, type MatchResult } from '../matcher/match.ts';
import type { FilmBankStore } from '../matcher/ports.ts';
import type { Logger } from 'pino';
import type { LocalBank } from '../matcher/local/bank.ts';
import type { LocalCv } from '../matcher/local/cv.ts';
import type { ReferencePixels } from '../matcher/local/pixels.ts';
import { localStageFor } from '../matcher/local/query.ts';
import { localOutcome, type LocalVerdict } from '../matcher/local/stage.ts';

export interface QueryOutcome {
  clip: string;
  transform: string;
  tier: string;
  expect: string | null;
  decision: Decision;
  bestFilm: string | null;
  bestScore: number;
  /** the expected film's score (0 when absent) */
  rightScore: number;
  /** the best score of any other film */
  wrongScore: number;
  /** the evidence strength (vote.ts hitWeight sum) of the expected film and of the best other film */
  rightStrength: number;
  wrongStrength: number;
  usable: number;
  /** seconds of sampled footage after which the decision is a correct `match` (null: never) */
  secondsNeeded: number | null;
  speed: number | null;
  /** the soundtrack comparison, when the pictures alone gave `review` (as matchMedia does) */
  audio: AudioEvidence | null;
  /** which stage decided a `match` (pdq, audio, local), null otherwise */
  stage: 'pdq' | 'audio' | 'local' | null;
  /** the local-feature stage's verdict, when it ran: the decision record's summary (as matchMedia stores it), plus its
   * footage needed and its best group (near misses) */
  local: (NonNullable<MatchResult['local']> & Pick<LocalVerdict, 'secondsNeeded' | 'best'>) | null;
  /** the sampled query frames (for EVAL_DUMP offline analysis) */
  frames?: Array<{ t: number; signals: Array<{ variant: string; hash: string; quality: number }> }>;
}

export async function evaluateQuery(
  deps: {
    cfg: Pick<AppConfig, 'ffmpegPath' | 'ffprobePath' | 'fpcalcPath' | 'framesPerProbe'>;
    bank: LoadedBank;
    flood: FloodGuard;
    th: { match: number; review: number };
    weight?: (d: number) => number;
    /** audio confirmation (films' soundtrack prints); none → pictures only */
    audio?: { store: Pick<FilmBankStore, 'audioPrint'>; log: Logger };
    /** the local-feature stage (runs when pictures and audio did not give `match`) */
    local?: { cv: LocalCv; bank: LocalBank; pixels?: ReferencePixels };
  },
  q: { clip: string; transform: string; tier: string; file: string; expect: string | null },
): Promise<QueryOutcome> {
  const { info, frames } = await hashQueryVideo(deps.cfg, q.file, { maxFrames: deps.cfg.framesPerProbe });
  const s = scoreFrames(deps.bank, frames, deps.flood, deps.weight);
  const best = s.voted[0] ?? null;
  await deps.flood.observe(s.rawHits, best && best.matchedFrames >= 2 ? best.filmId : null);
  const audio = deps.audio ? await audioForReview({ bank: deps.audio.store, cfg: deps.cfg, log: deps.audio.log }, q.file, { hasAudio: info.hasAudio, frames }, best, deps.th) : null;
  let decision: Decision = decideVideo(best, deps.th, !!audio?.confirmed);
  let stage: QueryOutcome['stage'] = decision === 'match' ? (decideVideo(best, deps.th) === 'match' ? 'pdq' : 'audio') : null;
  let local: QueryOutcome['local'] = null;
  let bestFilm = best?.filmId ?? null;
  let secondsNeeded: number | null = null;
  if (decision !== 'match' && deps.local) {
    const v = await localStageFor(deps.local.cv, deps.local.bank, deps.cfg, q.file, { info, ...(deps.local.pixels ? { pixels: deps.local.pixels } : {}) });
    local = { ...localSummary(v), secondsNeeded: v.secondsNeeded, best: v.best };
    // as matchMedia: the stage's match, or its refused evidence as a lead for review
    const outcome = localOutcome(v, decision);
    if (outcome) {
      decision = outcome.decision;
      bestFilm = outcome.filmId;
      if (outcome.decision === 'match') {
        stage = 'local';
        if (outcome.filmId === q.expect) secondsNeeded = v.secondsNeeded;
      }
    }
  }
  if (q.expect && stage !== 'local' && decision === 'match' && best?.filmId === q.expect) {
    const step = frames.length > 1 ? frames[1]!.t - frames[0]!.t : 1;
    for (let k = 1; k <= frames.length; k++) {
      const top = scoreFrames(deps.bank, frames.slice(0, k), undefined, deps.weight).voted[0];
      // audio (when it confirmed) was compared over the whole clip: it counts for every prefix
      if (top && top.filmId === q.expect && decideVideo(top, deps.th, !!audio?.confirmed && audio.filmId === top.filmId) === 'match') {
        secondsNeeded = Math.round((frames[k - 1]!.t - frames[0]!.t + step) * 10) / 10;
        break;
      }
    }
  }
  return {
    ...q,
    decision,
    stage,
    local,
    bestFilm,
    bestScore: best?.score ?? 0,
    rightScore: s.voted.find((c) => c.filmId === q.expect)?.score ?? 0,
    wrongScore: s.voted.find((c) => c.filmId !== q.expect)?.score ?? 0,
    rightStrength: s.voted.find((c) => c.filmId === q.expect)?.strength ?? 0,
    wrongStrength: s.voted.find((c) => c.filmId !== q.expect)?.strength ?? 0,
    usable: s.usable.length,
    secondsNeeded,
    speed: best?.speed ?? null,
    audio,
    frames: frames.map((f) => ({ t: f.t, signals: f.signals.map((x) => ({ variant: x.variant, hash: x.hash, quality: x.quality })) })),
  };
}
