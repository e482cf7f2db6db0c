// Full-page screenshots in Debian's Chromium through the egress proxy: the whole page with its images, video and
// stream requests never made, tall pages cut and marked, forbidden addresses refused, a hanging page bounded in time.
import fs from 'node:fs';
import http from 'node:http';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScreenshotter, type Screenshotter } from '../../evidence/screenshot.ts';
import { createEgress } from '../../net/egress.ts';
import { serveHttp, type TestServer } from '../kit/http.ts';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
let site: TestServer;
let shots: Screenshotter;
const seen: string[] = [];
let poster: Buffer;

const page = (body: string) => `<!doctype html><html><head><meta charset="utf-8"><title>Келин (2009) смотреть онлайн</title>
<style>body{font-family:sans-serif;margin:0;background:#fafafa} header{background:#223;color:#fff;padding:16px;font-size:22px}</style></head>
<body><header>KINO-PIRATE — фильмы онлайн бесплатно</header>${body}</body></html>`;

beforeAll(async () => {
  poster = await sharp({ create: { width: 200, height: 300, channels: 3, background: { r: 180, g: 30, b: 30 } } }).png().toBuffer();
  site = await serveHttp((req, res) => {
    seen.push(req.url ?? '');
    if (req.url === '/poster.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(poster);
    if (req.url === '/hang') return; // never answers
    if (req.url?.startsWith('/tall')) {
      const h = Number(new URL(req.url, 'http://x').searchParams.get('h'));
      return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(`<div style="height:${h}px;background:linear-gradient(#fff,#99c)">tall</div>`));
    }
    if (req.url === '/film') {
      return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(`
        <h1 style="padding:0 16px">Келин (2009)</h1><img src="/poster.png" style="margin:16px" width="200" height="300">
        <p style="padding:0 16px">Смотреть онлайн в хорошем качестве HD 720p</p>
        <video src="/hls/kelin/movie.mp4" controls width="640" height="360"></video>
        <img src="http://10.0.0.1/tracker.gif"><div style="height:1600px"></div><footer>© pirate</footer>`));
    }
    res.writeHead(404).end();
  });
  shots = createScreenshotter(createEgress({ allowlist: ['127.0.0.1'], maxBytes: 1 << 24, timeoutMs: 5000, userAgent: 'kuzet-test', maxRedirects: 3 }),
    { chromiumPath: CHROMIUM, userAgent: 'kuzet-test', maxHeight: 6000, timeoutMs: 15_000 });
});
afterAll(async () => {
  await shots?.close();
  await site?.close();
});

describe('createScreenshotter', () => {
  it('takes the whole page with its poster; no video or stream request is made; forbidden addresses are refused', async () => {
    const s = await shots.shoot(`${site.url}/film`);
    fs.writeFileSync('/work/notes/shots/evidence/screenshot-film.png', s.data);
    expect(s.mediaType).toBe('image/png');
    expect(s.data.subarray(1, 4).toString()).toBe('PNG');
    const meta = await sharp(s.data).metadata();
    expect(meta.width).toBe(1280);
    expect(meta.height).toBe(s.height);
    expect(s.height).toBeGreaterThan(2000); // beyond the 900 px viewport: the full page
    expect(s.clipped).toBe(false);
    expect(s.title).toBe('Келин (2009) смотреть онлайн');
    expect(seen).toContain('/poster.png');
    expect(seen.some((u) => u.includes('.mp4'))).toBe(false);
    expect(s.blocked.some((u) => u.includes('10.0.0.1'))).toBe(true);
    // the poster's red is in the picture
    const { data, info } = await sharp(s.data).extract({ left: 16 + 100, top: 150, width: 1, height: 400 }).raw().toBuffer({ resolveWithObject: true });
    let red = 0;
    for (let i = 0; i < data.length; i += info.channels) if (data[i]! > 150 && data[i + 1]! < 60) red++;
    expect(red).toBeGreaterThan(50);
  });

  it('cuts a page taller than maxHeight and says so', async () => {
    const s = await shots.shoot(`${site.url}/tall?h=20000`);
    expect(s.clipped).toBe(true);
    expect(s.pageHeight).toBeGreaterThan(20000);
    expect(s.height).toBe(6000);
    expect((await sharp(s.data).metadata()).height).toBe(6000);
  });

  it('a page that never answers fails within its time limit; the next shot works', async () => {
    const quick = createScreenshotter(createEgress({ allowlist: ['127.0.0.1'], maxBytes: 1 << 20, timeoutMs: 3000, userAgent: 'kuzet-test', maxRedirects: 3 }),
      { chromiumPath: CHROMIUM, userAgent: 'kuzet-test', timeoutMs: 3000 });
    try {
      await expect(quick.shoot(`${site.url}/hang`)).rejects.toThrow(/timeout|took longer|Timeout|ERR_/i);
      const ok = await quick.shoot(`${site.url}/tall?h=100`);
      expect(ok.clipped).toBe(false);
    } finally {
      await quick.close();
    }
  });
});
