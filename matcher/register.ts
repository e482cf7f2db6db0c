// registerFilm: a national film enters the bank. Stores the master video (and poster) content-addressed, samples
// and hashes frames, writes film + assets + fingerprints in one transaction, and audits it.
// Idempotent by content: a video whose sha256 is already a reference asset returns the existing film.
import path from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/schema.ts';
import { appendAudit } from '../storage/audit.ts';
import type { BlobRef, BlobStore } from '../storage/blobs.ts';
import type { Db } from '../storage/db.ts';
import type { FilmMeta } from '../films/meta.ts';
import { filmByRegisterNo, getFilmRecord, writeFilmMeta } from '../storage/films.ts';
import { countFingerprints, filmByAssetSha, insertAsset, insertFilm, insertFingerprints, newFilmId, type FingerprintInput } from '../storage/film-bank.ts';
import { insertAudioPrint } from '../storage/audio-prints.ts';
import { audioFingerprint, type AudioPrint } from './audio.ts';
import { cropLuma, detectBars, REF_VARIANTS } from './frames.ts';
import { hamming } from './hamming.ts';
import { decodeLuma } from './image.ts';
import { pdqFromLuma } from './pdq.ts';
import { PDQ_STORE_MIN_QUALITY } from './signal.ts';
import { hashVideo } from './video.ts';
import type { LocalCv } from './local/cv.ts';
import { localFeaturesFor } from './local/store.ts';
import { upsertLocalFeatures } from '../storage/local-features.ts';

export interface RegisterDeps {
  db: Db;
  blobs: BlobStore;
  cfg: Pick<AppConfig, 'ffmpegPath' | 'ffprobePath' | 'fpcalcPath'>;
  log: Logger;
  /** OpenCV for the local-feature stage (matcher/local/cv.ts); absent → no local features stored */
  local?: LocalCv;
}

export interface RegisterInput {
  titleRu: string;
  titleKk: string;
  titleEn?: string;
  year?: number;
  kinopoiskId?: number;
  imdbId?: string;
  video: string;
  /** the video is already this blob of the store (a portal upload): not copied and hashed again */
  videoBlob?: BlobRef;
  poster?: string;
  actor?: string;
  /** the rest of the title data (films/meta.ts, validated by the caller): register number, certificates, rights… */
  meta?: FilmMeta;
  /** the user registering it (a rights holder's own film is linked to them by the caller) */
  createdBy?: string | null;
  /** attach the video to this existing film (a metadata-only film whose reference video follows later); a film with
   * the same meta.stateRegisterNo is found by itself */
  filmId?: string;
  /** progress for the portal: the stage and how far it is (0..1 of the whole registration) */
  onProgress?: (stage: RegisterStage, fraction: number) => void;
}

export type RegisterStage = 'frames' | 'audio' | 'local' | 'saving';

/** Reference sampling: every frame (up to 30 fps) of short films, fewer for long films so a film never exceeds this
 * many frames. Dense sampling matters for fast motion (a signer's hands, vPDQ's pattern clip changes 36 bits from one
 * frame to the next): a query frame must find its own frame in the bank, not one 4 frames away. */
export const REF_MAX_FRAMES = 3600;
export const REF_MAX_FPS = 30;

/** A reference frame within this many bits of the last kept one (same variant) is dropped as near-identical… */
export const DEDUPE_BITS = 8;
/** …unless the last kept one is this old: static scenes keep a frame every second so offsets still agree. */
export const DEDUPE_MAX_GAP_S = 1;

/** What a video asset's fingerprints are made of; stored per asset, so `kuzet films rehash` can find the assets
 * hashed with an older recipe after the variants or the sampling change. */
export const VIDEO_RECIPE = `pdq:${REF_VARIANTS.join('+')}:fps${REF_MAX_FPS}:max${REF_MAX_FRAMES}:dedupe${DEDUPE_BITS}/${DEDUPE_MAX_GAP_S}s`;
/** …plus the soundtrack's Chromaprint. An asset whose audio could not be fingerprinted (fpcalc missing or failing)
 * records VIDEO_RECIPE alone, so it shows up as stale and `films rehash` completes it later. */
export const REF_RECIPE = `${VIDEO_RECIPE};chromaprint`;

/** The master's soundtrack print: null without an audio track; `failed` (logged, not fatal) when fpcalc is missing or
 * fails — audio only ever confirms a video match, so a film without it still matches by picture. */
async function fingerprintAudio(deps: Pick<RegisterDeps, 'cfg' | 'log'>, file: string): Promise<AudioPrint | null | 'failed'> {
  try {
    return await audioFingerprint(deps.cfg, file, { timeoutMs: 30 * 60_000 });
  } catch (e) {
    deps.log.warn({ err: (e as Error).message, file }, 'audio fingerprint failed: the film is registered without audio confirmation');
    return 'failed';
  }
}

/** Fingerprints a reference video with the current recipe (registration and rehash): its frames' PDQ prints and its
 * soundtrack's Chromaprint (null without a track, or when fpcalc failed); `recipe` is what was actually made —
 * REF_RECIPE, or VIDEO_RECIPE when the audio failed (the asset then stays stale for `films rehash`). */
export async function fingerprintReference(deps: Pick<RegisterDeps, 'cfg' | 'log'>, file: string, onProgress?: RegisterInput['onProgress']) {
  const onFrame = onProgress && ((t: number, d: number) => onProgress('frames', d > 0 ? Math.min(0.8, (0.8 * t) / d) : 0));
  const { info, fps, frames } = await hashVideo(deps.cfg, file, { maxFrames: REF_MAX_FRAMES, maxFps: REF_MAX_FPS, variants: REF_VARIANTS, timeoutMs: 30 * 60_000, onFrame });
  onProgress?.('audio', 0.8);
  const audio = info.hasAudio ? await fingerprintAudio(deps, file) : null;
  const recipe = audio === 'failed' ? VIDEO_RECIPE : REF_RECIPE;
  return { info, fps, frames: frames.length, prints: dedupeFrames(frames), audio: audio === 'failed' ? null : audio, recipe };
}

/** Quality gate + near-identical consecutive frame dropping, per variant. */
export function dedupeFrames(frames: ReadonlyArray<{ t: number; signals: ReadonlyArray<{ variant: string; hash: string; quality: number }> }>): FingerprintInput[] {
  const last = new Map<string, { hash: string; t: number }>();
  const prints: FingerprintInput[] = [];
  for (const f of frames) {
    for (const s of f.signals) {
      if (s.quality < PDQ_STORE_MIN_QUALITY) continue;
      const prev = last.get(s.variant);
      if (prev && f.t - prev.t < DEDUPE_MAX_GAP_S && hamming(prev.hash, s.hash) <= DEDUPE_BITS) continue;
      last.set(s.variant, { hash: s.hash, t: f.t });
      prints.push({ signalType: 'pdq', contentType: 'video_frame', variant: s.variant, t: Math.round(f.t * 1000) / 1000, hash: s.hash, quality: s.quality });
    }
  }
  return prints;
}

export async function registerFilm(deps: RegisterDeps, input: RegisterInput): Promise<{ filmId: string; fingerprints: number; created: boolean }> {
  const { db, blobs, log } = deps;
  const t0 = Date.now();
  const video = input.videoBlob ?? (await blobs.putFile(input.video, path.extname(input.video) || '.mp4'));
  const existing = await filmByAssetSha(db, video.sha256, 'video');
  if (existing) {
    log.info({ filmId: existing.filmId, sha256: video.sha256 }, 'film already registered for this video');
    return { filmId: existing.filmId, fingerprints: await countFingerprints(db, existing.filmId), created: false };
  }
  const { info, fps, frames, prints, audio, recipe } = await fingerprintReference(deps, blobs.resolve(video.path), input.onProgress);
  const poster = input.poster ? await blobs.putFile(input.poster, path.extname(input.poster) || '.png') : null;
  let posterPrint: FingerprintInput | null = null;
  if (poster) {
    const img = await decodeLuma(blobs.resolve(poster.path));
    const h = pdqFromLuma(cropLuma(img, detectBars(img)));
    posterPrint = { signalType: 'pdq', contentType: 'image', variant: 'poster', t: null, hash: h.hash, quality: h.quality };
  }
  // local features (issue 13): ORB keyframes for the geometric stage, as one blob; only when a LocalCv was given
  if (deps.local) input.onProgress?.('local', 0.9);
  const local = deps.local ? await localFeaturesFor(deps.local, deps.cfg, blobs, blobs.resolve(video.path)) : null;
  input.onProgress?.('saving', 0.97);
  const hashMs = Date.now() - t0;
  const known = input.filmId ? await getFilmRecord(db, input.filmId) : input.meta?.stateRegisterNo ? await filmByRegisterNo(db, input.meta.stateRegisterNo) : null;
  if (input.filmId && !known) throw new Error(`no film ${input.filmId}`);
  const filmId = known?.id ?? newFilmId();
  const total = await db.tx(async (t) => {
    if (!known) await insertFilm(t, filmId, { ...input, createdBy: input.createdBy ?? null });
    if (input.meta) await writeFilmMeta(t, filmId, input.meta);
    const videoAsset = await insertAsset(t, { filmId, kind: 'video', sha256: video.sha256, blobPath: video.path, bytes: video.bytes, durationS: info.durationS, width: info.width, height: info.height, recipe });
    if (audio) await insertAudioPrint(t, { assetId: videoAsset, filmId, print: audio });
    if (local) await upsertLocalFeatures(t, { assetId: videoAsset, filmId, ...local });
    let n = await insertFingerprints(t, { id: videoAsset, filmId }, prints);
    if (poster && posterPrint) {
      const posterAsset = await insertAsset(t, { filmId, kind: 'poster', sha256: poster.sha256, blobPath: poster.path, bytes: poster.bytes });
      n += await insertFingerprints(t, { id: posterAsset, filmId }, [posterPrint]);
    }
    await appendAudit(t, {
      actor: input.actor ?? 'system',
      action: 'film.register',
      subject: filmId,
      details: { titleRu: input.titleRu, titleKk: input.titleKk, stateRegisterNo: input.meta?.stateRegisterNo ?? null, attachedToExisting: Boolean(known), videoSha256: video.sha256, posterSha256: poster?.sha256 ?? null, fingerprints: n, fps, recipe, audioSeconds: audio ? Math.round(audio.durationS) : null, ...(local ? { localKeyframes: local.keyframes, localBytes: local.bytes } : {}) },
    });
    return n;
  });
  log.info({ filmId, fingerprints: total, frames, fps, hashMs, totalMs: Date.now() - t0 }, 'film registered');
  return { filmId, fingerprints: total, created: true };
}

/** A poster for an existing film (the portal's upload; a film without a video is then protected by metadata and its
 * poster). Idempotent: the same image for the same film is the asset already there. */
export async function attachPoster(deps: Pick<RegisterDeps, 'db' | 'blobs'>, p: { filmId: string; poster: string; actor: string }): Promise<{ fingerprints: number; created: boolean }> {
  const poster = await deps.blobs.putFile(p.poster, path.extname(p.poster) || '.png');
  const known = await filmByAssetSha(deps.db, poster.sha256, 'poster');
  if (known && known.filmId === p.filmId) return { fingerprints: 0, created: false };
  const img = await decodeLuma(deps.blobs.resolve(poster.path));
  const h = pdqFromLuma(cropLuma(img, detectBars(img)));
  return deps.db.tx(async (t) => {
    if (!(await getFilmRecord(t, p.filmId))) throw new Error(`no film ${p.filmId}`);
    const asset = await insertAsset(t, { filmId: p.filmId, kind: 'poster', sha256: poster.sha256, blobPath: poster.path, bytes: poster.bytes });
    const n = await insertFingerprints(t, { id: asset, filmId: p.filmId }, [{ signalType: 'pdq', contentType: 'image', variant: 'poster', t: null, hash: h.hash, quality: h.quality }]);
    await appendAudit(t, { actor: p.actor, action: 'film.poster', subject: p.filmId, details: { posterSha256: poster.sha256, quality: h.quality, fingerprints: n } });
    return { fingerprints: n, created: true };
  });
}
