// The film.reference job on real media (issue 11): a rights holder's uploaded master (generated with ffmpeg, sent
// through the chunk receiver) is fingerprinted into their film with its progress written on the way; running the
// job again changes nothing; a "video" that is not one, and a poster that is not an image, end as `failed` with a
// reason the holder can read; the same master uploaded to another film is refused, never silently merged.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFilm } from '../../fixtures/media/synthetic.ts';
import { upsertFilm } from '../../films/upsert.ts';
import { receiveChunk } from '../../films/reference-upload.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import type { Db } from '../../storage/db.ts';
import { getFilmRecord } from '../../storage/films.ts';
import { getUpload, openUpload, type UploadKind } from '../../storage/uploads.ts';
import { createUser } from '../../storage/users.ts';
import { fingerprintReferenceJob } from '../../workers/processors/fingerprint-reference.ts';
import { testConfig } from '../kit/config.ts';
import { freshPglite } from '../kit/db.ts';
import { silentLog } from '../kit/log.ts';
import { tempDir } from '../kit/temp.ts';

describe('film.reference job', () => {
  const dir = tempDir('kuzet-portal-ref-');
  const cfg = testConfig({ dataDir: dir });
  const blobs = createBlobStore(path.join(dir, 'blobs'));
  let db: Db;
  let holder = '';
  const master = path.join(dir, 'master.mp4');
  const deps = () => ({ db, blobs, cfg, log: silentLog(), progressEveryMs: 0 });

  beforeAll(async () => {
    db = await freshPglite();
    holder = (await createUser(db, { name: 'Казахфильм', role: 'rights_holder' })).user.id;
    await generateFilm(cfg, master, { seed: 7, seconds: 6, width: 160, height: 90, title: 'Portal' });
  }, 120_000);
  afterAll(async () => db?.close());

  /** a film of the holder's and a complete upload of `bytes` to it, sent in 3 chunks */
  async function uploaded(kind: UploadKind, fileName: string, bytes: Buffer, title: string) {
    const { filmId } = await upsertFilm(db, { titleKk: title, titleRu: title }, { actor: holder, userId: holder, linkToUser: true });
    let { upload } = await openUpload(db, { filmId, userId: holder, kind, fileName, bytes: bytes.length });
    const step = Math.ceil(bytes.length / 3);
    for (let o = 0; o < bytes.length; o += step) upload = await receiveChunk({ db, blobs, dir: path.join(dir, 'uploads') }, upload, o, Readable.from([bytes.subarray(o, o + step)]));
    expect(upload.status).toBe('stored');
    return { filmId, uploadId: upload.id };
  }

  it('fingerprints an uploaded master into the holder’s film, with progress, once', async () => {
    const { filmId, uploadId } = await uploaded('video', 'master.mp4', fs.readFileSync(master), 'Портал');
    const stages: string[] = [];
    const seen = setInterval(() => void getUpload(db, uploadId).then((u) => u?.stage && stages.push(u.stage)), 5);
    const r = await fingerprintReferenceJob(deps(), { uploadId });
    clearInterval(seen);
    expect(r).toMatchObject({ status: 'done', result: 'done', filmId });
    const up = (await getUpload(db, uploadId))!;
    expect(up).toMatchObject({ status: 'done', progress: 1, error: null });
    expect(up.fingerprints).toBeGreaterThan(10);
    expect(stages).toContain('frames');
    expect((await getFilmRecord(db, filmId))!.protection).toBe('video');
    const audit = await db.query<{ actor: string }>(`SELECT actor FROM audit_log WHERE action = 'film.register' AND subject = $1`, [filmId]);
    expect(audit).toEqual([{ actor: holder }]);
    expect(await fingerprintReferenceJob(deps(), { uploadId })).toMatchObject({ status: 'skipped' });
    expect((await db.query(`SELECT 1 FROM reference_assets WHERE film_id = $1 AND kind = 'video'`, [filmId])).length).toBe(1);

    // the same master for another film: refused with a reason, the first film keeps it
    const other = await uploaded('video', 'copy.mp4', fs.readFileSync(master), 'Басқа');
    expect(await fingerprintReferenceJob(deps(), { uploadId: other.uploadId })).toMatchObject({ result: 'failed' });
    expect((await getUpload(db, other.uploadId))!.error).toMatch(/already the reference of another registered film/);
    expect((await getFilmRecord(db, other.filmId))!.protection).toBe('metadata');
  }, 240_000);

  it('ends an upload that is not what it claims as failed, with a reason', async () => {
    const fake = await uploaded('video', 'film.mp4', crypto.randomBytes(50_000), 'Жалған');
    expect(await fingerprintReferenceJob(deps(), { uploadId: fake.uploadId })).toMatchObject({ result: 'failed' });
    expect((await getUpload(db, fake.uploadId))!).toMatchObject({ status: 'failed', error: expect.stringMatching(/^not a usable video/) });
    const poster = await uploaded('poster', 'poster.png', Buffer.from('<svg onload=alert(1)>'.repeat(50)), 'Постер');
    expect(await fingerprintReferenceJob(deps(), { uploadId: poster.uploadId })).toMatchObject({ result: 'failed' });
    expect((await getUpload(db, poster.uploadId))!.error).toMatch(/^not a usable poster/);
    expect((await getFilmRecord(db, poster.filmId))!.protection).toBe('metadata');
  }, 120_000);
});
