// The faults run's media: a few tiny synthetic films (ffmpeg lavfi only), their pirate HLS copies and posters.
// Generated once into a cache folder keyed by the recipe; many candidate pages later share these few streams
// (same bytes under different page URLs, as pirate mirrors do).
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { AppConfig } from '../config/schema.ts';
import { generateFilm, makePirateCopy, posterFrom } from '../fixtures/media/synthetic.ts';

export interface FaultFilm {
  key: string;
  seed: number;
  titleKk: string;
  titleRu: string;
  year: number;
  /** registered in the film bank before the run; the others are "someone else's films" */
  registered: boolean;
}

export const FAULT_FILMS: FaultFilm[] = [
  { key: 'ayaz', seed: 1101, titleKk: 'Аяз', titleRu: 'Мороз', year: 2021, registered: true },
  { key: 'zhol', seed: 2202, titleKk: 'Жол', titleRu: 'Дорога', year: 2022, registered: true },
  { key: 'kun', seed: 3303, titleKk: 'Күн', titleRu: 'Солнце', year: 2023, registered: true },
  { key: 'alien1', seed: 4404, titleKk: 'Бөгде 1', titleRu: 'Чужой 1', year: 2019, registered: false },
  { key: 'alien2', seed: 5505, titleKk: 'Бөгде 2', titleRu: 'Чужой 2', year: 2018, registered: false },
  { key: 'alien3', seed: 6606, titleKk: 'Бөгде 3', titleRu: 'Чужой 3', year: 2017, registered: false },
];

const RECIPE = 'faults-v1-256x144-16s';
const SIZE = { width: 256, height: 144, seconds: 16 };
/** pirate copies: two per registered film (letterboxed / plain re-encode), one per other film; 6 s each */
const COPIES = [
  { name: 'lb', startS: 3, durationS: 6, letterbox: true, crf: 34 },
  { name: 're', startS: 9, durationS: 6, letterbox: false, crf: 30 },
] as const;

export interface FilmMedia {
  video: string;
  poster: string;
  /** the poster as a pirate page shows it (resized, re-compressed JPEG) */
  piratePoster: string;
  /** HLS folders (index.m3u8 + segments) */
  copies: string[];
}

export async function prepareFaultMedia(cfg: Pick<AppConfig, 'ffmpegPath' | 'ffprobePath'>, root: string, say: (s: string) => void): Promise<Record<string, FilmMedia>> {
  const dir = path.join(root, RECIPE);
  const media = Object.fromEntries(FAULT_FILMS.map((f) => [f.key, {
    video: path.join(dir, `${f.key}.mp4`),
    poster: path.join(dir, `${f.key}-poster.png`),
    piratePoster: path.join(dir, `${f.key}-pirate-poster.jpg`),
    copies: COPIES.slice(0, f.registered ? 2 : 1).map((c) => path.join(dir, `${f.key}-${c.name}`)),
  } satisfies FilmMedia]));
  const done = path.join(dir, '.complete');
  if (fs.existsSync(done)) return media;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const f of FAULT_FILMS) {
    const m = media[f.key]!;
    say(`  generating ${f.key} (${SIZE.seconds} s, ${SIZE.width}×${SIZE.height})…`);
    await generateFilm(cfg, m.video, { seed: f.seed, seconds: SIZE.seconds, width: SIZE.width, height: SIZE.height, title: f.titleKk });
    await posterFrom(cfg, m.video, m.poster, { atS: 5, title: f.titleKk });
    await sharp(m.poster).resize({ width: 200 }).jpeg({ quality: 70 }).toFile(m.piratePoster);
    for (const [i, out] of m.copies.entries()) {
      const c = COPIES[i]!;
      await makePirateCopy(cfg, m.video, out, { startS: c.startS, durationS: c.durationS, letterbox: c.letterbox, crf: c.crf });
    }
  }
  fs.writeFileSync(done, new Date().toISOString());
  return media;
}
