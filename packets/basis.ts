// What a match's evidence actually is, read from the matcher's own record (matches.details, matcher/match.ts
// MatchResult): frames of a video stream, a poster image only, or page metadata only; and whether the soundtrack was
// compared. Every document states its method from this, never from a template that assumes video.
import { decidedByLocal } from '../matcher/local/stage.ts';
import type { CaseBasis } from './case.ts';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const STREAM_EXT = /\.(m3u8|mpd|mp4|m4v|webm|mkv|ts|flv)(?:[?#]|$)/i;
const IMAGE_EXT = /\.(jpe?g|png|webp|gif|avif|bmp)(?:[?#]|$)/i;
/** how many matched frames the documents list (the strongest first) */
export const MAX_FRAME_PAIRS = 8;

export function classifyBasis(match: Row, candidate: Row | null): CaseBasis['kind'] {
  const details = (match.details ?? {}) as Row;
  // the matcher names what fired (workers/processors/match-candidate.ts): a picture counts only when it matched —
  // a poster compared with no match and a title that raised the page to review is a metadata case
  if (Array.isArray(details.signals)) return details.signals.includes('video') ? 'stream_frames' : details.signals.includes('poster') ? 'poster_only' : 'metadata_only';
  if (details.kind === 'metadata') return 'metadata_only';
  if (details.kind === 'video') return 'stream_frames';
  if (details.kind === 'image') return 'poster_only';
  const media = typeof match.media_url === 'string' ? match.media_url : null;
  const has = (list: unknown) => Array.isArray(list) && media != null && list.includes(media);
  if (has(candidate?.streams)) return 'stream_frames';
  if (has(candidate?.posters)) return 'poster_only';
  if (media && STREAM_EXT.test(media)) return 'stream_frames';
  if (media && IMAGE_EXT.test(media)) return 'poster_only';
  // an image comparison always reports one matched image; only a video reports several frames
  if (media && Number(match.matched_frames) > 1) return 'stream_frames';
  if (media && Number(match.matched_frames) === 1) return 'poster_only';
  return 'metadata_only';
}

export function audioOf(details: Row): CaseBasis['audio'] {
  const a = details.audio as Row | undefined;
  if (!a || typeof a.ber !== 'number' || typeof a.offsetS !== 'number') return null;
  return { confirmed: a.confirmed === true, ber: a.ber, offset_s: a.offsetS };
}

/** The matched frames (query time, reference time, Hamming distance), closest first, at most MAX_FRAME_PAIRS. */
export function framesOf(details: Row, kind: CaseBasis['kind']): CaseBasis['frames'] {
  const list = Array.isArray(details.evidenceFrames) ? (details.evidenceFrames as Row[]) : [];
  return list
    .filter((f) => typeof f.t === 'number' && typeof f.refT === 'number' && typeof f.distance === 'number')
    .map((f) => ({ t: kind === 'poster_only' ? null : f.t as number, ref_t: f.refT as number, distance: f.distance as number, inliers: null, hash: typeof f.hash === 'string' ? f.hash : null }))
    .sort((a, b) => a.distance - b.distance || (a.t ?? 0) - (b.t ?? 0))
    .slice(0, MAX_FRAME_PAIRS);
}

/** Whether local features decided this film: the stage's `match` (details.stage 'local'), or its lead — evidence
 * refused as a `match` and raised to review — that an investigator confirmed for the same film (matcher/match.ts). */
export function byKeypoints(match: Row): boolean {
  const details = (match.details ?? {}) as Row;
  const local = details.local as Row | undefined;
  return !!local && Array.isArray(local.seen) && local.seen.length > 0 && decidedByLocal(details, match.film_id);
}

/** The agreeing frames of the local stage (stream time, film time, inliers, whether the copy was mirrored), most
 * inliers first. */
export function keypointFramesOf(details: Row): CaseBasis['frames'] {
  const seen = ((details.local as Row | undefined)?.seen ?? []) as Row[];
  return seen
    .filter((f) => typeof f.t === 'number' && typeof f.refT === 'number' && typeof f.inliers === 'number')
    .map((f) => ({ t: f.t as number, ref_t: f.refT as number, distance: null, inliers: f.inliers as number, hash: null, mirrored: f.mirrored === true }))
    .sort((a, b) => b.inliers! - a.inliers! || a.t - b.t)
    .slice(0, MAX_FRAME_PAIRS);
}

export function basisOf(match: Row, candidate: Row | null): CaseBasis {
  const kind = classifyBasis(match, candidate);
  const details = (match.details ?? {}) as Row;
  const signals = Array.isArray(details.signals) ? (details.signals as unknown[]).filter((x): x is string => typeof x === 'string' && /^(kinopoisk_id|imdb_id|title_year)$/.test(x)) : [];
  const keypoints = kind === 'stream_frames' && byKeypoints(match);
  return {
    kind,
    method: keypoints ? 'keypoints' : 'hashes',
    // the soundtrack compared with PDQ's best film: under local features, only when that was this film
    audio: kind === 'stream_frames' && (!keypoints || (details.audio as Row | undefined)?.filmId === match.film_id) ? audioOf(details) : null,
    frames: kind === 'metadata_only' ? [] : keypoints ? keypointFramesOf(details) : framesOf(details, kind),
    metadata: signals,
    ...(keypoints && typeof (details.local as Row | undefined)?.pixels === 'number' ? { pixels: (details.local as Row).pixels as number } : {}),
    ...(keypoints && typeof (details.local as Row | undefined)?.motion === 'number' ? { motion: (details.local as Row).motion as number } : {}),
    ...(keypoints && typeof (details.local as Row | undefined)?.checksOffsetS === 'number'
      ? { checks_offset_s: (details.local as Row).checksOffsetS as number, ...((details.local as Row).checksRefined === true ? { checks_refined: true as const } : {}) }
      : {}),
  };
}
