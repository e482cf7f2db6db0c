// Demo/test media made with ffmpeg's lavfi sources only (no third-party footage): seeded "films" whose
// scenes change every few seconds, pirate-style HLS excerpts (re-encoded, optionally letterboxed), posters.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { AppConfig } from '../config/schema.ts';
import { probeMedia, runTool } from './ffmpeg.ts';

type Tools = Pick<AppConfig, 'ffmpegPath' | 'ffprobePath'>;
const SCENE_S = 3;
const FPS = 25;
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';

/** mulberry32: a tiny seeded PRNG so a seed always gives the same film. */
function rng(seed: number): () => number {
  let a = (seed * 2654435761) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (r: () => number) => '0x' + Math.floor(r() * 0xffffff).toString(16).padStart(6, '0');
const f2 = (x: number) => x.toFixed(3);

/** 2–4 large boxes drifting slowly (overlay of solid colour sources): the seed-specific large-scale layout
 * PDQ keys on. Returns filtergraph chains reading [in] and writing [out]. */
/** A music-like soundtrack as an ffmpeg lavfi source: two voices stepping through pseudo-random semitones (2 and 2.7
 * notes/s), seeded; distinct seeds give unrelated tracks for Chromaprint (a steady tone would fingerprint as flat). */
export function musicTrack(seed: number, seconds: number, rate = 22050): string {
  const note = (notesPerS: number, k: number, a: number, b: number) => `floor(abs(mod(sin((floor(t*${notesPerS})+${seed * k})*${a})*${b},1))*24)`;
  const n1 = note(2, 101, 12.9898, 43758.5453);
  const n2 = note(2.7, 57, 78.233, 24634.6345);
  return `aevalsrc=exprs='0.25*sin(2*PI*t*220*pow(2,${n1}/12))+0.2*sin(2*PI*t*110*pow(2,${n2}/12))+0.1*sin(4*PI*t*220*pow(2,${n1}/12))':s=${rate}:d=${seconds}`;
}

function boxes(r: () => number, w: number, h: number, tag: string): string {
  const n = 2 + Math.floor(r() * 3);
  const parts: string[] = [];
  for (let k = 0; k < n; k++) {
    const bw = Math.round(w * (0.2 + r() * 0.3));
    const bh = Math.round(h * (0.25 + r() * 0.4));
    const x0 = Math.round(r() * (w - bw));
    const y0 = Math.round(r() * (h - bh));
    const vx = ((r() - 0.5) * w * 0.06).toFixed(2);
    const vy = ((r() - 0.5) * h * 0.06).toFixed(2);
    const from = k === 0 ? `[${tag}bg]` : `[${tag}o${k - 1}]`;
    const to = k === n - 1 ? `[${tag}]` : `[${tag}o${k}]`;
    parts.push(`color=c=${hex(r)}:s=${bw}x${bh}:r=${FPS}[${tag}b${k}]`);
    parts.push(`${from}[${tag}b${k}]overlay=x='${x0}+${vx}*t':y='${y0}+${vy}*t':eval=frame:shortest=1${to}`);
  }
  return parts.join(';');
}

/** One scene: a lavfi source with seed-dependent parameters, as RGB at w×h. */
function scene(r: () => number, kind: number, w: number, h: number): string {
  const s = `s=${w}x${h}:r=${FPS}`;
  switch (kind) {
    case 0:
      return `gradients=${s}:c0=${hex(r)}:c1=${hex(r)}:c2=${hex(r)}:c3=${hex(r)}:nb_colors=4:seed=${Math.floor(r() * 1e6)}:speed=${f2(0.002 + r() * 0.004)}`;
    case 1:
      return `mandelbrot=${s}:maxiter=200:start_x=${f2(-0.75 + (r() - 0.5) * 0.6)}:start_y=${f2((r() - 0.5) * 0.6)}:start_scale=${f2(1.5 + r() * 2)}:end_scale=${f2(0.8 + r())}:end_pts=${SCENE_S * 100}:outer=normalized_iteration_count,hue=h=${Math.floor(r() * 360)}`;
    case 2: {
      const [a, b, c, d, e, f] = Array.from({ length: 6 }, () => 6 + r() * 30);
      return `nullsrc=${s},format=gbrp,geq=r='128+120*sin(X/${f2(a!)}+T*${f2(r() * 0.3)})':g='128+120*sin(Y/${f2(b!)}-T*${f2(r() * 0.3)}+${f2(c!)})':b='128+120*sin((X+Y)/${f2(d!)}+T*${f2(r() * 0.3)})*cos(X/${f2(e!)}-Y/${f2(f!)})'`;
    }
    case 3:
      return `life=${s.replace(`r=${FPS}`, 'rate=2')}:seed=${Math.floor(r() * 1e6)}:ratio=${f2(0.1 + r() * 0.3)}:mold=8:life_color=${hex(r).replace('0x', '#')}:death_color=${hex(r).replace('0x', '#')}:mold_color=${hex(r).replace('0x', '#')},fps=${FPS},boxblur=2`;
    default:
      return `cellauto=${s.replace(`r=${FPS}`, 'rate=3')}:rule=${[30, 90, 110, 150, 105, 45][Math.floor(r() * 6)]}:seed=${Math.floor(r() * 1e6)}:random_fill_ratio=${f2(0.3 + r() * 0.4)},fps=${FPS},boxblur=1,format=rgb24,colorchannelmixer=rr=${f2(r())}:gg=${f2(r())}:bb=${f2(r())}`;
  }
}

export async function generateFilm(
  cfg: Tools,
  outFile: string,
  opts: { seed: number; seconds: number; width: number; height: number; title: string },
): Promise<void> {
  const r = rng(opts.seed);
  const n = Math.max(1, Math.ceil(opts.seconds / SCENE_S));
  const start = Math.floor(r() * 5);
  const chains = Array.from({ length: n }, (_, i) => {
    const kind = (start + i * (1 + Math.floor(r() * 2))) % 5;
    const src = scene(r, kind, opts.width, opts.height);
    const tag = `s${i}`;
    return `${src},format=yuv420p,trim=duration=${SCENE_S},setpts=PTS-STARTPTS[${tag}bg];${boxes(r, opts.width, opts.height, tag)};[${tag}]setsar=1[v${i}]`;
  });
  const text = opts.title.replace(/[\\':%]/g, ' ');
  const fontSize = Math.max(8, Math.round(opts.height / 12));
  const graph = [
    ...chains,
    `${chains.map((_, i) => `[v${i}]`).join('')}concat=n=${n}:v=1:a=0,drawtext=fontfile=${FONT}:text='${text}':fontsize=${fontSize}:fontcolor=white:box=1:boxcolor=black@0.4:x=4:y=h-th-4[v]`,
    `${musicTrack(opts.seed, opts.seconds)}[a]`,
  ].join(';');
  fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
  const args = ['-nostdin', '-y', '-hide_banner', '-loglevel', 'error', '-filter_complex', graph, '-map', '[v]', '-map', '[a]'];
  args.push('-t', String(opts.seconds), '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p');
  args.push('-g', String(FPS * 2), '-c:a', 'aac', '-b:a', '64k', '-movflags', '+faststart', outFile);
  await runTool(cfg.ffmpegPath, args, { input: `lavfi:seed=${opts.seed}`, timeoutMs: 120_000 + opts.seconds * 2000 });
}

/** A pirate-style HLS rendition of an excerpt: outDir/index.m3u8 + ~2 s .ts segments, lower quality. */
export async function makePirateCopy(
  cfg: Tools,
  srcFile: string,
  outDir: string,
  opts: { startS: number; durationS: number; letterbox?: boolean; width?: number; height?: number; crf?: number },
): Promise<string> {
  const info = await probeMedia(cfg, srcFile);
  const w = even(opts.width ?? info.width);
  const h = even(opts.height ?? info.height);
  const vf = opts.letterbox ? `scale=${w}:${even(h * 0.75)},pad=${w}:${h}:0:(oh-ih)/2:black,setsar=1` : `scale=${w}:${h},setsar=1`;
  fs.mkdirSync(outDir, { recursive: true });
  const args = ['-nostdin', '-y', '-hide_banner', '-loglevel', 'error', '-ss', String(opts.startS), '-i', srcFile, '-t', String(opts.durationS)];
  args.push('-vf', vf, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', String(opts.crf ?? 32), '-pix_fmt', 'yuv420p');
  args.push('-force_key_frames', 'expr:gte(t,n_forced*2)', '-c:a', 'aac', '-b:a', '48k');
  args.push('-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod', '-hls_segment_filename', path.join(outDir, 'seg_%03d.ts'));
  const playlist = path.join(outDir, 'index.m3u8');
  await runTool(cfg.ffmpegPath, [...args, playlist], { input: srcFile, timeoutMs: 120_000 + opts.durationS * 3000 });
  return playlist;
}

/** A poster: the frame at atS with the title drawn over a dark band (sharp + SVG text). */
export async function posterFrom(cfg: Tools, srcFile: string, outPng: string, opts: { atS: number; title: string }): Promise<void> {
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-ss', String(opts.atS), '-i', srcFile, '-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'png', 'pipe:1'];
  const frame = await runTool(cfg.ffmpegPath, args, { input: srcFile, timeoutMs: 30_000 });
  const { width = 160, height = 90 } = await sharp(frame).metadata();
  const band = Math.round(height * 0.22);
  const esc = opts.title.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const svg = `<svg width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><rect x="0" y="${height - band}" width="${width}" height="${band}" fill="black" fill-opacity="0.6"/><text x="${width / 2}" y="${height - band * 0.3}" font-family="DejaVu Sans" font-weight="bold" font-size="${Math.round(band * 0.6)}" fill="white" text-anchor="middle">${esc}</text></svg>`;
  fs.mkdirSync(path.dirname(path.resolve(outPng)), { recursive: true });
  await sharp(frame).composite([{ input: Buffer.from(svg) }]).png().toFile(outPng);
}

const even = (x: number) => Math.max(2, Math.round(x / 2) * 2);
