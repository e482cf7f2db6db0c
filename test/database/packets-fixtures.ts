// Seeds one takedown case with SQL (film, source, candidate, two evidence blobs, a match) and builds the
// dependencies of buildPacket on a DATA_DIR the caller makes (test/kit/temp.ts). Used by test/database/packets*.test.ts.
import path from 'node:path';
import { loadConfig } from '../../config/load.ts';
import { loadOrCreateSigner } from '../../packets/signer.ts';
import type { PacketDeps } from '../../packets/packet.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import type { Db } from '../../storage/db.ts';
import { silentLog } from '../kit/log.ts';

export const FILM = { id: 'film_kazakh_khanate', title_kk: 'Қазақ хандығы. Алмас қылыш', title_ru: 'Казахское ханство. Алмазный меч', title_en: 'The Kazakh Khanate. Diamond Sword' };

export interface SeedOpts {
  matchId?: string;
  url?: string;
  domain?: string;
  status?: 'confirmed' | 'pending_review' | 'rejected' | 'dropped';
  /** what the evidence is: frames of a stream (default, as the matcher records it when `details` is given), a poster only, page metadata only */
  basis?: 'stream' | 'poster' | 'metadata';
  /** matches.details (default: a legacy record without `kind`) */
  details?: Record<string, unknown>;
  /** the user id that confirmed the match (default 'auto') */
  decidedBy?: string;
}

export async function makeDeps(db: Db, dataDir: string): Promise<PacketDeps & { dataDir: string }> {
  const cfg = loadConfig({ DATA_DIR: dataDir });
  return {
    db, cfg, dataDir,
    blobs: createBlobStore(path.join(dataDir, 'blobs')),
    signer: await loadOrCreateSigner(path.join(dataDir, 'keys')),
    log: silentLog(),
    now: () => new Date('2025-03-14T09:26:53.589Z'),
  };
}

export async function seedCase(db: Db, deps: PacketDeps, o: SeedOpts = {}): Promise<string> {
  const matchId = o.matchId ?? 'm_1';
  const url = o.url ?? 'https://kino-pirate.example/films/1234-kazakh-khanate.html';
  const domain = o.domain ?? 'kino-pirate.example';
  const cand = `cand_${matchId}`;
  await db.query(
    `INSERT INTO films (id, title_kk, title_ru, title_en, alt_titles, year, state_register_no, distribution_certificate, kinopoisk_id, imdb_id, rights_holder)
     VALUES ($1,$2,$3,$4,'{}',2016,'ГРФ-0123-2016','ПУ № 0001234','841026','tt5843838','ТОО «Казахфильм» им. Ш. Айманова') ON CONFLICT DO NOTHING`,
    [FILM.id, FILM.title_kk, FILM.title_ru, FILM.title_en],
  );
  const srcId = `src_${domain}`;
  await db.query(`INSERT INTO sources (id, kind, url, domain) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [srcId, domain === 't.me' ? 'telegram' : 'web', `https://${domain}/${matchId}`, domain]);
  await db.query(
    `INSERT INTO candidates (id, source_id, url, domain, kind, title, http_status, first_seen_at, last_seen_at)
     VALUES ($1,$2,$3,$4,$5,$6,200,'2025-03-13T21:00:05Z','2025-03-14T08:10:00Z')`,
    [cand, srcId, url, domain, domain === 't.me' ? 'telegram' : 'detail', 'Казахское ханство. Алмазный меч (2016) смотреть онлайн'],
  );
  const html = await deps.blobs.put(Buffer.from(`<html><head><title>Казахское ханство</title></head><body><iframe src="https://cdn.example/hls/${matchId}.m3u8"></iframe></body></html>`), '.html');
  const m3u8 = await deps.blobs.put(Buffer.from(`#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\nseg-${matchId}-0.ts\n#EXT-X-ENDLIST\n`), '.m3u8');
  const basis = o.basis ?? 'stream';
  const files: Array<readonly [string, { sha256: string; path: string; bytes: number }, string]> = [['page_html', html, 'text/html']];
  if (basis === 'stream') files.push(['stream_manifest', m3u8, 'application/vnd.apple.mpegurl']);
  for (const [kind, ref, type] of files) {
    await db.query(
      `INSERT INTO evidence (id, candidate_id, kind, url, sha256, blob_path, bytes, media_type, http_status, captured_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,200,'2025-03-13T21:00:07Z')`,
      [`ev_${matchId}_${kind}`, cand, kind, url, ref.sha256, ref.path, ref.bytes, type],
    );
  }
  const media = { stream: `https://cdn.example/hls/${matchId}.m3u8`, poster: `https://${domain}/uploads/posters/${matchId}.jpg`, metadata: null }[basis];
  const [offset, frames] = { stream: [1312.5, 19], poster: [null, 1], metadata: [null, 0] }[basis];
  await db.query(
    `INSERT INTO matches (id, candidate_id, film_id, checkpoint, media_url, score, offset_seconds, matched_frames, decision, status, details, created_at, decided_at, decided_by)
     VALUES ($1,$2,$3,'ckpt_7',$4,0.934,$6,$7,$8,$5,$9,'2025-03-14T08:12:00Z','2025-03-14T08:12:01Z',$10)`,
    [matchId, cand, FILM.id, media, o.status ?? 'confirmed', offset, frames, basis === 'stream' && !o.decidedBy ? 'match' : 'review',
      JSON.stringify(o.details ?? { signal: 'pdq', sampled: 24 }), o.decidedBy ?? 'auto'],
  );
  return matchId;
}
