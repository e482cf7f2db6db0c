// Hostile images and videos where files enter (issue 12): the poster/screenshot hasher (matcher/image.ts, what
// `kuzet films add --poster`, `kuzet hash image` and a pirate's poster go through) and the video sampler
// (matcher/video.ts: `kuzet films add --video`, `kuzet match --video`, `kuzet hash video`) with real sharp and real
// ffmpeg. Decompression bombs with huge declared dimensions, truncated and empty files, contents that lie about
// their extension, and inputs that try to make ffmpeg open something else: each a clear error (or a hash, for
// the harmless ones) — no crash, no hang, no unbounded allocation.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdqFromImage } from '../../matcher/image.ts';
import { hashVideo } from '../../matcher/video.ts';
import { tempDir } from '../kit/temp.ts';

const dir = tempDir('kuzet-hostile-uploads-');
const file = (name: string, data: Buffer | string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
};
const tools = { ffmpegPath: process.env.FFMPEG_PATH ?? 'ffmpeg', ffprobePath: process.env.FFPROBE_PATH ?? 'ffprobe' };
const sample = (input: string) => hashVideo(tools, input, { maxFrames: 8, maxFps: 2, variants: ['full'], timeoutMs: 30_000 });

// --- crafted images ---------------------------------------------------------------------------------------------
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Buffer) => {
  let c = 0xffffffff;
  for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Buffer) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};
/** a PNG whose header declares w×h (8-bit RGB) followed by `idat` as its image data */
const png = (w: number, h: number, idat: Buffer, extra: Buffer[] = []) => {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 2; // 8-bit truecolour
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), ...extra, chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
};
/** a baseline JPEG header (SOI, SOF0) declaring w×h, then nothing decodable */
const jpegHeader = (w: number, h: number) => Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, h >> 8, h & 0xff, w >> 8, w & 0xff, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xd9]);

let goodPng: Buffer;
let goodJpeg: Buffer;
let goodMp4 = '';
let faststartMp4 = '';
beforeAll(async () => {
  const raw = Buffer.alloc(64 * 48 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 37) % 251;
  goodPng = await sharp(raw, { raw: { width: 64, height: 48, channels: 3 } }).png().toBuffer();
  goodJpeg = await sharp(raw, { raw: { width: 64, height: 48, channels: 3 } }).jpeg().toBuffer();
  goodMp4 = path.join(dir, 'good.mp4');
  faststartMp4 = path.join(dir, 'faststart.mp4');
  const gen = (out: string, extra: string[]) => execFileSync(tools.ffmpegPath, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=160x90:r=10:d=4', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-preset', 'ultrafast', ...extra, out]);
  gen(goodMp4, []);
  gen(faststartMp4, ['-movflags', '+faststart']);
});

describe('hostile images at the poster/screenshot hasher', () => {
  const refused: Array<[string, () => Buffer | string, RegExp]> = [
    ['a PNG declaring 100,000 × 100,000 pixels (decompression bomb)', () => png(100_000, 100_000, zlib.deflateSync(Buffer.alloc(1000))), /pixel limit|exceeds|too large/i],
    ['a PNG declaring 16,384 × 16,384 with 1 KB of data', () => png(16_384, 16_384, zlib.deflateSync(Buffer.alloc(1024))), /./],
    ['a PNG declaring 0 × 0', () => png(0, 0, zlib.deflateSync(Buffer.alloc(1))), /./],
    ['a JPEG declaring 65,500 × 65,500', () => jpegHeader(65_500, 65_500), /pixel limit|exceeds|too large|corrupt|premature|unsupported|VipsJpeg/i],
    ['a truncated JPEG (its first 100 bytes)', () => goodJpeg.subarray(0, 100), /./],
    ['a truncated PNG (half of it)', () => goodPng.subarray(0, Math.floor(goodPng.length / 2)), /./],
    ['a 0-byte file', () => file('empty.png', ''), /./],
    ['a text file named .png', () => file('text.png', 'hello, this is not an image\n'), /unsupported image format|not.*image/i],
    ['an HTML page named .jpg', () => file('page.jpg', '<html><body>poster</body></html>'), /unsupported image format|not.*image/i],
    ['an MP4 named .png', () => fs.readFileSync(goodMp4), /unsupported image format|not.*image/i],
    ['a path that does not exist', () => path.join(dir, 'missing.png'), /missing|exist|no such/i],
    ['a directory', () => dir, /./],
    ['an SVG billion-laughs entity bomb', () => Buffer.from(`<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&j;</text></svg>`), /./],
  ];
  it.each(refused)('%s → a clear error', async (_name, input, reason) => {
    const err = await pdqFromImage(input()).then(() => null, (e: Error) => e);
    expect(err, 'was hashed').not.toBeNull();
    expect(err!.message).toMatch(reason);
    expect(err!.message.length).toBeLessThan(2000);
    if (process.env.KUZET_SHOW_ERRORS) console.log(`${_name}: ${err!.message}`);
  });

  it.each([
    ['a PNG named .jpg', () => file('poster.jpg', goodPng)],
    ['a JPEG named .png', () => file('poster.png', goodJpeg)],
    ['a JPEG with 200 KB of garbage after its end marker', () => Buffer.concat([goodJpeg, Buffer.alloc(200_000, 0x41)])],
    ['a PNG whose zTXt chunk inflates to 64 MB (not inflated into the hash)', () => png(8, 8, zlib.deflateSync(Buffer.alloc(8 * (8 * 3 + 1))), [chunk('zTXt', Buffer.concat([Buffer.from('Comment\0\0'), zlib.deflateSync(Buffer.alloc(64 << 20))]))])],
  ])('%s → hashed by its content', async (_name, input) => {
    const h = await pdqFromImage(input());
    expect(h.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('a real image of 48 M pixels (8,000 × 6,000, a 100 KB PNG) is refused before it is decoded', () => {
  let big = '';
  beforeAll(async () => {
    big = path.join(dir, 'big.png');
    await sharp({ create: { width: 8000, height: 6000, channels: 3, background: { r: 9, g: 99, b: 199 } } }).png({ compressionLevel: 9 }).toFile(big);
  });
  it('by the hasher', async () => {
    await expect(pdqFromImage(big)).rejects.toThrow(/exceeds pixel limit/);
  });
  it('by kuzet hash image (its blockhash decoded every pixel: 192 MB here, 900 MB for 15,000²)', async () => {
    const { main } = await import('../../cli/main.ts');
    const errs: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((x: string) => (errs.push(String(x)), true)) as typeof process.stderr.write;
    try {
      expect(await main(['hash', 'image', big, '--json'], { DATA_DIR: dir, LOG_LEVEL: 'silent' })).toBe(1);
    } finally {
      process.stderr.write = orig;
    }
    expect(errs.join('')).toMatch(/exceeds pixel limit/);
  });
});

describe('hostile videos at the video sampler', () => {
  const refused: Array<[string, () => string, RegExp]> = [
    ['a 0-byte .mp4', () => file('empty.mp4', ''), /./],
    ['a truncated MP4 without its moov box (first 40 %)', () => file('trunc.mp4', fs.readFileSync(goodMp4).subarray(0, Math.floor(fs.statSync(goodMp4).size * 0.4))), /./],
    ['the first 2 KB of a fast-start MP4', () => file('trunc2.mp4', fs.readFileSync(faststartMp4).subarray(0, 2048)), /./],
    ['a text file named .mp4', () => file('text.mp4', 'this is not a video\n'.repeat(100)), /./],
    ['a Y4M header declaring 100,000 × 100,000', () => file('bomb.y4m', 'YUV4MPEG2 W100000 H100000 F25:1 Ip A1:1 C420jpeg\nFRAME\n' + 'x'.repeat(1000)), /./],
    ['an ffconcat list naming /etc/passwd', () => file('list.mp4', 'ffconcat version 1.0\nfile /etc/passwd\n'), /./],
    ['a local HLS playlist naming a private-address segment', () => file('local.m3u8', '#EXTM3U\n#EXTINF:2,\nhttp://10.0.0.1/seg.ts\n#EXT-X-ENDLIST\n'), /./],
    ['a local HLS playlist naming ../../../etc/passwd', () => file('climb.m3u8', '#EXTM3U\n#EXTINF:2,\n../../../../../../etc/passwd\n#EXT-X-ENDLIST\n'), /./],
    ['an ffmpeg concat: protocol input with a URL part', () => `concat:${goodMp4}|http://10.0.0.1/x.mp4`, /./],
    ['a URL with no egress to read it through', () => 'http://127.0.0.1:9/x.mp4', /egress/],
    ['a file: URL', () => `file://${goodMp4}`, /./],
    ['a data: URL', () => 'data:video/mp4;base64,AAAAIGZ0eXBpc29t', /./],
  ];
  it.each(refused)('%s → a clear error, no frames', async (_name, input, reason) => {
    const out = await sample(input()).then((r) => r, (e: Error) => e);
    if (out instanceof Error) {
      if (process.env.KUZET_SHOW_ERRORS) console.log(`${_name}: ${out.message.slice(0, 300)}`);
      expect(out.message).toMatch(reason);
      expect(out.message.length).toBeLessThan(2000);
    } else {
      expect(out.frames, 'frames were sampled from a hostile input').toEqual([]);
    }
  });

  it('an MP4 named .png is sampled by its content', async () => {
    const r = await sample(file('video.png', fs.readFileSync(goodMp4)));
    expect(r.frames.length).toBeGreaterThan(0);
  });
});

describe('kuzet films add with a hostile file answers an error and writes no film', () => {
  const cli = async (argv: string[], dataDir: string) => {
    const { main } = await import('../../cli/main.ts');
    const errs: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((x: string) => (errs.push(String(x)), true)) as typeof process.stderr.write;
    try {
      return { code: await main(argv, { DATA_DIR: dataDir, LOG_LEVEL: 'silent', SIGNING_KEY_CREATE: 'auto' }), err: errs.join('') };
    } finally {
      process.stderr.write = orig;
    }
  };
  it.each([
    ['an empty video', () => ['--video', file('add-empty.mp4', '')]],
    ['a text file as the video', () => ['--video', file('add-text.mp4', 'not a video\n'.repeat(50))]],
    ['a good video with a decompression-bomb poster', () => ['--video', goodMp4, '--poster', file('add-bomb.png', png(100_000, 100_000, zlib.deflateSync(Buffer.alloc(1000))))]],
  ])('%s', async (_name, args) => {
    const dataDir = path.join(dir, `data-${_name.replace(/\W+/g, '-')}`);
    const r = await cli(['films', 'add', '--title-ru', 'Фильм', '--title-kk', 'Фильм', ...args(), '--json'], dataDir);
    expect(r.code).not.toBe(0);
    expect(r.err.trim().length).toBeGreaterThan(0);
    expect(r.err).not.toMatch(/\n\s+at /); // a message, not a stack trace
    const { loadConfig } = await import('../../config/load.ts');
    const { createContext } = await import('../../config/context.ts');
    const { pino } = await import('pino');
    const ctx = await createContext(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), pino({ level: 'silent' }));
    try {
      const [row] = await ctx.db.query<{ films: number; assets: number; prints: number }>(
        'SELECT (SELECT count(*) FROM films)::int AS films, (SELECT count(*) FROM reference_assets)::int AS assets, (SELECT count(*) FROM fingerprints)::int AS prints');
      expect(row).toEqual({ films: 0, assets: 0, prints: 0 });
    } finally {
      await ctx.close();
    }
  }, 180_000); // a fresh PGlite and its migrations per case, on a loaded box
});

