// Receiving a reference video or poster from the portal in chunks (issue 11). Each chunk says where it starts
// (`offset`); it is written to a scratch file first (never more than CHUNK_MAX_BYTES, never past the declared size),
// then appended to DATA_DIR/uploads/<id>.part under the upload's row lock, so two requests for the same upload (a
// retry racing the original, a second tab) cannot interleave bytes. A wrong offset is refused with the offset the
// server has, which is also how a browser resumes after a dropped connection or a reload. When every declared byte
// is there the file enters the content-addressed blob store and the upload is `stored`, ready to fingerprint.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobStore } from '../storage/blobs.ts';
import type { Db } from '../storage/db.ts';
import { getUpload, lockUpload, markStored, setReceived, type ReferenceUpload, type UploadKind } from '../storage/uploads.ts';

export const CHUNK_MAX_BYTES = 8 * 1024 * 1024;
export const POSTER_MAX_BYTES = 20 * 1024 * 1024;
/** what a file name may end with, per kind (the bytes are checked by ffprobe / sharp when fingerprinted) */
export const UPLOAD_EXTENSIONS: Record<UploadKind, readonly string[]> = {
  video: ['.mp4', '.mkv', '.mov', '.m4v', '.avi', '.webm', '.ts', '.mxf', '.mpg', '.mpeg'],
  poster: ['.jpg', '.jpeg', '.png', '.webp'],
};

export class UploadError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 413,
    message: string,
    /** bytes the server holds: where the next chunk must start */
    readonly received?: number,
  ) {
    super(message);
  }
}

export interface UploadDeps {
  db: Db;
  blobs: BlobStore;
  /** DATA_DIR/uploads */
  dir: string;
}

/** The upload's declared file, checked before any byte is taken: its kind's extension and size limit. */
export function checkDeclared(kind: UploadKind, fileName: string, bytes: number, videoMax: number): string {
  const name = path.basename(fileName.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim().slice(-200);
  const ext = path.extname(name).toLowerCase();
  if (!name || !UPLOAD_EXTENSIONS[kind].includes(ext)) throw new UploadError(400, `a ${kind} file must end with ${UPLOAD_EXTENSIONS[kind].join(', ')}`);
  const max = kind === 'poster' ? POSTER_MAX_BYTES : videoMax;
  if (!Number.isSafeInteger(bytes) || bytes < 1) throw new UploadError(400, 'the file size must be a whole number of bytes above 0');
  if (bytes > max) throw new UploadError(413, `the ${kind} is ${bytes} bytes; at most ${max} bytes are accepted`);
  return name;
}

const partOf = (deps: UploadDeps, id: string) => path.join(deps.dir, `${id}.part`);

/** Appends one chunk; returns the upload afterwards (status `stored` once the last byte arrived). */
export async function receiveChunk(deps: UploadDeps, upload: ReferenceUpload, offset: number, body: Readable): Promise<ReferenceUpload> {
  if (upload.status !== 'receiving') throw new UploadError(409, `the upload is ${upload.status}; nothing more is taken`, upload.receivedBytes);
  if (offset !== upload.receivedBytes) throw new UploadError(409, `the next chunk must start at byte ${upload.receivedBytes}, not ${offset}`, upload.receivedBytes);
  await fs.promises.mkdir(deps.dir, { recursive: true });
  const scratch = path.join(deps.dir, `${upload.id}.${randomBytes(6).toString('hex')}.chunk`);
  const room = Math.min(CHUNK_MAX_BYTES, upload.declaredBytes - offset);
  let n = 0;
  try {
    await pipeline(body, async function* (src: AsyncIterable<Buffer>) {
      for await (const c of src) {
        n += c.length;
        if (n > room) throw new UploadError(413, n > CHUNK_MAX_BYTES ? `a chunk carries at most ${CHUNK_MAX_BYTES} bytes` : `the chunk goes past the declared size (${upload.declaredBytes} bytes)`, offset);
        yield c;
      }
    }, fs.createWriteStream(scratch));
    const after = await deps.db.tx(async (t) => {
      const now = await lockUpload(t, upload.id);
      if (!now || now.status !== 'receiving') throw new UploadError(409, `the upload is ${now?.status ?? 'gone'}; nothing more is taken`, now?.receivedBytes);
      if (now.receivedBytes !== offset) throw new UploadError(409, `the next chunk must start at byte ${now.receivedBytes}, not ${offset}`, now.receivedBytes);
      const part = partOf(deps, upload.id);
      const size = fs.existsSync(part) ? (await fs.promises.stat(part)).size : 0;
      if (size < offset) {
        // the scratch area lost bytes (a wiped disk): restart from what is really there, nothing is assumed
        await setReceived(t, upload.id, size);
        throw new UploadError(409, `the server holds ${size} bytes of this upload; send from there`, size);
      }
      if (size > offset) await fs.promises.truncate(part, offset); // a crash after appending, before recording it
      await pipeline(fs.createReadStream(scratch), fs.createWriteStream(part, { flags: 'a' }));
      await setReceived(t, upload.id, offset + n);
      return { ...now, receivedBytes: offset + n };
    });
    return after.receivedBytes === after.declaredBytes ? await complete(deps, after) : after;
  } finally {
    await fs.promises.rm(scratch, { force: true });
  }
}

/** All bytes are there: into the blob store, then `stored`. Safe to call again (an empty chunk at the end retries it). */
export async function complete(deps: UploadDeps, upload: ReferenceUpload): Promise<ReferenceUpload> {
  if (upload.status !== 'receiving' || upload.receivedBytes !== upload.declaredBytes) return upload;
  const part = partOf(deps, upload.id);
  const blob = await deps.blobs.putFile(part, path.extname(upload.fileName));
  if (blob.bytes !== upload.declaredBytes) throw new UploadError(409, `the server holds ${blob.bytes} bytes, ${upload.declaredBytes} were declared`, blob.bytes);
  await markStored(deps.db, upload.id, blob);
  await fs.promises.rm(part, { force: true });
  return (await getUpload(deps.db, upload.id))!;
}
