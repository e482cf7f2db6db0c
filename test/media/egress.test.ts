// Media egress (issue 12): ffmpeg reaches the network only through the egress proxy, which checks every hop's
// address at connect time. The fixture site is allowlisted by name ("localhost"); a second server on 127.0.0.1
// (the literal, not allowlisted) stands for an internal service and counts every request that reaches it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { MediaError, probeMedia, type MediaTools } from '../../media/ffmpeg.ts';
import { audioFingerprint } from '../../matcher/audio.ts';
import { hashVideo, probeThenDense } from '../../matcher/video.ts';
import { createEgress } from '../../net/egress.ts';
import { assertPublicUrl, type FetchPolicy } from '../../net/fetch.ts';
import { prepareStream } from '../../net/hls-guard.ts';
import { tempDir } from '../kit/temp.ts';
import { serveHttp, type TestServer } from '../kit/http.ts';

const tmp = tempDir('kuzet-egress-');
const media = (n: string) => path.join(tmp, n);
const hostileHits: string[] = [];
const flips = new Map<string, number>();
let site: TestServer | undefined;
let hostile: TestServer | undefined;
let siteUrl = '';
let hostileUrl = '';

const policy = (over: Partial<FetchPolicy> = {}): FetchPolicy => ({ allowlist: ['localhost'], maxBytes: 64 << 20, timeoutMs: 5000, userAgent: 'KuzetTest/1', maxRedirects: 5, ...over });
const tools = (p = policy()): MediaTools => ({ ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe', egress: createEgress(p) });
const sample = (t: MediaTools, url: string) => hashVideo(t, url, { maxFrames: 4, maxFps: 1, variants: ['full'], timeoutMs: 20_000 });
/** what match.candidate.v1 does with a stream: the guard, then ffmpeg */
const workerPath = async (url: string) => {
  await prepareStream(policy(), url);
  return sample(tools(), url);
};
const HLS = 'application/vnd.apple.mpegurl';
const playlist = (segBase: string) => `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n${[0, 1, 2].map((i) => `#EXTINF:2.000000,\n${segBase}/seg_00${i}.ts`).join('\n')}\n#EXT-X-ENDLIST\n`;

function serveFile(res: http.ServerResponse, p: string) {
  const file = media(path.basename(p));
  if (!fs.existsSync(file)) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': file.endsWith('.ts') ? 'video/mp2t' : 'video/mp4' }).end(fs.readFileSync(file));
}

/** the first request of `key` gets `first`, every later one `later` (a playlist that changes after the guard read it) */
function flip(key: string, first: string, later: string): string {
  const n = (flips.get(key) ?? 0) + 1;
  flips.set(key, n);
  return n === 1 ? first : later;
}

beforeAll(async () => {
  const ff = (args: string[]) => expect(spawnSync('ffmpeg', ['-nostdin', '-y', '-hide_banner', '-loglevel', 'error', ...args], { cwd: tmp }).status).toBe(0);
  ff(['-f', 'lavfi', '-i', 'testsrc=s=160x90:r=25:d=6', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod', '-hls_segment_filename', 'seg_%03d.ts', 'index.m3u8']);
  ff(['-f', 'lavfi', '-i', 'testsrc=s=160x90:r=25:d=4', '-c:v', 'libx264', '-preset', 'ultrafast', '-movflags', '+faststart', 'film.mp4']);
  hostile = await serveHttp((req, res) => {
    hostileHits.push(req.url ?? '');
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    if (p.endsWith('.m3u8')) return void res.writeHead(200, { 'content-type': HLS }).end(playlist(''));
    serveFile(res, p);
  });
  hostileUrl = hostile.url;
  site = await serveHttp((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    const pl = (body: string, type = HLS) => void res.writeHead(200, { 'content-type': type }).end(body);
    if (p === '/ok/index.m3u8') return pl(playlist(`${siteUrl}/ok`));
    if (p === '/redirect.mp4') return void res.writeHead(302, { location: `${hostileUrl}/film.mp4` }).end();
    if (p === '/disguised.mp4') return pl(playlist(hostileUrl));
    if (p === '/master.m3u8') return pl(`#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=100000\nok/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=200000\n${hostileUrl}/v2/index.m3u8\n`);
    if (p.startsWith('/flip-')) return pl(flip(p, playlist(`${siteUrl}/ok`), playlist(hostileUrl)));
    if (p === '/file-seg.m3u8') return pl(playlist(`file://${tmp}`));
    serveFile(res, p);
  });
  siteUrl = `http://localhost:${site.port}`;
}, 60_000);

afterAll(async () => {
  await Promise.all([site, hostile].map((s) => s?.close()));
});

describe('media egress: what works', () => {
  it('decodes an allowlisted HLS stream and MP4 through the egress proxy', async () => {
    expect((await sample(tools(), `${siteUrl}/ok/index.m3u8`)).frames.length).toBeGreaterThanOrEqual(4);
    expect((await sample(tools(), `${siteUrl}/film.mp4`)).frames.length).toBeGreaterThanOrEqual(3);
    expect(hostileHits).toEqual([]);
  });

  it('refuses a URL input without an egress (fail closed), before ffmpeg starts', async () => {
    const err = await probeMedia({ ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe' }, `${siteUrl}/film.mp4`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaError);
    expect(err).toMatchObject({ permanent: true, message: expect.stringMatching(/egress/) });
  });
});

describe('media egress: the attacks of issue 12', () => {
  it('kuzet match --video: a stream that 302-redirects to a refused address is refused, the address never reached', async () => {
    const errs: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => (errs.push(String(s)), true)) as typeof process.stderr.write;
    let code: number;
    try {
      code = await main(['match', '--video', `${siteUrl}/redirect.mp4`, '--json'], { DATA_DIR: media('data'), LOG_LEVEL: 'silent', FETCH_ALLOWLIST: 'localhost' });
    } finally {
      process.stderr.write = orig;
    }
    expect(hostileHits).toEqual([]);
    expect(code).toBe(1);
    expect(errs.join('')).toMatch(/refused/);
    // and ffmpeg alone, without the guard in front: its redirect hop meets the egress check
    await expect(sample(tools(), `${siteUrl}/redirect.mp4`)).rejects.toThrow(/refused http:\/\/127\.0\.0\.1/);
    expect(hostileHits).toEqual([]);
  }, 60_000);

  it('an HLS playlist served under a .mp4 path with an HLS content type is inspected, and refused', async () => {
    await expect(prepareStream(policy(), `${siteUrl}/disguised.mp4`)).rejects.toThrow(/refused.*127\.0\.0\.1/);
    await expect(sample(tools(), `${siteUrl}/disguised.mp4`)).rejects.toThrow(/refused/);
    expect(hostileHits).toEqual([]);
  });

  it('a master playlist whose second variant is on a refused address is refused by the guard and by the egress', async () => {
    await expect(workerPath(`${siteUrl}/master.m3u8`)).rejects.toThrow(/refused.*127\.0\.0\.1/);
    await expect(sample(tools(), `${siteUrl}/master.m3u8`)).rejects.toThrow(/refused/);
    expect(hostileHits).toEqual([]);
  });

  it('a playlist harmless on the first fetch and hostile on the second: ffmpeg’s own fetch is refused', async () => {
    await expect(workerPath(`${siteUrl}/flip-ffmpeg.m3u8`)).rejects.toThrow(/refused/);
    expect(flips.get('/flip-ffmpeg.m3u8')).toBeGreaterThanOrEqual(2);
    expect(hostileHits).toEqual([]);
  });

  it('a playlist harmless on the first fetch and hostile on the second: the segments hlsSegments found are refused', async () => {
    const url = `${siteUrl}/flip-segments.m3u8`;
    await prepareStream(policy(), url);
    const info = { durationS: 6, width: 160, height: 90, hasVideo: true, hasAudio: false, startTimeS: 1.4 };
    const run = probeThenDense(tools(), url, { info, probes: 2, windowS: 2, shortS: 3, variants: ['full'], isHit: () => false, timeoutMs: 20_000 });
    await expect(run).rejects.toThrow(/refused/);
    expect(flips.get('/flip-segments.m3u8')).toBe(2);
    expect(hostileHits).toEqual([]);
  });
});

describe('media egress: protocols and resolvers', () => {
  it('https goes through CONNECT tunnels: an allowlisted host decodes, a segment on a refused address is refused', async () => {
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem', '-days', '1', '-subj', '/CN=localhost'], { cwd: tmp });
    if (made.status !== 0) return void console.warn('skipping the https case: no openssl');
    const tls = https.createServer({ key: fs.readFileSync(media('k.pem')), cert: fs.readFileSync(media('c.pem')) }, (req, res) => {
      const p = new URL(req.url ?? '/', 'https://x').pathname;
      if (p === '/ok/index.m3u8') return void res.writeHead(200, { 'content-type': HLS }).end(playlist(''));
      if (p === '/evil.m3u8') return void res.writeHead(200, { 'content-type': HLS }).end(playlist(`https://127.0.0.1:${(tls.address() as AddressInfo).port}`));
      if (req.headers.host?.startsWith('127.0.0.1')) hostileHits.push(`tls:${p}`);
      serveFile(res, p);
    });
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    const port = (tls.address() as AddressInfo).port;
    try {
      expect((await sample(tools(), `https://localhost:${port}/ok/index.m3u8`)).frames.length).toBeGreaterThanOrEqual(4);
      await expect(sample(tools(), `https://localhost:${port}/evil.m3u8`)).rejects.toThrow(/refused https:\/\/127\.0\.0\.1/);
      expect(hostileHits).toEqual([]);
    } finally {
      tls.closeAllConnections();
      await new Promise((r) => tls.close(r));
    }
  });

  it('the soundtrack reader (ffmpeg into fpcalc) reads URLs through the egress too', async () => {
    const audio = (egress?: MediaTools['egress']) => audioFingerprint({ ffmpegPath: 'ffmpeg', fpcalcPath: 'fpcalc', ...(egress ? { egress } : {}) }, `${siteUrl}/disguised.mp4`, { timeoutMs: 20_000 });
    await expect(audio()).rejects.toThrow(/no egress/);
    await expect(audio(tools().egress)).rejects.toThrow(/refused/);
    expect(hostileHits).toEqual([]);
  });

  it('ffmpeg may not open file: segments named by a remote playlist', async () => {
    await expect(sample(tools(), `${siteUrl}/file-seg.m3u8`)).rejects.toBeInstanceOf(Error);
    await expect(prepareStream(policy(), `${siteUrl}/file-seg.m3u8`)).rejects.toThrow(/scheme file/);
  });

  it('a resolver that answers an allowed address first and a refused one second: the connect-time check refuses', async () => {
    // the stream host resolves to 127.0.0.2 (allowlisted) once, then to 127.0.0.1 (not allowlisted), on one port
    const good = http.createServer((req, res) => {
      const p = new URL(req.url ?? '/', 'http://x').pathname;
      if (p.endsWith('.m3u8')) return void res.writeHead(200, { 'content-type': HLS }).end(playlist(''));
      serveFile(res, p);
    });
    await new Promise<void>((r) => good.listen(0, '127.0.0.2', r));
    const port = (good.address() as AddressInfo).port;
    const evil = http.createServer((req, res) => (hostileHits.push(`rebind:${req.url}`), res.writeHead(404).end()));
    await new Promise<void>((r, j) => evil.once('error', j).listen(port, '127.0.0.1', r));
    let lookups = 0;
    const resolve = async () => [{ address: lookups++ === 0 ? '127.0.0.2' : '127.0.0.1', family: 4 }];
    const p = policy({ allowlist: ['127.0.0.2'], resolve });
    try {
      const url = `http://cdn.rebind.test:${port}/index.m3u8`;
      await assertPublicUrl(p, url); // the check ffmpeg's fetch used to follow
      await expect(sample(tools(p), url)).rejects.toThrow(/refused.*127\.0\.0\.1/);
      expect(lookups).toBeGreaterThanOrEqual(2);
      expect(hostileHits).toEqual([]);
    } finally {
      for (const s of [good, evil]) s.closeAllConnections();
      await Promise.all([good, evil].map((s) => new Promise((r) => s.close(r))));
    }
  });
});
