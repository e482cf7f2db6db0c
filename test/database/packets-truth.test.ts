// Packets that tell the truth (issue 9): the documents say what the evidence is — frames of a stream, a poster only,
// page metadata only, with the soundtrack only when it was compared — in full Kazakh and full Russian; images keep
// real extensions; the investigator is named; notices are addressed from RDAP when it was captured; the PDFs embed
// the screenshot and the reference | pirate sheet and carry the Kazakh letters.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPacket } from '../../packets/packet.ts';
import { renderPdf } from '../../packets/documents/pdf.ts';
import { verifyPacket } from '../../packets/verify.ts';
import { readZip } from '../../packets/zip.ts';
import { loadOrCreateSigner } from '../../packets/signer.ts';
import type { NetworkFacts, RdapFacts } from '../../evidence/network-facts.ts';
import { buildWacz } from '../../evidence/wacz.ts';
import { buildWarc } from '../../evidence/warc.ts';
import type { Db } from '../../storage/db.ts';
import { FILM, makeDeps, seedCase, type SeedOpts } from './packets-fixtures.ts';
import { freshPglite } from '../kit/db.ts';
import { tempDirs } from '../kit/temp.ts';
import { hasProgram } from '../kit/tools.ts';

const SHOTS = '/work/notes/shots/packets';
/** words that speak of video frames or a stream, per language */
const FRAME_WORDS = [/кадр/i, /видеопоток/i, /бейне ағын/i, /\bframes?\b/i, /video stream/i];
const AUDIO_WORDS = [/Chromaprint/, /дыбыс жолы/i, /звуковая дорожка/i, /soundtrack/i];
const POSTER_WORDS = [/постер/i, /\bposter\b/i];
const PICTURE_WORDS = [/Хэмминг/i, /Hamming/i, /перцептив/i, /perceptual/i];
const H = (n: number) => 'ab'.repeat(32).slice(0, 63) + String(n % 10);

describe('packets that tell the truth', () => {
  let db: Db;
  let deps: Awaited<ReturnType<typeof makeDeps>>;
  const tmp = tempDirs('kuzet-truth-');
  beforeEach(async () => {
    db = await freshPglite();
    deps = await makeDeps(db, tmp());
    // the capture's evidence kinds (wacz, network_facts …) come with the evidence helper's migration; allow them here
    await db.query('ALTER TABLE evidence DROP CONSTRAINT IF EXISTS evidence_kind_check');
    await db.query(`INSERT INTO users (id, name, role) VALUES ('u_alma', 'Алма Серікқызы', 'investigator')`);
  });
  afterEach(async () => {
    await db.close();
  });

  const addEvidence = async (matchId: string, kind: string, data: Buffer, ext: string, mediaType: string, meta: Record<string, unknown> = {}) => {
    const ref = await deps.blobs.put(data, ext);
    await db.query(
      `INSERT INTO evidence (id, candidate_id, kind, url, sha256, blob_path, bytes, media_type, captured_at, meta) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'2025-03-13T21:00:09Z',$9)`,
      [`ev_${matchId}_${kind}_${ref.sha256.slice(0, 8)}`, `cand_${matchId}`, kind, 'https://kino-pirate.example/x', ref.sha256, ref.path, ref.bytes, mediaType, JSON.stringify(meta)],
    );
  };
  const jpeg = (r: number) => sharp({ create: { width: 320, height: 180, channels: 3, background: { r, g: 80, b: 40 } } }).jpeg().toBuffer();
  const png = (r: number) => sharp({ create: { width: 640, height: 400, channels: 3, background: { r, g: 200, b: 230 } } }).png().toBuffer();

  async function docsOf(o: SeedOpts & { matchId: string }, extra?: (id: string) => Promise<void>) {
    const id = await seedCase(db, deps, o);
    await extra?.(id);
    const r = await buildPacket(deps, id);
    const zip = deps.blobs.resolve(r.blobPath);
    const entries = await readZip(zip, () => true);
    const doc = (name: string) => entries.find((e) => e.name === name)?.data?.toString('utf8') ?? '';
    const mds = entries.filter((e) => e.name.startsWith('documents/') && e.name.endsWith('.md'));
    const join = (es: typeof mds) => es.map((e) => e.data!.toString('utf8')).join('\n');
    // `en`: the English documents and the English-Russian ones, as one text
    return { zip, entries, doc, mds, names: entries.map((e) => e.name), text: join(mds), en: join(mds.filter((e) => /\.en(-ru)?\.md$/.test(e.name))) };
  }
  const none = (text: string, words: RegExp[], what: string) => {
    for (const w of words) expect(w.test(text), `${what} must not match ${w}: …${text.slice(Math.max(0, text.search(w) - 80), text.search(w) + 40)}…`).toBe(false);
  };

  it('a poster-only packet never speaks of video frames, a stream or a soundtrack, names the poster .jpg and the investigator', async () => {
    const p = await docsOf({ matchId: 'm_poster', basis: 'poster', decidedBy: 'u_alma', details: { kind: 'image', decision: 'review', evidenceFrames: [{ t: 0, hash: H(1), refT: 0, distance: 14 }] } }, async (id) => {
      await addEvidence(id, 'poster', await jpeg(120), '.img', 'image/*'); // as the crawler stores posters today
      await db.query(`INSERT INTO reviews (match_id, user_id, verdict, note) VALUES ($1, 'u_alma', 'approve', 'poster and title agree')`, [id]);
    });
    expect(p.mds.length).toBeGreaterThanOrEqual(6);
    none(p.text, [...FRAME_WORDS, ...AUDIO_WORDS], 'poster-only documents');
    expect(p.doc('documents/01-complaint-mvd.ru.md')).toContain(`Адрес изображения-постера: https://kino-pirate.example/uploads/posters/m_poster.jpg`);
    expect(p.doc('documents/01-complaint-mvd.ru.md')).not.toContain('Адрес видеопотока');
    expect(p.doc('documents/01-complaint-mvd.kk.md')).toContain('постер суретін');
    expect(p.names.some((n) => /^evidence\/poster-[0-9a-f]{64}\.jpg$/.test(n))).toBe(true);
    expect(p.names.some((n) => n.endsWith('.img'))).toBe(false);
    expect(p.doc('documents/01-complaint-mvd.ru.md')).toContain('Алма Серікқызы (специалист по мониторингу)');
    expect(p.doc('documents/01-complaint-mvd.kk.md')).toContain('Алма Серікқызы (мониторинг маманы)');
    expect(JSON.parse(p.doc('case.json'))).toMatchObject({ basis: { kind: 'poster_only', audio: null }, investigator: { name: 'Алма Серікқызы', role: 'investigator', note: 'poster and title agree' } });
  });

  it('a metadata-only packet claims no picture comparison at all', async () => {
    const p = await docsOf({ matchId: 'm_meta', basis: 'metadata', decidedBy: 'u_alma', details: { decision: 'review', reason: 'title and year' } });
    none(p.text, [...FRAME_WORDS, ...AUDIO_WORDS, ...POSTER_WORDS, ...PICTURE_WORDS], 'metadata-only documents');
    expect(p.doc('documents/01-complaint-mvd.ru.md')).toContain('Сравнение изображений или видео совпадения не установило');
    expect(p.doc('documents/01-complaint-mvd.kk.md')).toContain('Суреттерді немесе бейнені салыстыру сәйкестікті анықтаған жоқ');
  });

  it('a poster that did not match, with a Kinopoisk id that raised the page to review, is a metadata case, not a poster match', async () => {
    const p = await docsOf({ matchId: 'm_meta_poster', basis: 'poster', decidedBy: 'u_alma', details: { kind: 'image', decision: 'no_match', signals: ['kinopoisk_id'], evidenceFrames: [{ t: 0, hash: H(4), refT: 0, distance: 60 }], metadata: { signal: 'kinopoisk_id', raised: true, agrees: true } } }, async (id) => {
      await addEvidence(id, 'poster', await jpeg(90), '.img', 'image/*');
    });
    expect(JSON.parse(p.doc('case.json')).basis).toMatchObject({ kind: 'metadata_only', frames: [], metadata: ['kinopoisk_id'] });
    none(p.text, [...FRAME_WORDS, ...AUDIO_WORDS, ...PICTURE_WORDS, /Адрес изображения-постера/, /постер суретін/], 'documents of a metadata case with an unmatched poster');
    expect(p.doc('documents/01-complaint-mvd.ru.md')).toContain('установлено по сведениям самой страницы (идентификатор Кинопоиска)');
    expect(p.doc('documents/01-complaint-mvd.kk.md')).toContain('(Кинопоисктегі сәйкестендіргіші)');
  });

  it('a stream packet speaks of frames and never of a poster; the soundtrack only when it was compared', async () => {
    const frames = { kind: 'video', evidenceFrames: [{ t: 1, hash: H(2), refT: 1.5, distance: 6 }, { t: 2, hash: H(3), refT: 2.5, distance: 9 }] };
    const plain = await docsOf({ matchId: 'm_stream', details: frames });
    none(plain.text, [...POSTER_WORDS, ...AUDIO_WORDS], 'stream documents without audio');
    expect(plain.doc('documents/01-complaint-mvd.ru.md')).toMatch(/Из видеопотока извлечены кадры/);
    expect(plain.doc('documents/01-complaint-mvd.kk.md')).toMatch(/Бейне ағыннан кадрлар алынып/);
    expect(plain.doc('documents/01-complaint-mvd.ru.md')).toContain('от 6 до 9 бит из 256');
    const audio = await docsOf({ matchId: 'm_audio', url: 'https://kino-pirate.example/films/2', details: { ...frames, audio: { filmId: FILM.id, ber: 0.031, offsetS: 1312.4, confirmed: true } } });
    for (const lang of ['kk', 'ru']) expect(audio.doc(`documents/01-complaint-mvd.${lang}.md`)).toContain('Chromaprint');
    expect(audio.doc('documents/01-complaint-mvd.ru.md')).toContain('совпала с ней при том же смещении (доля несовпадающих битов 0.031)');
  });

  it('a stream packet of a match found by local features speaks of keypoints and a homography, never of hashes, a score or another film\'s frames', async () => {
    // as matcher/match.ts records a local-stage match: PDQ's closest frames dropped, the agreeing frames in local.seen;
    // the soundtrack was compared with PDQ's best film, another one, so it is not this film's evidence
    const details = {
      kind: 'video', stage: 'local', evidenceFrames: [], audio: { filmId: 'film_other', ber: 0.41, offsetS: 3, confirmed: false },
      local: { filmId: FILM.id, offsetSeconds: 1312.5, frames: 14, agreeingFrames: 3, inliers: 391, shared: 0, cpuMs: 5210, refused: null, leadFilmId: FILM.id,
        seen: [{ t: 8, refT: 1320.5, inliers: 176, mirrored: false }, { t: 0, refT: 1312.5, inliers: 113, mirrored: false }, { t: 0.5, refT: 1313, inliers: 102, mirrored: true }] },
    };
    const p = await docsOf({ matchId: 'm_local', details }, async (id) => {
      for (const t of [0, 0.5, 8]) await addEvidence(id, 'frame', await png(40 + t * 10), '.png', 'image/png', { t });
    });
    const ru = p.doc('documents/01-complaint-mvd.ru.md');
    expect(ru).toContain('характерные точки каждого кадра (ORB)');
    expect(ru).toContain('одним геометрическим преобразованием изображения (гомографией)');
    expect(ru).toContain('Таких точек на кадр — от 102 до 176.');
    expect(p.doc('documents/01-complaint-mvd.kk.md')).toContain('сипатты нүктелері (ORB)');
    expect(p.en).toContain('the distinctive points of each frame (ORB keypoints)');
    none(p.text, [...PICTURE_WORDS, ...AUDIO_WORDS, ...POSTER_WORDS, /Степень совпадения/, /Сәйкестік дәрежесі/, /Match score/], 'documents of a local-features match');
    const basis = JSON.parse(p.doc('case.json')).basis;
    expect(basis).toMatchObject({ kind: 'stream_frames', method: 'keypoints', audio: null });
    expect(basis.frames.map((f: { t: number; ref_t: number; inliers: number; distance: null }) => [f.t, f.ref_t, f.inliers, f.distance])).toEqual([[8, 1320.5, 176, null], [0, 1312.5, 113, null], [0.5, 1313, 102, null]]);
    // the annex pairs each agreeing frame with its own picture and says its agreeing points
    expect(ru).toMatch(/согласованных точек 176\]/);
    expect(ru).toContain('согласованных точек 102 (копия зеркально отражена)');
    expect(p.doc('documents/01-complaint-mvd.kk.md')).toContain('сәйкес нүктелер 102 (көшірме айнадай аударылған)');
    expect(p.text).not.toMatch(/движущиеся части|moving parts|қозғалатын бөліктері/); // no pixel check ran on this one

    // a short clip lifted by the pixel check: the documents say what was compared and the number
    const lifted = await docsOf({ matchId: 'm_pixels', url: 'https://kino-pirate.example/films/short-clip', details: { ...details, local: { ...details.local, pixels: 0.934 } } });
    expect(lifted.doc('documents/01-complaint-mvd.ru.md')).toContain('Сопоставлены и движущиеся части изображения');
    expect(lifted.doc('documents/01-complaint-mvd.ru.md')).toContain('медианная корреляция 0.93 (1 — полное совпадение)');
    expect(lifted.doc('documents/01-complaint-mvd.kk.md')).toContain('корреляцияның медианасы 0.93');
    expect(JSON.parse(lifted.doc('case.json')).basis).toMatchObject({ method: 'keypoints', pixels: 0.934 });
    expect(lifted.text).not.toMatch(/Сопоставлено и движение|movement was compared|Қозғалыс та салыстырылды/); // no motion check recorded

    // lifted by the motion check: the movement is said too, with its own number
    const moved = await docsOf({ matchId: 'm_motion', url: 'https://kino-pirate.example/films/short-clip-2', details: { ...details, local: { ...details.local, pixels: 0.712, motion: 0.806 } } });
    expect(moved.doc('documents/01-complaint-mvd.ru.md')).toContain('медианная корреляция 0.71 (1 — полное совпадение)');
    expect(moved.doc('documents/01-complaint-mvd.ru.md')).toContain('Сопоставлено и движение');
    expect(moved.doc('documents/01-complaint-mvd.ru.md')).toContain('медианная корреляция 0.81 (1 — движение полностью совпадает)');
    expect(moved.doc('documents/01-complaint-mvd.kk.md')).toContain('корреляцияның медианасы 0.81 (1 — қозғалыс толық сәйкес)');
    expect(moved.en).toContain('the median correlation is 0.81 (1 means the same movement)');
    expect(JSON.parse(moved.doc('case.json')).basis).toMatchObject({ method: 'keypoints', pixels: 0.712, motion: 0.806 });
    expect(moved.text).not.toMatch(/средняя корреляция|mean correlation|орташа мәні|смещение \(время фильма/);

    // confirmed on a long film: both checks at one offset for every frame — the documents say so, with the offset and means
    const aligned = await docsOf({ matchId: 'm_aligned', url: 'https://kino-pirate.example/films/feature', details: { ...details, local: { ...details.local, pixels: 0.861, motion: 0.702, checksOffsetS: 2312.27 } } });
    const aru = aligned.doc('documents/01-complaint-mvd.ru.md'), akk = aligned.doc('documents/01-complaint-mvd.kk.md');
    const aen = aligned.en;
    expect(aru).toContain('одно и то же для всех кадров смещение (время фильма = время записи + 2312.3 с)');
    expect(aru).toContain('средняя корреляция 0.86 (1 — полное совпадение)');
    expect(aru).toContain('при том же смещении; средняя корреляция 0.70 (1 — движение полностью совпадает)');
    expect(akk).toContain('(фильм уақыты = жазба уақыты + 2312.3 с)');
    expect(akk).toContain('корреляцияның орташа мәні 0.86');
    expect(akk).toContain('корреляцияның орташа мәні 0.70 (1 — қозғалыс толық сәйкес)');
    expect(aen).toContain('(film time = recording time + 2312.3 s)');
    expect(aen).toContain('the mean correlation is 0.70 (1 means the same movement)');
    expect(aligned.text).not.toMatch(/медианная корреляция|median correlation|медианасы/);
    expect(JSON.parse(aligned.doc('case.json')).basis).toMatchObject({ method: 'keypoints', pixels: 0.861, motion: 0.702, checks_offset_s: 2312.27 });
    expect(JSON.parse(aligned.doc('case.json')).basis.checks_refined).toBeUndefined();
    expect(aligned.text).not.toMatch(/уточнённо|more precisely|нақтыланып/);

    // confirmed by the refined pass (matcher/local/refine.ts): the documents say each frame was registered again at
    // the moment, and that adjacent reference frames were averaged too
    const refined = await docsOf({ matchId: 'm_refined', url: 'https://kino-pirate.example/films/feature-2', details: { ...details, local: { ...details.local, pixels: 0.616, motion: 0.66, checksOffsetS: 4.733, checksRefined: true } } });
    const rru = refined.doc('documents/01-complaint-mvd.ru.md'), rkk = refined.doc('documents/01-complaint-mvd.kk.md');
    const ren = refined.en;
    expect(rru).toContain('затем уточнённо совмещённый с кадром эталона в момент, который даёт одно и то же для всех кадров смещение (время фильма = время записи + 4.7 с)');
    expect(rru).toContain('и со средним двух соседних из них');
    expect(rru).toContain('средняя корреляция 0.62 (1 — полное совпадение)');
    expect(rkk).toContain('эталон кадрымен нақтыланып беттестірілді');
    expect(ren).toContain('then aligned more precisely with the reference frame at the moment');
    expect(JSON.parse(refined.doc('case.json')).basis).toMatchObject({ checks_offset_s: 4.733, checks_refined: true });
  });

  it('the МВД complaint and the Генпрокуратура request are whole Kazakh and whole Russian documents', async () => {
    const p = await docsOf({ matchId: 'm_lang' });
    const kk = p.doc('documents/01-complaint-mvd.kk.md');
    const ru = p.doc('documents/01-complaint-mvd.ru.md');
    expect(kk).toMatch(/# АРЫЗ/);
    expect(kk).toContain('Қылмыстық кодексінің 198-бабы');
    expect(kk).toContain('Көрінеу жалған сөз жеткізгені үшін');
    none(kk.replace(FILM.title_ru, ''), [/Заявител/, /ЗАЯВЛЕНИЕ/, /Прошу/, /Министерство/, /Подпись/, /Дата:/], 'the Kazakh complaint');
    expect(ru).toMatch(/# ЗАЯВЛЕНИЕ/);
    const brand = /Күзет/g; // the system's name is Kazakh in every language
    none(ru.replace(FILM.title_kk, '').replace(brand, ''), [/АРЫЗ/, /Ішкі істер/, /Күні/, /Қолы/, /[әғқңөұүһі]/i], 'the Russian complaint');
    const gpKk = p.doc('documents/02-blocking-request-gp.kk.md');
    expect(gpKk).toMatch(/# ӨТІНІШ/);
    none(gpKk.replace(FILM.title_ru, ''), [/Прошу/, /ОБРАЩЕНИЕ/, /Генеральн/], 'the Kazakh prosecutor request');
    none(p.doc('documents/02-blocking-request-gp.ru.md').replace(FILM.title_kk, '').replace(brand, ''), [/ӨТІНІШ/, /[әғқңөұүһі]/i], 'the Russian prosecutor request');
    // what nobody recorded is blank and listed, not invented
    const missing = p.doc('MISSING-DATA.md');
    expect(missing).toContain('applicant.representative');
    expect(missing).toContain('evidence.screenshot');
    expect(missing).toContain('network');
    expect(p.doc('documents/05-notice-hosting.en-ru.md')).toContain('address not established (look it up in DNS of kino-pirate.example');
  });

  it('addresses the hosting and registrar notices from the captured RDAP data, and embeds the screenshot and the frame sheet', async (ctx) => {
    const refVideo = path.join(tmp(), 'ref.mp4');
    if (!hasProgram('ffmpeg')) return ctx.skip(true, 'ffmpeg is not installed');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=4:size=320x180:rate=10', '-pix_fmt', 'yuv420p', refVideo]);
    const ref = await deps.blobs.putFile(refVideo, '.mp4');
    const frames = { kind: 'video', evidenceFrames: [{ t: 1, hash: H(2), refT: 1.5, distance: 6 }, { t: 2, hash: H(3), refT: 2.5, distance: 9 }] };
    // the capture's own formats (evidence/network-facts.ts, evidence/wacz.ts), type-checked against them
    const rdap = (o: Partial<RdapFacts>): RdapFacts => ({ url: null, status: 200, fetchedAt: null, fromCache: false, name: null, registrar: null, holder: null, abuseEmails: [], events: {}, nameservers: [], range: null, ...o });
    const facts: NetworkFacts = {
      format: 'kuzet-network-facts/1', pageUrl: 'https://kino-pirate.example/films/1234-kazakh-khanate.html', capturedAt: '2025-03-13T21:00:09.000Z',
      ipData: { dataDate: '2026-11-01', source: { asn: '@ip-location-db/asn' } }, rdapBootstrap: null,
      hosts: [{
        host: 'kino-pirate.example', registrableDomain: 'kino-pirate.example', roles: ['page'], urls: [],
        ips: [{ address: '203.0.113.7', port: 443, asn: 64500, org: 'Example Hosting LLC', country: 'NL' }],
        tls: { subject: 'CN=kino-pirate.example', subjectAltNames: ['DNS:kino-pirate.example'], issuer: "CN=Let's Encrypt R11", validFrom: '2026-10-01', validTo: '2026-12-30', serialNumber: '01', sha256Fingerprint: 'aabb', selfSigned: false, pem: '' },
        rdapDomain: rdap({ registrar: { name: 'Example Registrar Inc.', ianaId: '9999' }, abuseEmails: ['abuse@registrar.example'] }),
        rdapIp: { '203.0.113.7': rdap({ name: 'Example Hosting LLC', abuseEmails: ['abuse@hosting.example'] }) },
      }],
    };
    const warc = await buildWarc({ filename: 'data.warc.gz', at: new Date('2025-03-13T21:00:08Z'), info: {}, exchanges: [] });
    const wacz = await buildWacz({ title: 'kino-pirate.example', created: new Date('2025-03-13T21:00:09Z'), warcs: { 'data.warc.gz': warc }, pages: [{ url: facts.pageUrl, ts: new Date('2025-03-13T21:00:08Z') }] }, deps.signer);
    const p = await docsOf({ matchId: 'm_full', details: frames }, async (id) => {
      await db.query(`INSERT INTO reference_assets (id, film_id, kind, sha256, blob_path, bytes, duration_s) VALUES ('ra_1', $1, 'video', $2, $3, $4, 4)`, [FILM.id, ref.sha256, ref.path, ref.bytes]);
      await addEvidence(id, 'screenshot', await png(30), '.png', 'image/png');
      await addEvidence(id, 'frame', await sharp({ create: { width: 320, height: 180, channels: 3, background: { r: 200, g: 10, b: 10 } } }).png().toBuffer(), '.png', 'image/png');
      await addEvidence(id, 'network_facts', Buffer.from(JSON.stringify(facts)), '.json', 'application/json');
      await addEvidence(id, 'wacz', wacz, '.wacz', 'application/wacz');
    });
    expect(p.names.some((n) => /^evidence\/screenshot-[0-9a-f]{64}\.png$/.test(n))).toBe(true);
    expect(p.names.some((n) => /^evidence\/web-archive-[0-9a-f]{64}\.wacz$/.test(n))).toBe(true);
    expect(p.names).toEqual(expect.arrayContaining(['frames/reference-00001.5s.jpg', 'frames/reference-00002.5s.jpg', 'documents/01-complaint-mvd.kk.pdf', 'documents/01-complaint-mvd.ru.pdf']));
    const hosting = p.doc('documents/05-notice-hosting.en-ru.md');
    expect(hosting).toContain('The hosting provider of kino-pirate.example: Example Hosting LLC, abuse@hosting.example (from RDAP of 203.0.113.7)');
    expect(p.doc('documents/06-notice-registrar.en-ru.md')).toContain('Example Registrar Inc., abuse@registrar.example');
    expect(p.doc('documents/01-complaint-mvd.ru.md')).toContain('AS64500 Example Hosting LLC, NL (дата базы 2026-11-01)');
    expect(p.doc('MISSING-DATA.md')).not.toContain('evidence.screenshot');
    const ru = p.doc('documents/01-complaint-mvd.ru.md');
    expect(ru).toMatch(/\| !\[эталон 00:00:01\.5\]\(\.\.\/frames\/reference-00001\.5s\.jpg\) \| !\[копия со страницы 00:00:01; расстояние Хэмминга 6\/256\]\(\.\.\/evidence\/pirate-frame-[0-9a-f]{64}\.png\) \|/);
    expect(ru).toContain('| ![эталон 00:00:02.5](../frames/reference-00002.5s.jpg) | ![копия со страницы 00:00:02; расстояние Хэмминга 9/256](изображение не сохранено) |');
    const pdf = p.entries.find((e) => e.name === 'documents/01-complaint-mvd.kk.pdf')!.data!;
    expect((pdf.toString('latin1').match(/\/Subtype \/Image/g) ?? []).length).toBeGreaterThanOrEqual(4); // screenshot, 2 reference, 1 pirate
    const v = await verifyPacket(p.zip, { trustedKeyPem: deps.signer.publicKeyPem });
    expect(v.problems).toEqual([]);
    expect(v.wacz).toEqual([expect.objectContaining({ ok: true, pages: 1 })]);
    if (hasProgram('pdftoppm')) {
      fs.mkdirSync(SHOTS, { recursive: true });
      const dir = tmp();
      fs.writeFileSync(path.join(dir, 'kk.pdf'), pdf);
      execFileSync('pdftoppm', ['-png', '-r', '60', path.join(dir, 'kk.pdf'), path.join(SHOTS, 'complaint-mvd-kk')]);
      fs.writeFileSync(path.join(dir, 'ru.pdf'), p.entries.find((e) => e.name === 'documents/01-complaint-mvd.ru.pdf')!.data!);
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', path.join(dir, 'ru.pdf'), path.join(SHOTS, 'complaint-mvd-ru')]);
    }
  }, 240_000);

  it('a packet whose web archive was not signed by the trusted key fails verification', async () => {
    const stranger = await loadOrCreateSigner(path.join(tmp(), 'other-keys'));
    const warc = await buildWarc({ filename: 'data.warc.gz', at: new Date('2025-03-13T21:00:08Z'), info: {}, exchanges: [] });
    const wacz = await buildWacz({ title: 'x', created: new Date('2025-03-13T21:00:09Z'), warcs: { 'data.warc.gz': warc }, pages: [{ url: 'https://kino-pirate.example/x', ts: new Date('2025-03-13T21:00:08Z') }] }, stranger);
    const p = await docsOf({ matchId: 'm_badwacz' }, async (id) => addEvidence(id, 'wacz', wacz, '.wacz', 'application/wacz'));
    const v = await verifyPacket(p.zip, { trustedKeyPem: deps.signer.publicKeyPem });
    expect(v.ok).toBe(false);
    expect(v.wacz[0]!.ok).toBe(false);
    expect(v.problems.some((x) => /^web archive evidence\/web-archive-[0-9a-f]{64}\.wacz: /.test(x))).toBe(true);
  }, 120_000);

  it('PDFs carry the Kazakh letters ә ғ қ ң ө ұ ү һ і in an embedded font', async (ctx) => {
    const letters = 'ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І';
    const r = await renderPdf('kk', `# ${letters}\n\n${letters}`, { date: new Date('2025-01-01T00:00:00Z') });
    if (r.status !== 'ok') return ctx.skip(true, r.reason);
    if (!hasProgram('pdftotext') || !hasProgram('pdffonts')) return ctx.skip(true, 'poppler-utils are not installed');
    const file = path.join(tmp(), 'kk.pdf');
    fs.writeFileSync(file, r.pdf);
    expect(execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, '')).toContain(letters.replace(/\s+/g, ''));
    const fonts = execFileSync('pdffonts', [file]).toString();
    expect(fonts).toMatch(/DejaVuSans/);
    expect(fonts.split('\n').slice(2).filter(Boolean).every((l) => / yes /.test(l))).toBe(true); // embedded
  });
});
