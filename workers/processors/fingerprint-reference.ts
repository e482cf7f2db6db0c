// film.reference.v1 — a reference video or poster a rights holder uploaded through the portal enters the film bank:
// the video is fingerprinted (frames, soundtrack, and local features when LOCAL_FEATURES is on) through the same
// registerFilm as `kuzet films add`, attached to the holder's film; a poster is hashed and attached. Progress and
// stage are written to the upload row every ~2 s for the portal to show. A file that is not what it claims (not a
// video, an undecodable image) or a video already registered as another film's reference ends the upload as
// `failed` with the reason — the holder sees it; retrying would not help. A crash mid-way re-runs the job (BullMQ
// stalled-job recovery): nothing was written until registerFilm's one transaction, so it starts over cleanly.
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/schema.ts';
import type { LocalCv } from '../../matcher/local/cv.ts';
import { attachPoster, registerFilm, type RegisterStage } from '../../matcher/register.ts';
import type { BlobStore } from '../../storage/blobs.ts';
import type { Db } from '../../storage/db.ts';
import { filmByAssetSha } from '../../storage/film-bank.ts';
import { getFilmRecord } from '../../storage/films.ts';
import { finishUpload, getUpload, setProgress } from '../../storage/uploads.ts';
import type { JobPayload } from '../jobs.ts';
import type { Outcome } from '../outcome.ts';
import { PermanentError } from '../outcome.ts';

export type ReferenceOutcome = Outcome<{ uploadId: string; filmId: string; result: 'done' | 'failed'; fingerprints: number; reason?: string }>;

export interface ReferenceDeps {
  db: Db;
  blobs: BlobStore;
  cfg: Pick<AppConfig, 'ffmpegPath' | 'ffprobePath' | 'fpcalcPath'>;
  log: Logger;
  /** OpenCV for local features (LOCAL_FEATURES); absent → PDQ + Chromaprint only */
  local?: LocalCv;
  /** how often progress is written (ms) */
  progressEveryMs?: number;
}

/** The media tools' refusals: the file is not usable as a reference (no retry helps). */
const unusable = (m: string) => /ffprobe|ffmpeg|no video stream|Invalid data|unsupported image|Input buffer|decode|corrupt|moov atom/i.test(m);

export async function fingerprintReferenceJob(deps: ReferenceDeps, p: JobPayload['film.reference.v1']): Promise<ReferenceOutcome> {
  const up = await getUpload(deps.db, p.uploadId);
  if (!up) throw new PermanentError(`no upload ${p.uploadId}`);
  if (up.status === 'receiving') return { status: 'skipped', reason: 'the upload is not complete' };
  if (up.status === 'done' || up.status === 'failed' || up.status === 'cancelled') return { status: 'skipped', reason: `already ${up.status}` };
  const film = await getFilmRecord(deps.db, up.filmId);
  if (!film || !up.blobPath) throw new PermanentError(`upload ${up.id}: its film or its file is missing`);
  const file = deps.blobs.resolve(up.blobPath);
  const fail = async (reason: string): Promise<ReferenceOutcome> => {
    await finishUpload(deps.db, up.id, { status: 'failed', error: reason });
    deps.log.warn({ uploadId: up.id, filmId: film.id, reason }, 'reference upload not usable');
    return { status: 'done', uploadId: up.id, filmId: film.id, result: 'failed', fingerprints: 0, reason };
  };
  let last = 0;
  let pending: Promise<void> = Promise.resolve();
  const every = deps.progressEveryMs ?? 2000;
  const onProgress = (stage: RegisterStage, fraction: number) => {
    const now = Date.now();
    if (now - last < every && stage === 'frames') return;
    last = now;
    pending = pending.then(() => setProgress(deps.db, up.id, { status: 'fingerprinting', progress: fraction, stage })).catch(() => undefined);
  };
  await setProgress(deps.db, up.id, { status: 'fingerprinting', progress: 0, stage: up.kind === 'video' ? 'frames' : 'poster' });
  try {
    if (up.kind === 'poster') {
      const r = await attachPoster(deps, { filmId: film.id, poster: file, actor: up.userId });
      await finishUpload(deps.db, up.id, { status: 'done', fingerprints: r.fingerprints });
      return { status: 'done', uploadId: up.id, filmId: film.id, result: 'done', fingerprints: r.fingerprints };
    }
    const other = up.sha256 ? await filmByAssetSha(deps.db, up.sha256, 'video') : null;
    if (other && other.filmId !== film.id) return await fail('this exact video is already the reference of another registered film; ask the register administrator');
    // the upload is already in the blob store (hashed when its last chunk arrived): registered as that blob, not copied
    const videoBlob = up.sha256 ? { sha256: up.sha256, path: up.blobPath, bytes: up.declaredBytes } : undefined;
    const r = await registerFilm(deps, { filmId: film.id, titleKk: film.titleKk, titleRu: film.titleRu, video: file, videoBlob, actor: up.userId, createdBy: up.userId, onProgress });
    await pending;
    await finishUpload(deps.db, up.id, { status: 'done', fingerprints: r.fingerprints });
    deps.log.info({ uploadId: up.id, filmId: film.id, fingerprints: r.fingerprints, created: r.created }, 'reference upload fingerprinted');
    return { status: 'done', uploadId: up.id, filmId: film.id, result: 'done', fingerprints: r.fingerprints };
  } catch (e) {
    await pending;
    const m = (e as Error).message;
    if (unusable(m)) return fail(`not a usable ${up.kind}: ${m.split('\n')[0]!.slice(0, 300)}`);
    throw e;
  }
}
