// Before a stream URL is handed to ffmpeg: the URL, and every URI its HLS playlist names (segments, keys,
// init maps, one level of variant playlists), must pass the SSRF guard. Returns the playlist bytes as evidence.
// Known gap, documented in docs/architecture.md: ffmpeg resolves the names again itself, so a DNS answer that
// changes between this check and ffmpeg's fetch (rebinding) is not caught here; the crawler's own fetches are.
import { FetchRefused, assertPublicUrl, safeFetch, type FetchPolicy } from './fetch.ts';

const MAX_PLAYLIST_BYTES = 2 * 1024 * 1024;
const MAX_HOSTS = 20;

export function playlistUris(text: string, base: string): { uris: string[]; variants: string[] } {
  const uris: string[] = [];
  const variants: string[] = [];
  const lines = text.split(/\r?\n/);
  let nextIsVariant = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      if (line.startsWith('#EXT-X-STREAM-INF')) nextIsVariant = true;
      for (const m of line.matchAll(/URI="([^"]+)"/g)) uris.push(new URL(m[1]!, base).toString());
      continue;
    }
    const abs = new URL(line, base).toString();
    (nextIsVariant ? variants : uris).push(abs);
    nextIsVariant = false;
  }
  return { uris, variants };
}

export function isPlaylist(url: string, contentType = ''): boolean {
  return /\.m3u8?(\?|$)/i.test(new URL(url).pathname) || /mpegurl/i.test(contentType);
}

export async function prepareStream(policy: FetchPolicy, url: string): Promise<{ manifest: Buffer | null }> {
  await assertPublicUrl(policy, url);
  if (!isPlaylist(url)) return { manifest: null };
  const limited = { ...policy, maxBytes: Math.min(policy.maxBytes, MAX_PLAYLIST_BYTES) };
  const top = await safeFetch(limited, url);
  const text = top.body.toString('utf8');
  if (!text.startsWith('#EXTM3U')) throw new FetchRefused(`not an HLS playlist: ${url}`, url);
  const { uris, variants } = playlistUris(text, top.url);
  for (const v of variants.slice(0, 1)) {
    await assertPublicUrl(policy, v);
    const sub = await safeFetch(limited, v);
    uris.push(...playlistUris(sub.body.toString('utf8'), sub.url).uris);
  }
  for (const u of [...uris, ...variants]) {
    const scheme = new URL(u).protocol;
    if (scheme !== 'http:' && scheme !== 'https:') throw new FetchRefused(`playlist ${url} names a URI with scheme ${scheme} (only http and https): ${u}`, url);
  }
  const origins = [...new Set([...uris, ...variants].map((u) => new URL(u).origin))];
  if (origins.length > MAX_HOSTS) throw new FetchRefused(`playlist names ${origins.length} hosts (limit ${MAX_HOSTS})`, url);
  for (const o of origins) await assertPublicUrl(policy, o);
  return { manifest: top.body };
}

/** For inputs that may be a local file or a URL (CLI): a URL must be http(s) and pass prepareStream. */
export async function guardMediaInput(policy: FetchPolicy, input: string): Promise<void> {
  if (!/^[a-z][a-z0-9+.-]+:/i.test(input)) return; // a path
  if (!/^https?:\/\//i.test(input)) throw new FetchRefused(`only local files and http(s) URLs can be read: ${input}`, input);
  await prepareStream(policy, input);
}
