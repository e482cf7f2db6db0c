// Candidates (pages that may carry a film) and the evidence captured for them.
import { sha256Hex } from './hash.ts';
import type { BlobStore } from './blobs.ts';
import type { Db } from './db.ts';
import { hostOf } from '../net/urls.ts';

export interface CandidateInput {
  sourceId: string | null;
  url: string;
  kind: 'detail' | 'telegram' | 'upload';
  title?: string | null;
  originalTitle?: string | null;
  year?: number | null;
  externalIds?: { kinopoisk?: string | number | null; imdb?: string | null };
  posters?: string[];
  players?: string[];
  streams?: string[];
  extra?: Record<string, unknown>;
  httpStatus?: number | null;
}

export interface CandidateRow {
  id: string;
  source_id: string | null;
  url: string;
  domain: string;
  kind: CandidateInput['kind'];
  title: string | null;
  original_title: string | null;
  year: number | null;
  external_ids: { kinopoisk?: string | number | null; imdb?: string | null };
  posters: string[];
  players: string[];
  streams: string[];
  extra: Record<string, unknown>;
  first_seen_at: Date;
  last_seen_at: Date;
}

const sha = sha256Hex;
export const candidateId = (url: string) => `cand_${sha(url).slice(0, 32)}`;

/** What the matcher looks at; a new revision means the candidate must be matched again. */
export function candidateRevision(c: Pick<CandidateInput, 'streams' | 'posters' | 'players' | 'title' | 'year'>): string {
  return sha(JSON.stringify([c.streams ?? [], c.posters ?? [], c.players ?? [], c.title ?? null, c.year ?? null])).slice(0, 24);
}

/** Inserts or refreshes a candidate (keyed by URL). Idempotent. */
export async function upsertCandidate(db: Db, c: CandidateInput): Promise<{ id: string; revision: string }> {
  const id = candidateId(c.url);
  await db.query(
    `INSERT INTO candidates (id, source_id, url, domain, kind, title, original_title, year, external_ids, posters, players, streams, extra, http_status)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)
     ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, original_title = EXCLUDED.original_title, year = EXCLUDED.year,
       external_ids = EXCLUDED.external_ids, posters = EXCLUDED.posters, players = EXCLUDED.players, streams = EXCLUDED.streams,
       extra = EXCLUDED.extra, http_status = EXCLUDED.http_status, last_seen_at = now()`,
    [id, c.sourceId, c.url, hostOf(c.url), c.kind, c.title ?? null, c.originalTitle ?? null, c.year ?? null,
      JSON.stringify(c.externalIds ?? {}), JSON.stringify(c.posters ?? []), JSON.stringify(c.players ?? []),
      JSON.stringify(c.streams ?? []), JSON.stringify(c.extra ?? {}), c.httpStatus ?? null],
  );
  return { id, revision: candidateRevision(c) };
}

export async function getCandidate(db: Db, id: string): Promise<CandidateRow | null> {
  const [row] = await db.query<CandidateRow>('SELECT * FROM candidates WHERE id = $1', [id]);
  return row ?? null;
}

export type EvidenceKind = 'page_html' | 'stream_manifest' | 'frame' | 'poster' | 'screenshot' | 'http_log' | 'warc' | 'wacz' | 'network_facts';

/** Stores bytes as evidence of a candidate. The same bytes for the same candidate and kind are stored once. */
export async function saveEvidence(
  deps: { db: Db; blobs: BlobStore },
  e: { candidateId: string; kind: EvidenceKind; data: Buffer; ext: string; url?: string | null; mediaType?: string; httpStatus?: number | null; meta?: Record<string, unknown> },
): Promise<{ id: string; sha256: string }> {
  const ref = await deps.blobs.put(e.data, e.ext);
  const id = `ev_${sha(`${e.candidateId}|${e.kind}|${ref.sha256}`).slice(0, 32)}`;
  await deps.db.query(
    `INSERT INTO evidence (id, candidate_id, kind, url, sha256, blob_path, bytes, media_type, http_status, meta)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (id) DO NOTHING`,
    [id, e.candidateId, e.kind, e.url ?? null, ref.sha256, ref.path, ref.bytes, e.mediaType ?? null, e.httpStatus ?? null, JSON.stringify(e.meta ?? {})],
  );
  return { id, sha256: ref.sha256 };
}

/** One page of candidates that carry media (a stream or a poster) or metadata the matcher can compare (a Kinopoisk
 * or IMDb id, or a title with a year: matcher/metadata.ts), by id after `after`: the rematch fan-out. So a film
 * imported after a tracker page was crawled still brings that page to review. */
export async function candidatesWithMedia(db: Db, after: string, limit: number): Promise<Array<Pick<CandidateRow, 'id' | 'streams' | 'posters' | 'players' | 'title' | 'year'>>> {
  return db.query(
    `SELECT id, streams, posters, players, title, year FROM candidates
      WHERE id > $1 AND (jsonb_array_length(streams) > 0 OR jsonb_array_length(posters) > 0
        OR external_ids->>'kinopoisk' IS NOT NULL OR external_ids->>'imdb' IS NOT NULL OR (title IS NOT NULL AND year IS NOT NULL))
      ORDER BY id LIMIT $2`,
    [after, limit],
  );
}

export type EvidenceInput = Parameters<typeof saveEvidence>[1];

/** What the jobs need of candidates and their evidence. */
export interface CandidateStore {
  upsert(c: CandidateInput): Promise<{ id: string; revision: string }>;
  get(id: string): Promise<CandidateRow | null>;
  saveEvidence(e: EvidenceInput): Promise<{ id: string; sha256: string }>;
  withMedia(after: string, limit: number): ReturnType<typeof candidatesWithMedia>;
}

export const candidateStore = (deps: { db: Db; blobs: BlobStore }): CandidateStore => ({
  upsert: (c) => upsertCandidate(deps.db, c),
  get: (id) => getCandidate(deps.db, id),
  saveEvidence: (e) => saveEvidence(deps, e),
  withMedia: (after, limit) => candidatesWithMedia(deps.db, after, limit),
});
