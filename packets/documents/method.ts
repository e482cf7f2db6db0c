// How the infringement was identified, said from what the evidence is (CaseData.basis): frames of a video stream,
// a poster image only, or page metadata only, with the soundtrack only when it was compared. A poster-only case
// never speaks of video frames; a metadata-only case never of a picture comparison. And the annex: the screenshot
// and the side-by-side sheet of reference and pirate pictures with their Hamming distances (or, when local features
// decided, their agreeing keypoints) and times.
import type { CaseData } from '../case.ts';
import { confirmedBy, hms, utc } from './common.ts';
import type { Lang } from './labels.ts';

const range = (c: CaseData, of: 'distance' | 'inliers' = 'distance') => {
  const d = c.basis.frames.map((f) => f[of]).filter((x): x is number => x != null);
  return d.length ? { min: Math.min(...d), max: Math.max(...d) } : null;
};

function confirmation(c: CaseData, lang: Lang): string {
  const at = utc(c.detection.decided_at);
  if (!c.investigator) {
    return { kk: 'Сәйкестік белгіленген шек бойынша автоматты түрде расталды.', ru: 'Совпадение подтверждено автоматически по установленному порогу.', en: 'The match was confirmed automatically at the set threshold.' }[lang];
  }
  const who = confirmedBy(c, lang);
  return { kk: `Сәйкестікті маман тексеріп, растады: ${who}, ${at}.`, ru: `Совпадение проверено и подтверждено специалистом: ${who}, ${at}.`, en: `The match was checked and confirmed by ${who} at ${at}.` }[lang];
}

/** The pixel check of a local-features match or lead (it runs on every group whose master could be read): what was
 * compared, and the number — a median over frames each at its best moment, or a mean at one offset for all of them
 * (with each frame registered again at its moment there, when the refined pass gave the scores). */
function pixelSentence(c: CaseData, lang: Lang): string {
  if (c.basis.pixels == null) return '';
  const p = c.basis.pixels.toFixed(2), o = c.basis.checks_offset_s;
  if (o != null) {
    const off = `${o >= 0 ? '+' : '−'} ${Math.abs(o).toFixed(1)}`;
    if (c.basis.checks_refined) return ' ' + {
      kk: `Суреттің қозғалатын бөліктері де салыстырылды: сәйкес келген әр кадр эталонмен сол түрлендіру арқылы беттестіріліп, содан кейін барлық кадрлар үшін бірдей уақыт ығысуы беретін сәттегі (фильм уақыты = жазба уақыты ${off} с) эталон кадрымен нақтыланып беттестірілді де, фильмде өзгеретін аймақтарда сол сәттен 0.1 секундтан алыс емес эталон кадрларымен және олардың көрші екеуінің орташасымен блок-блок бойынша салыстырылды; корреляцияның орташа мәні ${p} (1 — толық сәйкестік).`,
      ru: `Сопоставлены и движущиеся части изображения: каждый совпавший кадр, совмещённый с эталоном тем же преобразованием и затем уточнённо совмещённый с кадром эталона в момент, который даёт одно и то же для всех кадров смещение (время фильма = время записи ${off} с), сравнен поблочно с кадрами эталона не дальше 0.1 с от этого момента и со средним двух соседних из них, в тех областях, которые в фильме меняются; средняя корреляция ${p} (1 — полное совпадение).`,
      en: `The moving parts of the picture were compared as well: each matched frame, aligned with the reference by that transformation and then aligned more precisely with the reference frame at the moment one and the same offset gives for every frame (film time = recording time ${off} s), was compared block by block with the reference frames within 0.1 s of that moment and with the mean of two adjacent ones, in the areas that change in the film; the mean correlation is ${p} (1 means identical).`,
    }[lang];
    return ' ' + {
      kk: `Суреттің қозғалатын бөліктері де салыстырылды: сәйкес келген әр кадр эталонмен сол түрлендіру арқылы беттестіріліп, фильмде өзгеретін аймақтарда барлық кадрлар үшін бірдей уақыт ығысуы беретін сәттен (фильм уақыты = жазба уақыты ${off} с) 0.1 секундтан алыс емес эталон кадрларымен блок-блок бойынша салыстырылды; корреляцияның орташа мәні ${p} (1 — толық сәйкестік).`,
      ru: `Сопоставлены и движущиеся части изображения: каждый совпавший кадр, совмещённый с эталоном тем же преобразованием, сравнен поблочно с кадрами эталона не дальше 0.1 с от момента, который даёт одно и то же для всех кадров смещение (время фильма = время записи ${off} с), в тех областях, которые в фильме меняются; средняя корреляция ${p} (1 — полное совпадение).`,
      en: `The moving parts of the picture were compared as well: each matched frame, aligned with the reference by that transformation, was compared block by block with the reference frames within 0.1 s of the moment one and the same offset gives for every frame (film time = recording time ${off} s), in the areas that change in the film; the mean correlation is ${p} (1 means identical).`,
    }[lang];
  }
  return ' ' + {
    kk: `Суреттің қозғалатын бөліктері де салыстырылды: сәйкес келген әр кадр эталонмен сол түрлендіру арқылы беттестіріліп, фильмде өзгеретін аймақтарда эталонның сол сәтке жақын кадрларымен блок-блок бойынша салыстырылды; корреляцияның медианасы ${p} (1 — толық сәйкестік).`,
    ru: `Сопоставлены и движущиеся части изображения: каждый совпавший кадр, совмещённый с эталоном тем же преобразованием, сравнен поблочно с кадрами эталона около того же момента в тех областях, которые в фильме меняются; медианная корреляция ${p} (1 — полное совпадение).`,
    en: `The moving parts of the picture were compared as well: each matched frame, aligned with the reference by that transformation, was compared block by block with the reference frames around the same moment, in the areas that change in the film; the median correlation is ${p} (1 means identical).`,
  }[lang];
}

/** The motion check beside it: what was compared, and the number (a mean at the pixel check's offset, when it had one). */
function motionSentence(c: CaseData, lang: Lang): string {
  if (c.basis.motion == null) return '';
  const m = c.basis.motion.toFixed(2);
  if (c.basis.checks_offset_s != null) return ' ' + {
    kk: `Қозғалыс та салыстырылды: бір секундтан аспайтын аралықпен сәйкес келген екі кадр арасындағы өзгеріс (екі кадр да бір түрлендірумен беттестірілген) эталонның сол уақыт ығысуындағы сол аралықтағы өзгерісімен блок-блок бойынша салыстырылды; корреляцияның орташа мәні ${m} (1 — қозғалыс толық сәйкес).`,
    ru: `Сопоставлено и движение: изменение между двумя совпавшими кадрами, отстоящими не более чем на секунду (оба совмещены с эталоном одним преобразованием), сравнено поблочно с изменением эталона за тот же промежуток при том же смещении; средняя корреляция ${m} (1 — движение полностью совпадает).`,
    en: `The movement was compared as well: the change between two matched frames at most a second apart (both aligned with the reference by one transformation) was compared block by block with the change in the reference over the same interval at the same offset; the mean correlation is ${m} (1 means the same movement).`,
  }[lang];
  return ' ' + {
    kk: `Қозғалыс та салыстырылды: бір секундтан аспайтын аралықпен сәйкес келген екі кадр арасындағы өзгеріс (екі кадр да бір түрлендірумен беттестірілген) эталонның сол аралықтағы өзгерісімен блок-блок бойынша салыстырылды; корреляцияның медианасы ${m} (1 — қозғалыс толық сәйкес).`,
    ru: `Сопоставлено и движение: изменение между двумя совпавшими кадрами, отстоящими не более чем на секунду (оба совмещены с эталоном одним преобразованием), сравнено поблочно с изменением эталона за тот же промежуток; медианная корреляция ${m} (1 — движение полностью совпадает).`,
    en: `The movement was compared as well: the change between two matched frames at most a second apart (both aligned with the reference by one transformation) was compared block by block with the change in the reference over the same interval; the median correlation is ${m} (1 means the same movement).`,
  }[lang];
}

function audioSentence(c: CaseData, lang: Lang): string {
  const a = c.basis.audio;
  if (!a) return '';
  const ber = a.ber.toFixed(3);
  if (a.confirmed) return ' ' + { kk: `Сонымен қатар беттегі бейнежазбаның дыбыс жолы эталонның дыбыс жолымен (Chromaprint) салыстырылып, сол уақыт ығысуында сәйкес келді (сәйкес келмеген биттер үлесі ${ber}).`, ru: `Дополнительно звуковая дорожка видео сопоставлена со звуковой дорожкой эталона (Chromaprint) и совпала с ней при том же смещении (доля несовпадающих битов ${ber}).`, en: `In addition, the soundtrack was compared with the reference soundtrack (Chromaprint) and matched at the same offset (bit error rate ${ber}).` }[lang];
  return ' ' + { kk: `Дыбыс жолы да салыстырылды, бірақ ол сәйкестікті растамады (сәйкес келмеген биттер үлесі ${ber}).`, ru: `Звуковая дорожка также сопоставлялась, но совпадение не подтвердила (доля несовпадающих битов ${ber}).`, en: `The soundtrack was compared as well but did not confirm the match (bit error rate ${ber}).` }[lang];
}

/** The opening every method paragraph shares: who found the page and what its robot saved (`end` closes the sentence). */
function opening(lang: Lang, saved: Record<Lang, string>, end = '.'): string {
  return {
    kk: `Бұзушылықты «Күзет» (Kuzet) автоматтандырылған мониторинг жүйесі анықтады. Жүйенің іздеу роботы ${saved.kk} сақтады${end}`,
    ru: `Нарушение выявлено автоматизированной системой мониторинга «Күзет» (Kuzet). Поисковый робот системы сохранил ${saved.ru}${end}`,
    en: `The page was found by the Kuzet monitoring system, which saved ${saved.en}${end}`,
  }[lang];
}
const STREAM = { kk: 'бетті және онда орналастырылған бейне ағынның мекенжайын', ru: 'страницу и адрес размещённого на ней видеопотока', en: 'the page and the address of the video stream on it' };
const POSTER = { kk: 'бетті және онда орналастырылған постер суретін (мұқабасын)', ru: 'страницу и размещённое на ней изображение-постер (обложку)', en: 'the page and the poster (cover) image on it' };
const PAGE = { kk: 'бетті', ru: 'страницу', en: 'the page' };

export function methodParagraph(c: CaseData, lang: Lang): string {
  const r = range(c);
  const n = c.detection.matched_frames;
  let text: string;
  if (c.basis.kind === 'stream_frames' && c.basis.method === 'keypoints') {
    const k = range(c, 'inliers');
    const pts = k ? { kk: ` Бір кадрдағы осындай нүктелер саны: ${k.min}-ден ${k.max}-ге дейін.`, ru: ` Таких точек на кадр — от ${k.min} до ${k.max}.`, en: ` Such points per frame: ${k.min} to ${k.max}.` }[lang] : '';
    text = {
      kk: `${opening(lang, STREAM)} Бейне ағыннан кадрлар алынып, әр кадрдың сипатты нүктелері (ORB) фильмнің эталондық көшірмесі кадрларының сипатты нүктелерімен салыстырылды. Сәйкес келген кадрлардың әрқайсысында сәйкес нүктелердің орналасуы суреттің бір геометриялық түрлендіруімен (гомография) түсіндіріледі — экранды бұрыштан камерамен түсіргенде, суретті қиып алғанда, бұрғанда, айнадай аударғанда немесе кадрдың бір бұрышына кішірейтіп орналастырғанда сурет осылай өзгереді; ал кадрлардың өзі фильмнің бір уақыт ығысуына сәйкес келеді. Сәйкес келген кадрлар саны: ${n}.${pts} Кадр жұптары қосымшада келтірілген.`,
      ru: `${opening(lang, STREAM)} Из видеопотока извлечены кадры; характерные точки каждого кадра (ORB) сопоставлены с характерными точками кадров эталонной копии фильма. На каждом совпавшем кадре расположение сопоставленных точек объясняется одним геометрическим преобразованием изображения (гомографией) — так изображение меняется при съёмке экрана камерой под углом, обрезке, повороте, зеркальном отражении или уменьшении в угол кадра, — а сами кадры согласуются с одним смещением относительно фильма. Совпавших кадров: ${n}.${pts} Пары кадров приведены в приложении.`,
      en: `${opening(lang, STREAM)} Frames were taken from the stream, and the distinctive points of each frame (ORB keypoints) were compared with those of frames of the film's reference copy. In each matched frame the positions of the corresponding points are explained by one geometric transformation of the picture (a homography) — how a picture changes when a screen is filmed at an angle, or the picture is cropped, rotated, mirrored or shrunk into a corner of the frame — and the frames agree on one offset into the film. Matched frames: ${n}.${pts} The frame pairs are in the annex.`,
    }[lang] + pixelSentence(c, lang) + motionSentence(c, lang) + audioSentence(c, lang);
  } else if (c.basis.kind === 'stream_frames') {
    const dist = r ? { kk: ` Сәйкес келген кадрлар арасындағы Хэмминг қашықтығы 256 биттің ішінде ең азы ${r.min}, ең көбі ${r.max} бит (сан неғұрлым аз болса, суреттер соғұрлым ұқсас).`, ru: ` Расстояние Хэмминга между совпавшими кадрами — от ${r.min} до ${r.max} бит из 256 (чем меньше, тем ближе изображения).`, en: ` The Hamming distance between matched frames is ${r.min} to ${r.max} bits of 256 (smaller is closer).` }[lang] : '';
    text = {
      kk: `${opening(lang, STREAM)} Бейне ағыннан кадрлар алынып, олардың перцептивті хэштері (PDQ, 256 бит) фильмнің эталондық көшірмесі кадрларының хэштерімен салыстырылды. Сәйкес келген кадрлар саны: ${n}.${dist} Кадр жұптары қосымшада келтірілген.`,
      ru: `${opening(lang, STREAM)} Из видеопотока извлечены кадры; их перцептивные хеш-суммы (PDQ, 256 бит) сопоставлены с хеш-суммами кадров эталонной копии фильма. Совпавших кадров: ${n}.${dist} Пары кадров приведены в приложении.`,
      en: `${opening(lang, STREAM)} Frames were taken from the stream and their perceptual hashes (PDQ, 256 bits) compared with the hashes of frames of the film's reference copy. Matched frames: ${n}.${dist} The frame pairs are in the annex.`,
    }[lang] + audioSentence(c, lang);
  } else if (c.basis.kind === 'poster_only') {
    const d = c.basis.frames[0]?.distance;
    const dist = d != null ? { kk: ` Хэмминг қашықтығы: 256 биттің ${d} биті.`, ru: ` Расстояние Хэмминга — ${d} бит из 256.`, en: ` Hamming distance: ${d} bits of 256.` }[lang] : '';
    text = {
      kk: `${opening(lang, POSTER)} Бұл суреттің перцептивті хэші (PDQ, 256 бит) фильмнің эталондық суреттерінің хэштерімен салыстырылды.${dist} Постердің сәйкес келуі беттің дәл осы фильмді ұсынатынын көрсетеді; беттегі бейнежазбаның өзін жүйе салыстырған жоқ.`,
      ru: `${opening(lang, POSTER)} Перцептивная хеш-сумма этого изображения (PDQ, 256 бит) сопоставлена с хеш-суммами эталонных изображений фильма.${dist} Совпадение постера показывает, что страница предлагает именно этот фильм; само видео на странице системой не сравнивалось.`,
      en: `${opening(lang, POSTER)} The perceptual hash of that image (PDQ, 256 bits) was compared with the hashes of the film's reference images.${dist} The matching poster shows that the page offers this film; the video on the page itself was not compared by the system.`,
    }[lang];
  } else {
    const NAMES: Record<string, { kk: string; ru: string; en: string }> = {
      kinopoisk_id: { kk: 'Кинопоисктегі сәйкестендіргіші', ru: 'идентификатор Кинопоиска', en: 'the Kinopoisk id' },
      imdb_id: { kk: 'IMDb сәйкестендіргіші', ru: 'идентификатор IMDb', en: 'the IMDb id' },
      title_year: { kk: 'атауы мен шыққан жылы', ru: 'название и год выпуска', en: 'the title and year' },
    };
    const fired = c.basis.metadata.map((x) => NAMES[x]![lang]);
    const what = fired.length ? fired.join(', ') : { kk: 'атауы, шыққан жылы, фильм каталогтарындағы сәйкестендіргіштері', ru: 'название, год выпуска, идентификаторы в каталогах фильмов', en: 'title, year, film catalogue identifiers' }[lang];
    text = {
      kk: `${opening(lang, PAGE, ';')} фильммен сәйкестік беттің өзіндегі мәліметтер бойынша анықталды (${what}). Суреттерді немесе бейнені салыстыру сәйкестікті анықтаған жоқ.`,
      ru: `${opening(lang, PAGE, ';')} совпадение с фильмом установлено по сведениям самой страницы (${what}). Сравнение изображений или видео совпадения не установило.`,
      en: `${opening(lang, PAGE, ';')} the film was identified from the page's own data (${what}). No picture or video comparison established the match.`,
    }[lang];
  }
  return `${text} ${confirmation(c, lang)}`;
}

/** The annex: the screenshot, then reference and pirate pictures side by side (image rows the PDF renderer draws). */
export function annex(c: CaseData, lang: Lang): string {
  const s = c.sheet;
  const out: string[] = [];
  const T = {
    kk: { shot: 'Беттің экран суреті', noShot: 'Беттің экран суреті түсірілмеген.', frames: 'Эталон мен беттегі бейненің кадрлары (қатар)', poster: 'Эталондық сурет пен беттегі постер (қатар)', ref: 'эталон', copy: 'беттегі көшірме', missing: 'сурет сақталмаған' },
    ru: { shot: 'Снимок экрана страницы', noShot: 'Снимок экрана страницы не сделан.', frames: 'Кадры эталона и видео со страницы (рядом)', poster: 'Эталонное изображение и постер со страницы (рядом)', ref: 'эталон', copy: 'копия со страницы', missing: 'изображение не сохранено' },
    en: { shot: 'Screenshot of the page', noShot: 'No screenshot of the page was taken.', frames: 'Reference and pirate frames side by side', poster: 'Reference image and the poster from the page side by side', ref: 'reference', copy: 'copy on the page', missing: 'image not stored' },
  }[lang];
  const head = { kk: 'ҚОСЫМША: суреттер', ru: 'ПРИЛОЖЕНИЕ: изображения', en: 'ANNEX: images' }[lang];
  out.push('---', '', `# ${head}`, '', `## ${T.shot}`, '', s?.screenshot ? `![${T.shot}](../${s.screenshot})` : T.noShot, '');
  if (c.basis.kind === 'metadata_only' || !s?.pairs.length) return out.join('\n');
  const D = lang === 'kk' ? 'Хэмминг қашықтығы' : lang === 'ru' ? 'расстояние Хэмминга' : 'Hamming distance';
  const P = lang === 'kk' ? 'сәйкес нүктелер' : lang === 'ru' ? 'согласованных точек' : 'agreeing points';
  const M = lang === 'kk' ? 'көшірме айнадай аударылған' : lang === 'ru' ? 'копия зеркально отражена' : 'the copy is mirrored';
  out.push(`## ${c.basis.kind === 'stream_frames' ? T.frames : T.poster}`, '');
  for (const p of s.pairs) {
    const refCap = `${T.ref}${p.ref_t != null && c.basis.kind === 'stream_frames' ? ` ${hms(p.ref_t)}` : ''}`;
    const how = p.distance != null ? `; ${D} ${p.distance}/256` : p.inliers != null ? `; ${P} ${p.inliers}${p.mirrored ? ` (${M})` : ''}` : '';
    const copyCap = `${T.copy}${p.t != null ? ` ${hms(p.t)}` : ''}${how}`;
    out.push(`| ![${refCap}](${p.ref ? `../${p.ref}` : T.missing}) | ![${copyCap}](${p.pirate ? `../${p.pirate}` : T.missing}) |`);
  }
  return out.join('\n');
}
