// A film's title data (issue 11): the fields, and one validator every way in shares (kuzet films add, the register
// import, the portal). Input values are strings as typed or exported (numbers accepted too); blank means absent.
import { parseBin, parseDate, parseEidr, parseImdb, parseKinopoisk } from './identifiers.ts';

export interface FilmMeta {
  titleKk?: string;
  titleRu?: string;
  titleEn?: string | null;
  originalTitle?: string | null;
  altTitles?: string[];
  year?: number | null;
  genre?: string | null;
  durationMin?: number | null;
  stateRegisterNo?: string | null;
  distributionCertificate?: string | null;
  distributionCertificateDate?: string | null;
  nationalFilmCertificate?: string | null;
  eidr?: string | null;
  kinopoiskId?: number | null;
  imdbId?: string | null;
  rightsHolder?: string | null;
  rightsHolderBin?: string | null;
  territory?: string | null;
  rightsFrom?: string | null;
  rightsTo?: string | null;
  noticeContact?: string | null;
}

export type MetaKey = keyof FilmMeta;

/** Every field with its column in `films` (the import's English header names are these columns, register_no aside). */
export const META_COLUMNS: Record<MetaKey, string> = {
  titleKk: 'title_kk', titleRu: 'title_ru', titleEn: 'title_en', originalTitle: 'original_title', altTitles: 'alt_titles',
  year: 'year', genre: 'genre', durationMin: 'duration_min', stateRegisterNo: 'state_register_no',
  distributionCertificate: 'distribution_certificate', distributionCertificateDate: 'distribution_certificate_date',
  nationalFilmCertificate: 'national_film_certificate', eidr: 'eidr', kinopoiskId: 'kinopoisk_id', imdbId: 'imdb_id',
  rightsHolder: 'rights_holder', rightsHolderBin: 'rights_holder_bin', territory: 'territory', rightsFrom: 'rights_from',
  rightsTo: 'rights_to', noticeContact: 'notice_contact',
};
export const META_KEYS = Object.keys(META_COLUMNS) as MetaKey[];

export const MAX_TEXT = 500;
export const MAX_ALT_TITLES = 30;

/** Trims, drops control characters, collapses whitespace. Values starting with = + - @ stay as typed: they are text
 * here, and every CSV export neutralises them (registry/exports.ts csvCell). */
export function cleanText(v: unknown): string {
  return String(v ?? '').replace(/[\u0000-\u001f\u007f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, ' ').replace(/\s+/g, ' ').trim();
}

function intIn(raw: string, lo: number, hi: number, what: string): { value: number } | { error: string } {
  const n = Number(raw);
  return /^[0-9]+$/.test(raw) && n >= lo && n <= hi ? { value: n } : { error: `${what} must be a whole number from ${lo} to ${hi}` };
}

const PARSERS: Partial<Record<MetaKey, (s: string) => { value: string | number } | { error: string }>> = {
  year: (s) => intIn(s, 1890, new Date().getUTCFullYear() + 10, 'year'),
  durationMin: (s) => intIn(s, 1, 10000, 'duration (minutes)'),
  distributionCertificateDate: parseDate, rightsFrom: parseDate, rightsTo: parseDate,
  eidr: parseEidr, kinopoiskId: parseKinopoisk, imdbId: parseImdb, rightsHolderBin: parseBin,
};

/** Splits alternative titles given as one `|`-separated string or as a list; dedupes, caps each. */
export function altTitleList(v: unknown): string[] {
  const parts = Array.isArray(v) ? v.flatMap((x) => String(x ?? '').split('|')) : String(v ?? '').split('|');
  const out: string[] = [];
  for (const p of parts) {
    const t = cleanText(p).slice(0, MAX_TEXT);
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/** Validates the given fields only (a key not in `raw` stays absent; a blank value becomes null, i.e. "clear").
 * `requireTitles`: a new film needs title_kk and title_ru. Errors are sentences naming the field. */
export function validateFilmMeta(raw: Partial<Record<MetaKey, unknown>>, opts: { requireTitles?: boolean } = {}): { meta: FilmMeta; errors: string[] } {
  const meta: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const key of META_KEYS) {
    if (!(key in raw) || raw[key] === undefined) continue;
    if (key === 'altTitles') {
      const list = altTitleList(raw[key]);
      if (list.length > MAX_ALT_TITLES) errors.push(`${META_COLUMNS[key]}: at most ${MAX_ALT_TITLES} alternative titles`);
      meta[key] = list.slice(0, MAX_ALT_TITLES);
      continue;
    }
    const s = cleanText(raw[key]);
    if (!s) { meta[key] = null; continue; }
    if (s.length > MAX_TEXT) { errors.push(`${META_COLUMNS[key]}: longer than ${MAX_TEXT} characters`); continue; }
    const parse = PARSERS[key];
    if (!parse) { meta[key] = s; continue; }
    const r = parse(s);
    if ('error' in r) errors.push(`${META_COLUMNS[key]}: ${r.error}`);
    else meta[key] = r.value;
  }
  const m = meta as FilmMeta;
  if (opts.requireTitles) {
    if (!m.titleKk) errors.push('title_kk: required');
    if (!m.titleRu) errors.push('title_ru: required');
  } else {
    if ('titleKk' in m && !m.titleKk) errors.push('title_kk: cannot be cleared');
    if ('titleRu' in m && !m.titleRu) errors.push('title_ru: cannot be cleared');
  }
  if (m.rightsFrom && m.rightsTo && m.rightsFrom > m.rightsTo) errors.push('rights_to: before rights_from');
  return { meta: m, errors };
}
