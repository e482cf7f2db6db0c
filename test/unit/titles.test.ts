// Titles across scripts (issue 11): the Kazakh 2021 Latin alphabet, one skeleton for Cyrillic Kazakh, Latin Kazakh
// (2021 and the older apostrophe/acute versions), Russian and common transliterations; similarity with small typos
// found and unrelated titles kept out.
import { describe, expect, it } from 'vitest';
import { editDistance, skeletonScore, titleScore, trigramDice, MIN_TITLE_SCORE } from '../../titles/similarity.ts';
import { kazakhLatin, titleSkeleton } from '../../titles/transliterate.ts';

describe('kazakhLatin (2021 alphabet)', () => {
  it('writes every Kazakh letter, keeping capitals', () => {
    expect(kazakhLatin('Қазақстан')).toBe('Qazaqstan');
    expect(kazakhLatin('Қыз Жібек')).toBe('Qyz Jıbek');
    expect(kazakhLatin('Әнші Ғалым Іңкәр Өнер Ұлы Үміт Шоқан Чапаев Һ Иманғали')).toBe('Änşı Ğalym Iñkär Öner Ūly Ümıt Şoqan Çapaev H İmanğali');
    expect(kazakhLatin('Жаужүрек мың бала')).toBe('Jaujürek myñ bala');
    expect(kazakhLatin('abc 123')).toBe('abc 123');
  });
});

describe('titleSkeleton', () => {
  const same = (...xs: string[]) => {
    const sk = xs.map(titleSkeleton);
    expect(new Set(sk).size, `${xs.join(' | ')} → ${sk.join(' | ')}`).toBe(1);
  };
  it('folds Cyrillic Kazakh, Latin Kazakh, Russian and transliterations to one form', () => {
    same('Дала үні', 'dala uni', 'Dala ünı', "Dala u'ni", 'DALA UNI');
    same('Голос степи', 'golos stepi', 'Golos Stepi!');
    same('Қыз Жібек', 'Qyz Jıbek', 'Kyz Zhibek', 'Kiz Jibek', 'Кыз Жибек', "Qyz Ji'bek");
    same('Жаужүрек мың бала', 'Jaujürek myñ bala', 'Zhauzhurek myn bala', "Jauju'rek myn' bala");
    same('Көшпенділер', 'Köşpendıler', 'Koshpendiler', "Ko'shpendiler", 'Kóshpendiler');
    same('Ахмет. Ұлт ұстазы', 'Ahmet — Ūlt ūstazy', 'Akhmet: ult ustazy');
    same('Ирина', 'İrina', 'Irina');
    same('Ерлан', 'Yerlan', 'Erlan');
    same('Цвет', 'Tsvet');
  });
  it('keeps unrelated titles apart and handles other scripts and junk', () => {
    expect(titleSkeleton('Томирис')).not.toBe(titleSkeleton('Бауыр'));
    expect(titleSkeleton('東京')).toMatch(/^[a-z ]+$/);
    expect(titleSkeleton('  <script>alert(1)</script> ')).toBe('skript alert 1 skript');
    expect(titleSkeleton('')).toBe('');
  });
});

describe('similarity', () => {
  const film = ['Дала үні', 'Голос степи', 'Voice of the Steppe'];
  it('finds a film by any script, a part of its title and small typos', () => {
    for (const q of ['dala uni', 'golos stepi', 'голос степи', 'Дала үні', 'Dala ünı']) expect(titleScore(q, film), q).toBe(1);
    for (const q of ['golos stepj', 'dala unni', 'voice of the step', 'stepi', 'голос']) expect(titleScore(q, film), q).toBeGreaterThanOrEqual(MIN_TITLE_SCORE);
    expect(titleScore('kyz jibeck', ['Қыз Жібек'])).toBeGreaterThanOrEqual(MIN_TITLE_SCORE);
    expect(titleScore('tomirs', ['Томирис'])).toBeGreaterThanOrEqual(MIN_TITLE_SCORE);
  });
  it('keeps unrelated titles under the threshold', () => {
    for (const q of ['xyz', 'kyz jibek', 'томирис', 'nomad', 'брат', 'shal']) expect(titleScore(q, film), q).toBeLessThan(MIN_TITLE_SCORE);
    expect(titleScore('dal', ['Шал'])).toBeLessThan(MIN_TITLE_SCORE); // 3-letter words must be exact
  });
  it('ranks the exact title above a part of it', () => {
    expect(skeletonScore('dala uni', 'dala uni')).toBeGreaterThan(skeletonScore('dala', 'dala uni'));
    expect(trigramDice('abc', 'abc')).toBe(1);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
  });
});
