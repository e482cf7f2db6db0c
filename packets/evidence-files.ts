// Names of evidence files inside a packet, so a person finds them: `evidence/screenshot-<sha256>.png`,
// `evidence/web-archive-<sha256>.wacz`, `evidence/poster-<sha256>.jpg`. Images are named by their bytes (a crawler
// may have stored a poster as `.img`), other files by their stored extension or media type.
import path from 'node:path';

const NAME: Record<string, string> = {
  screenshot: 'screenshot', wacz: 'web-archive', warc: 'web-archive', network_facts: 'network-facts',
  page_html: 'page', stream_manifest: 'stream-playlist', frame: 'pirate-frame', poster: 'poster', http_log: 'http-log',
};

const BY_TYPE: Record<string, string> = {
  'text/html': '.html', 'application/xhtml+xml': '.html', 'application/vnd.apple.mpegurl': '.m3u8',
  'application/x-mpegurl': '.m3u8', 'audio/mpegurl': '.m3u8', 'application/dash+xml': '.mpd', 'image/jpeg': '.jpg',
  'image/png': '.png', 'image/webp': '.webp', 'image/gif': '.gif', 'application/json': '.json', 'text/plain': '.txt',
  'video/mp4': '.mp4', 'application/wacz': '.wacz', 'application/warc': '.warc', 'application/gzip': '.gz',
};
/** extensions that say nothing about the content */
const VAGUE = new Set(['.img', '.bin', '.dat', '.blob', '']);

/** The image type of these bytes by their signature, or null. */
export function sniffImage(head: Buffer): '.jpg' | '.png' | '.webp' | '.gif' | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return '.jpg';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return '.png';
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return '.webp';
  if (head.length >= 6 && /^GIF8[79]a$/.test(head.toString('latin1', 0, 6))) return '.gif';
  return null;
}

export function evidenceExt(kind: string, blobPath: string, mediaType: string | null, head: Buffer = Buffer.alloc(0)): string {
  const image = sniffImage(head);
  if (image) return image;
  if (kind === 'wacz') return '.wacz';
  const fromPath = path.extname(blobPath ?? '').toLowerCase();
  if (/^\.[a-z0-9]{1,8}$/.test(fromPath) && !VAGUE.has(fromPath)) return fromPath === '.jpeg' ? '.jpg' : fromPath;
  return BY_TYPE[(mediaType ?? '').split(';')[0]!.trim().toLowerCase()] ?? '.bin';
}

/** `evidence/<readable name>-<sha256><ext>`: the full hash keeps two different files apart, always. */
export function evidencePath(kind: string, sha256: string, blobPath: string, mediaType: string | null, head?: Buffer): string {
  const name = NAME[kind] ?? kind.replace(/[^a-z0-9_-]/gi, '_');
  return `evidence/${name}-${sha256}${evidenceExt(kind, blobPath, mediaType, head)}`;
}
