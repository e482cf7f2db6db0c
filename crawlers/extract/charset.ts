// Decoding page bytes: BOM, Content-Type charset, <meta charset>/http-equiv, then a UTF-8 validity check
// (Russian sites are often windows-1251 without saying so).
import iconv from 'iconv-lite';

const ALIASES: Record<string, string> = { 'x-cp1251': 'windows-1251', cp1251: 'windows-1251', 'win-1251': 'windows-1251' };

function normalise(cs: string | null | undefined): string | null {
  if (!cs) return null;
  const c = cs.trim().replace(/^["']|["']$/g, '').toLowerCase();
  const name = ALIASES[c] ?? c;
  return iconv.encodingExists(name) ? name : null;
}

export function charsetFromContentType(contentType?: string | null): string | null {
  const m = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '');
  return normalise(m?.[1]);
}

export function sniffMetaCharset(head: Buffer): string | null {
  const ascii = head.subarray(0, 4096).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(ascii);
  return normalise(m?.[1]);
}

export function detectCharset(body: Buffer, contentType?: string | null): string {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  const declared = charsetFromContentType(contentType) ?? sniffMetaCharset(body);
  if (declared) return declared;
  const asUtf8 = body.toString('utf8');
  const bad = (asUtf8.match(/\uFFFD/g) ?? []).length;
  return bad > 8 ? 'windows-1251' : 'utf-8';
}

export function decodeBody(body: Buffer | string, contentType?: string | null): { html: string; charset: string } {
  if (typeof body === 'string') return { html: body, charset: 'utf-8' };
  const charset = detectCharset(body, contentType);
  return { html: iconv.decode(body, charset), charset };
}
