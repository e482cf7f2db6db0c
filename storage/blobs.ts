// Content-addressed file store for evidence and reference media: DATA_DIR/blobs/ab/cd/<sha256><ext>.
// Writing the same bytes twice is a no-op, so every producer is idempotent.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

export interface BlobRef {
  sha256: string;
  /** path relative to the blob root, stored in the database */
  path: string;
  bytes: number;
}

export interface BlobStore {
  put(data: Buffer | Uint8Array, ext?: string): Promise<BlobRef>;
  /** Copies a file in while hashing it (streams; never loads it whole). */
  putFile(file: string, ext?: string): Promise<BlobRef>;
  /** Absolute path of a stored blob. */
  resolve(relPath: string): string;
  read(relPath: string): Promise<Buffer>;
}

export function createBlobStore(root: string): BlobStore {
  fs.mkdirSync(root, { recursive: true });
  const rel = (sha: string, ext: string) => path.join(sha.slice(0, 2), sha.slice(2, 4), sha + normExt(ext));
  const place = async (tmp: string, sha: string, ext: string, bytes: number): Promise<BlobRef> => {
    const p = rel(sha, ext);
    const abs = path.join(root, p);
    await fs.promises.mkdir(path.dirname(abs), { recursive: true });
    if (fs.existsSync(abs)) await fs.promises.rm(tmp, { force: true });
    else await fs.promises.rename(tmp, abs);
    return { sha256: sha, path: p, bytes };
  };
  const tmpName = () => path.join(root, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  return {
    async put(data, ext = '') {
      const sha = createHash('sha256').update(data).digest('hex');
      const known = rel(sha, ext);
      // already stored (the same bytes again: a page kept as HTML evidence and as an exchange body): no write at all
      if (fs.existsSync(path.join(root, known))) return { sha256: sha, path: known, bytes: data.byteLength };
      const tmp = tmpName();
      await fs.promises.writeFile(tmp, data);
      return place(tmp, sha, ext, data.byteLength);
    },
    async putFile(file, ext = path.extname(file)) {
      const hash = createHash('sha256');
      const tmp = tmpName();
      let bytes = 0;
      await pipeline(
        fs.createReadStream(file),
        async function* (src: AsyncIterable<Buffer>) {
          for await (const chunk of src) {
            hash.update(chunk);
            bytes += chunk.length;
            yield chunk;
          }
        },
        fs.createWriteStream(tmp),
      );
      return place(tmp, hash.digest('hex'), ext, bytes);
    },
    resolve: (p) => {
      const abs = path.resolve(root, p);
      if (!abs.startsWith(path.resolve(root) + path.sep)) throw new Error(`blob path escapes the store: ${p}`);
      return abs;
    },
    read(p) {
      return fs.promises.readFile(this.resolve(p));
    },
  };
}

function normExt(ext: string): string {
  if (!ext) return '';
  const e = ext.startsWith('.') ? ext : `.${ext}`;
  return /^\.[a-z0-9]{1,8}$/i.test(e) ? e.toLowerCase() : '';
}
