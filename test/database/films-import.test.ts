// kuzet films import and POST /api/films/import (issue 11): a State Film Register export in UTF-8 (BOM or not) or
// Windows-1251, `;` or `,`, Russian register headers or the English aliases; unknown columns reported; idempotent by
// register number; per-row created/updated/unchanged/invalid with reasons; formula-looking values kept as text;
// audited; a rights holder's imports linked to them and another holder's film refused.
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError, type CliEnv } from '../../cli/command.ts';
import filmsImport from '../../cli/commands/films-import.ts';
import { commands as allCommands } from '../../cli/commands/index.ts';
import { commandTable } from '../../cli/main.ts';
import { decodeCsv, detectDelimiter, parseCsv } from '../../films/csv.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import { filmByRegisterNo } from '../../storage/films.ts';
import { testConfig } from '../kit/config.ts';
import { silentLog } from '../kit/log.ts';
import { tempDir } from '../kit/temp.ts';
import { bearer, startApi, type Api } from './api-harness.ts';
import { seedUser } from './registry-fixtures.ts';

const dir = tempDir('kuzet-films-import-');
const log = silentLog();
const file = (name: string, bytes: string | Buffer) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  return p;
};

// as the register's Excel export writes it: Russian headers, `;`, DD.MM.YYYY dates, one column we do not know
const RU_HEADER = 'Регистрационный номер;Название на казахском языке;Название на русском языке;Название на английском языке;Год производства;Жанр;'
  + 'Продолжительность (мин);Номер прокатного удостоверения;Дата выдачи прокатного удостоверения;Удостоверение национального фильма;'
  + 'Правообладатель;БИН правообладателя;Место хранения';
const RU_ROWS = [
  '0001-21;Томирис;Томирис;Tomiris;2019;драма;156;ПУ-19-0456;15.03.2019;НФ-0089;"АО ""Казахфильм""";940140000385;"Алматы; архив"',
  '0002-19;Қыз Жібек;Кыз Жибек;Kyz Zhibek;1970;мелодрама;141;ПУ-19-0001;01.02.2019;;АО «Казахфильм»;940140000385;Алматы',
  '0003-20;Бір;Один;;2020;=HYPERLINK("http://evil.example/x");90;;;;-1+2;;',
  '0004-20;Жаман;Плохой;;20x0;;;;31.02.2020;;;940140000386;',
];

describe('films import', () => {
  let api: Api;
  let env: (out: string[], err?: string[]) => CliEnv;
  beforeAll(async () => {
    api = await startApi(dir);
    env = (out, err = out) => ({
      config: testConfig(), log, io: { out: (l) => void out.push(l), err: (l) => void err.push(l) },
      open: async () => ({ config: testConfig(), log, db: api.db, blobs: createBlobStore(path.join(dir, 'b')), close: async () => {} }),
    });
  });
  afterAll(async () => api?.close());
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await filmsImport.run(args, env(out, err));
    return { code, out, err };
  };

  it('is in the lazy command table and the command index', () => {
    expect(commandTable.find((e) => e.path.join(' ') === 'films import')?.summary).toBe(filmsImport.summary);
    expect(allCommands).toContain(filmsImport);
  });

  it('reads CSV: BOM, Windows-1251, delimiters, quotes with newlines', () => {
    expect(decodeCsv(Buffer.from('\ufeffa;b', 'utf8'))).toEqual({ text: 'a;b', encoding: 'utf-8-bom' });
    expect(decodeCsv(iconv.encode('Название;Год', 'win1251'))).toEqual({ text: 'Название;Год', encoding: 'windows-1251' });
    expect(decodeCsv(Buffer.from('Название;Год'))).toEqual({ text: 'Название;Год', encoding: 'utf-8' });
    expect(detectDelimiter('"a;b",c,d\nx;y;z;w')).toBe(',');
    expect(detectDelimiter('a;b,c;d')).toBe(';');
    expect(parseCsv('a;"b\n""c""";d\r\n\r\ne;f;g', ';')).toEqual([{ line: 1, fields: ['a', 'b\n"c"', 'd'] }, { line: 4, fields: ['e', 'f', 'g'] }]);
  });

  it('dry run writes nothing; a Windows-1251 register export with Russian headers imports, reporting every row', async () => {
    const csv = file('register-1251.csv', iconv.encode([RU_HEADER, ...RU_ROWS].join('\r\n') + '\r\n', 'win1251'));
    const dry = await run([csv, '--dry-run', '--json']);
    expect(JSON.parse(dry.out[0]!)).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    expect(await api.db.query('SELECT count(*)::int AS n FROM films')).toEqual([{ n: 0 }]);

    const r = await run([csv, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out[0]!);
    expect(Object.keys(out)).toEqual(['created', 'updated', 'unchanged', 'invalid']);
    expect(out).toEqual({
      created: 2, updated: 0, unchanged: 0,
      invalid: [
        // Қ and ү do not exist in Windows-1251: the export carries '?' for them, and the row is refused, not stored wrong
        { line: 3, reason: "title_kk: '?' in place of a letter (Windows-1251 cannot hold the Kazakh letters ә ғ қ ң ө ұ ү һ): export the register as UTF-8" },
        { line: 5, reason: 'year: year must be a whole number from 1890 to 2036; distribution_certificate_date: date 2020-02-31 does not exist; rights_holder_bin: BIN check digit does not match' },
      ],
    });
    expect(r.err).toEqual(['unknown columns (ignored): "Место хранения"']);
    const film = (await filmByRegisterNo(api.db, '0001-21'))!;
    expect(film).toMatchObject({
      titleKk: 'Томирис', titleRu: 'Томирис', titleEn: 'Tomiris', year: 2019, genre: 'драма', durationMin: 156,
      distributionCertificate: 'ПУ-19-0456', distributionCertificateDate: '2019-03-15', nationalFilmCertificate: 'НФ-0089',
      rightsHolder: 'АО "Казахфильм"', rightsHolderBin: '940140000385', protection: 'metadata',
    });
    // formula-looking values are stored as the text they are
    expect(await filmByRegisterNo(api.db, '0003-20')).toMatchObject({ genre: '=HYPERLINK("http://evil.example/x")', rightsHolder: '-1+2' });
    const audit = await api.db.query<{ action: string; details: Record<string, unknown> }>(`SELECT action, details FROM audit_log WHERE action LIKE 'film.%' ORDER BY seq`);
    expect(audit.map((a) => a.action)).toEqual(['film.create', 'film.create', 'film.import']);
    expect(audit[2]!.details).toMatchObject({ encoding: 'windows-1251', created: 2, invalid: 2, unknownColumns: ['Место хранения'] });
  });

  it('the same data again in UTF-8 with BOM, `,` and English aliases is unchanged (blank cells keep what is stored); a changed field updates, never duplicates', async () => {
    const header = 'register_no,title_kk,title_ru,title_en,original_title,alt_titles,year,genre,duration_min,distribution_certificate,distribution_certificate_date,'
      + 'national_film_certificate,eidr,kinopoisk_id,imdb_id,rights_holder,rights_holder_bin,territory,rights_from,rights_to,colour';
    const rows = [
      '0001-21,Томирис,Томирис,Tomiris,,,2019,драма,156,ПУ-19-0456,2019-03-15,НФ-0089,,,,"АО ""Казахфильм""",940140000385,,,,red',
      '0002-19,Қыз Жібек,Кыз Жибек,Kyz Zhibek,Қыз Жібек,Kyz Zhibek|Qyz Jibek,1970,мелодрама,141,ПУ-19-0001,01.02.2019,,10.5240/7EC7-228A-510A-053E-CBB8-J,435,tt0066000,АО «Казахфильм»,940140000385,KZ,2019-01-01,2029-12-31,',
      '0009-22,Жаңа,Новый,New',
      '0010-22,,Без казахского,,,,,,,,,,,,,,,,,,',
      '0001-21,Томирис,Томирис,,,,,,,,,,,,,,,,,,',
    ];
    const csv = file('register-utf8.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([header, ...rows].join('\n'))]));
    const r = await run([csv]);
    expect(r.out).toEqual([
      'unknown columns (ignored): "colour"',
      expect.stringMatching(/^line 2 \(0001-21\): unchanged film_/),
      expect.stringMatching(/^line 3 \(0002-19\): created film_/),
      'line 4: invalid: has 4 fields, the header has 21',
      'line 5 (0010-22): invalid: a new film needs title_kk and title_ru',
      'line 6 (0001-21): invalid: register_no 0001-21 repeats line 2',
      "1 created, 0 updated, 1 unchanged, 3 invalid — utf-8-bom, ','-separated",
      expect.stringMatching(/^films without a reference video are protected by metadata \(ids, titles\) and poster only/),
    ]);
    expect(await filmByRegisterNo(api.db, '0002-19')).toMatchObject({ altTitles: ['Kyz Zhibek', 'Qyz Jibek'], eidr: '10.5240/7EC7-228A-510A-053E-CBB8-J', kinopoiskId: 435, imdbId: 'tt0066000', rightsFrom: '2019-01-01', rightsTo: '2029-12-31' });
    expect(await api.db.query('SELECT count(*)::int AS n FROM films')).toEqual([{ n: 3 }]);
    const again = await run([file('update.csv', 'register_no;genre;title_kk\n0001-21;биография;\n'), '--json']);
    expect(JSON.parse(again.out[0]!)).toEqual({ created: 0, updated: 1, unchanged: 0, invalid: [] });
    expect(await filmByRegisterNo(api.db, '0001-21')).toMatchObject({ genre: 'биография', titleKk: 'Томирис' });
    expect(await api.db.query('SELECT count(*)::int AS n FROM films')).toEqual([{ n: 3 }]);
    await expect(run([file('nokey.csv', 'title_kk;title_ru\nа;б\n')])).rejects.toThrow(/no register number column/);
    await expect(run([path.join(dir, 'missing.csv')])).rejects.toBeInstanceOf(UsageError);
  });

  it('through the API: a rights holder imports and its films are linked to it; another holder cannot update them; others are refused', async () => {
    const a = await seedUser(api.db, 'studio-a', 'rights_holder');
    const b = await seedUser(api.db, 'studio-b', 'rights_holder');
    const inv = await seedUser(api.db, 'investigator-1', 'investigator');
    const body = 'register_no;title_kk;title_ru;year\nA-1;Алғашқы;Первый;2022\n';
    const post = (key: string, payload: string, url = '/api/films/import') => api.app.inject({ method: 'POST', url, headers: { ...bearer(key), 'content-type': 'text/csv' }, payload });
    const res = await post(a.apiKey, body);
    expect(res.statusCode).toBe(200);
    const film = (await filmByRegisterNo(api.db, 'A-1'))!;
    expect(res.json()).toMatchObject({ created: 1, rows: [{ line: 2, status: 'created', filmId: film.id, registerNo: 'A-1' }], encoding: 'utf-8', delimiter: ';', dryRun: false });
    expect(await api.db.query('SELECT user_id FROM user_films WHERE film_id = $1', [film.id])).toEqual([{ user_id: a.user.id }]);
    const stolen = await post(b.apiKey, body.replace('2022', '2023'));
    expect(stolen.json()).toMatchObject({ updated: 0, invalid: [{ line: 2, reason: "register number A-1 is another rights holder's film" }] });
    expect((await filmByRegisterNo(api.db, 'A-1'))!.year).toBe(2022);
    expect((await post(b.apiKey, body.replace('2022', '2023'), '/api/films/import?dryRun=true')).json()).toMatchObject({ invalid: [{ line: 2 }], dryRun: true });
    expect((await post(inv.apiKey, body)).statusCode).toBe(403);
    expect((await api.app.inject({ method: 'POST', url: '/api/films/import', headers: { 'content-type': 'text/csv' }, payload: body })).statusCode).toBe(401);
    expect((await api.app.inject({ method: 'POST', url: '/api/films/import', headers: { ...bearer(a.apiKey), 'content-type': 'application/json' }, payload: '{}' })).statusCode).toBe(415);
    const empty = await post(a.apiKey, '');
    expect([400, 415]).toContain(empty.statusCode);
  });
});
