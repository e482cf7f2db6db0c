// Interface text of the entry page, the appeal form and the appeal status page in Kazakh, Russian and English.
import type { Lang } from './i18n.ts';

export interface LifecycleStrings {
  status: string;
  statuses: Record<string, string>;
  legalBasis: string;
  authority: string;
  listedOn: string;
  verifiedOn: string;
  expiresOn: string;
  liftedOn: string;
  expiredOn: string;
  urls: string;
  urlCount: (n: number) => string;
  notInForce: string;
  underAppealNote: string;
  history: string;
  colVersion: string;
  colDate: string;
  colChange: string;
  colBy: string;
  colReason: string;
  changes: Record<string, string>;
  roles: Record<string, string>;
  appeals: string;
  appealRoute: (days: number) => string[];
  fileAppeal: string;
  noAppeals: string;
  colFiled: string;
  colDue: string;
  colDecision: string;
  appealStatuses: Record<string, string>;
  overdue: string;
  formTitle: (serial: number, domain: string) => string;
  formIntro: (days: number) => string;
  contact: string;
  contactHint: string;
  grounds: string;
  groundsHint: string;
  evidence: string;
  evidenceHint: (mb: string) => string;
  privacy: string;
  submit: string;
  statusTitle: (ref: string) => string;
  keepRef: string;
  entryLink: (serial: number) => string;
  dueText: (days: number) => string;
  decision: string;
  pending: string;
  errorTitle: string;
  errors: Record<string, string>;
  back: string;
  /** the system's own reasons (stored in English) as this language says them */
  systemReasons: Record<string, string>;
  stillServed: (n: number) => string;
}

const kk: LifecycleStrings = {
  status: 'Мәртебесі',
  statuses: { active: 'Күшінде', under_appeal: 'Шағым қаралуда (бұғаттау күшінде)', lifted: 'Алынып тасталды', expired: 'Мерзімі өтті' },
  legalBasis: 'Құқықтық негізі',
  authority: 'Шешім қабылдаған орган',
  listedOn: 'Тізілімге енгізілді',
  verifiedOn: 'Соңғы тексеру',
  expiresOn: 'Қайта тексерілмесе, мерзімі өтеді',
  liftedOn: 'Алынып тасталған күні',
  expiredOn: 'Мерзімі өткен күні',
  urls: 'Заң бұзылған беттер',
  urlCount: (n) => `${n} бет (мекенжайлары іздеу жүйелері мен провайдерлерге өз арналары арқылы беріледі)`,
  notInForce: 'Бұл жазба енді күшінде емес: ол экспорттар мен арналардан алынды, бірақ тарихымен бірге көрінеді.',
  underAppealNote: 'Бұл жазбаға шағым берілді. Шағым қаралып жатқанда домен тізілім экспорттары мен арналарында қала береді.',
  history: 'Нұсқалар тарихы',
  colVersion: 'Нұсқа',
  colDate: 'Күні',
  colChange: 'Өзгеріс',
  colBy: 'Кім',
  colReason: 'Себебі',
  changes: {
    proposed: 'Ұсынылды', activated: 'Күшіне енді', rejected: 'Қабылданбады', film_added: 'Фильм қосылды', appealed: 'Шағым берілді',
    appeal_upheld: 'Шағым қанағаттандырылмады, жазба күшінде қалды', lift_proposed: 'Қайта тексеру: алып тастау ұсынылды', renewed: 'Қайта тексерілді, мерзімі ұзартылды',
    lifted: 'Алынып тасталды', expired: 'Мерзімі өтті', migrated: 'Бастапқы күйі',
  },
  roles: { system: 'жүйе', investigator: 'тергеуші', admin: 'әкімші', supervisor: 'бақылаушы', public: 'өтініш беруші' },
  appeals: 'Шағым беру',
  appealRoute: (d) => [
    'Сайтыңыз тізілімге қате енгізілді деп санасаңыз, төмендегі нысан арқылы шағым беріңіз: тіркелгі қажет емес.',
    `Шағым ${d} жұмыс күні ішінде қаралады. Шешім мен оның себебі осы бетте жарияланады.`,
  ],
  fileAppeal: 'Шағым беру нысаны',
  noAppeals: 'Бұл жазбаға шағым берілмеген.',
  colFiled: 'Берілген күні',
  colDue: 'Қарау мерзімі',
  colDecision: 'Шешім',
  appealStatuses: { open: 'Қаралуда', upheld: 'Жазба күшінде қалды', lifted: 'Жазба алынып тасталды', closed: 'Жабылды (жазба күшін жойды)' },
  overdue: 'мерзімі өтіп кетті',
  formTitle: (s, d) => `№ ${s} жазбаға (${d}) шағым`,
  formIntro: (d) => `Шағымды бақылаушы ${d} жұмыс күні ішінде қарайды. Сізге анықтамалық нөмір беріледі: ол арқылы шағымның күйін көре аласыз.`,
  contact: 'Байланыс (e-mail немесе телефон)',
  contactHint: 'Тек бақылаушы көреді; жарияланбайды.',
  grounds: 'Шағымның негіздері',
  groundsHint: 'Кемінде 20 таңба. Мысалы: сайт фильмді таратуға лицензиясы бар, немесе бет жойылған.',
  evidence: 'Дәлел файлы (міндетті емес)',
  evidenceHint: (mb) => `PDF, PNG, JPEG немесе мәтін, ${mb} МБ-қа дейін.`,
  privacy: 'Байланыс деректеріңіз бен шағым мәтіні жарияланбайды; жазба бетінде тек шешім мен оның себебі көрсетіледі.',
  submit: 'Шағымды жіберу',
  statusTitle: (r) => `Шағым ${r}`,
  keepRef: 'Осы анықтамалық нөмірді сақтаңыз: бұл бетке тек ол арқылы кіруге болады.',
  entryLink: (s) => `№ ${s} тізілім жазбасы`,
  dueText: (d) => `Шешім ${d} жұмыс күні ішінде қабылдануға тиіс.`,
  decision: 'Шешім',
  pending: 'Шешім әлі қабылданған жоқ.',
  errorTitle: 'Шағым қабылданбады',
  errors: {
    bad_contact: 'Байланыс деректерін көрсетіңіз (200 таңбаға дейін).', bad_grounds: 'Шағым негіздері 20–5000 таңба болуы керек.',
    file_too_large: 'Файл тым үлкен.', file_type: 'Файл PDF, PNG, JPEG немесе мәтін болуы керек.',
    too_many_appeals: 'Бір мекенжайдан тәулігіне берілетін шағымдар саны шектеулі. Ертең қайталап көріңіз.',
    too_many_open_appeals: 'Бұл жазбаға қаралмаған шағымдар тым көп. Біреуі шешілгенде қайталап көріңіз.',
    not_listed: 'Бұл жазба күшінде емес: шағым беруге негіз жоқ.', not_found: 'Мұндай жазба жоқ.', rejected: 'Нысан қабылданбады.',
    rate_limited: 'Тым көп сұраныс. Кейінірек қайталап көріңіз.', bad_request: 'Нысан дұрыс толтырылмаған.',
  },
  back: 'Артқа',
  systemReasons: {
    'confirmed match': 'Сәйкестік расталды',
    'confirmed match of another film': 'Басқа фильмнің сәйкестігі расталды',
    'approved by two different reviewers': 'Екі түрлі маман бекітті',
    'rejected by a reviewer': 'Маман қабылдамады',
    'an appeal was filed': 'Шағым берілді',
    'not re-verified before its expiry date': 'Мерзімі біткенге дейін қайта тексерілмеді',
    'a new confirmed match since the last verification': 'Соңғы тексеруден кейін жаңа сәйкестік расталды',
    'every infringing page is gone (not found or no longer reachable)': 'Заң бұзылған беттердің бәрі жойылған (табылмайды немесе қолжетімсіз)',
    'the pages changed and no longer match a registered film': 'Беттер өзгерген, енді тіркелген фильммен сәйкес келмейді',
    'state before entry versions were recorded': 'Нұсқалар жазыла бастағанға дейінгі күйі',
  },
  stillServed: (n) => `Заң бұзылған ${n} бет әлі өзгеріссіз көрсетіліп тұр`,
};

const ru: LifecycleStrings = {
  status: 'Статус',
  statuses: { active: 'Действует', under_appeal: 'Обжалуется (блокировка действует)', lifted: 'Снята', expired: 'Истёк срок' },
  legalBasis: 'Правовое основание',
  authority: 'Принявший решение орган',
  listedOn: 'Внесена в реестр',
  verifiedOn: 'Последняя проверка',
  expiresOn: 'Истекает, если не будет перепроверена',
  liftedOn: 'Дата снятия',
  expiredOn: 'Дата истечения',
  urls: 'Страницы с нарушениями',
  urlCount: (n) => `${n} стр. (адреса передаются поисковым системам и операторам связи в их лентах)`,
  notInForce: 'Запись больше не действует: она исключена из выгрузок и лент, но остаётся видимой вместе с историей.',
  underAppealNote: 'На запись подана жалоба. Пока она рассматривается, домен остаётся в выгрузках и лентах реестра.',
  history: 'История версий',
  colVersion: 'Версия',
  colDate: 'Дата',
  colChange: 'Изменение',
  colBy: 'Кем',
  colReason: 'Причина',
  changes: {
    proposed: 'Предложена', activated: 'Вступила в силу', rejected: 'Отклонена', film_added: 'Добавлен фильм', appealed: 'Подана жалоба',
    appeal_upheld: 'Жалоба отклонена, запись оставлена в силе', lift_proposed: 'Перепроверка: предложено снять', renewed: 'Перепроверена, срок продлён',
    lifted: 'Снята', expired: 'Истёк срок', migrated: 'Исходное состояние',
  },
  roles: { system: 'система', investigator: 'следователь', admin: 'администратор', supervisor: 'надзирающий', public: 'заявитель' },
  appeals: 'Обжалование',
  appealRoute: (d) => [
    'Если вы считаете, что сайт внесён в реестр ошибочно, подайте жалобу через форму: учётная запись не нужна.',
    `Жалоба рассматривается в течение ${d} рабочих дней. Решение и его причина публикуются на этой странице.`,
  ],
  fileAppeal: 'Форма жалобы',
  noAppeals: 'Жалоб на эту запись не подавалось.',
  colFiled: 'Подана',
  colDue: 'Срок рассмотрения',
  colDecision: 'Решение',
  appealStatuses: { open: 'Рассматривается', upheld: 'Запись оставлена в силе', lifted: 'Запись снята', closed: 'Закрыта (запись прекратила действие)' },
  overdue: 'срок нарушен',
  formTitle: (s, d) => `Жалоба на запись № ${s} (${d})`,
  formIntro: (d) => `Жалобу рассматривает надзирающий сотрудник в течение ${d} рабочих дней. Вы получите номер обращения, по которому видно его состояние.`,
  contact: 'Контакт (e-mail или телефон)',
  contactHint: 'Видит только надзирающий сотрудник; не публикуется.',
  grounds: 'Основания жалобы',
  groundsHint: 'Не менее 20 символов. Например: у сайта есть лицензия на фильм, или страница удалена.',
  evidence: 'Файл с доказательствами (необязательно)',
  evidenceHint: (mb) => `PDF, PNG, JPEG или текст, до ${mb} МБ.`,
  privacy: 'Ваши контакты и текст жалобы не публикуются; на странице записи показываются только решение и его причина.',
  submit: 'Отправить жалобу',
  statusTitle: (r) => `Жалоба ${r}`,
  keepRef: 'Сохраните этот номер: только по нему можно открыть эту страницу.',
  entryLink: (s) => `Запись реестра № ${s}`,
  dueText: (d) => `Решение должно быть принято в течение ${d} рабочих дней.`,
  decision: 'Решение',
  pending: 'Решение ещё не принято.',
  errorTitle: 'Жалоба не принята',
  errors: {
    bad_contact: 'Укажите контакт (до 200 символов).', bad_grounds: 'Основания жалобы — от 20 до 5000 символов.',
    file_too_large: 'Файл слишком большой.', file_type: 'Файл должен быть PDF, PNG, JPEG или текстом.',
    too_many_appeals: 'Число жалоб с одного адреса в сутки ограничено. Попробуйте завтра.',
    too_many_open_appeals: 'На эту запись слишком много нерассмотренных жалоб. Попробуйте, когда одна из них будет решена.',
    not_listed: 'Запись не действует: обжаловать нечего.', not_found: 'Такой записи нет.', rejected: 'Форма не принята.',
    rate_limited: 'Слишком много запросов. Попробуйте позже.', bad_request: 'Форма заполнена неверно.',
  },
  back: 'Назад',
  systemReasons: {
    'confirmed match': 'Совпадение подтверждено',
    'confirmed match of another film': 'Подтверждено совпадение с другим фильмом',
    'approved by two different reviewers': 'Утверждена двумя разными специалистами',
    'rejected by a reviewer': 'Отклонена специалистом',
    'an appeal was filed': 'Подана жалоба',
    'not re-verified before its expiry date': 'Не перепроверена до истечения срока',
    'a new confirmed match since the last verification': 'После последней проверки подтверждено новое совпадение',
    'every infringing page is gone (not found or no longer reachable)': 'Все страницы с нарушениями удалены (не найдены или недоступны)',
    'the pages changed and no longer match a registered film': 'Страницы изменились и больше не совпадают с зарегистрированным фильмом',
    'state before entry versions were recorded': 'Состояние до начала учёта версий',
  },
  stillServed: (n) => `${n} стр. с нарушениями по-прежнему отдаются без изменений`,
};

const en: LifecycleStrings = {
  status: 'Status',
  statuses: { active: 'In force', under_appeal: 'Under appeal (block still in force)', lifted: 'Lifted', expired: 'Expired' },
  legalBasis: 'Legal basis',
  authority: 'Deciding authority',
  listedOn: 'Listed on',
  verifiedOn: 'Last verified',
  expiresOn: 'Expires unless re-verified on',
  liftedOn: 'Lifted on',
  expiredOn: 'Expired on',
  urls: 'Infringing pages',
  urlCount: (n) => `${n} page${n === 1 ? '' : 's'} (search engines and network operators receive the addresses in their feeds)`,
  notInForce: 'This entry is no longer in force: it has left the exports and feeds, and stays visible with its history.',
  underAppealNote: 'An appeal against this entry is open. While it is decided, the domain stays in the registry exports and feeds.',
  history: 'Version history',
  colVersion: 'Version',
  colDate: 'Date',
  colChange: 'Change',
  colBy: 'By',
  colReason: 'Reason',
  changes: {
    proposed: 'Proposed', activated: 'Came into force', rejected: 'Rejected', film_added: 'Film added', appealed: 'Appeal filed',
    appeal_upheld: 'Appeal dismissed, entry kept in force', lift_proposed: 'Re-verification: lifting proposed', renewed: 'Re-verified, renewed',
    lifted: 'Lifted', expired: 'Expired', migrated: 'Initial state',
  },
  roles: { system: 'system', investigator: 'investigator', admin: 'administrator', supervisor: 'supervisor', public: 'appellant' },
  appeals: 'Appeals',
  appealRoute: (d) => [
    'If you believe this site was listed by mistake, file an appeal with the form: no account is needed.',
    `Appeals are decided within ${d} working days. The decision and its reason are published on this page.`,
  ],
  fileAppeal: 'Appeal form',
  noAppeals: 'No appeal has been filed against this entry.',
  colFiled: 'Filed',
  colDue: 'Due by',
  colDecision: 'Decision',
  appealStatuses: { open: 'Being decided', upheld: 'Entry kept in force', lifted: 'Entry lifted', closed: 'Closed (the entry ended)' },
  overdue: 'overdue',
  formTitle: (s, d) => `Appeal against entry No. ${s} (${d})`,
  formIntro: (d) => `A supervisor decides the appeal within ${d} working days. You get a reference number that shows its status.`,
  contact: 'Contact (e-mail or phone)',
  contactHint: 'Seen only by the supervisor; never published.',
  grounds: 'Grounds of the appeal',
  groundsHint: 'At least 20 characters. For example: the site holds a licence for the film, or the page was removed.',
  evidence: 'Evidence file (optional)',
  evidenceHint: (mb) => `PDF, PNG, JPEG or plain text, up to ${mb} MB.`,
  privacy: 'Your contact and the text of the appeal are not published; the entry page shows only the decision and its reason.',
  submit: 'Send the appeal',
  statusTitle: (r) => `Appeal ${r}`,
  keepRef: 'Keep this reference: it is the only way to open this page.',
  entryLink: (s) => `Registry entry No. ${s}`,
  dueText: (d) => `A decision is due within ${d} working days.`,
  decision: 'Decision',
  pending: 'No decision yet.',
  errorTitle: 'The appeal was not accepted',
  errors: {
    bad_contact: 'Give a contact (up to 200 characters).', bad_grounds: 'The grounds need 20 to 5000 characters.',
    file_too_large: 'The file is too large.', file_type: 'The file must be a PDF, PNG, JPEG or plain text.',
    too_many_appeals: 'Appeals from one address are limited per day. Try again tomorrow.',
    too_many_open_appeals: 'This entry has too many open appeals. Try again when one is decided.',
    not_listed: 'This entry is not in force: there is nothing to appeal.', not_found: 'No such entry.', rejected: 'The form was not accepted.',
    rate_limited: 'Too many requests. Try again later.', bad_request: 'The form was not filled in correctly.',
  },
  back: 'Back',
  systemReasons: {},
  stillServed: (n) => `${n} infringing page(s) still served unchanged`,
};

export const LIFECYCLE_STRINGS: Record<Lang, LifecycleStrings> = { kk, ru, en };
