// Field labels of the documents in Kazakh, Russian and English. Kazakh is written as an official document in Kazakh,
// not a translation of field names: the same facts, the same order.
export type Lang = 'kk' | 'ru' | 'en';

export interface Labels {
  film: [string, string, string, string, string, string, string, string, string, string, string, string];
  page: [string, string, string, string, string, string];
  exposure: { urls: string; domainFirst: string; domainLast: string; views: string; subscribers: string };
  detection: { detected: string; confirmed: string; score: string; frames: string; offset: string; streamUrl: string; posterUrl: string; matchId: string; distance: string; seconds: string; auto: string };
  audio: { label: string; yes: (ber: string, off: string) => string; no: (ber: string) => string };
  evidence: Record<string, string>;
  captured: string; from: string; none: string;
  network: { ips: string; asn: string; tls: string; registrar: string; hosting: string; cdn: string; none: string; dataDate: string };
  roles: Record<string, string>;
}

export const LABELS: Record<Lang, Labels> = {
  kk: {
    film: ['Фильмнің қазақша атауы', 'Фильмнің орысша атауы', 'Фильмнің ағылшынша атауы', 'Шыққан жылы', 'Фильмдердің мемлекеттік тіркеліміндегі нөмірі', 'Прокаттық куәлік', 'Прокаттық куәліктің берілген күні', 'Ұлттық фильм куәлігі', 'Кинопоисктегі сәйкестендіргіші', 'IMDb сәйкестендіргіші', 'Құқық иесі', 'Құқық иесінің БСН-і'],
    page: ['Беттің мекенжайы (URL)', 'Домендік атау', 'Дереккөз сайт немесе арна', 'Беттің тақырыбы', 'Алғаш анықталған уақыты', 'Соңғы рет анықталған уақыты'],
    exposure: { urls: 'Осы доменде расталған заңсыз беттер саны', domainFirst: 'Доменде бұзушылық алғаш байқалған уақыт', domainLast: 'Доменде бұзушылық соңғы рет байқалған уақыт', views: 'Қаралым саны (дереккөз көрсеткендей)', subscribers: 'Жазылушылар саны (дереккөз көрсеткендей)' },
    detection: { detected: 'Сәйкестік анықталған уақыт', confirmed: 'Сәйкестік расталған уақыт', score: 'Сәйкестік дәрежесі (0–1)', frames: 'Сәйкес келген кадрлар саны', offset: 'Эталонға қатысты уақыт ығысуы', streamUrl: 'Бейне ағынның мекенжайы', posterUrl: 'Постер суретінің мекенжайы', matchId: 'Сәйкестіктің сәйкестендіргіші', distance: 'Хэмминг қашықтығы', seconds: 'с', auto: 'автоматты түрде' },
    audio: { label: 'Дыбыс жолы (Chromaprint)', yes: (b, o) => `эталонмен сәйкес келеді: сәйкес келмеген биттер үлесі ${b}, ығысу ${o} с`, no: (b) => `сәйкестікті растамайды (сәйкес келмеген биттер үлесі ${b})` },
    evidence: { page_html: 'беттің HTML коды', stream_manifest: 'бейне ағынның плейлисі', frame: 'беттегі бейнеден алынған кадр', poster: 'беттегі постер суреті', screenshot: 'беттің экран суреті', http_log: 'HTTP алмасу журналы', wacz: 'беттің веб-мұрағаты (WACZ)', warc: 'HTTP алмасу жазбалары (WARC)', network_facts: 'желілік деректер (IP, ASN, TLS, RDAP)' },
    captured: 'алынған уақыты', from: 'дереккөзі', none: '- (дәлел файлдары жоқ)',
    network: { ips: 'IP-мекенжайлар', asn: 'Автономды жүйе (ASN), ел', tls: 'TLS сертификаты', registrar: 'Домен тіркеушісі (RDAP)', hosting: 'Хостинг-провайдер (RDAP)', cdn: 'CDN', none: 'Желілік деректер жиналмаған: IP-мекенжай, хостинг және тіркеуші анықталмаған.', dataDate: 'дерекқор күні' },
    roles: { investigator: 'мониторинг маманы', admin: 'жүйе әкімшісі', supervisor: 'бақылаушы маман' },
  },
  ru: {
    film: ['Название на казахском языке', 'Название на русском языке', 'Название на английском языке', 'Год выпуска', 'Номер в Государственном регистре фильмов', 'Прокатное удостоверение', 'Дата выдачи прокатного удостоверения', 'Удостоверение национального фильма', 'Идентификатор Кинопоиска', 'Идентификатор IMDb', 'Правообладатель', 'БИН правообладателя'],
    page: ['Адрес страницы (URL)', 'Доменное имя', 'Сайт / канал-источник', 'Заголовок страницы', 'Впервые обнаружено', 'Последний раз обнаружено'],
    exposure: { urls: 'Подтверждённых незаконных страниц на этом домене', domainFirst: 'Нарушение на домене впервые замечено', domainLast: 'Нарушение на домене последний раз замечено', views: 'Просмотров (по данным источника)', subscribers: 'Подписчиков (по данным источника)' },
    detection: { detected: 'Время обнаружения совпадения', confirmed: 'Время подтверждения', score: 'Степень совпадения (0–1)', frames: 'Совпавших кадров', offset: 'Смещение относительно эталона', streamUrl: 'Адрес видеопотока', posterUrl: 'Адрес изображения-постера', matchId: 'Идентификатор совпадения', distance: 'Расстояние Хэмминга', seconds: 'с', auto: 'автоматически' },
    audio: { label: 'Звуковая дорожка (Chromaprint)', yes: (b, o) => `совпадает с эталоном: доля несовпадающих битов ${b}, смещение ${o} с`, no: (b) => `не подтверждает совпадение (доля несовпадающих битов ${b})` },
    evidence: { page_html: 'HTML-код страницы', stream_manifest: 'манифест видеопотока', frame: 'кадр видео со страницы', poster: 'изображение-постер со страницы', screenshot: 'снимок экрана страницы', http_log: 'журнал HTTP-обмена', wacz: 'веб-архив страницы (WACZ)', warc: 'записи HTTP-обмена (WARC)', network_facts: 'сетевые сведения (IP, ASN, TLS, RDAP)' },
    captured: 'получен', from: 'источник', none: '- (файлы доказательств отсутствуют)',
    network: { ips: 'IP-адреса', asn: 'Автономная система (ASN), страна', tls: 'TLS-сертификат', registrar: 'Регистратор домена (RDAP)', hosting: 'Хостинг-провайдер (RDAP)', cdn: 'CDN', none: 'Сетевые сведения не собирались: IP-адрес, хостинг и регистратор не установлены.', dataDate: 'дата базы' },
    roles: { investigator: 'специалист по мониторингу', admin: 'администратор системы', supervisor: 'контролёр' },
  },
  en: {
    film: ['Title (Kazakh)', 'Title (Russian)', 'Title (English)', 'Year', 'State Film Register no.', 'Distribution certificate', 'Distribution certificate date', 'National film certificate', 'Kinopoisk id', 'IMDb id', 'Rights holder', 'Rights holder BIN'],
    page: ['Page address (URL)', 'Domain name', 'Source site / channel', 'Page title', 'First seen', 'Last seen'],
    exposure: { urls: 'Confirmed infringing pages on this domain', domainFirst: 'Infringement on the domain first seen', domainLast: 'Infringement on the domain last seen', views: 'Views (as the source shows)', subscribers: 'Subscribers (as the source shows)' },
    detection: { detected: 'Match detected at', confirmed: 'Confirmed at', score: 'Match score (0–1)', frames: 'Matched frames', offset: 'Offset against the reference', streamUrl: 'Video stream address', posterUrl: 'Poster image address', matchId: 'Match id', distance: 'Hamming distance', seconds: 's', auto: 'automatically' },
    audio: { label: 'Soundtrack (Chromaprint)', yes: (b, o) => `matches the reference: bit error rate ${b}, offset ${o} s`, no: (b) => `does not confirm the match (bit error rate ${b})` },
    evidence: { page_html: 'page HTML', stream_manifest: 'stream manifest', frame: 'video frame from the page', poster: 'poster image from the page', screenshot: 'screenshot of the page', http_log: 'HTTP log', wacz: 'web archive of the page (WACZ)', warc: 'HTTP exchange records (WARC)', network_facts: 'network facts (IP, ASN, TLS, RDAP)' },
    captured: 'captured', from: 'from', none: '- (no evidence files)',
    network: { ips: 'IP addresses', asn: 'Autonomous system (ASN), country', tls: 'TLS certificate', registrar: 'Domain registrar (RDAP)', hosting: 'Hosting provider (RDAP)', cdn: 'CDN', none: 'No network facts were captured: IP address, hosting and registrar not established.', dataDate: 'database date' },
    roles: { investigator: 'monitoring investigator', admin: 'system administrator', supervisor: 'supervisor' },
  },
};
