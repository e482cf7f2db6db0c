// Interface text of the public pages in Kazakh (default, Cyrillic), Russian and English.
export const LANGS = ['kk', 'ru', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const isLang = (s: unknown): s is Lang => typeof s === 'string' && (LANGS as readonly string[]).includes(s);

export interface Strings {
  langName: string;
  siteTagline: string;
  registryTitle: string;
  registryIntro: string;
  searchLabel: string;
  searchPlaceholder: string;
  searchButton: string;
  colSerial: string;
  colDomain: string;
  colDate: string;
  colFilms: string;
  colReason: string;
  empty: string;
  noResults: (q: string) => string;
  registryVersion: (serial: number, count: number) => string;
  pageOf: (page: number, pages: number) => string;
  pagePrev: string;
  pageNext: string;
  exportsTitle: string;
  exportsIntro: string;
  delistFeed: string;
  aboutTitle: string;
  aboutText: string[];
  appealTitle: string;
  appealText: string[];
  entryTitle: (serial: number) => string;
  entryNotFound: string;
  backToRegistry: string;
  defaultReason: string;
}

const kk: Strings = {
  langName: 'Қазақша',
  siteTagline: 'Ұлттық фильмдерді заңсыз таратудан қорғау жүйесі',
  registryTitle: 'Бұғатталған домендер тізілімі',
  registryIntro:
    'Тізілімде Қазақстанның ұлттық фильмдерін құқық иесінің рұқсатынсыз таратқаны үшін бұғатталған домендер жарияланады. Әр жазбаны екі түрлі маман бір-біріне тәуелсіз тексеріп, бекіткен.',
  searchLabel: 'Тізілімнен іздеу',
  searchPlaceholder: 'Домен немесе фильм атауы',
  searchButton: 'Іздеу',
  colSerial: 'Нөмірі',
  colDomain: 'Домен',
  colDate: 'Енгізілген күні',
  colFilms: 'Фильмдер',
  colReason: 'Негізі',
  empty: 'Тізілімде әзірге белсенді жазба жоқ.',
  noResults: (q) => `«${q}» сұрауы бойынша ештеңе табылмады.`,
  registryVersion: (s, n) => `Тізілім нұсқасы: ${s}. Белсенді жазбалар саны: ${n}.`,
  pageOf: (p, n) => `${n} беттің ${p}-беті`,
  pagePrev: '← Алдыңғы',
  pageNext: 'Келесі →',
  exportsTitle: 'Ашық деректер',
  exportsIntro: 'Провайдерлер мен іздеу жүйелеріне арналған машинаға оқылатын пішімдер:',
  delistFeed: 'іздеу нәтижелерінен алып тастау арнасы',
  aboutTitle: 'Жоба туралы және шағым беру тәртібі',
  aboutText: [
    'Күзет жүйесі ұлттық фильмдердің заңсыз көшірмелерін интернеттен іздеп табады. Сайттағы бейне тіркелген фильммен сәйкес келетіні расталса, сол беттің сілтемесі іздеу жүйелерінен алып тастауға жіберіледі.',
    'Доменді бұғаттау туралы ұсыныс тізілімге тек екі түрлі маман оны бөлек-бөлек бекіткеннен кейін ғана енеді. Мемлекеттік сайттар, іздеу жүйелері және ірі платформалар ешқашан бұғатталмайды: оларға тек нақты бетке қатысты хабарлама жіберіледі.',
  ],
  appealTitle: 'Шағым беру',
  appealText: [
    'Сайтыңыз тізілімге қате енгізілді деп санасаңыз, жазба бетін ашып, «Шағым беру нысаны» арқылы шағым беріңіз: тіркелгі қажет емес, сізге анықтамалық нөмір беріледі.',
    'Шағым белгіленген жұмыс күндері ішінде қаралады; шешім мен оның себебі жазба бетінде жарияланады. Шағым қаралып жатқанда бұғаттау күшінде қалады.',
  ],
  entryTitle: (s) => `Тізілім жазбасы № ${s}`,
  entryNotFound: 'Мұндай белсенді жазба табылмады.',
  backToRegistry: 'Тізілімге оралу',
  defaultReason: 'Авторлық құқықпен қорғалған ұлттық фильмдерді рұқсатсыз тарату',
};

const ru: Strings = {
  langName: 'Русский',
  siteTagline: 'Система защиты национальных фильмов от незаконного распространения',
  registryTitle: 'Реестр заблокированных доменов',
  registryIntro:
    'В реестре публикуются домены, заблокированные за распространение национальных фильмов Казахстана без разрешения правообладателя. Каждую запись независимо друг от друга проверили и утвердили два разных специалиста.',
  searchLabel: 'Поиск по реестру',
  searchPlaceholder: 'Домен или название фильма',
  searchButton: 'Найти',
  colSerial: 'Номер',
  colDomain: 'Домен',
  colDate: 'Дата внесения',
  colFilms: 'Фильмы',
  colReason: 'Основание',
  empty: 'В реестре пока нет действующих записей.',
  noResults: (q) => `По запросу «${q}» ничего не найдено.`,
  registryVersion: (s, n) => `Версия реестра: ${s}. Действующих записей: ${n}.`,
  pageOf: (p, n) => `Страница ${p} из ${n}`,
  pagePrev: '← Назад',
  pageNext: 'Далее →',
  exportsTitle: 'Открытые данные',
  exportsIntro: 'Машиночитаемые форматы для провайдеров и поисковых систем:',
  delistFeed: 'лента исключения из поисковой выдачи',
  aboutTitle: 'О проекте и порядок обжалования',
  aboutText: [
    'Система «Күзет» находит в интернете незаконные копии национальных фильмов. Если совпадение видео на сайте с зарегистрированным фильмом подтверждено, ссылка на страницу направляется поисковым системам для исключения из выдачи.',
    'Предложение заблокировать домен попадает в реестр только после того, как его по отдельности утвердят два разных специалиста. Государственные сайты, поисковые системы и крупные платформы никогда не блокируются: по ним направляются только уведомления о конкретных страницах.',
  ],
  appealTitle: 'Как обжаловать',
  appealText: [
    'Если вы считаете, что ваш сайт внесён в реестр ошибочно, откройте страницу записи и подайте жалобу через «Форму жалобы»: учётная запись не нужна, вы получите номер обращения.',
    'Жалоба рассматривается в установленный срок в рабочих днях; решение и его причина публикуются на странице записи. Пока жалоба рассматривается, блокировка действует.',
  ],
  entryTitle: (s) => `Запись реестра № ${s}`,
  entryNotFound: 'Такая действующая запись не найдена.',
  backToRegistry: 'Вернуться к реестру',
  defaultReason: 'Распространение охраняемых авторским правом национальных фильмов без разрешения',
};

const en: Strings = {
  langName: 'English',
  siteTagline: "Protecting Kazakhstan's national films from unlicensed distribution",
  registryTitle: 'Registry of blocked domains',
  registryIntro:
    "This registry lists the domains blocked for distributing Kazakhstan's national films without the rights holder's permission. Every entry was checked and approved independently by two different reviewers.",
  searchLabel: 'Search the registry',
  searchPlaceholder: 'Domain or film title',
  searchButton: 'Search',
  colSerial: 'No.',
  colDomain: 'Domain',
  colDate: 'Added on',
  colFilms: 'Films',
  colReason: 'Grounds',
  empty: 'The registry has no active entries yet.',
  noResults: (q) => `Nothing found for “${q}”.`,
  registryVersion: (s, n) => `Registry version: ${s}. Active entries: ${n}.`,
  pageOf: (p, n) => `Page ${p} of ${n}`,
  pagePrev: '← Previous',
  pageNext: 'Next →',
  exportsTitle: 'Open data',
  exportsIntro: 'Machine-readable formats for network operators and search engines:',
  delistFeed: 'search delisting feed',
  aboutTitle: 'About and how to appeal',
  aboutText: [
    'Kuzet finds unlicensed copies of national films on the internet. When a video on a site is confirmed to match a registered film, the page URL is sent to search engines for delisting.',
    'A proposal to block a domain enters the registry only after two different reviewers approve it separately. State sites, search engines and major platforms are never blocked: they receive notices about specific pages only.',
  ],
  appealTitle: 'How to appeal',
  appealText: [
    'If you believe your site was listed by mistake, open its entry page and use the appeal form: no account is needed, and you get a reference number.',
    'Appeals are decided within the stated number of working days; the decision and its reason are published on the entry page. While an appeal is open, the block stays in force.',
  ],
  entryTitle: (s) => `Registry entry No. ${s}`,
  entryNotFound: 'No such active entry.',
  backToRegistry: 'Back to the registry',
  defaultReason: 'Unlicensed distribution of national films protected by copyright',
};

export const STRINGS: Record<Lang, Strings> = { kk, ru, en };
