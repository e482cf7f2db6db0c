// Kazakh and Russian titles across scripts (issue 11). kazakhLatin: Cyrillic Kazakh → the 2021 Latin alphabet
// (Ä Ğ I/ı İ/i J Q Ñ Ö Ş Ç Ū Ü Y; approved 28 Jan 2021). titleSkeleton: one folded form that Cyrillic Kazakh, Latin
// Kazakh (2021 and the older 2017/2018 apostrophe and acute versions), Russian and the common Latin
// transliterations of both ("dala uni", "golos stepi", "kyz zhibek", "qyz jibek") all reduce to, so a search compares
// like with like. Other scripts fall back to the `transliteration` package.
import { transliterate } from 'transliteration';

/** Kazakh Cyrillic → Latin, 2021 alphabet. Russian-only letters get their usual Kazakh Latin spelling. */
const KK_LATIN: Record<string, string> = {
  а: 'a', ә: 'ä', б: 'b', в: 'v', г: 'g', ғ: 'ğ', д: 'd', е: 'e', ё: 'io', ж: 'j', з: 'z', и: 'i', й: 'i', к: 'k', қ: 'q',
  л: 'l', м: 'm', н: 'n', ң: 'ñ', о: 'o', ө: 'ö', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ұ: 'ū', ү: 'ü', ф: 'f', х: 'h',
  һ: 'h', ц: 'ts', ч: 'ç', ш: 'ş', щ: 'şş', ъ: '', ы: 'y', і: 'ı', ь: '', э: 'e', ю: 'iu', я: 'ia',
};

/** Cyrillic Kazakh as written in the 2021 Latin alphabet, keeping capitals (і → I/ı, и → İ/i). */
export function kazakhLatin(s: string): string {
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    const t = KK_LATIN[lower];
    if (t === undefined) { out += ch; continue; }
    if (lower === ch || !t) { out += t; continue; }
    out += lower === 'і' ? 'I' : lower === 'и' || lower === 'й' ? 'İ' : t[0]!.toUpperCase() + t.slice(1);
  }
  return out;
}

/** Cyrillic → Latin for the skeleton: Kazakh letters as above, Russian letters as Russian transliteration writes them. */
const CYR_FOLD: Record<string, string> = { ...KK_LATIN, ж: 'zh', й: 'i', х: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ю: 'iu', я: 'ia', ё: 'e', э: 'e' };

/** Latin spellings folded to one form; applied in order after Cyrillic is spelled out. */
const LATIN_FOLD: Array<[RegExp, string]> = [
  [/[äáàâ]|a['’]/g, 'a'], [/[öóò]|o['’]/g, 'o'], [/[üúùūûý]|u['’]/g, 'u'], [/[ıíìîï]|i['’]/g, 'i'], [/[éèêë]/g, 'e'],
  [/ğ|g['’]/g, 'g'], [/ñ|n['’]/g, 'n'], [/[şš]|s['’]/g, 'sh'], [/[çč]|c['’]/g, 'ch'], [/ž/g, 'zh'], [/['’`ʼ]/g, ''],
  [/shch/g, 'sh'], [/kh/g, 'h'], [/zh/g, 'j'], [/q/g, 'k'], [/x/g, 'h'], [/w/g, 'v'], [/c(?!h)/g, 'k'], [/ts/g, 'c'],
  [/y/g, 'i'], [/\bie/g, 'e'], [/([a-z])\1+/g, '$1'],
];

/** The search skeleton of a title: lower case, scripts folded (see the header), punctuation gone, words kept. */
export function titleSkeleton(raw: string): string {
  let s = raw.normalize('NFC').toLowerCase().replace(/\u0307/g, ''); // 'İ'.toLowerCase() is i + combining dot
  let spelled = '';
  for (const ch of s) spelled += CYR_FOLD[ch] ?? ch;
  s = spelled;
  s = s.replace(/[^\p{L}\p{N}\s'’`ʼ-]/gu, ' ');
  if (/[^\u0000-\u024f\s]/.test(s)) s = transliterate(s).toLowerCase();
  for (const [re, to] of LATIN_FOLD) s = s.replace(re, to);
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
}
