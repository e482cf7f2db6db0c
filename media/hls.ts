// HLS playlists: the one parser (master and media playlists, every URI they name) and the one loader (a master
// with all its variant and rendition playlists, read through a fetch port: in production the guarded safeFetch,
// size-capped). Shared by the SSRF guard (net/hls-guard.ts) and the segment reader (media/ffmpeg.ts hlsSegments).
import { MediaError } from './errors.ts';

/** a playlist larger than this is refused (an endless or padded playlist) */
export const MAX_PLAYLIST_BYTES = 2 * 1024 * 1024;
/** a master naming more variant/rendition playlists than this is refused */
export const MAX_SUB_PLAYLISTS = 32;

export interface ByteRange {
  length: number;
  offset?: number;
}

export interface HlsSegment {
  /** absolute URL (file: URLs for local playlists) */
  uri: string;
  startS: number;
  durationS: number;
  byteRange?: ByteRange;
  /** EXT-X-KEY in force (METHOD other than NONE) */
  key?: { method: string; uri?: string };
  /** EXT-X-MAP in force (fMP4 init section) */
  map?: { uri: string; byteRange?: ByteRange };
  discontinuity?: boolean;
}

export interface HlsPlaylist {
  kind: 'master' | 'media';
  /** EXT-X-STREAM-INF variants */
  variants: Array<{ uri: string; bandwidth: number }>;
  /** other playlists a master names: EXT-X-MEDIA renditions, EXT-X-I-FRAME-STREAM-INF */
  renditions: string[];
  segments: HlsSegment[];
  /** every URI named, absolute: segments, variants, renditions, keys, maps, and any other tag's URI attribute */
  uris: string[];
}

export interface LoadedHls {
  url: string;
  body: Buffer;
  top: HlsPlaylist;
  /** the media playlists: the top one itself, or those of a master (all variants and renditions, or the one asked) */
  media: Array<{ url: string; playlist: HlsPlaylist }>;
}

/** A guarded, size-capped read of one playlist: the final URL (after redirects) and the bytes. */
export type PlaylistFetch = (url: string) => Promise<{ url: string; body: Buffer }>;

const startsHls = (body: Buffer) => /^\uFEFF?\s*#EXTM3U/.test(body.subarray(0, 64).toString('utf8'));

/** HLS by content, as ffmpeg decides (#EXTM3U first), or by the HLS media types; never by the path. */
export const looksLikeHls = (contentType: string, body: Buffer) => /mpegurl/i.test(contentType) || startsHls(body);

function attrs(list: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of list.matchAll(/([A-Z0-9-]+)=("[^"]*"|[^,]*)/g)) out.set(m[1]!, m[2]!.replace(/^"|"$/g, ''));
  return out;
}

function byteRange(s: string | undefined, prevEnd: number): ByteRange | undefined {
  const m = s ? /^(\d+)(?:@(\d+))?$/.exec(s.trim()) : null;
  return m ? { length: Number(m[1]), offset: m[2] !== undefined ? Number(m[2]) : prevEnd } : undefined;
}

export function parsePlaylist(text: string, base: string): HlsPlaylist {
  const abs = (uri: string) => {
    try {
      return new URL(uri, base).href;
    } catch {
      throw new MediaError(`playlist ${base} names an invalid URI: ${uri.slice(0, 200)}`, true, base);
    }
  };
  const p: HlsPlaylist = { kind: 'media', variants: [], renditions: [], segments: [], uris: [] };
  let variant: number | null = null;
  let dur: number | null = null;
  let range: ByteRange | undefined;
  let rangeEnd = 0;
  let key: HlsSegment['key'];
  let map: HlsSegment['map'];
  let discontinuity = false;
  let at = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      const colon = line.indexOf(':');
      const tag = colon < 0 ? line : line.slice(0, colon);
      const rest = colon < 0 ? '' : line.slice(colon + 1);
      const a = colon < 0 ? new Map<string, string>() : attrs(rest);
      for (const [k, v] of a) if (k.endsWith('URI') && v) p.uris.push(abs(v));
      if (tag === '#EXT-X-STREAM-INF') variant = Number(a.get('BANDWIDTH') ?? NaN);
      else if ((tag === '#EXT-X-MEDIA' || tag === '#EXT-X-I-FRAME-STREAM-INF') && a.get('URI')) p.renditions.push(abs(a.get('URI')!));
      else if (tag === '#EXTINF') dur = Number(rest.split(',')[0]);
      else if (tag === '#EXT-X-BYTERANGE') range = byteRange(rest, rangeEnd);
      else if (tag === '#EXT-X-DISCONTINUITY') discontinuity = true;
      else if (tag === '#EXT-X-KEY') key = a.get('METHOD') === 'NONE' ? undefined : { method: a.get('METHOD') ?? '', ...(a.get('URI') ? { uri: abs(a.get('URI')!) } : {}) };
      else if (tag === '#EXT-X-MAP' && a.get('URI')) map = { uri: abs(a.get('URI')!), ...(a.has('BYTERANGE') ? { byteRange: byteRange(a.get('BYTERANGE'), 0) } : {}) };
      continue;
    }
    const uri = abs(line);
    p.uris.push(uri);
    if (variant !== null) {
      p.variants.push({ uri, bandwidth: Number.isFinite(variant) ? variant : Infinity });
      variant = null;
      continue;
    }
    const durationS = dur !== null && Number.isFinite(dur) ? dur : 0;
    p.segments.push({ uri, startS: at, durationS, ...(range ? { byteRange: range } : {}), ...(key ? { key } : {}), ...(map ? { map } : {}), ...(discontinuity ? { discontinuity } : {}) });
    if (range) rangeEnd = (range.offset ?? 0) + range.length;
    at += durationS;
    dur = null;
    range = undefined;
    discontinuity = false;
  }
  if (p.variants.length > 0 || (p.renditions.length > 0 && p.segments.length === 0)) p.kind = 'master';
  return p;
}

function parseBody(url: string, body: Buffer): HlsPlaylist {
  if (!startsHls(body)) throw new MediaError(`not an HLS playlist: ${url}`, true, url);
  return parsePlaylist(body.toString('utf8'), url);
}

/**
 * Reads a playlist (or takes the first read already made) and, for a master, its variant and rendition playlists:
 * all of them, or with `only: 'lowest'` the lowest-bandwidth variant. A variant that is itself a master is refused.
 */
export async function loadHls(fetch: PlaylistFetch, url: string, opts: { first?: { url: string; body: Buffer }; only?: 'lowest' } = {}): Promise<LoadedHls> {
  const first = opts.first ?? (await fetch(url));
  const top = parseBody(first.url, first.body);
  if (top.kind === 'media') return { url: first.url, body: first.body, top, media: [{ url: first.url, playlist: top }] };
  const lowest = [...top.variants].sort((a, b) => a.bandwidth - b.bandwidth)[0];
  const subs = opts.only === 'lowest' ? (lowest ? [lowest.uri] : []) : [...new Set([...top.variants.map((v) => v.uri), ...top.renditions])];
  if (subs.length > MAX_SUB_PLAYLISTS) throw new MediaError(`master playlist ${url} names ${subs.length} playlists (limit ${MAX_SUB_PLAYLISTS})`, true, url);
  const media: LoadedHls['media'] = [];
  for (const sub of subs) {
    const r = await fetch(sub);
    const playlist = parseBody(r.url, r.body);
    if (playlist.kind === 'master') throw new MediaError(`variant playlist ${sub} of ${url} is itself a master playlist`, true, url);
    media.push({ url: r.url, playlist });
  }
  return { url: first.url, body: first.body, top, media };
}

/** Every URI a loaded playlist tree names (variant and rendition playlists, segments, keys, maps, …). */
export const namedUris = (hls: LoadedHls): string[] => [...new Set([...hls.top.uris, ...hls.media.flatMap((m) => m.playlist.uris)])];
