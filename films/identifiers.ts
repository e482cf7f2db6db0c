// Identifier checks for a film's title data: EIDR (ISO 7064 Mod 37,36 check character), Kazakhstan BIN (weighted
// mod 11 check digit), IMDb and Kinopoisk ids, and calendar dates as the register writes them.

const BASE36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** ISO/IEC 7064 Mod 37,36 (hybrid) check character of an alphanumeric payload. EIDR computes it over the 20 hex
 * digits of the suffix, without the "10.5240/" prefix and the hyphens. The register starts at M (36), not 1. */
export function mod37_36(payload: string): string {
  let p = 36;
  for (const ch of payload.toUpperCase()) {
    const a = BASE36.indexOf(ch);
    if (a < 0) throw new Error(`character ${JSON.stringify(ch)} is not alphanumeric`);
    const s = (p + a) % 36 || 36;
    p = (2 * s) % 37;
  }
  return BASE36[(37 - p) % 36]!;
}

const EIDR_RE = /^10\.5240\/([0-9A-F]{4}(?:-[0-9A-F]{4}){4})-([0-9A-Z])$/;

/** The canonical EIDR content id (upper case), or an error sentence. Accepts an "eidr:" or doi.org prefix. */
export function parseEidr(raw: string): { value: string } | { error: string } {
  const s = raw.trim().toUpperCase().replace(/^EIDR:\s*/, '').replace(/^HTTPS?:\/\/(?:DX\.)?DOI\.ORG\//, '');
  const m = EIDR_RE.exec(s);
  if (!m) return { error: 'EIDR must look like 10.5240/XXXX-XXXX-XXXX-XXXX-XXXX-C' };
  const expected = mod37_36(m[1]!.replace(/-/g, ''));
  if (expected !== m[2]) return { error: `EIDR check character is ${m[2]}, expected ${expected}` };
  return { value: s };
}

/** Kazakhstan BIN/IIN check digit (Government decree 565 of 2003): weights 1..11 mod 11; when that gives 10, weights
 * 3..11,1,2 mod 11; a second 10 means the number cannot be valid. Confirmed on published BINs 940140000385, 990140004654. */
export function binCheckDigit(first11: string): number | null {
  const d = [...first11].map(Number);
  const sum = (w: (i: number) => number) => d.reduce((a, x, i) => a + x * w(i), 0) % 11;
  let c = sum((i) => i + 1);
  if (c === 10) c = sum((i) => ((i + 2) % 11) + 1);
  return c === 10 ? null : c;
}

export function parseBin(raw: string): { value: string } | { error: string } {
  const s = raw.replace(/[\s-]/g, '');
  if (!/^[0-9]{12}$/.test(s)) return { error: 'BIN must be 12 digits' };
  const c = binCheckDigit(s.slice(0, 11));
  if (c === null || c !== Number(s[11])) return { error: 'BIN check digit does not match' };
  return { value: s };
}

export function parseImdb(raw: string): { value: string } | { error: string } {
  const s = raw.trim().toLowerCase();
  return /^tt[0-9]{7,10}$/.test(s) ? { value: s } : { error: 'IMDb id must look like tt1234567' };
}

export function parseKinopoisk(raw: string | number): { value: number } | { error: string } {
  const s = String(raw).trim();
  const n = Number(s);
  return /^[0-9]{1,10}$/.test(s) && n > 0 ? { value: n } : { error: 'Kinopoisk id must be a positive integer' };
}

/** ISO 'YYYY-MM-DD' from 'YYYY-MM-DD' or the register's 'DD.MM.YYYY'; a real calendar day only. */
export function parseDate(raw: string): { value: string } | { error: string } {
  const s = raw.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s) ?? /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(s);
  if (!m) return { error: `date ${JSON.stringify(s.slice(0, 40))} must be YYYY-MM-DD or DD.MM.YYYY` };
  const [y, mo, d] = m[1]!.length === 4 ? [m[1]!, m[2]!, m[3]!] : [m[3]!, m[2]!, m[1]!];
  const iso = `${y}-${mo}-${d}`;
  const dt = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(dt.getTime()) || dt.toISOString().slice(0, 10) !== iso || Number(y) < 1890) return { error: `date ${iso} does not exist` };
  return { value: iso };
}
