// Interface text of the investigator's workbench (/review) in Kazakh, Russian and English. The page's script reads it
// from a JSON data block, so one script (one CSP hash) serves every language.
import type { Lang } from './i18n.ts';

const kk = {
  title: 'Тергеушінің жұмыс үстелі', intro: 'Күтудегі сәйкестіктер мен тізілімге ұсыныстар. Әр шешімге себеп жазылады және аудит журналына түседі.',
  keyLabel: 'API кілті', useKey: 'Кіру', forget: 'Шығу', enterKey: 'Кіру үшін API кілтін енгізіңіз.', forgotten: 'Жүйеден шықтыңыз.', signedInAs: 'Кірген маман', badKey: 'Кілт қабылданбады', sessionEnded: 'Сессия аяқталды: қайта кіріңіз. Жазылған себептер жіберілмеді, бірақ сақталды.', loading: 'Жүктелуде…',
  pending: 'Тексеруді күтетін сәйкестіктер (бір маман растайды)', proposals: 'Тізілімге ұсынылған домендер (екі түрлі маман бекітуі керек)', none: 'Жоқ.',
  film: 'Фильм', page: 'Бет', score: 'Сәйкестік дәрежесі', status: 'Күйі', basis: 'Дәлел түрі',
  basis_stream_frames: 'бейне ағынның кадрлары', basis_keypoints: 'бейне ағынның кадрлары, сипатты нүктелер бойынша (ORB, гомография)', pixels: 'Қозғалатын бөліктер', pixelsNote: 'корреляция; 1 — толық сәйкестік, 0.80-ден бастап, қозғалыс оған қайшы келмесе, жүйе өзі шешеді', motion: 'Қозғалыс', motionNote: 'кадрлар арасындағы өзгерістің фильмдегі өзгеріспен корреляциясы; 1 — дәл сол қозғалыс; 0.60-тан бастап, қозғалатын бөліктер 0.60-тан төмен болмаса, жүйе өзі шешеді; 0.30-дан төмен болса, шешпейді', inliers: 'сәйкес нүктелер', mirrored: 'айнадай аударылған', whyReview: 'Неге тексеруде', refused_pinned: 'кадрлар сипатты нүктелер бойынша сәйкес келеді, бірақ жазба тым қысқа: кез келген уақыт ығысуы сәйкес келеді, сондықтан жүйе өзі растамайды', refused_shared: 'кадрлар сипатты нүктелер бойынша сәйкес келеді, бірақ фильмнің суреті басқа тіркелген фильммен ортақ (сол бір декорация), сондықтан жүйе өзі растамайды', refused_still: 'кадрлар сипатты нүктелер бойынша сәйкес келеді, бірақ бәрі фильмнің бір ғана суретін көрсетеді: сол жердің басқа түсірілімі де дәл солай сәйкес келер еді, сондықтан жүйе өзі растамайды', refused_unconfirmed: 'кадрлар сипатты нүктелер бойынша сәйкес келеді, бірақ суреттің қозғалатын бөліктері фильммен сәйкес келмейді: сол декорацияның басқа түсірілімі де нүктелер бойынша дәл солай сәйкес келуі мүмкін, сондықтан жүйе өзі растамайды', basis_poster_only: 'тек постер суреті', basis_metadata_only: 'тек беттің мәліметтері',
  pairs: 'Эталон мен беттегі көшірме (қатар)', reference: 'Эталон', pirate: 'Беттегі көшірме', distance: 'Хэмминг қашықтығы', at: 'уақыты', notStored: 'сурет сақталмаған',
  timeline: 'Кадр сәйкестіктерінің уақыт сызығы', audio: 'Дыбыс жолы', audioYes: 'эталонмен сәйкес келеді', audioNo: 'сәйкестікті растамайды', noAudio: 'Дыбыс салыстырылмаған.',
  screenshot: 'Беттің экран суреті', noScreenshot: 'Экран суреті түсірілмеген.', metadata: 'Беттің мәліметтері', network: 'Желілік деректер', noNetwork: 'Желілік деректер жиналмаған.',
  evidence: 'Дәлел файлдары', download: 'Жүктеп алу', kind: 'Түрі', size: 'Көлемі', decisions: 'Шешімдер', audit: 'Аудит жазбалары', noDecisions: 'Әзірге шешім жоқ.',
  reason: 'Шешімнің себебі (міндетті)', reasonRequired: 'Шешімнің себебін жазыңыз.', approve: 'Растау', reject: 'Қабылдамау', next: 'Келесі',
  shortcuts: 'Пернелер: A — растау, R — қабылдамау, J — келесі, K — алдыңғы (себеп өрісінен тыс).',
  outcome_confirmed: 'Сәйкестік расталды', outcome_rejected: 'Сәйкестік қабылданбады', outcome_active: 'Тізілімге енгізілді', outcome_proposed: 'Бекіту тіркелді; екінші маман керек', outcome_rejected_entry: 'Ұсыныс қабылданбады',
  decidedBy: 'шешім қабылдаған', approvals: 'Бекітулер', stillNeeded: 'Тағы қажет бекітулер саны', twoPerson: 'Екі түрлі маман бекітуі керек; бір адам екі рет бекіте алмайды.',
  cdnWarning: 'Назар аударыңыз: домен CDN немесе ортақ хостинг арқылы қызмет көрсетеді — IP бойынша бұғаттау бөгде сайттарды да жабады.',
  urls: 'Расталған заңсыз беттер', firstSeen: 'Алғаш байқалған', lastSeen: 'Соңғы рет байқалған', hosting: 'Хостинг', asn: 'ASN', registrar: 'Тіркеуші', ips: 'IP-мекенжайлар',
  title_: 'Тақырыбы', year: 'Жылы', ids: 'Сәйкестендіргіштер', views: 'Қаралым', streams: 'Ағындар', posters: 'Постерлер', seq: 'Жазба',
  st_pending_review: 'тексеруді күтуде', st_confirmed: 'расталды', st_rejected: 'қабылданбады', st_dropped: 'алынып тасталды', v_approve: 'бекітті', v_reject: 'қабылдамады', role_investigator: 'мониторинг маманы', role_admin: 'жүйе әкімшісі',
};
type Strings = typeof kk;

const ru: Strings = {
  title: 'Рабочее место следователя', intro: 'Совпадения, ожидающие проверки, и предложения в реестр. Каждое решение требует причины и попадает в журнал аудита.',
  keyLabel: 'API-ключ', useKey: 'Войти', forget: 'Выйти', enterKey: 'Введите API-ключ, чтобы войти.', forgotten: 'Вы вышли.', signedInAs: 'Вы вошли как', badKey: 'Ключ не принят', sessionEnded: 'Сессия закончилась: войдите снова. Написанные причины не отправлены, но сохранены.', loading: 'Загрузка…',
  pending: 'Совпадения на проверке (подтверждает один специалист)', proposals: 'Домены, предложенные в реестр (нужны два разных специалиста)', none: 'Нет.',
  film: 'Фильм', page: 'Страница', score: 'Степень совпадения', status: 'Статус', basis: 'Вид доказательства',
  basis_stream_frames: 'кадры видеопотока', basis_keypoints: 'кадры видеопотока, по характерным точкам (ORB, гомография)', pixels: 'Движущиеся части', pixelsNote: 'корреляция; 1 — полное совпадение, от 0.80 система решает сама, если движение этому не противоречит', motion: 'Движение', motionNote: 'корреляция изменения между кадрами с изменением в фильме; 1 — то же движение; от 0.60 система решает сама, если корреляция движущихся частей не ниже 0.60; ниже 0.30 — не решает', inliers: 'согласованных точек', mirrored: 'зеркально', whyReview: 'Почему на проверке', refused_pinned: 'кадры совпадают по характерным точкам, но запись слишком короткая: с ней согласуется любое смещение, поэтому система не подтверждает сама', refused_shared: 'кадры совпадают по характерным точкам, но изображение фильма общее с другим зарегистрированным фильмом (та же декорация), поэтому система не подтверждает сама', refused_still: 'кадры совпадают по характерным точкам, но все они показывают одну и ту же картинку фильма: другая съёмка того же места совпала бы так же, поэтому система не подтверждает сама', refused_unconfirmed: 'кадры совпадают по характерным точкам, но движущиеся части изображения не совпадают с фильмом: другая съёмка той же декорации могла бы совпасть по точкам так же, поэтому система не подтверждает сама', basis_poster_only: 'только изображение-постер', basis_metadata_only: 'только сведения страницы',
  pairs: 'Эталон и копия со страницы (рядом)', reference: 'Эталон', pirate: 'Копия со страницы', distance: 'Расстояние Хэмминга', at: 'время', notStored: 'изображение не сохранено',
  timeline: 'Шкала совпавших кадров', audio: 'Звуковая дорожка', audioYes: 'совпадает с эталоном', audioNo: 'не подтверждает совпадение', noAudio: 'Звук не сравнивался.',
  screenshot: 'Снимок экрана страницы', noScreenshot: 'Снимок экрана не сделан.', metadata: 'Сведения страницы', network: 'Сетевые сведения', noNetwork: 'Сетевые сведения не собирались.',
  evidence: 'Файлы доказательств', download: 'Скачать', kind: 'Вид', size: 'Размер', decisions: 'Решения', audit: 'Записи аудита', noDecisions: 'Решений пока нет.',
  reason: 'Причина решения (обязательно)', reasonRequired: 'Укажите причину решения.', approve: 'Подтвердить', reject: 'Отклонить', next: 'Следующее',
  shortcuts: 'Клавиши: A — подтвердить, R — отклонить, J — следующее, K — предыдущее (вне поля причины).',
  outcome_confirmed: 'Совпадение подтверждено', outcome_rejected: 'Совпадение отклонено', outcome_active: 'Внесено в реестр', outcome_proposed: 'Одобрение учтено; нужен второй специалист', outcome_rejected_entry: 'Предложение отклонено',
  decidedBy: 'решение принял', approvals: 'Одобрения', stillNeeded: 'Ещё нужно одобрений', twoPerson: 'Нужны два разных специалиста; один человек не может одобрить дважды.',
  cdnWarning: 'Внимание: домен обслуживается через CDN или общий хостинг — блокировка по IP закроет и посторонние сайты.',
  urls: 'Подтверждённых незаконных страниц', firstSeen: 'Впервые замечено', lastSeen: 'Последний раз замечено', hosting: 'Хостинг', asn: 'ASN', registrar: 'Регистратор', ips: 'IP-адреса',
  title_: 'Заголовок', year: 'Год', ids: 'Идентификаторы', views: 'Просмотры', streams: 'Потоки', posters: 'Постеры', seq: 'Запись',
  st_pending_review: 'на проверке', st_confirmed: 'подтверждено', st_rejected: 'отклонено', st_dropped: 'отброшено', v_approve: 'одобрил(а)', v_reject: 'отклонил(а)', role_investigator: 'специалист по мониторингу', role_admin: 'администратор',
};

const en: Strings = {
  title: "Investigator's workbench", intro: 'Matches waiting for review and registry proposals. Every decision needs a reason and goes into the audit trail.',
  keyLabel: 'API key', useKey: 'Sign in', forget: 'Sign out', enterKey: 'Enter an API key to sign in.', forgotten: 'Signed out.', signedInAs: 'Signed in as', badKey: 'The key was not accepted', sessionEnded: 'The session has ended: sign in again. Reasons you typed were not sent, but they are kept.', loading: 'Loading…',
  pending: 'Pending match reviews (one investigator confirms a match)', proposals: 'Proposed registry entries (two different people must approve)', none: 'None.',
  film: 'Film', page: 'Page', score: 'Score', status: 'Status', basis: 'Evidence',
  basis_stream_frames: 'frames of a video stream', basis_keypoints: 'frames of a video stream, by distinctive points (ORB, homography)', pixels: 'Moving parts', pixelsNote: 'correlation; 1 is identical, from 0.80 the system decides on its own unless the movement contradicts it', motion: 'Movement', motionNote: 'correlation of the change between frames with the change in the film; 1 is the same movement; from 0.60 the system decides on its own if the moving parts reach 0.60, under 0.30 it does not', inliers: 'agreeing points', mirrored: 'mirrored', whyReview: 'Why it is in review', refused_pinned: 'the frames match by distinctive points, but the recording is too short: any offset agrees with it, so the system does not confirm it by itself', refused_shared: 'the frames match by distinctive points, but the film shares its picture with another registered film (the same set), so the system does not confirm it by itself', refused_still: 'the frames match by distinctive points, but all of them show one and the same picture of the film: other footage of the same place would match as well, so the system does not confirm it by itself', refused_unconfirmed: 'the frames match by distinctive points, but the moving parts of the picture do not agree with the film: other footage of the same set could match the points as well, so the system does not confirm it by itself', basis_poster_only: 'poster image only', basis_metadata_only: 'page metadata only',
  pairs: 'Reference and copy on the page, side by side', reference: 'Reference', pirate: 'Copy on the page', distance: 'Hamming distance', at: 'time', notStored: 'image not stored',
  timeline: 'Timeline of frame hits', audio: 'Soundtrack', audioYes: 'matches the reference', audioNo: 'does not confirm the match', noAudio: 'Sound not compared.',
  screenshot: 'Screenshot of the page', noScreenshot: 'No screenshot was taken.', metadata: "Page's metadata", network: 'Network facts', noNetwork: 'No network facts were captured.',
  evidence: 'Evidence files', download: 'Download', kind: 'Kind', size: 'Size', decisions: 'Decisions', audit: 'Audit rows', noDecisions: 'No decisions yet.',
  reason: 'Reason for the decision (required)', reasonRequired: 'Write the reason for your decision.', approve: 'Approve', reject: 'Reject', next: 'Next',
  shortcuts: 'Keys: A approve, R reject, J next, K previous (outside the reason field).',
  outcome_confirmed: 'Match confirmed', outcome_rejected: 'Match rejected', outcome_active: 'Entered into the registry', outcome_proposed: 'Approval recorded; a second person is needed', outcome_rejected_entry: 'Proposal rejected',
  decidedBy: 'decided by', approvals: 'Approvals', stillNeeded: 'Approvals still needed', twoPerson: 'Two different people must approve; one person cannot approve twice.',
  cdnWarning: 'Warning: the domain is served through a CDN or shared hosting — blocking by IP would also block unrelated sites.',
  urls: 'Confirmed infringing pages', firstSeen: 'First seen', lastSeen: 'Last seen', hosting: 'Hosting', asn: 'ASN', registrar: 'Registrar', ips: 'IP addresses',
  title_: 'Title', year: 'Year', ids: 'Identifiers', views: 'Views', streams: 'Streams', posters: 'Posters', seq: 'Row',
  st_pending_review: 'pending review', st_confirmed: 'confirmed', st_rejected: 'rejected', st_dropped: 'dropped', v_approve: 'approved', v_reject: 'rejected', role_investigator: 'investigator', role_admin: 'administrator',
};

export const REVIEW_STRINGS: Record<Lang, Strings> = { kk, ru, en };
