// kuzet hash image|video FILE — print perceptual hashes (no database needed).
import { createEgress } from '../../net/egress.ts';
import { policyFromConfig } from '../../net/fetch.ts';
import { guardMediaInput } from '../../net/hls-guard.ts';
import { parseArgs } from 'node:util';
import imghash from 'imghash';
import { openImage, pdqFromImage } from '../../matcher/image.ts';
import { PDQ_QUALITY_GATE } from '../../matcher/signal.ts';
import { hashVideo } from '../../matcher/video.ts';
import { UsageError, type Command } from '../command.ts';

/** blockhash (16 bits per row = 256 bits) via imghash, fed sharp-decoded RGBA pixels. */
export async function blockhash256(file: string): Promise<string> {
  const { data, info } = await openImage(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return imghash.hashRaw({ width: info.width, height: info.height, data }, 16);
}

const hash: Command = {
  path: ['hash'],
  summary: 'perceptual hashes of an image (PDQ + blockhash) or of a video’s sampled frames (PDQ)',
  usage: 'kuzet hash image FILE [--json] | kuzet hash video FILE_OR_URL [--fps N] [--max-frames N] [--json]',
  async run(argv, env) {
    const { values: v, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, fps: { type: 'string' }, 'max-frames': { type: 'string' } } });
    const [kind, file] = positionals;
    if ((kind !== 'image' && kind !== 'video') || !file || positionals.length !== 2) throw new UsageError('expected `image FILE` or `video FILE`');
    if (kind === 'image') {
      const { hash: pdq, quality } = await pdqFromImage(file);
      const out = { pdq, quality, blockhash: await blockhash256(file) };
      env.io.out(v.json ? JSON.stringify(out) : `pdq ${pdq} (quality ${quality}${quality < PDQ_QUALITY_GATE ? ', low' : ''})\nblockhash ${out.blockhash}`);
      return 0;
    }
    const fps = v.fps === undefined ? 1 : Number(v.fps);
    const maxFrames = v['max-frames'] === undefined ? 600 : Number(v['max-frames']);
    if (!(fps > 0 && fps <= 30)) throw new UsageError('--fps must be in (0, 30]');
    if (!(Number.isInteger(maxFrames) && maxFrames > 0)) throw new UsageError('--max-frames must be a positive integer');
    const policy = policyFromConfig(env.config);
    await guardMediaInput(policy, file); // the same SSRF guard as the workers, and ffmpeg through the egress
    const { frames } = await hashVideo({ ...env.config, egress: createEgress(policy) }, file, { maxFrames, maxFps: fps, minFps: fps, variants: ['full'], timeoutMs: 10 * 60_000 });
    const out = { frames: frames.map((f) => ({ t: Math.round(f.t * 1000) / 1000, pdq: f.signals[0]!.hash, quality: f.signals[0]!.quality })) };
    env.io.out(v.json ? JSON.stringify(out) : out.frames.map((f) => `${f.t.toFixed(3)} ${f.pdq} ${f.quality}`).join('\n'));
    return 0;
  },
};

export default hash;
