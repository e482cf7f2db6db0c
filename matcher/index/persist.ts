// Saves/loads a built MIH index as one binary file so a restart skips the rebuild when the checkpoint has not moved.
// Layout: "KZMIH001" | u32 LE header length | JSON header {checkpoint, builtAt, size, layout, meta} | zero pad to 8 |
// hashes (n×8 u32) | per table: offsets (2^bits+1 u32), ids (n u32). Little-endian hosts only (x64, arm64).
// readFile caps one file at 2 GiB (≈ 20M hashes with the 12-table layout). Written to `path.tmp`, then renamed,
// so a crash never leaves a half-written file under the real name.
import { open, readFile, rename } from 'node:fs/promises';
import { endianness } from 'node:os';
import { MihIndex, layoutBits, type MihLayout } from './mih.ts';
import type { BuiltIndex, IndexStore } from './checkpoint.ts';

const MAGIC = 'KZMIH001';

function assertLittleEndian(): void {
  if (endianness() !== 'LE') throw new Error('MIH index files are little-endian; this host is big-endian');
}

const bytesOf = (a: Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

export async function saveIndex<M>(path: string, built: BuiltIndex<M>): Promise<void> {
  assertLittleEndian();
  const parts = built.index.parts();
  const header = Buffer.from(JSON.stringify({ checkpoint: built.checkpoint, builtAt: built.builtAt, size: parts.size, layout: parts.layout, meta: built.meta }));
  const pre = Buffer.alloc(Math.ceil((12 + header.length) / 8) * 8);
  pre.write(MAGIC, 0, 'latin1');
  pre.writeUInt32LE(header.length, 8);
  header.copy(pre, 12);
  const tmp = `${path}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.write(pre);
    await fh.write(bytesOf(parts.hashes));
    for (let k = 0; k < parts.offsets.length; k++) {
      await fh.write(bytesOf(parts.offsets[k]!));
      await fh.write(bytesOf(parts.ids[k]!));
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
}

/** Throws on a malformed file; returns undefined when it does not exist. */
export async function loadIndex<M>(path: string): Promise<BuiltIndex<M> | undefined> {
  assertLittleEndian();
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (buf.toString('latin1', 0, 8) !== MAGIC) throw new Error(`${path}: not a Kuzet MIH index file`);
  const headerLen = buf.readUInt32LE(8);
  const h = JSON.parse(buf.toString('utf8', 12, 12 + headerLen)) as { checkpoint: string; builtAt: string; size: number; layout: MihLayout; meta: M };
  if (buf.byteOffset % 4 !== 0) buf = Buffer.from(buf); // typed views need 4-byte alignment
  let pos = Math.ceil((12 + headerLen) / 8) * 8;
  const take = (words: number): Uint32Array => {
    if (pos + words * 4 > buf.length) throw new Error(`${path}: truncated index file`);
    const a = new Uint32Array(buf.buffer, buf.byteOffset + pos, words);
    pos += words * 4;
    return a;
  };
  const hashes = take(h.size * 8);
  const bits = layoutBits(h.layout);
  const offsets: Uint32Array[] = [];
  const ids: Uint32Array[] = [];
  for (const b of bits) {
    offsets.push(take(2 ** b + 1));
    ids.push(take(h.size));
  }
  if (pos !== buf.length) throw new Error(`${path}: ${buf.length - pos} trailing bytes`);
  const index = MihIndex.fromParts({ hashes, size: h.size, layout: h.layout, offsets, ids });
  return { checkpoint: h.checkpoint, builtAt: h.builtAt, size: h.size, index, meta: h.meta };
}

export function fileIndexStore<M>(path: string): IndexStore<M> {
  return { load: () => loadIndex<M>(path), save: (built) => saveIndex(path, built) };
}
