// Before a stream URL is handed to ffmpeg: one guarded read of the URL (every redirect hop re-checked) decides by
// content and media type, as ffmpeg does, whether it is an HLS playlist; a playlist is loaded with all its variant
// and rendition playlists (media/hls.ts, safeFetch, size-capped), and every URI they name must be http(s) on hosts
// that pass the SSRF guard. Returns the playlist bytes as evidence.
// This is the early, explainable refusal; the enforcement is the egress proxy (net/egress.ts) that ffmpeg itself
// must use, which re-checks each address at connect time (playlists that change after this read, DNS rebinding).
import { loadHls, looksLikeHls, MAX_PLAYLIST_BYTES, namedUris, parsePlaylist, type LoadedHls } from '../media/hls.ts';
import { MediaError } from '../media/errors.ts';
import { FetchRefused, assertPublicUrl, safeFetch, type FetchPolicy } from './fetch.ts';

const MAX_HOSTS = 20;
/** the first read of a stream URL: enough for most playlists; a media file is not read further */
const PEEK_BYTES = 64 * 1024;

/** Kept for callers that only need the URIs: every URI a playlist names, and its variant playlists. */
export function playlistUris(text: string, base: string): { uris: string[]; variants: string[] } {
  const p = parsePlaylist(text, base);
  const variants = p.variants.map((v) => v.uri);
  return { uris: p.uris.filter((u) => !variants.includes(u)), variants };
}

/** By path or media type. Only a hint: prepareStream also treats any body that starts with #EXTM3U as HLS. */
export function isPlaylist(url: string, contentType = ''): boolean {
  return /\.m3u8?(\?|$)/i.test(new URL(url).pathname) || /mpegurl/i.test(contentType);
}

export async function prepareStream(policy: FetchPolicy, url: string): Promise<{ manifest: Buffer | null; hls?: LoadedHls }> {
  const limited = { ...policy, maxBytes: Math.min(policy.maxBytes, MAX_PLAYLIST_BYTES) };
  // an error status is left to ffmpeg (through the egress proxy); the guard is about where, not whether
  const head = await safeFetch(policy, url, { maxBytes: PEEK_BYTES, truncate: true, allowErrorStatus: true });
  // HLS by its bytes or media type (what ffmpeg goes by); a URL that names itself a playlist must be a real one
  if (head.status >= 400 || !(looksLikeHls(head.contentType, head.body) || isPlaylist(head.url))) return { manifest: null };
  const first = head.truncated ? await safeFetch(limited, head.url) : head;
  let hls: LoadedHls;
  try {
    hls = await loadHls((u) => safeFetch(limited, u), first.url, { first });
  } catch (e) {
    if (e instanceof MediaError) throw new FetchRefused(e.message, url);
    throw e;
  }
  const uris = namedUris(hls);
  for (const u of uris) {
    const scheme = new URL(u).protocol;
    if (scheme !== 'http:' && scheme !== 'https:') throw new FetchRefused(`playlist ${url} names a URI with scheme ${scheme} (only http and https): ${u}`, url);
  }
  const origins = [...new Set(uris.map((u) => new URL(u).origin))];
  if (origins.length > MAX_HOSTS) throw new FetchRefused(`playlist names ${origins.length} hosts (limit ${MAX_HOSTS})`, url);
  for (const o of origins) await assertPublicUrl(policy, o);
  return { manifest: first.body, hls };
}

/** For inputs that may be a local file or a URL (CLI): a URL must be http(s) and pass prepareStream. */
export async function guardMediaInput(policy: FetchPolicy, input: string): Promise<void> {
  if (!/^[a-z][a-z0-9+.-]+:/i.test(input)) return; // a path
  if (!/^https?:\/\//i.test(input)) throw new FetchRefused(`only local files and http(s) URLs can be read: ${input}`, input);
  await prepareStream(policy, input);
}
