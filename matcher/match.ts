// matchMedia: query video (file or HLS/MP4 URL) or image → decision against the film bank.
// Video: sample ≤ MATCH_SAMPLE_FRAMES frames, PDQ each (after bar removal; also the raw frame, its mirror and the
// picture inside a flat border), look up hits within PDQ_FRAME_RADIUS, drop frames in the negative bank and hits on
// quarantined hashes, then temporal voting. A video `match` needs the score threshold and evidence strength (the
// agreeing frames weighted by distance, vote.ts), or a `review` that the soundtrack confirms at the same offset
// (audio-confirm.ts); weak hitless frames (fades) abstain. Image: nearest poster/frame, score = 1 − distance/80.
import type { Logger } from 'pino';
import sharp from 'sharp';
import type { AppConfig } from '../config/schema.ts';
import type { MediaTools } from '../media/ffmpeg.ts';
import { confirmByAudio, type AudioEvidence } from './audio-confirm.ts';
import { BankIndexCache, bankHit, type LoadedBank } from './bank-index.ts';
import { cropLuma, detectBars, QUERY_VARIANTS } from './frames.ts';
import { NEGATIVE_RADIUS, type FloodGuard } from './guards.ts';
import { hexToWords } from './hamming.ts';
import { decodeLuma } from './image.ts';
import { pdqFromLuma } from './pdq.ts';
import type { FilmBankStore } from './ports.ts';
import { PDQ_FRAME_RADIUS, PDQ_QUALITY_GATE, PDQ_VIDEO_QUALITY_GATE } from './signal.ts';
import { sampleQueryFrames, sampleWholeQuery, type HashedFrame } from './video.ts';
import type { LocalStagePort } from './local/store.ts';
import { localStageFor } from './local/query.ts';
import { localOutcome, strongest, type LocalVerdict, type Refusal } from './local/stage.ts';
import { MIN_MATCH_STRENGTH, vote, VOTE_WINDOW_S, type FilmScore, type FrameHits, type VoteEvidence } from './vote.ts';

export type Decision = 'match' | 'review' | 'no_match';
export type { FilmScore } from './vote.ts';

export interface MatchResult {
  decision: Decision;
  best: FilmScore | null;
  candidates: FilmScore[];
  kind: 'video' | 'image';
  checkpoint: string;
  queryFrames: number;
  usableFrames: number;
  evidenceFrames: VoteEvidence[];
  /** the best-matching query frame (PNG), for evidence; not serialised by the CLI */
  evidencePng?: Buffer;
  /** the query frames at the matched offsets (PNG, closest first, at most 8), each with its time in the stream, so a
   * packet and the workbench show every reference | pirate pair; not serialised by the CLI */
  evidencePngs?: Array<{ t: number; png: Buffer }>;
  timings: Record<string, number>;
  /** what the guards did: query frames dropped by the negative bank, hits dropped as quarantined, hashes quarantined now */
  guards: { negativeFrames: number; quarantinedHits: number; newlyQuarantined: string[] };
  /** the soundtrack compared with the best film's, when the pictures alone gave `review` */
  audio?: AudioEvidence;
  /** which stage decided a `match`: PDQ voting, the soundtrack confirming a `review`, or local features with
   * geometric verification (matcher/local); null for `review`/`no_match` */
  stage: 'pdq' | 'audio' | 'local' | null;
  /** the local-feature stage's verdict, when it ran (pictures said `review` or nothing) */
  local?: { filmId: string | null; offsetSeconds: number | null; frames: number; agreeingFrames: number; inliers: number; shared: number; cpuMs: number; refused: Refusal | null; leadFilmId: string | null;
    /** the pixel check's score of the agreeing group: where a rule (pin, shared, still) refused it, ≥ 0.8 lifted it to
     * `match` unless the motion was under 0.3; where none did, ≥ 0.8 confirmed it (`confirms` in stage.ts); null when it did not run */
    pixels?: number | null;
    /** the motion check's score of that group (≥ 0.6 lifted or confirmed it where pixels ≥ 0.6; matcher/local/motion.ts,
     * `lifts` and `confirms` in stage.ts); null when it did not run or had no pair of frames */
    motion?: number | null;
    /** the offset (film − stream seconds) at which both checks compared every agreeing frame (a group no rule refused:
     * matcher/local/align.ts, the scores are means there); null or absent: each frame at its own best moment (medians) */
    checksOffsetS?: number | null;
    /** the scores at that offset are the refined pass's (matcher/local/refine.ts: each frame registered again onto the
     * reference frame at its moment, compared with the mean of two adjacent reference frames as well); absent: false */
    checksRefined?: boolean;
    /** the refined pass's own scores whenever it ran, confirming or not (how close a lead came); absent or null: it did not run */
    refinedScores?: LocalVerdict['refinedScores'];
    /** what was seen: the agreeing query frames (stream time), the reference keyframe each landed on (film time), its
     * RANSAC inliers and whether it matched mirrored; at most 8, most inliers first */
    seen: Array<{ t: number; refT: number; inliers: number; mirrored: boolean }> };
}

export interface MatchDeps {
  bank: FilmBankStore;
  /** with the egress that URL inputs are read through (media/input.ts) */
  cfg: MediaTools & Pick<AppConfig, 'fpcalcPath' | 'framesPerProbe'>;
  log: Logger;
  /** keep one per process to index the bank once per checkpoint; a fresh one is used when absent */
  cache?: BankIndexCache;
  /** flood quarantine, one per process; none → no flood guard */
  flood?: FloodGuard;
  /** the local-feature stage (matcher/local/store.ts createLocalStage, one per process); none → PDQ and audio only */
  local?: LocalStagePort;
  timeoutMs?: number;
}

/** image score: 16 bits → 0.8 (a re-saved poster), 44 bits → 0.45 (review), beyond → no match */
const IMAGE_SCALE = 80;
const MAX_CANDIDATES = 10;

export function decide(score: number, th: { match: number; review: number }): Decision {
  return score >= th.match ? 'match' : score >= th.review ? 'review' : 'no_match';
}

/** A video's decision: the score thresholds, and for `match` also the strength of the evidence (near-exact frames
 * count 1, frames at 16–40 bits less): short look-alike footage (same set, same actor) stays at `review`. A
 * `review` becomes `match` when the soundtrack confirmed the same film at the same offset (never the sole basis). */
export function decideVideo(best: Pick<FilmScore, 'score' | 'strength'> | null | undefined, th: { match: number; review: number }, audioConfirmed = false): Decision {
  if (!best) return 'no_match';
  const d = decide(best.score, th);
  const v = d === 'match' && (best.strength ?? Infinity) < MIN_MATCH_STRENGTH ? 'review' : d;
  return v === 'review' && audioConfirmed ? 'match' : v;
}

export async function matchMedia(deps: MatchDeps, query: { video?: string; image?: string }, th: { match: number; review: number }): Promise<MatchResult> {
  if (!query.video === !query.image) throw new Error('matchMedia needs exactly one of video or image');
  const t0 = Date.now();
  const bank = await (deps.cache ?? new BankIndexCache()).get(deps.bank);
  const timings: Record<string, number> = { bankMs: Date.now() - t0 };
  const r = query.video ? await matchVideo(deps, bank, query.video, th, timings) : await matchImage(bank, query.image!, timings);
  const candidates = r.candidates.slice(0, MAX_CANDIDATES);
  const best = candidates[0] ?? null;
  const guards = r.guards ?? { negativeFrames: 0, quarantinedHits: 0, newlyQuarantined: [] };
  const pictures = r.extra.kind === 'video' ? decideVideo(best, th) : best ? decide(best.score, th) : 'no_match';
  let decision = r.extra.kind === 'video' ? decideVideo(best, th, !!r.audio?.confirmed && r.audio.filmId === best?.filmId) : pictures;
  let stage: MatchResult['stage'] = decision === 'match' ? (pictures === 'match' ? 'pdq' : 'audio') : null;
  let local: MatchResult['local'];
  let extra = r.extra;
  if (query.video && decision !== 'match' && deps.local) {
    const t = Date.now();
    const lb = await deps.local.bank();
    const v = lb ? await localStageFor(deps.local.cv, lb, deps.cfg, query.video, { ...(r.span ?? {}), ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}), ...(deps.local.pixels ? { pixels: deps.local.pixels } : {}) }) : null;
    timings.localMs = Date.now() - t;
    if (v) {
      local = localSummary(v);
      // a `match`, or — evidence enough but refused by a guard (a clip of a few seconds, a film sharing its set) —
      // a lead for an investigator where pictures found nothing: `review` of that film, never a `match`
      const outcome = localOutcome(v, decision);
      if (outcome) {
        const lead = outcome.filmId;
        decision = outcome.decision;
        stage = outcome.decision === 'match' ? 'local' : null;
        // the record says what decided: the agreeing frames (matchedFrames, and their pictures as the evidence frames),
        // not PDQ's closest frames, which may be of another film; the score stays PDQ's (0 when PDQ saw nothing)
        const found = candidates.find((c) => c.filmId === lead);
        const lifted: FilmScore = { ...(found ?? { filmId: lead, score: 0 }), matchedFrames: v.agreeing.length, offsetSeconds: v.offsetSeconds ?? found?.offsetSeconds ?? null };
        candidates.splice(0, candidates.length, lifted, ...candidates.filter((c) => c.filmId !== lead));
        extra = { ...extra, evidenceFrames: [], ...(await localPictures(v)) };
      }
    }
  }
  const out: MatchResult = { decision, best: candidates[0] ?? null, candidates, checkpoint: bank.checkpoint, ...extra, timings, guards, ...(r.audio ? { audio: r.audio } : {}), stage, ...(local ? { local } : {}) };
  timings.totalMs = Date.now() - t0;
  deps.log.info({ decision: out.decision, stage, filmId: out.best?.filmId, score: out.best?.score, checkpoint: bank.checkpoint, ...timings }, 'media matched');
  return out;
}

type Partial_ = { candidates: FilmScore[]; extra: Pick<MatchResult, 'kind' | 'queryFrames' | 'usableFrames' | 'evidenceFrames' | 'evidencePng' | 'evidencePngs'>; guards?: MatchResult['guards']; audio?: AudioEvidence; span?: { startS: number; durationS: number } };

/** The local stage's agreeing frames as evidence pictures (PNG, with their stream times), replacing PDQ's. */
async function localPictures(v: LocalVerdict): Promise<Pick<MatchResult, 'evidencePng' | 'evidencePngs'>> {
  const evidencePngs = await Promise.all(v.pictures.map(async (p) => ({ t: p.t, png: await sharp(p.rgb, { raw: { width: p.width, height: p.height, channels: 3 } }).png().toBuffer() })));
  return evidencePngs.length ? { evidencePng: evidencePngs[0]!.png, evidencePngs } : { evidencePng: undefined, evidencePngs: [] };
}

export function localSummary(v: LocalVerdict): NonNullable<MatchResult['local']> {
  return { filmId: v.filmId, offsetSeconds: v.offsetSeconds, frames: v.frames, agreeingFrames: v.agreeing.length, inliers: v.agreeing.reduce((s, e) => s + e.inliers, 0), shared: v.shared, cpuMs: v.cpuMs, refused: v.refused, leadFilmId: v.best?.filmId ?? null, pixels: v.pixels, motion: v.motion, checksOffsetS: v.checksOffsetS, checksRefined: v.checksRefined, refinedScores: v.refinedScores,
    seen: strongest(v.agreeing).map((e) => ({ t: e.t, refT: e.refT, inliers: e.inliers, mirrored: e.mirrored })) };
}

/** Query sampling: up to 2 fps, `maxFrames` frames spread over the whole input. */
export function hashQueryVideo(cfg: MatchDeps['cfg'], input: string, opts: { maxFrames: number; keepPixels?: boolean; timeoutMs?: number }) {
  return sampleWholeQuery(cfg, input, { ...opts, variants: QUERY_VARIANTS });
}

export interface FrameScore {
  voted: ReturnType<typeof vote>;
  usable: HashedFrame[];
  negativeFrames: number;
  quarantinedHits: number;
  /** every reference hit before voting (for the flood guard) */
  rawHits: Array<{ hash: string; filmId: string }>;
}

/** Looks up every usable query frame (all its variants) and votes. Frames near the negative bank do not vote;
 * hits on quarantined reference hashes are dropped. Pure apart from the index lookups. */
export function scoreFrames(bank: LoadedBank, frames: readonly HashedFrame[], flood?: Pick<FloodGuard, 'isQuarantined'>, weight?: (distance: number) => number, windowS = VOTE_WINDOW_S): FrameScore {
  const gated = frames.filter((f) => f.signals[0]!.quality >= PDQ_VIDEO_QUALITY_GATE);
  const isNegative = (f: HashedFrame) => bank.negatives.length > 0 && f.signals.some((s) => bank.negativeIndex.search(hexToWords(s.hash), NEGATIVE_RADIUS).length > 0);
  const usable = gated.filter((f) => !isNegative(f));
  let quarantinedHits = 0;
  const rawHits: FrameScore['rawHits'] = [];
  const hits: FrameHits[] = usable.map((f, q) => {
    const found = f.signals.flatMap((s) => bank.frameIndex.search(hexToWords(s.hash), PDQ_FRAME_RADIUS));
    const kept = found.filter((h) => {
      const ref = bank.frames[h.id]!;
      rawHits.push({ hash: ref.hash, filmId: ref.filmId });
      if (flood?.isQuarantined(ref.hash)) return quarantinedHits++, false;
      return true;
    });
    return { q, t: f.t, hash: f.signals[0]!.hash, hits: kept.map((h) => ({ filmId: bank.frames[h.id]!.filmId, refT: bank.frames[h.id]!.t, distance: h.distance })) };
  });
  // a weak frame (fade, dark shot: PDQ quality < 50) that found nothing abstains instead of counting against every film
  const voters = hits.filter((h) => h.hits.length > 0 || usable[h.q]!.signals[0]!.quality >= PDQ_QUALITY_GATE).length;
  return { voted: vote(hits, voters, windowS, weight), usable, negativeFrames: gated.length - usable.length, quarantinedHits, rawHits };
}

/** The audio step of a video verdict (matchMedia and the eval): only when the pictures alone say `review` and the
 * input has sound, the soundtrack of the span the frames came from (± 1 s, at least 10 s) is compared with the best
 * film's (audio-confirm.ts). */
export async function audioForReview(
  deps: Parameters<typeof confirmByAudio>[0],
  input: string,
  sampled: { hasAudio: boolean; frames: ReadonlyArray<{ t: number }> },
  best: FilmScore | undefined | null,
  th: { match: number; review: number },
): Promise<AudioEvidence | null> {
  const { frames } = sampled;
  if (!best || !sampled.hasAudio || frames.length === 0 || decideVideo(best, th) !== 'review') return null;
  const startS = Math.max(0, frames[0]!.t - 1);
  return confirmByAudio(deps, input, { startS, durationS: Math.max(10, frames[frames.length - 1]!.t - startS + 2) }, best);
}

async function matchVideo(deps: MatchDeps, bank: LoadedBank, input: string, th: { match: number; review: number }, timings: Record<string, number>): Promise<Partial_> {
  let t = Date.now();
  // inputs up to 2 minutes: frames spread over the whole input (as hashQueryVideo); longer streams: keyframe
  // probes across the timeline, then a dense window where a probe hits the bank (no full decode)
  const { info, frames, probes, windows } = await sampleQueryFrames(deps.cfg, input, {
    maxFrames: deps.cfg.framesPerProbe, variants: QUERY_VARIANTS, isHit: bankHit(bank), keepPixels: true,
    ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
  });
  timings.decodeHashMs = Date.now() - t;
  timings.probes = probes;
  timings.windows = windows;
  t = Date.now();
  await deps.flood?.load();
  const { voted, usable, negativeFrames, quarantinedHits, rawHits } = scoreFrames(bank, frames, deps.flood);
  const winner = voted[0] && voted[0].matchedFrames >= 2 ? voted[0].filmId : null;
  const newlyQuarantined = (await deps.flood?.observe(rawHits, winner)) ?? [];
  timings.lookupMs = Date.now() - t;
  t = Date.now();
  const audio = await audioForReview({ bank: deps.bank, cfg: deps.cfg, log: deps.log, ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) }, input, { hasAudio: info.hasAudio, frames }, voted[0], th);
  if (audio) timings.audioMs = Date.now() - t;
  const evidenceFrames = voted[0]?.evidence ?? [];
  const closest = [...evidenceFrames].sort((a, b) => a.distance - b.distance || a.t - b.t);
  const evidencePngs: Array<{ t: number; png: Buffer }> = [];
  for (const ev of closest) {
    if (evidencePngs.length >= 8) break;
    const frame = usable.find((f) => f.t === ev.t);
    if (!frame?.rgb || evidencePngs.some((e) => e.t === ev.t)) continue;
    evidencePngs.push({ t: ev.t, png: await sharp(frame.rgb, { raw: { width: frame.width, height: frame.height, channels: 3 } }).png().toBuffer() });
  }
  const evidencePng = evidencePngs[0]?.png;
  return {
    candidates: voted.map(({ evidence: _e, ...c }) => c),
    extra: { kind: 'video', queryFrames: frames.length, usableFrames: usable.length, evidenceFrames, ...(evidencePng ? { evidencePng, evidencePngs } : {}) },
    guards: { negativeFrames, quarantinedHits, newlyQuarantined },
    ...(audio ? { audio } : {}),
    // long streams: the local stage reads the span the dense window covered (none: the first 2 minutes)
    ...(probes > 0 ? { span: frames.length ? { startS: Math.max(0, frames[0]!.t - 1), durationS: frames[frames.length - 1]!.t - frames[0]!.t + 2 } : { startS: 0, durationS: 120 } } : {}),
  };
}

async function matchImage(bank: LoadedBank, file: string, timings: Record<string, number>): Promise<Partial_> {
  let t = Date.now();
  const img = await decodeLuma(file);
  const { hash, quality } = pdqFromLuma(cropLuma(img, detectBars(img)));
  timings.decodeHashMs = Date.now() - t;
  t = Date.now();
  const q = hexToWords(hash);
  const bestPerFilm = new Map<string, FilmScore & { ev: VoteEvidence }>();
  const consider = (sig: { filmId: string; t: number }, distance: number, poster: boolean) => {
    const score = Math.max(0, Math.min(1, 1 - distance / IMAGE_SCALE));
    const cur = bestPerFilm.get(sig.filmId);
    if (cur && cur.score >= score) return;
    bestPerFilm.set(sig.filmId, { filmId: sig.filmId, score, offsetSeconds: poster ? null : sig.t, matchedFrames: 1, ev: { t: 0, hash, refT: sig.t, distance } });
  };
  if (quality >= PDQ_QUALITY_GATE) {
    for (const h of bank.posterIndex.search(q, PDQ_FRAME_RADIUS)) consider(bank.posters[h.id]!, h.distance, true);
    for (const h of bank.frameIndex.search(q, PDQ_FRAME_RADIUS)) consider(bank.frames[h.id]!, h.distance, false);
  }
  timings.lookupMs = Date.now() - t;
  const ranked = [...bestPerFilm.values()].sort((a, b) => b.score - a.score);
  return {
    candidates: ranked.map(({ ev: _e, ...c }) => c),
    extra: { kind: 'image', queryFrames: 1, usableFrames: quality >= PDQ_QUALITY_GATE ? 1 : 0, evidenceFrames: ranked[0] ? [ranked[0].ev] : [] },
  };
}
