// The pictures of a packet's annex: the page screenshot, and reference | pirate pairs at the matched offsets. Reference
// frames are cut from the film's reference video at the matched reference times (ffmpeg, a JPEG each, kept in the
// packet under frames/); pirate pictures are the evidence the crawler stored (frames, or the poster). A picture that
// does not exist is left out and the sheet says so; nothing is drawn from the network.
import type { Logger } from 'pino';
import { runTool } from '../media/ffmpeg.ts';
import type { BlobStore } from '../storage/blobs.ts';
import type { CaseData, CaseSheet } from './case.ts';
import { sniffImage } from './evidence-files.ts';

export interface SheetFiles {
  sheet: CaseSheet;
  /** derived files to add to the packet (reference frames) */
  files: Array<{ name: string; data: Buffer }>;
  /** packet path → bytes of every picture the PDFs may embed */
  images: Map<string, Buffer>;
}

const MAX_IMAGE_BYTES = 15 * 1024 * 1024;

export async function buildSheet(c: CaseData, refs: Array<{ kind: string; blob_path: string; duration_s: number | null }>, deps: { blobs: BlobStore; ffmpegPath: string; log: Logger }): Promise<SheetFiles> {
  const images = new Map<string, Buffer>();
  const files: SheetFiles['files'] = [];
  const readImage = async (packetPath: string, blobPath: string): Promise<string | null> => {
    try {
      const b = await deps.blobs.read(blobPath);
      if (b.length > MAX_IMAGE_BYTES || !sniffImage(b)) return null;
      images.set(packetPath, b);
      return packetPath;
    } catch {
      return null;
    }
  };
  const shot = c.evidence.filter((e) => e.kind === 'screenshot').sort((a, b) => b.captured_at.localeCompare(a.captured_at))[0];
  const screenshot = shot ? await readImage(shot.packet_path, shot.blob_path) : null;
  const pairs: CaseSheet['pairs'] = [];
  const video = refs.find((r) => r.kind === 'video');
  const cut = async (t: number): Promise<string | null> => {
    if (!video) return null;
    const name = `frames/reference-${t.toFixed(1).padStart(7, '0')}s.jpg`;
    if (images.has(name)) return name;
    try {
      const input = deps.blobs.resolve(video.blob_path);
      const jpg = await runTool(deps.ffmpegPath, ['-v', 'error', '-nostdin', '-ss', t.toFixed(3), '-i', input, '-frames:v', '1', '-vf', 'scale=480:-2', '-f', 'image2pipe', '-c:v', 'mjpeg', '-q:v', '3', '-bitexact', 'pipe:1'], { input, timeoutMs: 30_000 });
      if (!sniffImage(jpg)) return null;
      files.push({ name, data: jpg });
      images.set(name, jpg);
      return name;
    } catch (e) {
      deps.log.warn({ t, err: (e as Error).message }, 'reference frame not cut: the sheet shows it as missing');
      return null;
    }
  };
  if (c.basis.kind === 'stream_frames') {
    const stored = c.evidence.filter((e) => e.kind === 'frame');
    for (const [i, f] of c.basis.frames.entries()) {
      // a frame stored with its time goes with that time; the one stored without is the closest match (matcher/match.ts)
      const own = stored.find((e) => typeof e.meta.t === 'number' && e.meta.t === f.t) ?? (i === 0 ? stored.find((e) => typeof e.meta.t !== 'number') : undefined);
      const pirate = own ? await readImage(own.packet_path, own.blob_path) : null;
      pairs.push({ ref: await cut(f.ref_t), pirate, t: f.t, ref_t: f.ref_t, distance: f.distance, inliers: f.inliers, ...(f.mirrored ? { mirrored: true } : {}) });
    }
  } else if (c.basis.kind === 'poster_only' && c.basis.frames[0]) {
    const f = c.basis.frames[0];
    const poster = c.evidence.find((e) => e.kind === 'poster');
    const pirate = poster ? await readImage(poster.packet_path, poster.blob_path) : null;
    // the reference is a frame of the film when the matcher gave an offset; a reference poster only when it is the only one
    const posters = refs.filter((r) => r.kind === 'poster');
    let ref: string | null = null;
    if (c.detection.offset_seconds != null) ref = await cut(c.detection.offset_seconds);
    else if (posters.length === 1) ref = await readImage(`frames/reference-poster${sniffImage(await deps.blobs.read(posters[0]!.blob_path).catch(() => Buffer.alloc(0))) ?? '.jpg'}`, posters[0]!.blob_path);
    if (ref?.startsWith('frames/reference-poster')) files.push({ name: ref, data: images.get(ref)! });
    pairs.push({ ref, pirate, t: null, ref_t: c.detection.offset_seconds, distance: f.distance, inliers: null });
  }
  return { sheet: { screenshot, pairs }, files, images };
}
