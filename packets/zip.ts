// Deterministic ZIP writing (yazl: sorted entries, one fixed DOS timestamp, no extra time fields) and
// streaming ZIP reading (yauzl: every entry hashed, small ones kept in memory).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';

export type ZipInput = { name: string; data: Buffer } | { name: string; file: string };

const STORED = /\.(jpe?g|png|webp|gif|mp4|m4s|ts|webm|zip|gz|pdf)$/i;

/** Writes entries (sorted by name) to zipPath. `at` is stored as the DOS time of every entry, in UTC. */
export async function writeZip(zipPath: string, entries: ZipInput[], at: Date, comment?: string): Promise<void> {
  // yazl turns the Date into DOS fields with local-time getters: build a Date whose local fields are at's UTC fields
  const mtime = new Date(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds());
  const zip = new ZipFile();
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of sorted) {
    const opts = { mtime, mode: 0o100644, compress: !STORED.test(e.name), forceDosTimestamp: true };
    if ('data' in e) zip.addBuffer(e.data, e.name, opts);
    else zip.addFile(e.file, e.name, opts);
  }
  if (comment) zip.end({ comment, forceZip64Format: false });
  else zip.end();
  await pipeline(zip.outputStream as unknown as Readable, fs.createWriteStream(zipPath));
}

export interface ZipEntryInfo {
  name: string;
  bytes: number;
  sha256: string;
  /** the content, for entries that `keep` selected */
  data?: Buffer;
}

interface YauzlEntry { fileName: string; uncompressedSize: number }
interface YauzlZip {
  readEntry(): void;
  close(): void;
  on(ev: 'entry', cb: (e: YauzlEntry) => void): void;
  on(ev: 'end' | 'close', cb: () => void): void;
  on(ev: 'error', cb: (e: Error) => void): void;
  openReadStream(e: YauzlEntry, cb: (err: Error | null, s: Readable) => void): void;
}
interface Yauzl {
  open(p: string, o: Record<string, unknown>, cb: (err: Error | null, z: YauzlZip) => void): void;
}

/** Reads every entry (duplicates included, in archive order), hashing it; keeps the data of `keep`-selected names. */
export async function readZip(zipPath: string, keep: (name: string) => boolean): Promise<ZipEntryInfo[]> {
  const yauzl = createRequire(import.meta.url)('yauzl') as Yauzl;
  const zip = await new Promise<YauzlZip>((resolve, reject) =>
    yauzl.open(zipPath, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  return new Promise<ZipEntryInfo[]>((resolve, reject) => {
    const out: ZipEntryInfo[] = [];
    zip.on('error', reject);
    zip.on('end', () => resolve(out));
    zip.on('entry', (entry) => {
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const hash = createHash('sha256');
        const chunks: Buffer[] = [];
        const wanted = keep(entry.fileName);
        let bytes = 0;
        stream.on('data', (c: Buffer) => {
          hash.update(c);
          bytes += c.length;
          if (wanted) chunks.push(c);
        });
        stream.on('error', reject);
        stream.on('end', () => {
          out.push({ name: entry.fileName, bytes, sha256: hash.digest('hex'), ...(wanted ? { data: Buffer.concat(chunks) } : {}) });
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
}
