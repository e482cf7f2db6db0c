// A film's title data stored and read back (issue 11): kuzet films add with the register fields and no video (a
// metadata-only film), idempotent by register number, audited; a rights holder cannot update another's film.
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError, type CliEnv } from '../../cli/command.ts';
import filmsAdd from '../../cli/commands/films-add.ts';
import { FilmConflictError, upsertFilm } from '../../films/upsert.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import type { Db } from '../../storage/db.ts';
import { getFilmRecord } from '../../storage/films.ts';
import { testConfig } from '../kit/config.ts';
import { freshPglite } from '../kit/db.ts';
import { silentLog } from '../kit/log.ts';
import { tempDir } from '../kit/temp.ts';
import { seedUser } from './registry-fixtures.ts';

const log = silentLog();
const blobs = tempDir('kuzet-films-meta-');

describe('film title data', () => {
  let db: Db;
  afterEach(async () => db?.close());
  const env = (out: string[]): CliEnv => ({
    config: testConfig(), log, io: { out: (l) => void out.push(l), err: (l) => void out.push(l) },
    open: async () => ({ config: testConfig(), log, db, blobs: createBlobStore(blobs), close: async () => {} }),
  });
  const add = async (args: string[]) => {
    const out: string[] = [];
    const code = await filmsAdd.run(args, env(out));
    return { code, out };
  };
  const FULL = [
    '--title-kk', 'Дала үні', '--title-ru', 'Голос степи', '--title-en', 'Voice of the Steppe', '--original-title', 'Дала үні',
    '--alt-title', 'Dala úni', '--alt-title', 'Golos stepi', '--year', '2021', '--genre', 'драма', '--duration-min', '94',
    '--state-register-no', '0123-21', '--distribution-certificate', 'ПУ-21-0456', '--distribution-certificate-date', '15.03.2021',
    '--national-film-certificate', 'НФ-0089', '--eidr', '10.5240/7EC7-228A-510A-053E-CBB8-J', '--kinopoisk-id', '4476886',
    '--imdb-id', 'tt14857342', '--rights-holder', 'АО «Казахфильм»', '--rights-holder-bin', '940140000385', '--territory', 'KZ',
    '--rights-from', '2021-01-01', '--rights-to', '2031-12-31', '--notice-contact', 'legal@example.kz',
    '--licensed-platform', 'https://www.Kinopark.kz/film/1', '--licensed-platform', '@KazakhfilmOfficial',
  ];

  it('kuzet films add stores every field of a film without a video, says it is protected by metadata only, and reads back', async () => {
    db = await freshPglite();
    const r = await add([...FULL, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out[0]!);
    expect(out).toEqual({ id: expect.stringMatching(/^film_/), created: true, fingerprints: 0, protection: 'metadata' });
    expect(await getFilmRecord(db, out.id)).toEqual({
      id: out.id, enabled: true, protection: 'metadata',
      titleKk: 'Дала үні', titleRu: 'Голос степи', titleEn: 'Voice of the Steppe', originalTitle: 'Дала үні', altTitles: ['Dala úni', 'Golos stepi'],
      year: 2021, genre: 'драма', durationMin: 94, stateRegisterNo: '0123-21', distributionCertificate: 'ПУ-21-0456',
      distributionCertificateDate: '2021-03-15', nationalFilmCertificate: 'НФ-0089', eidr: '10.5240/7EC7-228A-510A-053E-CBB8-J',
      kinopoiskId: 4476886, imdbId: 'tt14857342', rightsHolder: 'АО «Казахфильм»', rightsHolderBin: '940140000385', territory: 'KZ',
      rightsFrom: '2021-01-01', rightsTo: '2031-12-31', noticeContact: 'legal@example.kz',
      licensedPlatforms: [{ kind: 'domain', value: 'kinopark.kz' }, { kind: 'telegram', value: 'kazakhfilmofficial' }],
    });
    const text = await add(FULL.map((a) => (a === 'драма' ? 'комедия' : a)));
    expect(text.out[0]).toMatch(new RegExp(`^updated: ${out.id} — no reference video yet: protected by metadata only`));
    expect((await getFilmRecord(db, out.id))!.genre).toBe('комедия');
    expect(await db.query('SELECT count(*)::int AS n FROM films')).toEqual([{ n: 1 }]);
    const audit = await db.query<{ action: string; details: Record<string, unknown> }>(`SELECT action, details FROM audit_log WHERE subject = $1 ORDER BY seq`, [out.id]);
    expect(audit).toEqual([
      { action: 'film.create', details: expect.objectContaining({ stateRegisterNo: '0123-21', protection: 'metadata' }) },
      { action: 'film.licensed_platforms', details: expect.objectContaining({ added: ['domain:kinopark.kz', 'telegram:kazakhfilmofficial'] }) },
      { action: 'film.update', details: { fields: ['genre'] } },
    ]);
  });

  it('refuses bad identifiers, naming the option', async () => {
    db = await freshPglite();
    const bad = async (opt: string, value: string, re: RegExp) => {
      const args = [...FULL];
      args[args.indexOf(opt) + 1] = value;
      const e = await add(args).catch((err: Error) => err);
      expect(e).toBeInstanceOf(UsageError);
      expect((e as Error).message).toMatch(re);
    };
    await bad('--eidr', '10.5240/7EC7-228A-510A-053E-CBB8-K', /--eidr: EIDR check character is K, expected J/);
    await bad('--imdb-id', 'nm0000001', /--imdb-id: /);
    await bad('--rights-holder-bin', '940140000386', /--rights-holder-bin: BIN check digit/);
    await bad('--distribution-certificate-date', '31.02.2021', /--distribution-certificate-date: date 2021-02-31 does not exist/);
    await bad('--rights-to', '2020-01-01', /--rights-to: before rights_from/);
    await bad('--licensed-platform', '10.0.0.1', /--licensed-platform: not a domain or a Telegram channel/);
    await expect(add(['--title-kk', 'x', '--poster', 'p.png'])).rejects.toThrow(/--title-ru: required/);
    await expect(add(['--title-kk', 'x', '--title-ru', 'y', '--poster', 'p.png'])).rejects.toThrow(/--poster needs --video/);
    expect(await db.query('SELECT count(*)::int AS n FROM films')).toEqual([{ n: 0 }]);
  });

  it('upsert: unchanged writes nothing; a rights holder links its new films and cannot update another holder\'s', async () => {
    db = await freshPglite();
    const a = await seedUser(db, 'holder-a', 'rights_holder');
    const b = await seedUser(db, 'holder-b', 'rights_holder');
    const meta = { titleKk: 'Қыз Жібек', titleRu: 'Кыз Жибек', stateRegisterNo: 'R-1', year: 1970 };
    const created = await upsertFilm(db, meta, { actor: 'user:a', userId: a.user.id, linkToUser: true, onlyOwnFilms: true });
    expect(created.status).toBe('created');
    expect(await upsertFilm(db, meta, { actor: 'user:a', userId: a.user.id, linkToUser: true, onlyOwnFilms: true })).toEqual({ status: 'unchanged', filmId: created.filmId, changed: [] });
    await expect(upsertFilm(db, { ...meta, year: 1971 }, { actor: 'user:b', userId: b.user.id, linkToUser: true, onlyOwnFilms: true })).rejects.toBeInstanceOf(FilmConflictError);
    expect((await getFilmRecord(db, created.filmId))!.year).toBe(1970);
    expect(await db.query('SELECT user_id FROM user_films')).toEqual([{ user_id: a.user.id }]);
    expect((await db.query(`SELECT action FROM audit_log WHERE subject IN ($1, $2) AND action <> 'user.create' ORDER BY seq`, [created.filmId, a.user.id])).map((r) => (r as { action: string }).action)).toEqual(['film.create', 'user.link_film']);
  });

  it('the database refuses a second film with the same register number and a malformed EIDR', async () => {
    db = await freshPglite();
    await db.query(`INSERT INTO films (id, title_kk, title_ru, state_register_no) VALUES ('f1','a','b','R-9')`);
    await expect(db.query(`INSERT INTO films (id, title_kk, title_ru, state_register_no) VALUES ('f2','a','b','R-9')`)).rejects.toThrow(/unique|duplicate/i);
    await expect(db.query(`INSERT INTO films (id, title_kk, title_ru, eidr) VALUES ('f3','a','b','10.5240/zz')`)).rejects.toThrow(/films_eidr/);
  });
});
