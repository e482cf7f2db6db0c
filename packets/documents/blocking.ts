// Request to the Prosecutor General's Office (Генеральная прокуратура РК) to restrict access to the
// infringing domain in Kazakhstan. Not produced for protected domains (platforms get URL notices only).
import type { CaseData } from '../case.ts';
import { detectionBlock, draftBanner, evidenceList, filmBlock, infringementBlock, integrityNote, orBlank, utc, type CaseDocument } from './common.ts';

export function blockingRequestToProsecutor(c: CaseData): CaseDocument {
  const d = c.infringement.domain;
  const markdown = `${draftBanner('kk-ru')}

# В Генеральную прокуратуру Республики Казахстан
## Қазақстан Республикасының Бас прокуратурасына

- **Заявитель (правообладатель):** ${orBlank(c.film.rights_holder)}
- **Адрес, БИН/ИИН, контакты заявителя:** [__________]

# ОБРАЩЕНИЕ об ограничении доступа к интернет-ресурсу ${d}
## ${d} интернет-ресурсына қолжетімділікті шектеу туралы ӨТІНІШ

На интернет-ресурсе с доменным именем **${d}** без разрешения правообладателя размещён фильм, исключительные права на который принадлежат заявителю, что содержит признаки нарушения авторских и смежных прав (статья 198 Уголовного кодекса Республики Казахстан).

## 1. Фильм

${filmBlock(c, 'ru')}

## 2. Интернет-ресурс и страница

${infringementBlock(c, 'ru')}

## 3. Выявление и доказательства

${detectionBlock(c, 'ru')}

${evidenceList(c, 'ru')}

${integrityNote(c, 'ru')}

## 4. Просьба

Прошу рассмотреть вопрос о принятии мер по ограничению доступа на территории Республики Казахстан к интернет-ресурсу **${d}**, используемому для незаконного распространения фильма, в порядке, установленном законодательством Республики Казахстан, и уведомить заявителя о принятом решении.

Заявление о нарушении направлено (направляется) в Министерство внутренних дел Республики Казахстан: [дата, входящий номер].

Дата / Күні: «___» ____________ 20___ г.

Подпись / Қолы: ____________________ / ____________________ /

_Документ сформирован ${utc(c.generated_at)}; пакет ${c.packet_id}._
`;
  return { file: 'documents/02-blocking-request-gp.ru', title: `Обращение в Генеральную прокуратуру РК: ${d}`, markdown };
}
