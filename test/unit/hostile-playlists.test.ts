// Hostile HLS playlists (issue 12): recursion, thousands of variants, huge segment lists, and every tag that can
// carry a URI pointing at a refused address, through the guard ffmpeg's input passes first (net/hls-guard.ts
// prepareStream, the guarded fetch, media/hls.ts). Each must be refused with a message naming what and where —
// or, for the harmless oddities, accepted — never a hang or a crash.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareStream } from '../../net/hls-guard.ts';
import type { FetchPolicy } from '../../net/fetch.ts';
import { serveHttp, type TestServer } from '../kit/http.ts';

let base = '';
let server: TestServer;
const M3U = (lines: string[]) => `#EXTM3U\n${lines.join('\n')}\n`;
const SEG = ['#EXT-X-TARGETDURATION:2', '#EXTINF:2,', 'seg0.ts', '#EXT-X-ENDLIST'];
const variants = (n: number, uri: (i: number) => string) => M3U(Array.from({ length: n }, (_, i) => `#EXT-X-STREAM-INF:BANDWIDTH=${1000 + i}\n${uri(i)}`));
const media = (line: string) => M3U([line, ...SEG]);

const routes: Record<string, (res: http.ServerResponse) => void> = {
  '/ok.m3u8': (res) => res.end(M3U(SEG)),
  '/self.m3u8': (res) => res.end(variants(1, () => '/self.m3u8')),
  '/loop-a.m3u8': (res) => res.end(variants(1, () => '/loop-b.m3u8')),
  '/loop-b.m3u8': (res) => res.end(variants(1, () => '/loop-a.m3u8')),
  '/thousands.m3u8': (res) => res.end(variants(5000, (i) => `/v${i}/index.m3u8`)),
  '/renditions.m3u8': (res) => res.end(M3U([...Array.from({ length: 40 }, (_, i) => `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="a${i}",URI="/ok.m3u8?a=${i}"`), '#EXT-X-STREAM-INF:BANDWIDTH=1,AUDIO="a"', '/ok.m3u8'])),
  '/thirty-two.m3u8': (res) => res.end(variants(32, (i) => `/ok.m3u8?v=${i}`)),
  '/huge-segments.m3u8': (res) => res.end(M3U(Array.from({ length: 200_000 }, (_, i) => `#EXTINF:1,\ns${i}.ts`))),
  '/many-segments.m3u8': (res) => res.end(M3U([...Array.from({ length: 20_000 }, (_, i) => `#EXTINF:1,\ns${i}.ts`), '#EXT-X-ENDLIST'])),
  '/map-private.m3u8': (res) => res.end(media('#EXT-X-MAP:URI="http://10.0.0.9/init.mp4"')),
  '/rendition-private.m3u8': (res) => res.end(M3U(['#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="x",URI="http://192.168.0.7/a.m3u8"', '#EXT-X-STREAM-INF:BANDWIDTH=1,AUDIO="a"', '/ok.m3u8'])),
  '/iframe-private.m3u8': (res) => res.end(M3U(['#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1,URI="http://172.16.0.3/i.m3u8"', '#EXT-X-STREAM-INF:BANDWIDTH=1', '/ok.m3u8'])),
  '/session-key-private.m3u8': (res) => res.end(M3U(['#EXT-X-SESSION-KEY:METHOD=AES-128,URI="http://10.9.9.9/k"', '#EXT-X-STREAM-INF:BANDWIDTH=1', '/ok.m3u8'])),
  '/preload-private.m3u8': (res) => res.end(media('#EXT-X-PRELOAD-HINT:TYPE=PART,URI="http://10.0.0.10/p.mp4"')),
  '/part-private.m3u8': (res) => res.end(media('#EXT-X-PART:DURATION=1,URI="http://10.0.0.11/part.mp4"')),
  '/hex-ip.m3u8': (res) => res.end(M3U(['#EXTINF:2,', 'http://0x0a.0.0.1/seg.ts'])),
  '/decimal-ip.m3u8': (res) => res.end(M3U(['#EXTINF:2,', 'http://2130706434/seg.ts'])),
  '/mapped-ip.m3u8': (res) => res.end(M3U(['#EXTINF:2,', 'http://[::ffff:a00:1]/seg.ts'])),
  '/userinfo-ip.m3u8': (res) => res.end(M3U(['#EXTINF:2,', `http://127.0.0.1@10.0.0.12/seg.ts`])),
  '/zero-ip.m3u8': (res) => res.end(M3U(['#EXTINF:2,', 'http://0.0.0.0:6379/seg.ts'])),
  '/data-seg.m3u8': (res) => res.end(M3U(['#EXTINF:2,', 'data:video/mp2t;base64,R0dH'])),
  '/ftp-seg.m3u8': (res) => res.end(M3U(['#EXTINF:2,', 'ftp://files.example/seg.ts'])),
  '/skd-key.m3u8': (res) => res.end(media('#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://key42"')),
  '/bad-uri.m3u8': (res) => res.end(M3U(['#EXTINF:2,', 'http://[::1'])),
  '/variant-redirect.m3u8': (res) => res.end(variants(1, () => '/redirect-private')),
  '/redirect-private': (res) => res.writeHead(302, { location: 'http://10.2.3.4/index.m3u8' }).end(),
  '/variant-html.m3u8': (res) => res.end(variants(1, () => '/page.html')),
  '/page.html': (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>no playlist</html>'),
  '/bom-crlf.m3u8': (res) => res.end(`\uFEFF${M3U(SEG).replace(/\n/g, '\r\n')}`),
  '/long-line.m3u8': (res) => res.end(M3U(['#EXTINF:2,', `seg.ts?${'a'.repeat(500_000)}`])),
  '/binary-after.m3u8': (res) => res.end(Buffer.concat([Buffer.from('#EXTM3U\n#EXTINF:2,\nseg0.ts\n'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) % 256))])),
};

beforeAll(async () => {
  server = await serveHttp((req, res) => (routes[(req.url ?? '').split('?')[0]!] ?? ((r) => r.writeHead(404).end()))(res));
  base = server.url;
});
afterAll(async () => server?.close());

const policy: FetchPolicy = { allowlist: ['127.0.0.1'], maxBytes: 8 << 20, timeoutMs: 5000, userAgent: 'test', maxRedirects: 3 };

describe('hostile playlists are refused with a clear reason', () => {
  it.each([
    ['a master naming itself', '/self.m3u8', /itself a master/],
    ['two masters naming each other', '/loop-a.m3u8', /itself a master/],
    ['5,000 variants', '/thousands.m3u8', /5000 playlists \(limit 32\)/],
    ['40 audio renditions', '/renditions.m3u8', /41 playlists \(limit 32\)/],
    ['200,000 segments (a 3 MB playlist)', '/huge-segments.m3u8', /limit|large|bytes/i],
    ['an EXT-X-MAP init section on a private address', '/map-private.m3u8', /10\.0\.0\.9/],
    ['an audio rendition on a private address', '/rendition-private.m3u8', /192\.168\.0\.7/],
    ['an I-frame playlist on a private address', '/iframe-private.m3u8', /172\.16\.0\.3/],
    ['an EXT-X-SESSION-KEY on a private address', '/session-key-private.m3u8', /10\.9\.9\.9/],
    ['an LL-HLS preload hint on a private address', '/preload-private.m3u8', /10\.0\.0\.10/],
    ['an LL-HLS part on a private address', '/part-private.m3u8', /10\.0\.0\.11/],
    ['a private address written in hex', '/hex-ip.m3u8', /10\.0\.0\.1|refused/],
    ['a loopback address written as one number', '/decimal-ip.m3u8', /127\.0\.0\.2|refused/],
    ['an IPv4-mapped IPv6 private address', '/mapped-ip.m3u8', /refused/],
    ['an allowlisted name as userinfo before a private host', '/userinfo-ip.m3u8', /10\.0\.0\.12/],
    ['0.0.0.0', '/zero-ip.m3u8', /refused/],
    ['a data: segment', '/data-seg.m3u8', /scheme data:/],
    ['an ftp: segment', '/ftp-seg.m3u8', /scheme ftp:/],
    ['a FairPlay skd: key', '/skd-key.m3u8', /scheme skd:/],
    ['an unparsable URI', '/bad-uri.m3u8', /invalid URI/],
    ['a variant redirecting to a private address', '/variant-redirect.m3u8', /10\.2\.3\.4/],
    ['a variant that is an HTML page', '/variant-html.m3u8', /not an HLS playlist/],
  ])('%s', async (_name, path, reason) => {
    const err = await prepareStream(policy, `${base}${path}`).then(() => null, (e: Error) => e);
    expect(err, 'was accepted').not.toBeNull();
    expect(err!.message).toMatch(reason);
    expect(err!.message.length).toBeLessThan(1000);
  });
});

describe('odd but harmless playlists are accepted', () => {
  it.each([
    ['exactly 32 variants', '/thirty-two.m3u8', 32],
    ['20,000 segments', '/many-segments.m3u8', 1],
    ['a BOM and CRLF line ends', '/bom-crlf.m3u8', 1],
    ['a 500 KB segment URI', '/long-line.m3u8', 1],
    ['binary bytes after the playlist', '/binary-after.m3u8', 1],
  ])('%s', async (_name, path, playlists) => {
    const r = await prepareStream(policy, `${base}${path}`);
    expect(r.manifest).not.toBeNull();
    expect(r.hls!.media).toHaveLength(playlists);
  });
});
