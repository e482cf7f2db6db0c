// Release-title parsing: "Русское / Второе / Original Title [S01] (2013) HDRip | Group" → ru, original, year.

const CYRILLIC = /[\u0400-\u04FF]/;
const LATIN = /[A-Za-z]/;

export interface ParsedTitle {
  ru: string | null;
  original: string | null;
  year: string | null;
}

export function findYear(s: string | null | undefined): string | null {
  const m = /(?:^|[^\d])((?:19[0-9]|20[0-4])\d)(?!\d)/.exec(s ?? '');
  return m?.[1] ?? null;
}

export function parseReleaseTitle(raw: string | null | undefined): ParsedTitle {
  const s = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (!s) return { ru: null, original: null, year: null };
  const yearM = /[([]\s*((?:19|20)\d{2})\b/.exec(s);
  let head = s.split(/\s*\|\s*/)[0]!;
  const cut = head.search(/\s[([]|\s+»|\s+-\s+(?:смотреть|скачать)/i);
  if (cut > 0) head = head.slice(0, cut);
  const parts = head.split(/\s+\/\s+/).map((p) => p.trim()).filter(Boolean);
  const ru = parts.filter((p) => CYRILLIC.test(p));
  const orig = parts.filter((p) => !CYRILLIC.test(p) && LATIN.test(p));
  return { ru: ru.length ? ru.join(' / ') : null, original: orig[0] ?? null, year: yearM?.[1] ?? null };
}

/** "Title (Original)" as written under a Russian title on many sites. */
export function parenthesised(s: string | null | undefined): string | null {
  const m = /\(([^()]*[A-Za-z][^()]*)\)/.exec(s ?? '');
  return m?.[1]?.trim() || null;
}
