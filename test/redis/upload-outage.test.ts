// A portal upload completed while Redis is away (issue 11): the last chunk is still taken and stored, the holder is
// told it is stored, and once Redis is back the upload sweep queues its fingerprinting — once, however often the
// sweep runs — and a worker with the real film.reference processor fingerprints it.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { generateFilm } from '../../fixtures/media/synthetic.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import { startRedisServer } from '../../storage/redis-server.ts';
import { getUpload, uploadsToFingerprint } from '../../storage/uploads.ts';
import { fingerprintReferenceJob } from '../../workers/processors/fingerprint-reference.ts';
import { pipelineEntries } from '../../workers/pipeline.ts';
import { createQueues, redisConnection } from '../../workers/queues.ts';
import { startWorkers, type Processors } from '../../workers/runtime.ts';
import { sweepUploads } from '../../workers/sweep.ts';
import { testConfig } from '../kit/config.ts';
import { freshPglite } from '../kit/db.ts';
import { silentLog } from '../kit/log.ts';
import { tempDirs } from '../kit/temp.ts';
import { hasProgram } from '../kit/tools.ts';
import { seedUser } from '../database/registry-fixtures.ts';

const log = silentLog();
const tmp = tempDirs('kuzet-upload-outage-');
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  cleanups.length = 0;
});

describe.skipIf(!hasProgram('ffmpeg'))('a reference upload while Redis is down', () => {
  it('is stored, and the sweep queues its fingerprinting once Redis is back; a worker then fingerprints it', async () => {
    const dir = tmp();
    const redis = await startRedisServer({ binary: 'redis-server', dir: path.join(dir, 'redis'), log });
    const queues = createQueues(redisConnection(redis.url), 50);
    const db = await freshPglite();
    const blobs = createBlobStore(path.join(dir, 'blobs'));
    const config = testConfig({ dataDir: dir });
    cleanups.push(() => db.close(), () => queues.close(), () => redis.stop());
    const holder = await seedUser(db, 'Казахфильм', 'rights_holder');
    const app = await buildApp({ config, log, db, blobs, pipeline: pipelineEntries(queues.enqueue) });
    cleanups.push(() => app.close());
    const auth = { authorization: `Bearer ${holder.apiKey}` };
    const { filmId } = (await app.inject({ method: 'POST', url: '/api/portal/films', headers: auth, payload: { titleKk: 'Дала', titleRu: 'Степь' } })).json();
    const master = path.join(dir, 'm.mp4');
    await generateFilm(config, master, { seed: 5, seconds: 4, width: 160, height: 90, title: 'Outage' });
    const bytes = fs.readFileSync(master);
    const { upload } = (await app.inject({ method: 'POST', url: `/api/portal/films/${filmId}/uploads`, headers: auth, payload: { kind: 'video', fileName: 'm.mp4', bytes: bytes.length } })).json();

    await redis.stop(); // Redis goes away before the last chunk
    const done = await app.inject({ method: 'PUT', url: `/api/portal/uploads/${upload.id}?offset=0`, headers: { ...auth, 'content-type': 'application/octet-stream' }, payload: bytes });
    expect(done.statusCode).toBe(200);
    expect(done.json().upload.status).toBe('stored');
    expect(await uploadsToFingerprint(db, 0)).toEqual([upload.id]);

    const back = await startRedisServer({ binary: 'redis-server', dir: path.join(dir, 'redis2'), log });
    const queues2 = createQueues(redisConnection(back.url), 50);
    cleanups.push(() => queues2.close(), () => back.stop());
    const pipeline = pipelineEntries(queues2.enqueue);
    const stored = () => uploadsToFingerprint(db, 0);
    expect(await sweepUploads({ stored, pipeline, log })).toBe(1);
    expect(await sweepUploads({ stored, pipeline, log })).toBe(1);
    expect(await queues2.get('reference').getJobCounts('waiting')).toMatchObject({ waiting: 1 });

    const none = async () => ({ status: 'skipped' as const, reason: 'not used here' });
    const processors: Processors = {
      'crawl.source.v1': none, 'match.candidate.v1': none, 'rematch.bank.v1': none, 'publish.match.v1': none, 'packet.build.v1': none,
      'evidence.screenshot.v1': none, 'evidence.capture.v1': none, 'registry.sweep.v1': none, 'registry.reverify.v1': none,
      'film.reference.v1': (p) => fingerprintReferenceJob({ db, blobs, cfg: config, log }, p),
    };
    const workers = startWorkers({ connection: redisConnection(back.url), roles: ['workers'], processors, queues: queues2, log, concurrency: 1 });
    cleanups.push(() => workers.close());
    const t0 = Date.now();
    while ((await getUpload(db, upload.id))!.status !== 'done' && Date.now() - t0 < 120_000) await new Promise((r) => setTimeout(r, 200));
    expect(await getUpload(db, upload.id)).toMatchObject({ status: 'done', progress: 1 });
    expect(await uploadsToFingerprint(db, 0)).toEqual([]);
  }, 180_000);
});
