// Notice-and-takedown letters to intermediaries, each in English then Russian: search engines (delist the
// URL), Telegram (t.me posts), and the hosting provider of the domain (remove the content).
import type { CaseData } from '../case.ts';
import { detectionBlock, draftBanner, evidenceList, filmBlock, infringementBlock, integrityNote, orBlank, utc, type CaseDocument } from './common.ts';

interface Addressee {
  file: string;
  title: string;
  toEn: string; toRu: string;
  askEn: string; askRu: string;
}

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
    toEn: 'Telegram: copyright / abuse team',
    toRu: 'Telegram: служба по вопросам авторских прав и злоупотреблений',
    askEn: `remove the post ${c.infringement.url} and the infringing video in it, and act on the channel under your terms of service`,
    askRu: `удалить публикацию ${c.infringement.url} и содержащееся в ней видео, а также принять меры в отношении канала в соответствии с вашими правилами`,
  });
}

export function hostingNotice(c: CaseData): CaseDocument {
  const d = c.infringement.domain;
  return notice(c, {
    file: 'documents/05-notice-hosting.en-ru',
    title: `Notice and takedown to the hosting provider of ${d}`,
    toEn: `The hosting provider of ${d}: abuse contact [name and address to be determined from RDAP/WHOIS]`,
    toRu: `Хостинг-провайдеру ресурса ${d}: контакт для жалоб [наименование и адрес установить по RDAP/WHOIS]`,
    askEn: `expeditiously remove or disable access to the film at ${c.infringement.url} and to any other copy of it on ${d}`,
    askRu: `незамедлительно удалить фильм по адресу ${c.infringement.url} или прекратить доступ к нему, а также к иным его копиям на ${d}`,
  });
}

function notice(c: CaseData, a: Addressee): CaseDocument {
  const holder = orBlank(c.film.rights_holder);
  const title = `«${c.film.title_ru}»${c.film.title_en ? ` (${c.film.title_en})` : ''}`;
  const markdown = `${draftBanner('en')}
${draftBanner('ru')}

# Copyright infringement notice
- **To:** ${a.toEn}
- **From:** ${holder} (rights holder) [address, e-mail, authorised representative]

We own the exclusive rights in the film ${title}. It is made available to the public without our authorisation at the address below. We ask you to ${a.askEn}.

## The work
${filmBlock(c, 'en')}

## The infringing material
${infringementBlock(c, 'en')}

## How it was identified
The page was found by the Kuzet monitoring system; frames of the video on the page were compared with the reference copy of the film by perceptual hashing.

${detectionBlock(c, 'en')}

## Evidence
${evidenceList(c, 'en')}

${integrityNote(c, 'en')}

## Statements
- We have a good-faith belief that the use described above is not authorised by the rights holder, its agent, or the law.
- The information in this notice is accurate, and the signatory is authorised to act on behalf of the rights holder.

Signature: ____________________  Name: ____________________  Date: ____________

# Уведомление о нарушении авторских прав
- **Кому:** ${a.toRu}
- **От:** ${holder} (правообладатель) [адрес, e-mail, уполномоченный представитель]

Нам принадлежат исключительные права на фильм ${title}. Фильм без нашего разрешения размещён в открытом доступе по указанному ниже адресу. Просим ${a.askRu}.

## Произведение
${filmBlock(c, 'ru')}

## Нарушающий материал
${infringementBlock(c, 'ru')}

## Как нарушение было выявлено
Страница обнаружена системой мониторинга «Күзет»; кадры размещённого на ней видео сопоставлены с эталонной копией фильма по перцептивным хеш-суммам.

${detectionBlock(c, 'ru')}

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
