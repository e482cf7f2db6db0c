// Stream verdict benchmark: wall time from the HLS URL of a generated 90-minute 720p film (loopback HTTP) to a
// decision, with keyframe probes then dense windows (matcher/video.ts probeThenDense) and the matcher's scoring
// (match.ts scoreFrames + decide) over the bank index (BankIndexCache: MIH once the bank is large).
// Media is generated once and cached under os.tmpdir()/kuzet-bench-stream-v1 (generation time reported apart).
// The film is a seeded 1-D cellular automaton (rule 30, a new row every 0.5 s written over the old picture, so
// frames are unique across the 90 minutes yet change slowly), 1280×720 at 10 fps, x264 ultrafast ~400 kb/s,
// keyframes every 2 s, 4 s HLS segments. The reference is a separate 640×360 high-quality encode of minutes 40–45.
// --local adds the local-feature stage (issue 13) on the same stream: what it costs where pictures found nothing (the
// other film's bank), and how long it alone takes to find film A over the span the dense window covered.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runTool } from '../media/ffmpeg.ts';
import { createEgress } from '../net/egress.ts';
import { BankIndexCache, bankHit } from '../matcher/bank-index.ts';
import { QUERY_VARIANTS, REF_VARIANTS } from '../matcher/frames.ts';
import { decide, scoreFrames } from '../matcher/match.ts';
import type { BankSignal, FilmBankStore } from '../matcher/ports.ts';
import { PDQ_STORE_MIN_QUALITY } from '../matcher/signal.ts';
import { hashVideo, probeThenDense } from '../matcher/video.ts';
import { flag, type BenchPart, type BenchTable } from './types.ts';
import { buildLocalBank } from '../matcher/local/bank.ts';
import { decodeKeyframes, encodeKeyframes } from '../matcher/local/codec.ts';
import { loadLocalCv, type LocalCv } from '../matcher/local/cv.ts';
import { LOCAL_RECIPE, referenceKeyframes, type Keyframe } from '../matcher/local/features.ts';
import { localStageFor } from '../matcher/local/query.ts';

// the stream is read like the workers read one: through the egress proxy (loopback allowlisted for the fixture)
const egress = createEgress({ allowlist: ['127.0.0.1'], maxBytes: 64 << 20, timeoutMs: 60_000, userAgent: 'KuzetBench', maxRedirects: 5 });
const cfg = { ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe', egress };
const DIR = path.join(os.tmpdir(), 'kuzet-bench-stream-v1');
const FILM_S = 90 * 60;
const REF_START = 2400;
const REF_S = 300;
const TH = { match: 0.8, review: 0.45 };

const source = (seed: number) => `cellauto=s=128x72:rate=2:rule=30:seed=${seed}:random_fill_ratio=0.5:scroll=0`;

async function generate(filmS: number): Promise<{ seconds: number; cached: boolean }> {
  const hls = path.join(DIR, `film-${filmS}`);
  const done = path.join(hls, 'index.m3u8');
  const refs = ['ref-a.mp4', 'ref-other.mp4'].map((f) => path.join(DIR, f));
  if (fs.existsSync(done) && fs.readFileSync(done, 'utf8').includes('#EXT-X-ENDLIST') && refs.every((f) => fs.existsSync(f))) return { seconds: 0, cached: true };
  fs.mkdirSync(hls, { recursive: true });
  const t0 = Date.now();
  const base = ['-nostdin', '-y', '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i'];
  const film = [...base, `${source(42)},fps=10,scale=1280:720:flags=bicubic,format=yuv420p`, '-t', String(filmS)];
  film.push('-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '400k', '-maxrate', '600k', '-bufsize', '1200k', '-g', '20', '-keyint_min', '20', '-sc_threshold', '0');
  film.push('-f', 'hls', '-hls_time', '4', '-hls_playlist_type', 'vod', '-hls_segment_filename', path.join(hls, 'seg_%05d.ts'), done);
  const ref = (seed: number, startS: number, out: string) => [...base, `${source(seed)},trim=start=${startS}:duration=${REF_S},setpts=PTS-STARTPTS,fps=25,scale=640:360:flags=bicubic,format=yuv420p`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-g', '50', out];
  await Promise.all([
    runTool('ffmpeg', film, { input: 'lavfi film', timeoutMs: 30 * 60_000 }),
    runTool('ffmpeg', ref(42, REF_START, refs[0]!), { input: 'lavfi ref', timeoutMs: 10 * 60_000 }),
    runTool('ffmpeg', ref(7, 0, refs[1]!), { input: 'lavfi other', timeoutMs: 10 * 60_000 }),
  ]);
  return { seconds: (Date.now() - t0) / 1000, cached: false };
}

/** registers a reference like matcher/register.ts: ≤ 12 fps (3600 frames over 5 min), the reference variants */
async function referenceSignals(file: string, filmId: string): Promise<{ signals: BankSignal[]; cached: boolean }> {
  // keyed by the reference variants: a recipe change must not reuse hashes made with the old one
  const cache = `${file}.${REF_VARIANTS.join('+')}.signals.json`;
  if (fs.existsSync(cache)) return { signals: JSON.parse(fs.readFileSync(cache, 'utf8')) as BankSignal[], cached: true };
  const { frames } = await hashVideo(cfg, file, { maxFrames: 3600, maxFps: 30, variants: REF_VARIANTS, timeoutMs: 600_000 });
  const signals = frames.flatMap((f) => f.signals.filter((s) => s.quality >= PDQ_STORE_MIN_QUALITY).map((s) => ({ filmId, t: f.t, hash: s.hash, variant: s.variant })));
  fs.writeFileSync(cache, JSON.stringify(signals));
  return { signals, cached: false };
}

function memoryBank(frames: BankSignal[]): FilmBankStore {
  return { checkpoint: async () => `mem:${frames.length}`, frameSignals: async () => frames, posterSignals: async () => [], negativeSignals: async () => [] };
}

function serve(dir: string): Promise<{ url: string; close: () => Promise<void>; requests: () => number }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    n++;
    const file = path.join(dir, path.basename(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    fs.readFile(file, (err, body) => {
      if (err) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': file.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t', 'content-length': body.length }).end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.m3u8`,
    close: () => new Promise<void>((r) => server.close(() => r())),
    requests: () => n,
  })));
}

async function verdict(cache: BankIndexCache, bank: FilmBankStore, url: string, probes: number) {
  const t0 = Date.now();
  const loaded = await cache.get(bank);
  const isHit = bankHit(loaded);
  const r = await probeThenDense(cfg, url, { probes, windowS: 20, denseFps: 2, maxWindows: 2, concurrency: 2, variants: QUERY_VARIANTS, isHit, timeoutMs: 60_000 });
  const t1 = Date.now();
  const best = r.windows.map((w) => scoreFrames(loaded, w.frames).voted[0]).filter((c) => !!c).sort((a, b) => b.score - a.score)[0];
  const scoreMs = Date.now() - t1;
  const hits = r.probes.filter((p) => isHit(p) !== null).length;
  const w = r.windows.map((x) => x.frames).find((f) => f.length) ?? [];
  // the span the local stage reads, as matcher/match.ts gives it (the dense window's frames ± 1 s)
  const span = w.length ? { startS: Math.max(0, w[0]!.t - 1), durationS: w[w.length - 1]!.t - w[0]!.t + 2 } : { startS: 0, durationS: 120 };
  return {
    span,
    totalS: (Date.now() - t0) / 1000, probeS: r.timings.probeMs / 1000, denseS: r.timings.denseMs / 1000, scoreMs,
    probes: r.probes.length, hits, windows: r.windows.length, dense: r.windows.reduce((s, w) => s + w.frames.length, 0),
    decision: best ? decide(best.score, TH) : 'no_match', film: best?.filmId ?? '—', score: best?.score ?? 0, offset: best?.offsetSeconds ?? null,
  };
}

export const streamBench: BenchPart = {
  name: 'stream',
  async run(args): Promise<BenchTable[]> {
    const filmS = Number(flag(args.argv, 'stream-seconds') ?? FILM_S);
    const probes = Number(flag(args.argv, 'probes') ?? 24);
    const gen = await generate(filmS);
    let t = Date.now();
    const refs = await Promise.all([referenceSignals(path.join(DIR, 'ref-a.mp4'), 'film_a'), referenceSignals(path.join(DIR, 'ref-other.mp4'), 'film_other')]);
    const [refA, refOther] = refs.map((r) => r.signals) as [BankSignal[], BankSignal[]];
    const hashS = refs.every((r) => r.cached) ? null : (Date.now() - t) / 1000;
    const banks = { 'film A (min 40–45) + other': memoryBank([...refA, ...refOther]), 'other film only': memoryBank(refOther) };
    const local = args.argv.includes('--local') ? await localSetup() : null;
    const localRows: (string | number)[][] = [];
    const srv = await serve(path.join(DIR, `film-${filmS}`));
    const rows: (string | number)[][] = [];
    const statuses: string[] = [];
    try {
      for (const [label, bank] of Object.entries(banks)) {
        const cache = new BankIndexCache();
        t = Date.now();
        await cache.get(bank);
        const indexS = (Date.now() - t) / 1000;
        statuses.push(`${label}: index built in ${indexS.toFixed(2)} s, status ${JSON.stringify(cache.status())}`);
        for (let run = 1; run <= (args.quick ? 1 : 3); run++) {
          const before = srv.requests();
          const v = await verdict(cache, bank, srv.url, probes);
          rows.push([label, run, v.probes, v.hits, v.windows, v.dense, v.probeS.toFixed(2), v.denseS.toFixed(2), v.scoreMs, v.totalS.toFixed(2), v.decision, v.film, v.score, v.offset ?? '—', srv.requests() - before]);
          if (local) localRows.push(await localRun(local, label === 'other film only' ? ['film_other'] : ['film_a', 'film_other'], srv.url, v.span, run, v.decision));
        }
      }
    } finally {
      await srv.close();
    }
    return [{
      title: `Stream verdict: ${filmS / 60}-minute 720p HLS on loopback → decision`,
      columns: ['bank', 'run', 'probes', 'probe hits', 'windows', 'dense frames', 'probe s', 'dense s', 'score ms', 'total s', 'decision', 'film', 'score', 'offset s', 'HTTP requests'],
      rows,
      notes: [
        `generation: ${gen.cached ? `cached in ${DIR}` : `${gen.seconds.toFixed(0)} s (film HLS + two 5-minute references, 2 cores)`}; reference hashing (3600 frames × ${REF_VARIANTS.length} variants each, both references): ${hashS === null ? 'cached' : `${hashS.toFixed(1)} s`}`,
        `film A's bank holds minutes 40–45 only (${refA.length} signals), encoded apart at 640×360: the expected offset is −${REF_START} s`,
        `${probes} probe times → the HLS segments holding them, fetched directly; all their keyframes decoded (-skip_frame nokey, 2 ffmpeg over concat: inputs; 2 keyframes per 4 s segment, hence the probes column), then ≤ 2 windows of 20 s at 2 fps around the best probe hits (decoded from the window's segments only); each window scored with match.ts scoreFrames, thresholds match ${TH.match} / review ${TH.review}`,
        'total = bank index lookup + ffprobe + probes + dense windows + scoring, wall clock; the 10 fps stream makes dense decoding cheaper than 25 fps would',
        ...statuses,
      ],
    }, ...(local ? [localTable(local, localRows)] : [])];
  },
};

// --local: the local-feature stage over the same stream (matcher/local), reference keyframes cached beside the refs
type LocalSetup = { cv: LocalCv; films: Record<string, Keyframe[]>; extractS: number | null; bytes: Record<string, number> };

async function localSetup(): Promise<LocalSetup> {
  const cv = await loadLocalCv();
  const films: Record<string, Keyframe[]> = {};
  const bytes: Record<string, number> = {};
  const t = Date.now();
  let fresh = false;
  for (const [id, file] of [['film_a', 'ref-a.mp4'], ['film_other', 'ref-other.mp4']] as const) {
    const cache = path.join(DIR, `${file}.${LOCAL_RECIPE.replace(/[^\w.]+/g, '_')}.kzl`);
    if (!fs.existsSync(cache)) {
      fresh = true;
      fs.writeFileSync(cache, encodeKeyframes((await referenceKeyframes(cv, cfg, path.join(DIR, file), { timeoutMs: 30 * 60_000 })).keyframes));
    }
    const blob = fs.readFileSync(cache);
    bytes[id] = blob.length;
    films[id] = decodeKeyframes(blob);
  }
  return { cv, films, extractS: fresh ? (Date.now() - t) / 1000 : null, bytes };
}

async function localRun(s: LocalSetup, ids: string[], url: string, span: { startS: number; durationS: number }, run: number, pictures: string): Promise<(string | number)[]> {
  const bank = buildLocalBank(ids.map((filmId) => ({ filmId, keyframes: s.films[filmId]! })), s.cv);
  const t0 = Date.now();
  const v = await localStageFor(s.cv, bank, cfg, url, { ...span, timeoutMs: 120_000 });
  const wallS = (Date.now() - t0) / 1000;
  const label = ids.length > 1 ? 'film A (min 40–45) + other' : 'other film only';
  return [label, run, pictures, `${span.startS.toFixed(0)}+${span.durationS.toFixed(0)} s`, v.frames, v.agreeing.length, v.filmId ?? (v.refused ? `— (${v.refused})` : '—'), v.offsetSeconds ?? '—', v.secondsNeeded ?? '—', wallS.toFixed(2), v.cpuMs, Math.round(v.cpuMs / Math.max(1, v.frames))];
}

function localTable(s: LocalSetup, rows: (string | number)[][]): BenchTable {
  const kf = Object.values(s.films).flat();
  const mbPerHour = (Object.values(s.bytes).reduce((a, b) => a + b, 0) / (2 * REF_S)) * 3600 / 1e6;
  return {
    title: 'Local-feature stage on the same stream (issue 13): the span the dense window covered, as matchMedia reads it',
    columns: ['bank', 'run', 'pictures said', 'span read', 'frames', 'agreeing', 'film', 'offset s', 'footage s', 'wall s', 'CPU ms', 'CPU ms/frame'],
    rows,
    notes: [
      'matchMedia runs the stage only where pictures and sound gave no `match` (the "other film only" rows: what a stream costs that is nobody\'s); the film A rows run it although PDQ matched, to show how long the stage alone takes to find the film — what a camcord of it would need',
      `reference keyframes: ${kf.length} for 2 × ${REF_S / 60} min (${LOCAL_RECIPE}), ${(Object.values(s.bytes).reduce((a, b) => a + b, 0) / 1e6).toFixed(2)} MB → ${mbPerHour.toFixed(1)} MB per film-hour; extraction ${s.extractS === null ? 'cached' : `${s.extractS.toFixed(1)} s`}`,
      'CPU = the stage\'s own process CPU (two ORB passes per frame, shortlists, RANSAC); wall includes decoding the span from HLS over loopback through the egress proxy',
    ],
  };
}
