// Portal reference uploads (issue 11): a rights holder's file sent over real HTTP in the portal's 8 MiB chunks
// (PUT at offset, PGlite row lock, append, then hashing into the blob store), and the film.reference job on a
// generated master. Reports MB/s, the API process's peak RSS growth, and the fingerprinting time against the
// film's duration. `npm run bench -- --only upload [--quick] [--upload-mb N]`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { generateFilm } from '../fixtures/media/synthetic.ts';
import { CHUNK_MAX_BYTES } from '../films/reference-upload.ts';
import { fingerprintReferenceJob } from '../workers/processors/fingerprint-reference.ts';
import { bearer, startApi } from '../test/database/api-harness.ts';
import { seedUser } from '../test/database/registry-fixtures.ts';
import { silentLog } from '../test/kit/log.ts';
import os from 'node:os';
import { flag, type BenchPart } from './types.ts';

export const uploadBench: BenchPart = {
  name: 'upload',
  run: async ({ argv, quick }) => {
    const mb = Number(flag(argv, 'upload-mb') ?? (quick ? 32 : 256));
    const filmS = quick ? 10 : 30; // the synthetic generator is slow at 720p (a 60-s film passed its 240-s limit at load 16)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuzet-bench-upload-'));
    const api = await startApi(dir, { uploadMaxBytes: (mb + 1) * 1024 * 1024 });
    try {
      const key = (await seedUser(api.db, 'Bench Studio', 'rights_holder')).apiKey;
      await api.app.listen({ host: '127.0.0.1', port: 0 });
      const base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
      const call = (url: string, init: RequestInit) => fetch(base + url, { ...init, headers: { ...bearer(key), ...(init.headers as Record<string, string>) } });
      const { filmId } = await (await call('/api/portal/films', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ titleKk: 'Бенч', titleRu: 'Бенч' }) })).json() as { filmId: string };
      const bytes = mb * 1024 * 1024;
      const chunk = crypto.randomBytes(CHUNK_MAX_BYTES);
      const { upload } = await (await call(`/api/portal/films/${filmId}/uploads`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'video', fileName: 'bench.mp4', bytes }) })).json() as { upload: { id: string } };
      const rss0 = process.memoryUsage().rss;
      let peak = rss0;
      const t0 = performance.now();
      for (let o = 0; o < bytes; o += CHUNK_MAX_BYTES) {
        const body = chunk.subarray(0, Math.min(CHUNK_MAX_BYTES, bytes - o));
        const r = await call(`/api/portal/uploads/${upload.id}?offset=${o}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body });
        if (!r.ok) throw new Error(`chunk at ${o}: ${r.status} ${await r.text()}`);
        peak = Math.max(peak, process.memoryUsage().rss);
      }
      const uploadS = (performance.now() - t0) / 1000;

      const master = path.join(dir, 'master.mp4');
      await generateFilm(api.deps.config, master, { seed: 3, seconds: filmS, width: 1280, height: 720, title: 'Bench' });
      const film2 = await (await call('/api/portal/films', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ titleKk: 'Бенч 2', titleRu: 'Бенч 2' }) })).json() as { filmId: string };
      const m = fs.readFileSync(master);
      const up2 = await (await call(`/api/portal/films/${film2.filmId}/uploads`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'video', fileName: 'master.mp4', bytes: m.length }) })).json() as { upload: { id: string } };
      for (let o = 0; o < m.length; o += CHUNK_MAX_BYTES) await call(`/api/portal/uploads/${up2.upload.id}?offset=${o}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: m.subarray(o, o + CHUNK_MAX_BYTES) });
      const t1 = performance.now();
      const r = await fingerprintReferenceJob({ db: api.db, blobs: api.deps.blobs, cfg: api.deps.config, log: silentLog() }, { uploadId: up2.upload.id });
      const fpS = (performance.now() - t1) / 1000;
      return [{
        title: 'Portal reference uploads (HTTP on loopback, PGlite, 8 MiB chunks)',
        columns: ['what', 'size', 'seconds', 'rate', 'peak RSS growth MB'],
        rows: [
          ['upload (chunks appended + sha256 into the blob store)', `${mb} MiB`, uploadS.toFixed(1), `${(mb / uploadS).toFixed(0)} MiB/s`, Math.round((peak - rss0) / 1048576)],
          [`film.reference on a generated ${filmS}-s 720p master (${'fingerprints' in r ? r.fingerprints : '?'} prints)`, `${(m.length / 1048576).toFixed(1)} MiB`, fpS.toFixed(1), `${(fpS / filmS).toFixed(2)}× the film's duration`, '—'],
        ],
        notes: ['one run; the client and the server share the process (and the box), so the rate is a lower bound for the server'],
      }];
    } finally {
      await api.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
