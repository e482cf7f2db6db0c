// Metadata as a matching signal (issue 11): a torrent-tracker page with no playable stream and no poster, extracted
// by the real extractor, reaches an investigator (review) through its Kinopoisk id, or its title and year; the
// decision record names the signal; metadata never confirms on its own and never overrides the pictures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractPage } from '../../crawlers/extract.ts';
import { metadataBank } from '../../films/metadata-bank.ts';
import { upsertFilm } from '../../films/upsert.ts';
import { matchMetadata, metadataQueryOf, withMetadata } from '../../matcher/metadata.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import { candidatesWithMedia, candidateStore, upsertCandidate, type CandidateInput } from '../../storage/candidates.ts';
import type { Db } from '../../storage/db.ts';
import { filmTitle } from '../../storage/film-bank.ts';
import { matchStore } from '../../storage/matches.ts';
import { matchCandidateJob, type MatchCandidateDeps, type Verdict } from '../../workers/processors/match-candidate.ts';
import { toCandidatePage } from '../../workers/processors/crawled-page.ts';
import { freshPglite } from '../kit/db.ts';
import { silentLog } from '../kit/log.ts';
import { tempDir } from '../kit/temp.ts';

const log = silentLog();
const never = (name: string) => async () => { throw new Error(`unexpected call to ${name}`); };

/** A torrent tracker's topic page as such trackers write it: release title, a Kinopoisk link, a magnet — no player. */
const trackerPage = (opts: { title: string; kinopoisk?: string }) => `<!doctype html><html><head><meta charset="utf-8">
<title>${opts.title} :: Трекер</title></head><body>
<div class="torrent-detail"><h1 class="maintitle"><a href="/t/98765">${opts.title}</a></h1>
<div class="post"><span class="post-b">Год выпуска</span>: 1970<br><span class="post-b">Жанр</span>: мелодрама<br>
${opts.kinopoisk ? `<a href="https://www.kinopoisk.ru/film/${opts.kinopoisk}/">Кинопоиск</a><br>` : ''}
<a class="magnet-link" href="magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=kyz">Скачать по magnet</a></div></div>
</body></html>`;

function candidateOf(html: string, url: string): CandidateInput {
  const x = extractPage(html, url);
  const c = toCandidatePage({ url, kind: 'detail', status: 200, extract: x, body: Buffer.from(html), contentType: 'text/html' } as unknown as Parameters<typeof toCandidatePage>[0]);
  return { sourceId: null, url: c.url, kind: 'detail', title: c.title, originalTitle: c.originalTitle, year: c.year, externalIds: c.externalIds, posters: c.posters, streams: c.streams, players: c.players, extra: c.extra };
}

describe('metadata as a matching signal', () => {
  let db: Db;
  let filmId: string;
  const blobs = createBlobStore(tempDir('kuzet-metadata-'));
  beforeAll(async () => {
    db = await freshPglite();
    filmId = (await upsertFilm(db, { titleKk: 'Қыз Жібек', titleRu: 'Кыз Жибек', titleEn: 'Kyz Zhibek', year: 1970, kinopoiskId: 45317, stateRegisterNo: 'M-1' }, { actor: 'test' })).filmId;
    await upsertFilm(db, { titleKk: 'Бауыр', titleRu: 'Брат', year: 2019, stateRegisterNo: 'M-2', imdbId: 'tt9876543' }, { actor: 'test' });
  });
  afterAll(async () => db?.close());

  const deps = (over: Partial<MatchCandidateDeps> = {}): MatchCandidateDeps => ({
    candidates: candidateStore({ db, blobs }), matches: matchStore(db), filmTitle: (id) => filmTitle(db, id), log,
    checkpoint: async () => 'cp-meta', match: never('match'), prepareStream: never('prepareStream'), fetchImage: never('fetchImage'),
    metadata: (q) => matchMetadata(metadataBank(db), q), ...over,
  });

  it('the extractor gives the tracker page no stream and no poster, but its Kinopoisk id and release title', () => {
    const c = candidateOf(trackerPage({ title: 'Кыз Жибек / Qyz Jibek (1970) DVDRip', kinopoisk: '45317' }), 'https://tracker.example/t/98765');
    expect(c).toMatchObject({ streams: [], posters: [], externalIds: { kinopoisk: '45317' } });
    expect(metadataQueryOf({ title: c.title ?? null, original_title: c.originalTitle ?? null, year: c.year ?? null, external_ids: c.externalIds ?? {} }))
      .toMatchObject({ kinopoiskId: 45317, imdbId: null, year: 1970, titles: expect.arrayContaining(['Кыз Жибек', 'Qyz Jibek']) });
  });

  it('a stream-less tracker page with the film\'s Kinopoisk id goes to review; the record says kinopoisk_id fired; once only', async () => {
    const alerts: unknown[] = [];
    const c = await upsertCandidate(db, candidateOf(trackerPage({ title: 'Кыз Жибек / Qyz Jibek (1970) DVDRip', kinopoisk: '45317' }), 'https://tracker.example/t/1'));
    const d = deps({ notifyReview: async (m) => void alerts.push(m) });
    const out = await matchCandidateJob(d, { candidateId: c.id, revision: c.revision });
    expect(out).toMatchObject({ status: 'done', decision: 'review', filmId, score: 0.5 });
    expect(await matchCandidateJob(d, { candidateId: c.id, revision: c.revision })).toEqual(out);
    const [row] = await db.query<{ status: string; media_url: string | null; details: Record<string, unknown> }>('SELECT status, media_url, details FROM matches WHERE candidate_id = $1', [c.id]);
    expect(row).toMatchObject({ status: 'pending_review', media_url: null });
    expect(row!.details).toMatchObject({ kind: 'metadata', signals: ['kinopoisk_id'], metadata: { filmId, signal: 'kinopoisk_id', value: '45317', raised: true } });
    expect(alerts).toEqual([expect.objectContaining({ filmTitle: 'Қыз Жібек / Кыз Жибек', domain: 'tracker.example' })]);
    expect(await db.query(`SELECT action FROM audit_log WHERE subject LIKE 'match_%' OR details->>'url' = 'https://tracker.example/t/1'`)).not.toHaveLength(0);
    // the rematch fan-out includes it, so a film imported after the crawl still brings the page to review
    expect((await candidatesWithMedia(db, '', 100)).map((r) => r.id)).toContain(c.id);
    const bare = await upsertCandidate(db, { sourceId: null, url: 'https://tracker.example/list', kind: 'detail', title: 'Список раздач' });
    expect((await candidatesWithMedia(db, '', 100)).map((r) => r.id)).not.toContain(bare.id);
  });

  it('without ids: a strong title in another script with the right year is review (title_year); a wrong year or no year is skipped', async () => {
    const good = await upsertCandidate(db, candidateOf(trackerPage({ title: 'Қыз Жібек (1970) BDRip 1080p' }), 'https://tracker.example/t/2'));
    const out = await matchCandidateJob(deps(), { candidateId: good.id, revision: good.revision });
    expect(out).toMatchObject({ status: 'done', decision: 'review', filmId });
    const [row] = await db.query<{ details: { signals: string[]; metadata: { value: string } } }>('SELECT details FROM matches WHERE candidate_id = $1', [good.id]);
    expect(row!.details.signals).toEqual(['title_year']);
    const wrongYear = await upsertCandidate(db, { sourceId: null, url: 'https://tracker.example/t/3', kind: 'detail', title: 'Кыз Жибек (1999) ремейк', year: 1999 });
    expect(await matchCandidateJob(deps(), { candidateId: wrongYear.id, revision: wrongYear.revision })).toMatchObject({ status: 'skipped' });
    const noYear = await upsertCandidate(db, { sourceId: null, url: 'https://tracker.example/t/4', kind: 'detail', title: 'Брат' });
    expect(await matchCandidateJob(deps(), { candidateId: noYear.id, revision: noYear.revision })).toMatchObject({ status: 'skipped' });
    const unknownId = await upsertCandidate(db, { sourceId: null, url: 'https://tracker.example/t/5', kind: 'detail', title: 'Другой фильм', externalIds: { kinopoisk: '999999' } });
    expect(await matchCandidateJob(deps(), { candidateId: unknownId.id, revision: unknownId.revision })).toEqual({ status: 'skipped', reason: 'no stream or poster to compare, and its ids/titles name no registered film' });
  });

  it('with a stream: metadata raises a picture no_match to review, never to match, and never overrides a picture verdict', async () => {
    const stream = 'https://cdn.pirate.example/x/index.m3u8';
    const c = await upsertCandidate(db, { sourceId: null, url: 'https://pirate.example/watch/1', kind: 'detail', title: 'Кыз Жибек', externalIds: { imdb: 'tt9876543' }, streams: [stream] });
    const noMatch: Verdict = { decision: 'no_match', best: null, candidates: [] };
    const out = await matchCandidateJob(deps({ checkpoint: async () => 'cp-2', match: async () => noMatch, prepareStream: async () => ({ manifest: null }) }), { candidateId: c.id, revision: c.revision });
    expect(out).toMatchObject({ decision: 'review', score: 0.5 });
    const [row] = await db.query<{ film_id: string; details: Record<string, unknown> }>('SELECT film_id, details FROM matches WHERE candidate_id = $1', [c.id]);
    expect(row!.details).toMatchObject({ signals: ['imdb_id'], metadata: { signal: 'imdb_id', raised: true } });

    const other = (await db.query<{ id: string }>(`SELECT id FROM films WHERE state_register_no = 'M-2'`))[0]!.id;
    expect(row!.film_id).toBe(other);
    const match: Verdict = { decision: 'match', best: { filmId, score: 0.95, offsetSeconds: 3, matchedFrames: 30 }, candidates: [] };
    const out2 = await matchCandidateJob(deps({ checkpoint: async () => 'cp-3', match: async () => match, prepareStream: async () => ({ manifest: null }) }), { candidateId: c.id, revision: c.revision });
    expect(out2).toMatchObject({ decision: 'match', filmId, score: 0.95 });
    const [row2] = await db.query<{ details: Record<string, unknown> }>(`SELECT details FROM matches WHERE candidate_id = $1 AND checkpoint = 'cp-3'`, [c.id]);
    // the page's imdb id names another film: the pictures decide, the disagreement is kept for the investigator
    expect(row2!.details).toMatchObject({ signals: ['video'], metadata: { filmId: other, agrees: false, raised: false } });
  });

  it('withMetadata never returns match because of metadata', () => {
    const hit = { filmId: 'f', signal: 'kinopoisk_id' as const, strength: 1, value: '1' };
    expect(withMetadata(null, hit)).toEqual({ decision: 'review', filmId: 'f', raised: true });
    expect(withMetadata({ decision: 'no_match', filmId: null }, hit)).toEqual({ decision: 'review', filmId: 'f', raised: true });
    expect(withMetadata({ decision: 'review', filmId: 'g' }, hit)).toEqual({ decision: 'review', filmId: 'g', raised: false });
    expect(withMetadata({ decision: 'match', filmId: 'g' }, hit)).toEqual({ decision: 'match', filmId: 'g', raised: false });
    expect(withMetadata({ decision: 'no_match', filmId: null }, null)).toEqual({ decision: 'no_match', filmId: null, raised: false });
  });
});
