// Title data validation (issue 11): EIDR's ISO 7064 Mod 37,36 check character against published EIDR ids, the
// Kazakhstan BIN check digit against published BINs, IMDb/Kinopoisk ids, register dates, and the shared validator.
import { describe, expect, it } from 'vitest';
import { binCheckDigit, mod37_36, parseBin, parseDate, parseEidr, parseImdb, parseKinopoisk } from '../../films/identifiers.ts';
import { altTitleList, cleanText, validateFilmMeta } from '../../films/meta.ts';

// real EIDR content ids (schema.org's titleEIDR/editEIDR examples and others published with EIDR tooling)
const REAL_EIDRS = [
  '10.5240/7EC7-228A-510A-053E-CBB8-J', '10.5240/1F2A-E1C5-680A-14C6-E76B-I', '10.5240/8A35-3BEE-6497-5D12-9E4F-3',
  '10.5240/B752-5B47-DBBE-E5D4-5A3F-N', '10.5240/0196-4177-FF62-A346-D0F6-Z', '10.5240/7791-8534-2C23-9030-8610-5',
  '10.5240/DF48-AB62-4486-C185-9E1B-4',
];

describe('EIDR', () => {
  it('accepts published ids (digit and letter check characters) and normalises case and prefixes', () => {
    for (const id of REAL_EIDRS) expect(parseEidr(id)).toEqual({ value: id });
    expect(parseEidr(' eidr:10.5240/7ec7-228a-510a-053e-cbb8-j ')).toEqual({ value: REAL_EIDRS[0] });
    expect(parseEidr('https://doi.org/10.5240/7791-8534-2C23-9030-8610-5')).toEqual({ value: REAL_EIDRS[5] });
  });
  it('rejects a wrong check character, a transposition, a changed digit and bad shapes', () => {
    expect(parseEidr('10.5240/7EC7-228A-510A-053E-CBB8-K')).toEqual({ error: 'EIDR check character is K, expected J' });
    expect(parseEidr('10.5240/7CE7-228A-510A-053E-CBB8-J')).toHaveProperty('error'); // transposed
    expect(parseEidr('10.5240/7EC7-228A-510A-053E-CBB9-J')).toHaveProperty('error');
    expect(parseEidr('10.5240/7EC7-228A-510A-053E-CBB8')).toHaveProperty('error');
    expect(parseEidr('10.5237/9DD9-E249')).toHaveProperty('error'); // party id, not a content id
  });
  it('mod37_36 starts its register at 36 (a start at 1 would reject every real id)', () => {
    expect(mod37_36('7EC7228A510A053ECBB8')).toBe('J');
    expect(() => mod37_36('12-3')).toThrow(/alphanumeric/);
  });
});

describe('BIN', () => {
  it('accepts published BINs (with spaces) and computes their check digit', () => {
    expect(parseBin('940140000385')).toEqual({ value: '940140000385' });
    expect(parseBin('990 140 004 654')).toEqual({ value: '990140004654' });
    expect(binCheckDigit('94014000038')).toBe(5);
  });
  it('rejects a changed digit, a wrong length and letters', () => {
    expect(parseBin('940140000386')).toEqual({ error: 'BIN check digit does not match' });
    expect(parseBin('940140000835')).toHaveProperty('error');
    expect(parseBin('94014000038')).toEqual({ error: 'BIN must be 12 digits' });
    expect(parseBin('94014000038X')).toHaveProperty('error');
  });
});

describe('ids and dates', () => {
  it('IMDb tt + 7..10 digits, Kinopoisk positive integers', () => {
    expect(parseImdb('TT0073629')).toEqual({ value: 'tt0073629' });
    expect(parseImdb('tt123456')).toHaveProperty('error');
    expect(parseImdb('0073629')).toHaveProperty('error');
    expect(parseKinopoisk('435')).toEqual({ value: 435 });
    expect(parseKinopoisk('0')).toHaveProperty('error');
    expect(parseKinopoisk('-4')).toHaveProperty('error');
    expect(parseKinopoisk('1e3')).toHaveProperty('error');
  });
  it('dates as ISO or the register\'s DD.MM.YYYY, real days only', () => {
    expect(parseDate('2023-03-01')).toEqual({ value: '2023-03-01' });
    expect(parseDate('01.03.2023')).toEqual({ value: '2023-03-01' });
    expect(parseDate('29.02.2024')).toEqual({ value: '2024-02-29' });
    expect(parseDate('29.02.2023')).toEqual({ error: 'date 2023-02-29 does not exist' });
    expect(parseDate('2023-13-01')).toHaveProperty('error');
    expect(parseDate('03/01/2023')).toHaveProperty('error');
  });
});

describe('validateFilmMeta', () => {
  it('validates every field, names the bad ones, and turns blanks into null', () => {
    const { meta, errors } = validateFilmMeta({
      titleKk: '  Дала  үні ', titleRu: 'Голос степи', altTitles: 'Dala uni | Dala ýni|Dala uni', year: '2021', durationMin: '94',
      eidr: REAL_EIDRS[0], rightsHolderBin: '940140000385', rightsFrom: '01.01.2022', rightsTo: '2030-12-31', genre: '', imdbId: 'tt1234567',
    }, { requireTitles: true });
    expect(errors).toEqual([]);
    expect(meta).toEqual({
      titleKk: 'Дала үні', titleRu: 'Голос степи', altTitles: ['Dala uni', 'Dala ýni'], year: 2021, durationMin: 94,
      eidr: REAL_EIDRS[0], rightsHolderBin: '940140000385', rightsFrom: '2022-01-01', rightsTo: '2030-12-31', genre: null, imdbId: 'tt1234567',
    });
  });
  it('reports all errors at once', () => {
    const { errors } = validateFilmMeta({ titleKk: 'x', year: '1700', eidr: '10.5240/7EC7-228A-510A-053E-CBB8-K', rightsHolderBin: '123', rightsFrom: '2030-01-01', rightsTo: '2020-01-01', durationMin: '-3' }, { requireTitles: true });
    expect(errors).toEqual([
      expect.stringMatching(/^year: /), expect.stringMatching(/^duration_min: /), expect.stringMatching(/^eidr: .*expected J/),
      expect.stringMatching(/^rights_holder_bin: /), 'title_ru: required', 'rights_to: before rights_from',
    ]);
  });
  it('keeps formula-looking text as text and strips control characters', () => {
    expect(validateFilmMeta({ genre: '=HYPERLINK("http://x")', rightsHolder: 'A\u0000B\u202eC' }).meta).toEqual({ genre: '=HYPERLINK("http://x")', rightsHolder: 'A B C' });
    expect(cleanText('a\r\n\tb')).toBe('a b');
    expect(altTitleList(['a|b', 'b', ' '])).toEqual(['a', 'b']);
  });
  it('an update may not clear a title', () => {
    expect(validateFilmMeta({ titleKk: ' ' }).errors).toEqual(['title_kk: cannot be cleared']);
  });
});
