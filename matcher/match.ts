// matchMedia: query video (file or HLS/MP4 URL) or image → decision against the film bank.
// Video: sample ≤ MATCH_SAMPLE_FRAMES frames, PDQ each (after bar removal), look up hits within PDQ_FRAME_RADIUS,
// then temporal voting. Image: nearest poster/frame, score = 1 − distance/80.
import type { Logger } from 'pino';
import sharp from 'sharp';
import type { AppConfig } from '../config/schema.ts';
import { BankIndexCache, type LoadedBank } from './bank-index.ts';
import { cropLuma, detectBars } from './frames.ts';
import { hexToWords } from './hamming.ts';
import { decodeLuma } from './image.ts';
import { pdqFromLuma } from './pdq.ts';
import type { FilmBankStore } from './ports.ts';
import { PDQ_FRAME_RADIUS, PDQ_QUALITY_GATE } from './signal.ts';
import { hashVideo } from './video.ts';
import { vote, type Candidate, type FrameHits, type VoteEvidence } from './vote.ts';

export type Decision = 'match' | 'review' | 'no_match';
export type { Candidate } from './vote.ts';

export interface MatchResult {
  decision: Decision;
  best: Candidate | null;
  candidates: Candidate[];
  kind: 'video' | 'image';
  checkpoint: string;
  queryFrames: number;
  usableFrames: number;
  evidenceFrames: VoteEvidence[];
  /** the best-matching query frame (PNG), for evidence; not serialised by the CLI */
  evidencePng?: Buffer;
  timings: Record<string, number>;
}

export interface MatchDeps {
  bank: FilmBankStore;
  cfg: Pick<AppConfig, 'ffmpegPath' | 'ffprobePath' | 'framesPerProbe'>;
  log: Logger;
  /** keep one per process to index the bank once per checkpoint; a fresh one is used when absent */
  cache?: BankIndexCache;
  timeoutMs?: number;
}

/** image score: 16 bits → 0.8 (a re-saved poster), 44 bits → 0.45 (review), beyond → no match */
const IMAGE_SCALE = 80;
const MAX_CANDIDATES = 10;

export function decide(score: number, th: { match: number; review: number }): Decision {
  return score >= th.match ? 'match' : score >= th.review ? 'review' : 'no_match';
}

export async function matchMedia(deps: MatchDeps, query: { video?: string; image?: string }, th: { match: number; review: number }): Promise<MatchResult> {
  if (!query.video === !query.image) throw new Error('matchMedia needs exactly one of video or image');
  const t0 = Date.now();
  const bank = await (deps.cache ?? new BankIndexCache()).get(deps.bank);
  const timings: Record<string, number> = { bankMs: Date.now() - t0 };
  const r = query.video ? await matchVideo(deps, bank, query.video, timings) : await matchImage(bank, query.image!, timings);
  const candidates = r.candidates.slice(0, MAX_CANDIDATES);
  const best = candidates[0] ?? null;
  const out: MatchResult = { decision: best ? decide(best.score, th) : 'no_match', best, candidates, checkpoint: bank.checkpoint, ...r.extra, timings };
  timings.totalMs = Date.now() - t0;
  deps.log.info({ decision: out.decision, filmId: best?.filmId, score: best?.score, checkpoint: bank.checkpoint, ...timings }, 'media matched');
  return out;
}

type Partial_ = { candidates: Candidate[]; extra: Pick<MatchResult, 'kind' | 'queryFrames' | 'usableFrames' | 'evidenceFrames' | 'evidencePng'> };

async function matchVideo(deps: MatchDeps, bank: LoadedBank, input: string, timings: Record<string, number>): Promise<Partial_> {
  let t = Date.now();
  const { frames } = await hashVideo(deps.cfg, input, {
    maxFrames: deps.cfg.framesPerProbe,
    maxFps: 2,
    minFps: 0.002,
    variants: ['full', 'raw'],
    keepPixels: true,
    timeoutMs: deps.timeoutMs ?? 120_000,
  });
  timings.decodeHashMs = Date.now() - t;
  t = Date.now();
  const usable = frames.filter((f) => f.signals[0]!.quality >= PDQ_QUALITY_GATE);
  // each query frame votes with the hits of its de-barred picture and (when bars were found) of the raw frame
  const hits: FrameHits[] = usable.map((f, q) => {
    const hash = f.signals[0]!.hash;
    const found = f.signals.flatMap((s) => bank.frameIndex.search(hexToWords(s.hash), PDQ_FRAME_RADIUS));
    return { q, t: f.t, hash, hits: found.map((h) => ({ filmId: bank.frames[h.id]!.filmId, refT: bank.frames[h.id]!.t, distance: h.distance })) };
  });
  const voted = vote(hits, usable.length);
  timings.lookupMs = Date.now() - t;
  const evidenceFrames = voted[0]?.evidence ?? [];
  const bestEv = [...evidenceFrames].sort((a, b) => a.distance - b.distance)[0];
  const frame = bestEv && usable.find((f) => f.t === bestEv.t);
  const evidencePng = frame?.rgb ? await sharp(frame.rgb, { raw: { width: frame.width, height: frame.height, channels: 3 } }).png().toBuffer() : undefined;
  return {
    candidates: voted.map(({ evidence: _e, ...c }) => c),
    extra: { kind: 'video', queryFrames: frames.length, usableFrames: usable.length, evidenceFrames, ...(evidencePng ? { evidencePng } : {}) },
  };
}

async function matchImage(bank: LoadedBank, file: string, timings: Record<string, number>): Promise<Partial_> {
  let t = Date.now();
  const img = await decodeLuma(file);
  const { hash, quality } = pdqFromLuma(cropLuma(img, detectBars(img)));
  timings.decodeHashMs = Date.now() - t;
  t = Date.now();
  const q = hexToWords(hash);
  const bestPerFilm = new Map<string, Candidate & { ev: VoteEvidence }>();
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
