// Demo media, generated with ffmpeg (no third-party footage): three registered national films, one
// unregistered film, pirate copies and posters. Cached in a folder keyed by the recipe, so a second demo run is fast.
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config/schema.ts';
import sharp from 'sharp';
import { generateFilm, makePirateCopy, posterFrom } from '../fixtures/media/synthetic.ts';

export interface DemoFilm {
  key: string;
  seed: number;
  titleKk: string;
  titleRu: string;
  titleEn: string;
  year: number;
  kinopoiskId: number;
  registered: boolean;
}

export const DEMO_FILMS: DemoFilm[] = [
  { key: 'dala', seed: 11, titleKk: 'Дала үні', titleRu: 'Голос степи', titleEn: 'Voice of the Steppe', year: 2024, kinopoiskId: 9100001, registered: true },
  { key: 'tau', seed: 23, titleKk: 'Алтын тау', titleRu: 'Золотая гора', titleEn: 'Golden Mountain', year: 2023, kinopoiskId: 9100002, registered: true },
  { key: 'bori', seed: 37, titleKk: 'Көк бөрі', titleRu: 'Синий волк', titleEn: 'Blue Wolf', year: 2025, kinopoiskId: 9100003, registered: true },
  { key: 'other', seed: 91, titleKk: 'Бөтен кино', titleRu: 'Чужое кино', titleEn: 'Someone Else’s Film', year: 2022, kinopoiskId: 9100099, registered: false },
];

const RECIPE = 'v2-320x180-60s';
const SIZE = { width: 320, height: 180, seconds: 60 };

export interface DemoMedia {
  dir: string;
  film(key: string): { video: string; poster: string; piratePoster: string; pirateHls: string; pirateHlsDir: string };
}

export async function prepareDemoMedia(cfg: Pick<AppConfig, 'ffmpegPath' | 'ffprobePath'>, root: string, say: (s: string) => void): Promise<DemoMedia> {
  const dir = path.join(root, RECIPE);
  const paths = (key: string) => ({
    video: path.join(dir, `${key}.mp4`),
    poster: path.join(dir, `${key}-poster.png`),
    piratePoster: path.join(dir, `${key}-pirate-poster.jpg`),
    pirateHlsDir: path.join(dir, `${key}-pirate-hls`),
    pirateHls: path.join(dir, `${key}-pirate-hls`, 'index.m3u8'),
  });
  const done = path.join(dir, '.complete');
  if (!fs.existsSync(done)) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const f of DEMO_FILMS) {
      const p = paths(f.key);
      say(`  generating "${f.titleEn}" (${SIZE.seconds} s synthetic footage)…`);
      await generateFilm(cfg, p.video, { seed: f.seed, seconds: SIZE.seconds, width: SIZE.width, height: SIZE.height, title: f.titleEn });
      await posterFrom(cfg, p.video, p.poster, { atS: 7, title: f.titleEn });
      // what a pirate site shows: the poster resized and re-compressed
      await sharp(p.poster).resize({ width: 240 }).jpeg({ quality: 70 }).toFile(p.piratePoster);
      // the pirate copy: a 20 s excerpt, re-encoded at low quality, letterboxed, as HLS
      await makePirateCopy(cfg, p.video, p.pirateHlsDir, { startS: 18, durationS: 20, letterbox: true, crf: 34 });
    }
    fs.writeFileSync(done, new Date().toISOString());
  }
  return { dir, film: paths };
}
