// The "missing data" note: every field a document needs that nobody recorded. Those stay blank in the documents
// ([__________]) and are listed here with where to find them, so nothing is invented to fill a form.
import type { CaseData } from './case.ts';

export interface MissingField { field: string; en: string; ru: string; kk: string; where: string }

type Known = Omit<CaseData, 'missing'>;

const FILM_FIELDS: Array<[keyof CaseData['film'], string, string, string, string]> = [
  ['rights_holder', 'Rights holder (applicant)', 'Правообладатель (заявитель)', 'Құқық иесі (арыз беруші)', 'the film record (kuzet films), the State Film Register'],
  ['rights_holder_bin', 'Rights holder BIN', 'БИН правообладателя', 'Құқық иесінің БСН-і', 'the rights holder'],
  ['state_register_no', 'State Film Register number', 'Номер в Государственном регистре фильмов', 'Фильмдердің мемлекеттік тіркеліміндегі нөмірі', 'the State Film Register (Ministry of Culture and Information)'],
  ['distribution_certificate', 'Distribution certificate', 'Прокатное удостоверение', 'Прокаттық куәлік', 'the rights holder / the State Film Register'],
  ['distribution_certificate_date', 'Date of the distribution certificate', 'Дата прокатного удостоверения', 'Прокаттық куәліктің күні', 'the distribution certificate'],
  ['notice_contact', 'Address and e-mail for notices', 'Адрес и e-mail для уведомлений', 'Хабарламаларға арналған мекенжай мен e-mail', 'the rights holder'],
];

export function missingData(c: Known): MissingField[] {
  const out: MissingField[] = [];
  for (const [field, en, ru, kk, where] of FILM_FIELDS) if (c.film[field] == null) out.push({ field: `film.${field}`, en, ru, kk, where });
  out.push({ field: 'applicant.representative', en: 'Representative and power of attorney', ru: 'Представитель и доверенность', kk: 'Өкіл және сенімхат', where: 'the rights holder (not recorded by Kuzet)' });
  out.push({ field: 'damage', en: 'Amount of damage and its calculation', ru: 'Размер ущерба и его расчёт', kk: 'Залал мөлшері және оның есебі', where: 'the rights holder (licence fees, lost revenue); exposure figures are in case.json' });
  const kinds = new Set(c.evidence.map((e) => e.kind));
  if (!kinds.has('screenshot')) out.push({ field: 'evidence.screenshot', en: 'Screenshot of the page', ru: 'Снимок экрана страницы', kk: 'Беттің экран суреті', where: 'not captured by the crawler for this page' });
  if (!kinds.has('wacz')) out.push({ field: 'evidence.wacz', en: 'Web archive (WACZ) of the page', ru: 'Веб-архив страницы (WACZ)', kk: 'Беттің веб-мұрағаты (WACZ)', where: 'not captured by the crawler for this page' });
  if (!c.network) out.push({ field: 'network', en: 'IP address, ASN, TLS certificate, registrar', ru: 'IP-адрес, ASN, TLS-сертификат, регистратор', kk: 'IP-мекенжай, ASN, TLS сертификаты, тіркеуші', where: 'RDAP (rdap.org), WHOIS, DNS of the domain' });
  else {
    if (!c.network.hosting?.abuse_email) out.push({ field: 'network.hosting.abuse_email', en: 'Abuse contact of the hosting provider', ru: 'Контакт хостинг-провайдера для жалоб', kk: 'Хостинг-провайдердің шағым қабылдайтын байланысы', where: 'RDAP of the IP address (the regional internet registry)' });
    if (!c.network.registrar?.name) out.push({ field: 'network.registrar', en: 'Domain registrar', ru: 'Регистратор домена', kk: 'Домен тіркеушісі', where: 'RDAP of the domain' });
  }
  if (!c.investigator && c.detection.decided_by !== 'auto') out.push({ field: 'investigator', en: 'Investigator who confirmed the match', ru: 'Специалист, подтвердивший совпадение', kk: 'Сәйкестікті растаған маман', where: 'the audit trail (kuzet audit)' });
  return out;
}

export function missingMd(c: CaseData): string {
  const rows = c.missing.map((m) => `- ${m.kk} / ${m.ru} / ${m.en} — ${m.where} (\`${m.field}\`)`);
  return `# Жетіспейтін деректер / Недостающие данные / Missing data

Төмендегі мәліметтер жүйеде тіркелмеген: құжаттарда бос қалдырылды ([__________]). Жолдау алдында толтырыңыз.
Следующие сведения в системе не зарегистрированы: в документах они оставлены пустыми ([__________]). Заполните их перед направлением.
The following facts were not recorded: the documents leave them blank ([__________]). Fill them in before sending.

${rows.length ? rows.join('\n') : '- (none / жоқ / нет)'}
`;
}
