// A film's reference keyframes as one binary blob (stored content-addressed in the blob store, one row per asset in
// local_features): magic "KZL1", u32 count, then per keyframe f32 t, f32 tEnd, u16 width, u16 height, u16 n,
// n × (f32 x, f32 y), n × 32 descriptor bytes; little-endian, 40 bytes per keypoint.
import type { Keyframe } from './features.ts';

const MAGIC = 0x314c5a4b; // "KZL1"

export function encodeKeyframes(kfs: readonly Keyframe[]): Buffer {
  const size = 8 + kfs.reduce((s, k) => s + 14 + k.n * 40, 0);
  const buf = Buffer.alloc(size);
  let o = buf.writeUInt32LE(MAGIC, 0);
  o = buf.writeUInt32LE(kfs.length, o);
  for (const k of kfs) {
    o = buf.writeFloatLE(k.t, o);
    o = buf.writeFloatLE(k.tEnd, o);
    o = buf.writeUInt16LE(k.width, o);
    o = buf.writeUInt16LE(k.height, o);
    o = buf.writeUInt16LE(k.n, o);
    for (let i = 0; i < 2 * k.n; i++) o = buf.writeFloatLE(k.xy[i]!, o);
    const d = new Uint8Array(k.desc.buffer, k.desc.byteOffset, k.n * 32);
    buf.set(d, o);
    o += k.n * 32;
  }
  return buf;
}

export function decodeKeyframes(buf: Buffer): Keyframe[] {
  if (buf.length < 8 || buf.readUInt32LE(0) !== MAGIC) throw new Error('not a local-feature blob (KZL1)');
  const count = buf.readUInt32LE(4);
  const out: Keyframe[] = [];
  let o = 8;
  for (let i = 0; i < count; i++) {
    if (o + 14 > buf.length) throw new Error('local-feature blob truncated');
    const t = buf.readFloatLE(o), tEnd = buf.readFloatLE(o + 4);
    const width = buf.readUInt16LE(o + 8), height = buf.readUInt16LE(o + 10), n = buf.readUInt16LE(o + 12);
    o += 14;
    if (o + n * 40 > buf.length) throw new Error('local-feature blob truncated');
    const xy = new Float32Array(2 * n);
    for (let j = 0; j < 2 * n; j++) xy[j] = buf.readFloatLE(o + 4 * j);
    o += 8 * n;
    const desc = new Uint32Array(8 * n);
    new Uint8Array(desc.buffer).set(buf.subarray(o, o + 32 * n));
    o += 32 * n;
    out.push({ t, tEnd, width, height, n, xy, desc });
  }
  return out;
}
