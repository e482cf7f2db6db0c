// What pirates do to a film, as ffmpeg filter recipes: low-bitrate re-encodes, 360p, bars, logos, burned-in Cyrillic
// subtitles, colour shifts, crops, mirroring, 25/24 speed-up, camcording, picture-in-picture. Used by the matcher
// evaluation (eval/matcher.ts) and tests; inputs are local files, outputs small MP4s (≤ 640 px wide).
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config/schema.ts';
import { probeMedia, runTool } from './ffmpeg.ts';

type Tools = Pick<AppConfig, 'ffmpegPath' | 'ffprobePath'>;

export const SUB_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

export interface TransformRecipe {
  name: string;
  /** easy: the targets ask ≥ 95 % recall; hard: ≥ 60 % */
  tier: 'easy' | 'hard';
  /** video filter chain applied to [0:v] (after a scale to ≤ 640 px wide); `[bg]`-style graphs use `complex` */
  vf?: string;
  /** a full -filter_complex reading [0:v] and writing [v] (for overlays on a generated background) */
  complex?: string;
  /** audio filter, applied when the input has audio */
  af?: string;
  /** video bitrate (default: CRF 26) */
  bitrate?: string;
}

const BASE = 'scale=w=min(640\\,iw):h=-2,setsar=1';
const sub = (text: string, from: number, to: number) =>
  `drawtext=fontfile=${SUB_FONT}:text='${text}':fontsize=h/14:fontcolor=white:borderw=2:bordercolor=black:x=(w-tw)/2:y=h-th-h/12:enable='between(t,${from},${to})'`;

export const TRANSFORMS: readonly TransformRecipe[] = [
  { name: 'reencode', tier: 'easy', vf: 'null' },
  { name: 'lowbitrate', tier: 'easy', vf: 'scale=w=min(480\\,iw):h=-2', bitrate: '120k' },
  { name: '360p', tier: 'easy', vf: 'scale=-2:360' },
  { name: 'letterbox', tier: 'easy', vf: 'scale=640:270,setsar=1,pad=640:480:0:105:black' },
  { name: 'pillarbox', tier: 'easy', vf: 'scale=480:360,setsar=1,pad=640:360:80:0:black' },
  {
    name: 'logo',
    tier: 'easy',
    vf: `drawbox=x=iw*0.72:y=ih*0.04:w=iw*0.24:h=ih*0.1:color=white@0.55:t=fill,drawtext=fontfile=${SUB_FONT}:text='KINOGO':fontsize=h/16:fontcolor=red:x=w*0.74:y=h*0.06`,
  },
  { name: 'subtitles', tier: 'easy', vf: [sub('Смотрите фильм онлайн бесплатно', 0, 4), sub('Қазақ киносы — барлық құқықтар қорғалған', 4, 9), sub('Перевод и озвучка — студия «Кинотеатр»', 9, 1e6)].join(',') },
  { name: 'colour', tier: 'easy', vf: 'eq=brightness=0.06:contrast=1.15:saturation=1.4,hue=h=12' },
  { name: 'crop5', tier: 'easy', vf: 'crop=iw*0.95:ih*0.95' },
  { name: 'crop10', tier: 'easy', vf: 'crop=iw*0.9:ih*0.9' },
  { name: 'hflip', tier: 'easy', vf: 'hflip' },
  { name: 'speed25_24', tier: 'easy', vf: 'setpts=PTS*24/25', af: 'atempo=25/24' },
  { name: 'crop20', tier: 'hard', vf: 'crop=iw*0.8:ih*0.8' },
  {
    name: 'camcord',
    tier: 'hard',
    vf: "perspective=x0=W*0.05:y0=H*0.06:x1=W*0.97:y1=H*0.02:x2=W*0.02:y2=H*0.96:x3=W*0.94:y3=H:sense=destination,gblur=sigma=1.2,noise=alls=14:allf=t,eq=contrast=0.85:brightness=0.03:saturation=0.8",
    bitrate: '250k',
  },
  {
    name: 'pip',
    tier: 'hard',
    complex: `[0:v]${BASE},scale=384:216,setsar=1[s];color=c=0x1c2a48:s=640x360:r=25[bg];[bg][s]overlay=x=150:y=70:shortest=1[v]`,
  },
];

export function recipe(name: string): TransformRecipe {
  const r = TRANSFORMS.find((t) => t.name === name);
  if (!r) throw new Error(`unknown transform ${name}; known: ${TRANSFORMS.map((t) => t.name).join(', ')}`);
  return r;
}

/** ffmpeg arguments that write `out` = the excerpt [startS, startS+durationS) of `src` under recipe `r`. */
export function transformArgs(r: TransformRecipe, src: string, out: string, opts: { startS: number; durationS: number; hasAudio: boolean }): string[] {
  const args = ['-nostdin', '-y', '-hide_banner', '-loglevel', 'error', '-ss', String(opts.startS), '-i', src];
  // speed-ups shorten the output: read enough input for the requested output length
  args.push('-t', String(opts.durationS));
  if (r.complex) args.push('-filter_complex', r.complex, '-map', '[v]');
  else args.push('-vf', `${BASE},${r.vf ?? 'null'},scale=trunc(iw/2)*2:trunc(ih/2)*2`);
  if (opts.hasAudio && !r.complex) {
    if (r.af) args.push('-af', r.af);
    args.push('-c:a', 'aac', '-b:a', '48k');
  } else args.push('-an');
  args.push('-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p');
  // x264's rate control under VBV is not deterministic across frame threads: one thread makes the output the same on
  // every run (tests and the eval cache reproduce; CRF encodes are deterministic already)
  if (r.bitrate) args.push('-b:v', r.bitrate, '-maxrate', r.bitrate, '-bufsize', r.bitrate, '-threads', '1');
  else args.push('-crf', '26');
  args.push('-movflags', '+faststart', out);
  return args;
}

/** Renders the excerpt under a transform; skips work when `out` already exists (a cache under os.tmpdir()). */
export async function applyTransform(cfg: Tools, src: string, out: string, name: string, opts: { startS: number; durationS: number }): Promise<string> {
  if (fs.existsSync(out) && fs.statSync(out).size > 0) return out;
  const info = await probeMedia(cfg, src);
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const tmp = `${out}.part.mp4`;
  await runTool(cfg.ffmpegPath, transformArgs(recipe(name), src, tmp, { ...opts, hasAudio: info.hasAudio }), { input: src, timeoutMs: 120_000 + opts.durationS * 5000 });
  fs.renameSync(tmp, out);
  return out;
}
