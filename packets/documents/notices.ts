// Notice-and-takedown letters to intermediaries, each in English then Russian: search engines (delist the URL),
// Telegram (t.me posts), the hosting provider and the registrar of the domain. Addressed from the captured RDAP data
// when present; otherwise the letter says plainly that the address was not established, and where to look.
import type { CaseData } from '../case.ts';
import type { Contact } from '../network.ts';
import { detectionBlock, draftBanner, evidenceList, filmBlock, infringementBlock, integrityNote, networkBlock, orBlank, utc, type CaseDocument } from './common.ts';
import { methodParagraph } from './method.ts';

interface Addressee {
  file: string;
  title: string;
  toEn: string; toRu: string;
  askEn: string; askRu: string;
}

const addr = (c: Contact | null | undefined) => (c ? [c.name, c.abuse_email].filter(Boolean).join(', ') : '');

export function searchEngineNotice(c: CaseData): CaseDocument {
  return notice(c, {
    file: 'documents/03-notice-search-engines.en-ru',
    title: 'Delisting request to search engines',
    toEn: 'Search engine operators (Google, Yandex, Bing and others): copyright removal teams',
    toRu: 'Операторам поисковых систем (Google, Яндекс, Bing и другим): службам по вопросам авторских прав',
    askEn: `remove the URL ${c.infringement.url} from your search results`,
    askRu: `исключить адрес ${c.infringement.url} из результатов поиска`,
  });
}

export function telegramNotice(c: CaseData): CaseDocument {
  return notice(c, {
    file: 'documents/04-notice-telegram.en-ru',
    title: 'Copyright notice to Telegram',
    // the address Telegram publishes for copyright complaints (telegram.org/faq, "infringing your copyright")
    toEn: 'Telegram: copyright team, dmca@telegram.org (the address Telegram publishes for copyright complaints)',
    toRu: 'Telegram: служба по вопросам авторских прав, dmca@telegram.org (адрес, опубликованный Telegram для жалоб на нарушение авторских прав)',
    askEn: `remove the post ${c.infringement.url} and the infringing material in it, and act on the channel under your terms of service`,
    askRu: `удалить публикацию ${c.infringement.url} и содержащийся в ней нарушающий материал, а также принять меры в отношении канала в соответствии с вашими правилами`,
  });
}

export function hostingNotice(c: CaseData): CaseDocument {
  const d = c.infringement.domain;
  const h = c.network?.hosting;
  const ip = c.network?.ips[0];
  const known = addr(h);
  const where = ip ? `RDAP of IP ${ip}: https://rdap.org/ip/${ip}` : `DNS of ${d}, then RDAP of its IP address`;
  const whereRu = ip ? `RDAP IP-адреса ${ip}: https://rdap.org/ip/${ip}` : `DNS-записи ${d}, затем RDAP её IP-адреса`;
  return notice(c, {
    file: 'documents/05-notice-hosting.en-ru',
    title: `Notice and takedown to the hosting provider of ${d}`,
    toEn: known ? `The hosting provider of ${d}: ${known} (from RDAP${ip ? ` of ${ip}` : ''})` : `The hosting provider of ${d}: address not established (look it up in ${where})`,
    toRu: known ? `Хостинг-провайдеру ресурса ${d}: ${known} (по данным RDAP${ip ? ` для ${ip}` : ''})` : `Хостинг-провайдеру ресурса ${d}: адрес не установлен (см. ${whereRu})`,
    askEn: `expeditiously remove or disable access to the film at ${c.infringement.url} and to any other copy of it on ${d}`,
    askRu: `незамедлительно удалить фильм по адресу ${c.infringement.url} или прекратить доступ к нему, а также к иным его копиям на ${d}`,
  });
}

export function registrarNotice(c: CaseData): CaseDocument {
  const d = c.infringement.domain;
  const known = addr(c.network?.registrar);
  return notice(c, {
    file: 'documents/06-notice-registrar.en-ru',
    title: `Abuse notice to the registrar of ${d}`,
    toEn: known ? `The registrar of ${d}: ${known} (from RDAP of the domain)` : `The registrar of ${d}: address not established (look it up in RDAP: https://rdap.org/domain/${d})`,
    toRu: known ? `Регистратору домена ${d}: ${known} (по данным RDAP домена)` : `Регистратору домена ${d}: адрес не установлен (см. RDAP: https://rdap.org/domain/${d})`,
    askEn: `act under your abuse policy on the domain ${d}, which is used to distribute the film without authorisation (${c.infringement.url}), and forward this notice to the registrant`,
    askRu: `принять меры в соответствии с вашей политикой в отношении злоупотреблений к домену ${d}, используемому для незаконного распространения фильма (${c.infringement.url}), и переслать настоящее уведомление администратору домена`,
  });
}

function notice(c: CaseData, a: Addressee): CaseDocument {
  const holder = orBlank(c.film.rights_holder);
  const contact = c.film.notice_contact ?? '[address, e-mail, authorised representative]';
  const contactRu = c.film.notice_contact ?? '[адрес, e-mail, уполномоченный представитель]';
  const title = `«${c.film.title_ru}»${c.film.title_en ? ` (${c.film.title_en})` : ''}`;
  const markdown = `${draftBanner('en')}
${draftBanner('ru')}

# Copyright infringement notice
- **To:** ${a.toEn}
- **From:** ${holder} (rights holder), ${contact}

We own the exclusive rights in the film ${title}. It is made available to the public without our authorisation at the address below. We ask you to ${a.askEn}.

## The work
${filmBlock(c, 'en')}

## The infringing material
${infringementBlock(c, 'en')}

## How it was identified
${methodParagraph(c, 'en')}

${detectionBlock(c, 'en')}

## Network facts
${networkBlock(c, 'en')}

## Evidence
${evidenceList(c, 'en')}

${integrityNote(c, 'en')}

## Statements
- We have a good-faith belief that the use described above is not authorised by the rights holder, its agent, or the law.
- The information in this notice is accurate, and the signatory is authorised to act on behalf of the rights holder.

Signature: ____________________  Name: ____________________  Date: ____________

# Уведомление о нарушении авторских прав
- **Кому:** ${a.toRu}
- **От:** ${holder} (правообладатель), ${contactRu}

Нам принадлежат исключительные права на фильм ${title}. Фильм без нашего разрешения размещён в открытом доступе по указанному ниже адресу. Просим ${a.askRu}.

## Произведение
${filmBlock(c, 'ru')}

## Нарушающий материал
${infringementBlock(c, 'ru')}

## Как нарушение было выявлено
${methodParagraph(c, 'ru')}

${detectionBlock(c, 'ru')}

## Сетевые сведения
${networkBlock(c, 'ru')}

## Доказательства
${evidenceList(c, 'ru')}

${integrityNote(c, 'ru')}

## Заявления
- Мы добросовестно полагаем, что описанное использование не разрешено правообладателем, его представителем или законом.
- Сведения в настоящем уведомлении достоверны; подписант уполномочен действовать от имени правообладателя.

Подпись: ____________________  ФИО: ____________________  Дата: ____________

_Generated / сформировано ${utc(c.generated_at)}; packet / пакет ${c.packet_id}._
`;
  return { file: a.file, title: a.title, markdown };
}
