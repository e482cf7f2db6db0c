// match.candidate.v1 — sample the candidate's stream (or, lacking one, its poster), compare with the film
// bank and record the verdict. A poster alone never confirms a match: at best it asks a human. The page's
// Kinopoisk/IMDb ids and titles (matcher/metadata.ts) raise a no_match — or a page with no media at all, such as a
// torrent tracker's — to `review`, never to `match`; details.signals names what fired.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import type { CandidateStore } from '../../storage/candidates.ts';
import { matchId, type MatchStore } from '../../storage/matches.ts';
import type { Decision, FilmScore } from '../../matcher/match.ts';
import { METADATA_SCORE, metadataQueryOf, withMetadata, type MatchSignal, type MetadataHit, type MetadataQuery } from '../../matcher/metadata.ts';
import type { JobPayload } from '../jobs.ts';
import { PermanentError, type Outcome } from '../outcome.ts';

export interface Verdict {
  decision: Decision;
  best: Pick<FilmScore, 'filmId' | 'score' | 'offsetSeconds' | 'matchedFrames'> | null;
  candidates: Array<Pick<FilmScore, 'filmId' | 'score' | 'offsetSeconds' | 'matchedFrames'>>;
  /** the best-matching query frame, kept as evidence when the matcher provides it */
  evidencePng?: Buffer;
  /** the query frames at the matched offsets with their stream times (closest first), kept as evidence */
  evidencePngs?: Array<{ t: number; png: Buffer }>;
}

export interface MatchCandidateDeps {
  candidates: Pick<CandidateStore, 'get' | 'saveEvidence'>;
  matches: MatchStore;
  /** "title kk / title ru" of a registered film, for the review alert */
  filmTitle(filmId: string): Promise<string | null>;
  log: Logger;
  checkpoint(): Promise<string>;
  match(query: { video?: string; image?: string }): Promise<Verdict>;
  /** SSRF-checks a stream URL (and the URIs its playlist names) and returns the playlist bytes as evidence. */
  prepareStream(url: string): Promise<{ manifest: Buffer | null }>;
  /** Downloads an image within the fetch limits. */
  fetchImage(url: string): Promise<Buffer>;
  /** Tells investigators (Telegram) that a match waits for them; best effort, never fails the job. */
  notifyReview?(m: { matchId: string; candidateUrl: string; domain: string; filmTitle: string | null; score: number; matchedFrames: number }): Promise<unknown>;
  /** The page's ids and titles against the bank (matcher/metadata.ts matchMetadata); absent → media only. */
  metadata?(q: MetadataQuery): Promise<MetadataHit | null>;
}

export type MatchOutcome = Outcome<{ matchId: string; decision: Decision; score: number; filmId: string | null }>;

export async function matchCandidateJob(deps: MatchCandidateDeps, p: JobPayload['match.candidate.v1']): Promise<MatchOutcome> {
  const cand = await deps.candidates.get(p.candidateId);
  if (!cand) throw new PermanentError(`candidate ${p.candidateId} does not exist`);
  const stream = cand.streams[0];
  const poster = cand.posters[0];
  const query = metadataQueryOf(cand);
  const hasMetadata = query.kinopoiskId !== null || query.imdbId !== null || (query.titles.length > 0 && query.year !== null);
  if (!stream && !poster && !(deps.metadata && hasMetadata)) return { status: 'skipped', reason: 'no stream or poster to compare' };
  const checkpoint = await deps.checkpoint();
  // already decided against this bank checkpoint (a re-delivered job): nothing to sample again
  const done = await deps.matches.get(matchId(cand.id, checkpoint, stream ?? poster ?? null));
  if (done) return { status: 'done', matchId: done.id, decision: done.decision, score: done.score, filmId: done.film_id };
  const hit = deps.metadata && hasMetadata ? await deps.metadata(query) : null;
  if (!stream && !poster) {
    if (!hit) return { status: 'skipped', reason: 'no stream or poster to compare, and its ids/titles name no registered film' };
    return recordMetadataOnly(deps, cand, checkpoint, hit);
  }

  let verdict: Verdict;
  let mediaUrl: string;
  if (stream) {
    mediaUrl = stream;
    const { manifest } = await deps.prepareStream(stream);
    if (manifest) {
      await deps.candidates.saveEvidence({ candidateId: cand.id, kind: 'stream_manifest', data: manifest, ext: '.m3u8', url: stream, mediaType: 'application/vnd.apple.mpegurl' });
    }
    verdict = await deps.match({ video: stream });
  } else {
    mediaUrl = poster!;
    const bytes = await deps.fetchImage(poster!);
    await deps.candidates.saveEvidence({ candidateId: cand.id, kind: 'poster', data: bytes, ext: '.img', url: poster!, mediaType: 'image/*' });
    verdict = await withTempFile(bytes, (file) => deps.match({ image: file }));
    if (verdict.decision === 'match') verdict = { ...verdict, decision: 'review', ...{ capped: 'poster-only evidence needs an investigator' } };
  }

  // a frame of the stream at the matched offset; a poster is already kept as it was served (kind 'poster'), and
  // storing its normalised copy as a 'frame' made a poster-only packet list "a frame from the video on the page"
  // each frame with its time in the stream, so packets and the workbench pair it with the reference frame it matched
  const frames = verdict.evidencePngs?.length ? verdict.evidencePngs : verdict.evidencePng instanceof Buffer ? [{ t: null, png: verdict.evidencePng }] : [];
  if (stream) {
    for (const f of frames) {
      await deps.candidates.saveEvidence({ candidateId: cand.id, kind: 'frame', data: f.png, ext: '.png', url: mediaUrl, mediaType: 'image/png', meta: { offsetSeconds: verdict.best?.offsetSeconds ?? null, ...(f.t != null ? { t: f.t } : {}) } });
    }
  }
  const { evidencePng: _drop, evidencePngs: _dropAll, ...media } = verdict as Verdict & Record<string, unknown>;
  const combined = withMetadata({ decision: verdict.decision, filmId: verdict.best?.filmId ?? null }, hit);
  // the signals that name the recorded film: the media's when it found one, the metadata's when it agrees (or raised)
  const agrees = hit !== null && hit.filmId === combined.filmId;
  const signals: MatchSignal[] = [...(verdict.decision !== 'no_match' ? [stream ? 'video' as const : 'poster' as const] : []), ...(agrees ? [hit.signal] : [])];
  const details = { ...media, signals, ...(hit ? { metadata: { ...hit, raised: combined.raised, agrees } } : {}) };
  const { row, created } = await deps.matches.record({
    candidateId: cand.id, checkpoint, mediaUrl, filmId: combined.filmId,
    score: combined.raised ? METADATA_SCORE : verdict.best?.score ?? 0, offsetSeconds: combined.raised ? null : verdict.best?.offsetSeconds ?? null,
    matchedFrames: combined.raised ? 0 : verdict.best?.matchedFrames ?? 0, decision: combined.decision, details,
  }, { url: cand.url });
  return finish(deps, cand, row, created);
}

type Recorded = Awaited<ReturnType<MatchStore['record']>>['row'];

/** A page with no stream and no poster: its metadata alone can ask an investigator (review), never confirm. */
async function recordMetadataOnly(deps: MatchCandidateDeps, cand: { id: string; url: string; domain: string }, checkpoint: string, hit: MetadataHit): Promise<MatchOutcome> {
  const { decision, filmId } = withMetadata(null, hit);
  const { row, created } = await deps.matches.record({
    candidateId: cand.id, checkpoint, mediaUrl: null, filmId, score: METADATA_SCORE, offsetSeconds: null, matchedFrames: 0, decision,
    details: { kind: 'metadata', signals: [hit.signal], metadata: { ...hit, raised: true, agrees: true }, note: 'no playable stream or poster on the page: pictures or sound must confirm' },
  }, { url: cand.url });
  return finish(deps, cand, row, created);
}

async function finish(deps: MatchCandidateDeps, cand: { id: string; url: string; domain: string }, row: Recorded, created: boolean): Promise<MatchOutcome> {
  if (created && row.status === 'pending_review' && deps.notifyReview) {
    const filmTitle = row.film_id ? await deps.filmTitle(row.film_id) : null;
    await deps.notifyReview({ matchId: row.id, candidateUrl: cand.url, domain: cand.domain, filmTitle, score: row.score, matchedFrames: row.matched_frames })
      .catch((e: Error) => deps.log.warn({ matchId: row.id, err: e.message }, 'could not notify investigators; the match stays in the review queue'));
  }
  deps.log.info({ candidateId: cand.id, matchId: row.id, decision: row.decision, score: row.score, filmId: row.film_id }, 'candidate matched');
  return { status: 'done', matchId: row.id, decision: row.decision, score: row.score, filmId: row.film_id };
}

async function withTempFile<T>(bytes: Buffer, fn: (file: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kuzet-img-'));
  try {
    const file = path.join(dir, 'poster');
    await fs.writeFile(file, bytes);
    return await fn(file);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
