// Interface text of the rights holders' portal (/portal) in kk/ru/en; the script reads it from a JSON data block.
import type { Lang } from './i18n.ts';

export const PORTAL_STRINGS: Record<Lang, Record<string, string>> = {
  kk: {
    title: 'Құқық иелерінің порталы', intro: 'Фильмдеріңізді тіркеңіз және олардың қорғалуын бақылаңыз. API кілтіңізбен кіріңіз: кілт тек осы беттің жадында сақталады.',
    keyLabel: 'API кілті', signIn: 'Кіру', signOut: 'Шығу', signedIn: 'Кірдіңіз', badKey: 'Кілт қабылданбады', myFilms: 'Менің фильмдерім',
    noFilms: 'Әзірге фильм жоқ', film: 'Фильм', registerNo: 'Тізілім нөмірі', protection: 'Қорғау', matches: 'Сәйкестіктер', registry: 'Тізілім',
    delist: 'Іздеуден алу', packets: 'Пакеттер', pVideo: 'бейне + метадеректер', pPoster: 'тек метадеректер мен постер', pMeta: 'тек метадеректер (бейне жоқ)',
    confirmed: 'расталған', pending: 'тексеруде', importTitle: 'Мемлекеттік фильмдер тізілімінен импорт (CSV)', importHelp: 'UTF-8 немесе Windows-1251, «;» немесе «,» бөлгіш.',
    dryRun: 'Тек тексеру (ештеңе жазылмайды)', importBtn: 'Импорттау', created: 'құрылды', updated: 'жаңартылды', unchanged: 'өзгеріссіз', invalid: 'қате', line: 'жол',
    unknownColumns: 'Белгісіз бағандар (еленбеді)', searchLabel: 'Атауы бойынша іздеу (кез келген жазу)', search: 'Іздеу', noResults: 'Ештеңе табылмады',
  },
  ru: {
    title: 'Портал правообладателей', intro: 'Регистрируйте фильмы и следите за их защитой. Войдите с API-ключом: ключ хранится только в памяти этой страницы.',
    keyLabel: 'API-ключ', signIn: 'Войти', signOut: 'Выйти', signedIn: 'Вы вошли', badKey: 'Ключ не принят', myFilms: 'Мои фильмы',
    noFilms: 'Фильмов пока нет', film: 'Фильм', registerNo: 'Номер в реестре', protection: 'Защита', matches: 'Совпадения', registry: 'Реестр',
    delist: 'Удаление из поиска', packets: 'Пакеты', pVideo: 'видео + метаданные', pPoster: 'только метаданные и постер', pMeta: 'только метаданные (нет видео)',
    confirmed: 'подтверждено', pending: 'на проверке', importTitle: 'Импорт из Государственного реестра фильмов (CSV)', importHelp: 'UTF-8 или Windows-1251, разделитель «;» или «,».',
    dryRun: 'Только проверить (ничего не записывать)', importBtn: 'Импортировать', created: 'создано', updated: 'обновлено', unchanged: 'без изменений', invalid: 'ошибки', line: 'строка',
    unknownColumns: 'Неизвестные столбцы (пропущены)', searchLabel: 'Поиск по названию (любая письменность)', search: 'Найти', noResults: 'Ничего не найдено',
  },
  en: {
    title: 'Rights holders’ portal', intro: 'Register your films and follow their protection. Sign in with your API key: it is kept in this page’s memory only.',
    keyLabel: 'API key', signIn: 'Sign in', signOut: 'Sign out', signedIn: 'Signed in', badKey: 'The key was not accepted', myFilms: 'My films',
    noFilms: 'No films yet', film: 'Film', registerNo: 'Register no.', protection: 'Protection', matches: 'Matches', registry: 'Registry',
    delist: 'Delisting', packets: 'Packets', pVideo: 'video + metadata', pPoster: 'metadata and poster only', pMeta: 'metadata only (no video)',
    confirmed: 'confirmed', pending: 'in review', importTitle: 'Import from the State Film Register (CSV)', importHelp: 'UTF-8 or Windows-1251, “;” or “,” separated.',
    dryRun: 'Check only (write nothing)', importBtn: 'Import', created: 'created', updated: 'updated', unchanged: 'unchanged', invalid: 'invalid', line: 'line',
    unknownColumns: 'Unknown columns (ignored)', searchLabel: 'Search by title (any script)', search: 'Search', noResults: 'Nothing found',
  },
};
