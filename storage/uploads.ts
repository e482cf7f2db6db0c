// Reference uploads from the portal (issue 11; table reference_uploads, migration 020): a film's video or poster
// arriving in chunks, then fingerprinted by the film.reference job, whose progress the portal polls.
import { randomBytes } from 'node:crypto';
import { type Db, isoOrNull } from './db.ts';

export type UploadKind = 'video' | 'poster';
export type UploadStatus = 'receiving' | 'stored' | 'fingerprinting' | 'done' | 'failed' | 'cancelled';

export interface ReferenceUpload {
  id: string;
  filmId: string;
  userId: string;
  kind: UploadKind;
  fileName: string;
  declaredBytes: number;
  receivedBytes: number;
  status: UploadStatus;
  sha256: string | null;
  blobPath: string | null;
  progress: number;
  stage: string | null;
  error: string | null;
  fingerprints: number | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

const COLS = `id, film_id, user_id, kind, file_name, declared_bytes, received_bytes, status, sha256, blob_path, progress, stage,
  error, fingerprints, created_at, updated_at, finished_at`;
const row = (r: Record<string, unknown>): ReferenceUpload => ({
  id: r.id as string, filmId: r.film_id as string, userId: r.user_id as string, kind: r.kind as UploadKind, fileName: r.file_name as string,
  declaredBytes: Number(r.declared_bytes), receivedBytes: Number(r.received_bytes), status: r.status as UploadStatus,
  sha256: (r.sha256 as string | null) ?? null, blobPath: (r.blob_path as string | null) ?? null, progress: Number(r.progress),
  stage: (r.stage as string | null) ?? null, error: (r.error as string | null) ?? null, fingerprints: (r.fingerprints as number | null) ?? null,
  createdAt: isoOrNull(r.created_at)!, updatedAt: isoOrNull(r.updated_at)!, finishedAt: isoOrNull(r.finished_at),
});

/** An unfinished upload of the same file (same film, kind, name and size, by the same user) to resume, else a new one. */
export async function openUpload(db: Db, p: { filmId: string; userId: string; kind: UploadKind; fileName: string; bytes: number }): Promise<{ upload: ReferenceUpload; resumed: boolean }> {
  return db.tx(async (t) => {
    const [open] = await t.query<Record<string, unknown>>(
      `SELECT ${COLS} FROM reference_uploads WHERE film_id = $1 AND user_id = $2 AND kind = $3 AND file_name = $4 AND declared_bytes = $5
        AND status = 'receiving' ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
      [p.filmId, p.userId, p.kind, p.fileName, p.bytes],
    );
    if (open) return { upload: row(open), resumed: true };
    const [r] = await t.query<Record<string, unknown>>(
      `INSERT INTO reference_uploads (id, film_id, user_id, kind, file_name, declared_bytes) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLS}`,
      [`up_${randomBytes(12).toString('hex')}`, p.filmId, p.userId, p.kind, p.fileName, p.bytes],
    );
    return { upload: row(r!), resumed: false };
  });
}

export async function getUpload(db: Db, id: string): Promise<ReferenceUpload | null> {
  const [r] = await db.query<Record<string, unknown>>(`SELECT ${COLS} FROM reference_uploads WHERE id = $1`, [id]);
  return r ? row(r) : null;
}

/** Locks the upload row for the rest of the transaction (one chunk is appended at a time, whichever process). */
export async function lockUpload(db: Db, id: string): Promise<ReferenceUpload | null> {
  const [r] = await db.query<Record<string, unknown>>(`SELECT ${COLS} FROM reference_uploads WHERE id = $1 FOR UPDATE`, [id]);
  return r ? row(r) : null;
}

export async function setReceived(db: Db, id: string, received: number): Promise<void> {
  await db.query('UPDATE reference_uploads SET received_bytes = $2, updated_at = now() WHERE id = $1', [id, received]);
}

export async function markStored(db: Db, id: string, blob: { sha256: string; path: string }): Promise<void> {
  await db.query(`UPDATE reference_uploads SET status = 'stored', sha256 = $2, blob_path = $3, stage = 'queued', updated_at = now() WHERE id = $1`, [id, blob.sha256, blob.path]);
}

/** Progress of the fingerprinting (monotonic per stage; the job writes it every few seconds). */
export async function setProgress(db: Db, id: string, p: { status?: UploadStatus; progress: number; stage: string }): Promise<void> {
  await db.query(
    `UPDATE reference_uploads SET status = COALESCE($2, status), progress = $3, stage = $4, updated_at = now() WHERE id = $1 AND status IN ('stored', 'fingerprinting')`,
    [id, p.status ?? null, Math.max(0, Math.min(1, p.progress)), p.stage],
  );
}

export async function finishUpload(db: Db, id: string, p: { status: 'done' | 'failed' | 'cancelled'; error?: string; fingerprints?: number }): Promise<void> {
  await db.query(
    `UPDATE reference_uploads SET status = $2, error = $3, fingerprints = $4, progress = CASE WHEN $2 = 'done' THEN 1 ELSE progress END,
       stage = $2, updated_at = now(), finished_at = now() WHERE id = $1`,
    [id, p.status, p.error?.slice(0, 500) ?? null, p.fingerprints ?? null],
  );
}

/** A film's uploads, newest first (the portal's film page). */
export async function uploadsOfFilm(db: Db, filmId: string, limit = 20): Promise<ReferenceUpload[]> {
  return (await db.query<Record<string, unknown>>(`SELECT ${COLS} FROM reference_uploads WHERE film_id = $1 ORDER BY created_at DESC LIMIT $2`, [filmId, limit])).map(row);
}

/** Uploads stored whose fingerprinting has not started (the sweep queues their job again; a no-op if it is queued).
 * One that started and stopped (a killed worker) is BullMQ's stalled-job recovery's to resume, not the sweep's. */
export async function uploadsToFingerprint(db: Db, olderThanS = 60): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM reference_uploads WHERE status = 'stored' AND updated_at < now() - make_interval(secs => $1) ORDER BY created_at LIMIT 100`,
    [olderThanS],
  );
  return rows.map((r) => r.id);
}
