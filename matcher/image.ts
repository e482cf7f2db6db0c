// Still images (posters, query screenshots) → PDQ, decoded with sharp.
import sharp from 'sharp';
import { lumaFromPixels, pdqFromLuma, type LumaImage, type PdqHash } from './pdq.ts';

/** Images larger than this on either side are squashed to 512×512 first, as Meta's reference hasher does
 * (measured: this brings our hashes from ≤10 to ≤8 bits of Meta's on its own test vectors). */
const DOWNSAMPLE = 512;

/** A poster or screenshot larger than this is refused before it is decoded: a 700 KB PNG can declare 15,000 × 15,000
 * pixels (900 MB once decoded); sharp's own limit is 268 M pixels. 40 M pixels is an 8K frame with room to spare. */
export const MAX_IMAGE_PIXELS = 40_000_000;

/** sharp with the pixel limit every image from outside is opened with */
export const openImage = (input: string | Buffer) => sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS });

/** Decodes any image sharp reads into PDQ luminance (alpha dropped, EXIF orientation ignored like Meta's CLI). */
export async function decodeLuma(input: string | Buffer): Promise<LumaImage & { rgb: Uint8Array }> {
  let img = openImage(input).removeAlpha().toColourspace('srgb');
  const meta = await openImage(input).metadata();
  if ((meta.width ?? 0) > DOWNSAMPLE || (meta.height ?? 0) > DOWNSAMPLE) {
    img = img.resize(DOWNSAMPLE, DOWNSAMPLE, { fit: 'fill', kernel: 'linear' });
  }
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  const rgb = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return { ...lumaFromPixels(rgb, info.width, info.height, info.channels), rgb };
}

export async function pdqFromImage(input: string | Buffer): Promise<PdqHash> {
  return pdqFromLuma(await decodeLuma(input));
}
