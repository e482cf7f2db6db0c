// How far the pipeline got for a set of sources: crawled, candidates with media, matched by status, delisted,
// packed, registry entries. The demo waits on it; the faults run compares it with its ground truth.
import type { Db } from './db.ts';

export interface PipelineState {
  crawled: number;
  candidates: number;
  withMedia: number;
  matched: number;
  confirmed: number;
  pendingReview: number;
  dropped: number;
  delisted: number;
  packets: number;
  proposed: number;
  active: number;
}

export async function pipelineState(db: Db, sources: string[], after: Date): Promise<PipelineState> {
  const [row] = await db.query<PipelineState>(
    `WITH c AS (SELECT * FROM candidates WHERE source_id = ANY($1::text[])),
          m AS (SELECT DISTINCT ON (candidate_id) * FROM matches WHERE candidate_id IN (SELECT id FROM c) ORDER BY candidate_id, created_at DESC)
     SELECT
       (SELECT count(*) FROM sources WHERE id = ANY($1::text[]) AND last_crawled_at >= $2)::int AS crawled,
       (SELECT count(*) FROM c)::int AS candidates,
       (SELECT count(*) FROM c WHERE jsonb_array_length(streams) > 0 OR jsonb_array_length(posters) > 0)::int AS "withMedia",
       (SELECT count(*) FROM m)::int AS matched,
       (SELECT count(*) FROM m WHERE status = 'confirmed')::int AS confirmed,
       (SELECT count(*) FROM m WHERE status = 'pending_review')::int AS "pendingReview",
       (SELECT count(*) FROM m WHERE status = 'dropped')::int AS dropped,
       (SELECT count(*) FROM delist_items WHERE match_id IN (SELECT id FROM m))::int AS delisted,
       (SELECT count(*) FROM packets WHERE match_id IN (SELECT id FROM m))::int AS packets,
       (SELECT count(*) FROM registry_entries WHERE status = 'proposed')::int AS proposed,
       (SELECT count(*) FROM registry_entries WHERE status = 'active')::int AS active`,
    [sources, after],
  );
  return row!;
}
