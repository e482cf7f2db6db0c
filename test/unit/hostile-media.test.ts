// Hostile media and pages: what reaches ffmpeg and the extractor is checked first, and bad input gets a clear
// error instead of a hang or a crash.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractPage } from '../../crawlers/extract.ts';
import { isPlaylist, playlistUris, prepareStream } from '../../net/hls-guard.ts';
import type { FetchPolicy } from '../../net/fetch.ts';
import { serveHttp, type TestServer } from '../kit/http.ts';

let base = '';
let server: TestServer;
const routes: Record<string, (res: http.ServerResponse) => void> = {
  '/ok/index.m3u8': (res) => res.end('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nseg0.ts\n#EXTINF:2,\nseg1.ts\n#EXT-X-ENDLIST\n'),
  '/html.m3u8': (res) => res.end('<html>not a playlist</html>'),
  '/private-seg.m3u8': (res) => res.end('#EXTM3U\n#EXTINF:2,\nhttp://10.0.0.5/seg0.ts\n'),
  '/metadata-key.m3u8': (res) => res.end('#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI="http://169.254.169.254/latest/meta-data/key"\n#EXTINF:2,\nseg0.ts\n'),
  '/ipv6-seg.m3u8': (res) => res.end('#EXTM3U\n#EXTINF:2,\nhttp://[::1]:6379/seg0.ts\n'),
  '/master.m3u8': (res) => res.end('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nlow/index.m3u8\n'),
  '/low/index.m3u8': (res) => res.end('#EXTM3U\n#EXTINF:2,\nhttp://192.168.1.1/seg0.ts\n'),
  '/file-seg.m3u8': (res) => res.end('#EXTM3U\n#EXTINF:2,\nfile:///etc/passwd\n'),
  '/many-hosts.m3u8': (res) => res.end('#EXTM3U\n' + Array.from({ length: 30 }, (_, i) => `#EXTINF:2,\nhttp://h${i}.example.invalid/s.ts`).join('\n')),
  '/endless.m3u8': (res) => {
    res.write('#EXTM3U\n');
    const t = setInterval(() => res.write('#EXTINF:2,\nseg.ts\n'.repeat(2000)), 1);
    res.on('close', () => clearInterval(t));
  },
  '/slow.m3u8': () => {},
  '/redirect-private.m3u8': (res) => res.writeHead(302, { location: 'http://10.1.2.3/index.m3u8' }).end(),
};

beforeAll(async () => {
  server = await serveHttp((req, res) => (routes[req.url ?? ''] ?? ((r) => r.writeHead(404).end()))(res));
  base = server.url;
});
afterAll(async () => {
  await server.close();
});

const policy = (over: Partial<FetchPolicy> = {}): FetchPolicy => ({ allowlist: ['127.0.0.1'], maxBytes: 1 << 20, timeoutMs: 1500, userAgent: 'test', maxRedirects: 3, ...over });

describe('HLS guard before ffmpeg', () => {
  it('passes a clean playlist and returns it as evidence', async () => {
    const r = await prepareStream(policy(), `${base}/ok/index.m3u8`);
    expect(r.manifest?.toString()).toContain('#EXTM3U');
  });

  it('leaves a non-playlist URL to ffmpeg after the address check only', async () => {
    expect(await prepareStream(policy(), `${base}/film.mp4`)).toEqual({ manifest: null });
    expect(isPlaylist('https://x.example/a/b.m3u8?token=1')).toBe(true);
  });

  it.each([
    ['a loopback stream without the allowlist', () => prepareStream(policy({ allowlist: [] }), `${base}/ok/index.m3u8`), /refused|loopback/i],
    ['an HTML page posing as a playlist', () => prepareStream(policy(), `${base}/html.m3u8`), /not an HLS playlist/],
    ['a segment on a private address', () => prepareStream(policy(), `${base}/private-seg.m3u8`), /refused.*10\.0\.0\.5/],
    ['a key URI at the metadata address', () => prepareStream(policy(), `${base}/metadata-key.m3u8`), /169\.254\.169\.254/],
    ['a segment on IPv6 loopback', () => prepareStream(policy(), `${base}/ipv6-seg.m3u8`), /refused/],
    ['a variant playlist naming a private segment', () => prepareStream(policy(), `${base}/master.m3u8`), /192\.168\.1\.1/],
    ['a file: segment', () => prepareStream(policy(), `${base}/file-seg.m3u8`), /scheme file/],
    ['a playlist naming 30 hosts', () => prepareStream(policy(), `${base}/many-hosts.m3u8`), /30 hosts/],
    ['an endless playlist', () => prepareStream(policy({ timeoutMs: 5000 }), `${base}/endless.m3u8`), /limit|large|bytes/i],
    ['a server that never answers', () => prepareStream(policy({ timeoutMs: 300 }), `${base}/slow.m3u8`), /time/i],
    ['a redirect to a private address', () => prepareStream(policy(), `${base}/redirect-private.m3u8`), /10\.1\.2\.3/],
    ['the metadata address itself', () => prepareStream(policy(), 'http://169.254.169.254/latest/index.m3u8'), /refused/],
  ])('refuses %s with a clear error', async (_name, run, message) => {
    await expect(run()).rejects.toThrow(message);
  });

  it('resolves relative URIs against the playlist URL', () => {
    const { uris, variants } = playlistUris('#EXTM3U\n#EXT-X-MAP:URI="init.mp4"\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv/index.m3u8\n#EXTINF:2,\n../s.ts\n', 'https://cdn.example/a/b/index.m3u8');
    expect(uris).toEqual(['https://cdn.example/a/b/init.mp4', 'https://cdn.example/a/s.ts']);
    expect(variants).toEqual(['https://cdn.example/a/b/v/index.m3u8']);
  });
});

describe('hostile pages in the extractor', () => {
  it.each([
    ['random bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
    ['truncated windows-1251 with a lying charset', Buffer.concat([Buffer.from('<meta charset="utf-8"><title>'), Buffer.from([0xcf, 0xee, 0xe4, 0xfa, 0xe5, 0xec]), Buffer.from('<iframe src="//kodik')])],
    ['an unterminated script with a URL in a comment', Buffer.from('<script>/* <iframe src="https://evil.example/p"> ')],
  ])('returns a result (no throw) for %s', (_name, body) => {
    const r = extractPage(body, 'https://pirate.example/page.html');
    expect(r.kind).toMatch(/detail|listing|telegram|unknown/);
    for (const u of [...r.players, ...r.streams, ...r.posters]) expect(() => new URL(u)).not.toThrow();
  });

  it('refuses pathologically nested markup at once with a clear, permanent error', () => {
    expect(() => extractPage(Buffer.from('<div>'.repeat(20_000) + 'x'), 'https://pirate.example/')).toThrow(/nests elements more than 1000 deep/);
    expect(() => extractPage('<script>' + '<div>'.repeat(5000) + '</script><p>ok</p>', 'https://pirate.example/')).not.toThrow();
  });
});

describe('kuzet match --video URL', () => {
  it.each(['http://169.254.169.254/latest/x.m3u8', 'http://127.0.0.1:9/x.mp4', 'http://[::ffff:10.0.0.1]/x.mp4'])('refuses %s before ffmpeg opens it', async (url) => {
    const { main } = await import('../../cli/main.ts');
    const errs: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => (errs.push(String(s)), true)) as typeof process.stderr.write;
    try {
      expect(await main(['match', '--video', url, '--json'], { DATA_DIR: '/nonexistent-kuzet-dir', LOG_LEVEL: 'silent' })).toBe(1);
    } finally {
      process.stderr.write = orig;
    }
    expect(errs.join('')).toMatch(/refused/);
  });
});
