// Bulk import of a State Film Register export (issue 11): `kuzet films import FILE.csv` and POST /api/films/import.
// The header names the columns: the Russian names the register exports, or the English aliases (films/meta.ts
// columns; register_no for state_register_no). Unknown columns are reported and ignored; a blank cell leaves the
// stored value as it is. Idempotent by register
// number: each row is created, updated, unchanged or invalid (with the reason); valid rows are written one transaction
// each (a bad row never stops the others), each audited, and the import itself is audited as film.import.
import { appendAudit } from '../storage/audit.ts';
import type { Db } from '../storage/db.ts';
import { sha256Hex } from '../storage/hash.ts';
import { filmByRegisterNo, userHoldsFilm } from '../storage/films.ts';
import { parseLicensedPlatform, setLicensedPlatforms } from '../storage/licensed-platforms.ts';
import { decodeCsv, detectDelimiter, parseCsv } from './csv.ts';
import { META_COLUMNS, validateFilmMeta, type MetaKey } from './meta.ts';
import { changedFields, FilmConflictError, upsertFilm, type UpsertStatus } from './upsert.ts';

export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 50_000;
const PLATFORMS = 'licensedPlatforms';
type Target = MetaKey | typeof PLATFORMS;

/** Header spellings (normalised: lower case, ё→е, punctuation and spaces folded) → field. */
const ALIASES: Array<[Target, string[]]> = [
  ['stateRegisterNo', ['register_no', 'state_register_no', 'регистрационный номер', 'номер в реестре', 'номер в государственном реестре фильмов', 'номер регистрации', 'рег номер', '№ в реестре', '№']],
  ['titleKk', ['title_kk', 'название на казахском языке', 'наименование на казахском языке', 'название на казахском', 'атауы']],
  ['titleRu', ['title_ru', 'название на русском языке', 'наименование на русском языке', 'название на русском', 'название фильма', 'название', 'наименование фильма', 'наименование']],
  ['titleEn', ['title_en', 'название на английском языке', 'наименование на английском языке', 'название на английском']],
  ['originalTitle', ['original_title', 'оригинальное название', 'название на языке оригинала']],
  ['altTitles', ['alt_titles', 'альтернативные названия', 'другие названия']],
  ['year', ['year', 'год производства', 'год выпуска', 'год']],
  ['genre', ['genre', 'жанр']],
  ['durationMin', ['duration_min', 'продолжительность мин', 'продолжительность', 'хронометраж мин', 'хронометраж']],
  ['distributionCertificate', ['distribution_certificate', 'номер прокатного удостоверения', 'прокатное удостоверение', 'прокатное удостоверение №']],
  ['distributionCertificateDate', ['distribution_certificate_date', 'дата выдачи прокатного удостоверения', 'дата прокатного удостоверения']],
  ['nationalFilmCertificate', ['national_film_certificate', 'удостоверение национального фильма', 'номер удостоверения национального фильма']],
  ['eidr', ['eidr']],
  ['kinopoiskId', ['kinopoisk_id', 'кинопоиск', 'кинопоиск id', 'id кинопоиск']],
  ['imdbId', ['imdb_id', 'imdb', 'imdb id']],
  ['rightsHolder', ['rights_holder', 'правообладатель', 'наименование правообладателя']],
  ['rightsHolderBin', ['rights_holder_bin', 'бин правообладателя', 'бин']],
  ['territory', ['territory', 'территория', 'территория прав']],
  ['rightsFrom', ['rights_from', 'срок прав с', 'начало срока прав', 'права с']],
  ['rightsTo', ['rights_to', 'срок прав по', 'окончание срока прав', 'права по', 'права до']],
  ['noticeContact', ['notice_contact', 'контакт для уведомлений', 'контакт']],
  [PLATFORMS, ['licensed_platforms', 'лицензированные площадки', 'легальные площадки']],
];
const normHeader = (h: string) => h.toLowerCase().replace(/ё/g, 'е').replace(/[^\p{L}\p{N}_№]+/gu, ' ').trim();
const HEADER = new Map<string, Target>(ALIASES.flatMap(([k, names]) => names.map((n) => [normHeader(n), k] as [string, Target])));

/** The documented header, for usage texts: English aliases. */
export const ENGLISH_HEADER = ['register_no', ...Object.values(META_COLUMNS).filter((c) => c !== 'state_register_no'), 'licensed_platforms'];

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  invalid: Array<{ line: number; reason: string }>;
  rows: Array<{ line: number; status: UpsertStatus | 'invalid'; filmId?: string; registerNo?: string; reason?: string; protection?: string }>;
  unknownColumns: string[];
  encoding: string;
  delimiter: string;
  dryRun: boolean;
}

export interface ImportOpts {
  actor: string;
  dryRun?: boolean;
  /** a rights holder importing: new films are linked to them; another holder's register numbers are refused */
  rightsHolderId?: string;
}

export class ImportFileError extends Error {}

export async function importFilms(db: Db, bytes: Uint8Array, opts: ImportOpts): Promise<ImportReport> {
  if (bytes.byteLength > IMPORT_MAX_BYTES) throw new ImportFileError(`file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MiB`);
  const { text, encoding } = decodeCsv(bytes);
  const delimiter = detectDelimiter(text);
  const [header, ...records] = parseCsv(text, delimiter);
  if (!header) throw new ImportFileError('the file is empty');
  if (records.length > IMPORT_MAX_ROWS) throw new ImportFileError(`more than ${IMPORT_MAX_ROWS} rows: split the file`);
  const columns = header.fields.map((h) => HEADER.get(normHeader(h)) ?? null);
  const unknownColumns = header.fields.filter((_, i) => columns[i] === null).map((h) => h.trim().slice(0, 100));
  const dup = columns.find((c, i) => c && columns.indexOf(c) !== i);
  if (dup) throw new ImportFileError(`two columns map to ${dup === PLATFORMS ? 'licensed_platforms' : META_COLUMNS[dup]}`);
  if (!columns.includes('stateRegisterNo')) throw new ImportFileError('no register number column (register_no or «Регистрационный номер»): the import is keyed by it');
  const report: ImportReport = { created: 0, updated: 0, unchanged: 0, invalid: [], rows: [], unknownColumns, encoding, delimiter, dryRun: Boolean(opts.dryRun) };
  const fileSha256 = sha256Hex(Buffer.from(bytes));
  const seen = new Map<string, number>();
  const invalid = (line: number, reason: string, registerNo?: string) => {
    report.invalid.push({ line, reason });
    report.rows.push({ line, status: 'invalid', reason, ...(registerNo ? { registerNo } : {}) });
  };
  for (const rec of records) {
    if (rec.fields.every((f) => !f.trim())) continue;
    if (rec.fields.length !== header.fields.length) { invalid(rec.line, `has ${rec.fields.length} fields, the header has ${header.fields.length}`); continue; }
    const raw: Partial<Record<MetaKey, unknown>> = {};
    let platforms: string[] = [];
    columns.forEach((c, i) => {
      if (c === PLATFORMS) platforms = rec.fields[i]!.split('|').map((s) => s.trim()).filter(Boolean);
      else if (c && rec.fields[i]!.trim()) raw[c] = rec.fields[i]; // a blank cell leaves the stored value as it is
    });
    const { meta, errors } = validateFilmMeta(raw);
    if (encoding === 'windows-1251') errors.push(...lostLetters(raw));
    const registerNo = meta.stateRegisterNo ?? undefined;
    if (!registerNo) errors.unshift('register_no: required (the import is keyed by it)');
    for (const p of platforms) {
      try { parseLicensedPlatform(p); } catch (e) { errors.push(`licensed_platforms: ${(e as Error).message}`); }
    }
    if (errors.length) { invalid(rec.line, errors.join('; '), registerNo); continue; }
    if (seen.has(registerNo!)) { invalid(rec.line, `register_no ${registerNo} repeats line ${seen.get(registerNo!)}`, registerNo); continue; }
    seen.set(registerNo!, rec.line);
    try {
      const r = opts.dryRun ? await plan(db, meta, opts) : await upsertFilm(db, meta, {
        actor: opts.actor, userId: opts.rightsHolderId, linkToUser: Boolean(opts.rightsHolderId), onlyOwnFilms: Boolean(opts.rightsHolderId),
        details: { import: fileSha256.slice(0, 16), line: rec.line },
      });
      if (!opts.dryRun && platforms.length && r.filmId) await setLicensedPlatforms(db, { filmId: r.filmId, platforms, actor: opts.actor });
      report[r.status]++;
      report.rows.push({ line: rec.line, status: r.status, registerNo, ...(r.filmId ? { filmId: r.filmId } : {}) });
    } catch (e) {
      if (!(e instanceof FilmConflictError)) throw e;
      invalid(rec.line, (e as Error).message, registerNo);
    }
  }
  if (!opts.dryRun) {
    await appendAudit(db, {
      actor: opts.actor, action: 'film.import',
      details: { sha256: fileSha256, encoding, created: report.created, updated: report.updated, unchanged: report.unchanged, invalid: report.invalid.length, unknownColumns },
    });
  }
  return report;
}

/** Windows-1251 has no Kazakh letters ә ғ қ ң ө ұ ү һ (і it has): an export in it carries '?' in their place. Such a value
 * would be stored wrong, so the row is refused with the way out. */
function lostLetters(raw: Partial<Record<MetaKey, unknown>>): string[] {
  const bad = (Object.keys(raw) as MetaKey[]).filter((k) => /\p{L}\?\p{L}|(?:^|\s)\?\p{L}/u.test(String(raw[k])));
  return bad.map((k) => `${META_COLUMNS[k]}: '?' in place of a letter (Windows-1251 cannot hold the Kazakh letters ә ғ қ ң ө ұ ү һ): export the register as UTF-8`);
}

/** What an import would do with one row, writing nothing. */
async function plan(db: Db, meta: Parameters<typeof upsertFilm>[1], opts: ImportOpts): Promise<{ status: UpsertStatus; filmId?: string }> {
  const existing = await filmByRegisterNo(db, meta.stateRegisterNo!);
  if (!existing) {
    if (!meta.titleKk || !meta.titleRu) throw new FilmConflictError('a new film needs title_kk and title_ru');
    return { status: 'created' };
  }
  if (opts.rightsHolderId && !(await userHoldsFilm(db, opts.rightsHolderId, existing.id))) throw new FilmConflictError(`register number ${existing.stateRegisterNo} is another rights holder's film`);
  return { status: changedFields(existing, meta).length ? 'updated' : 'unchanged', filmId: existing.id };
}
