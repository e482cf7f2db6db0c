// Request to the Prosecutor General's Office (Генеральная прокуратура РК / ҚР Бас прокуратурасы) to restrict access to
// the infringing domain in Kazakhstan: full Kazakh and full Russian documents. Not produced for protected domains
// (platforms get URL notices only).
import type { CaseData } from '../case.ts';
import { detectionBlock, draftBanner, evidenceList, exposureBlock, filmBlock, infringementBlock, integrityNote, networkBlock, orBlank, utc, type CaseDocument } from './common.ts';
import { annex, methodParagraph } from './method.ts';

export function blockingRequestToProsecutor(c: CaseData, lang: 'kk' | 'ru'): CaseDocument {
  const d = c.infringement.domain;
  const f = c.film;
  const applicant = `${orBlank(f.rights_holder)}${f.rights_holder_bin ? (lang === 'kk' ? `, БСН ${f.rights_holder_bin}` : `, БИН ${f.rights_holder_bin}`) : ''}`;
  const markdown = lang === 'kk' ? `${draftBanner('kk')}

# Қазақстан Республикасының Бас прокуратурасына

- **Өтініш беруші (құқық иесі):** ${applicant}
- **Өтініш берушінің мекенжайы мен байланыс деректері:** ${orBlank(f.notice_contact)}

# ӨТІНІШ
## ${d} интернет-ресурсына қол жеткізуді шектеу туралы

**${d}** домендік атауы бар интернет-ресурста құқық иесінің рұқсатынсыз өтініш берушіге айрықша құқықтары тиесілі фильм орналастырылған; бұл авторлық және (немесе) сабақтас құқықтарды бұзу белгілерін қамтиды (Қазақстан Республикасы Қылмыстық кодексінің 198-бабы).

## 1. Фильм

${filmBlock(c, 'kk')}

## 2. Интернет-ресурс және бет

${infringementBlock(c, 'kk')}

${exposureBlock(c, 'kk')}

## 3. Анықталуы және дәлелдемелер

${methodParagraph(c, 'kk')}

${detectionBlock(c, 'kk')}

${networkBlock(c, 'kk')}

${evidenceList(c, 'kk')}

${integrityNote(c, 'kk')}

## 4. Өтініш

Фильмді заңсыз тарату үшін пайдаланылып отырған **${d}** интернет-ресурсына Қазақстан Республикасының аумағында қол жеткізуді Қазақстан Республикасының заңнамасында белгіленген тәртіппен шектеу жөнінде шаралар қабылдау мәселесін қарауды және қабылданған шешім туралы өтініш берушіге хабарлауды сұраймын.

Бұзушылық туралы арыз Қазақстан Республикасы Ішкі істер министрлігіне жолданды (жолданады): [күні, кіріс нөмірі].

Күні: «___» ____________ 20___ ж.

Қолы: ____________________ / ____________________ /

${annex(c, 'kk')}

_Құжат ${utc(c.generated_at)} жасалды; пакет ${c.packet_id}._
` : `${draftBanner('ru')}

# В Генеральную прокуратуру Республики Казахстан

- **Заявитель (правообладатель):** ${applicant}
- **Адрес и контакты заявителя:** ${orBlank(f.notice_contact)}

# ОБРАЩЕНИЕ
## об ограничении доступа к интернет-ресурсу ${d}

На интернет-ресурсе с доменным именем **${d}** без разрешения правообладателя размещён фильм, исключительные права на который принадлежат заявителю, что содержит признаки нарушения авторских и (или) смежных прав (статья 198 Уголовного кодекса Республики Казахстан).

## 1. Фильм

${filmBlock(c, 'ru')}

## 2. Интернет-ресурс и страница

${infringementBlock(c, 'ru')}

${exposureBlock(c, 'ru')}

## 3. Выявление и доказательства

${methodParagraph(c, 'ru')}

${detectionBlock(c, 'ru')}

${networkBlock(c, 'ru')}

${evidenceList(c, 'ru')}

${integrityNote(c, 'ru')}

## 4. Просьба

Прошу рассмотреть вопрос о принятии мер по ограничению доступа на территории Республики Казахстан к интернет-ресурсу **${d}**, используемому для незаконного распространения фильма, в порядке, установленном законодательством Республики Казахстан, и уведомить заявителя о принятом решении.

Заявление о нарушении направлено (направляется) в Министерство внутренних дел Республики Казахстан: [дата, входящий номер].

Дата: «___» ____________ 20___ г.

Подпись: ____________________ / ____________________ /

${annex(c, 'ru')}

_Документ сформирован ${utc(c.generated_at)}; пакет ${c.packet_id}._
`;
  const title = lang === 'kk' ? `ҚР Бас прокуратурасына өтініш: ${d}` : `Обращение в Генеральную прокуратуру РК: ${d}`;
  return { file: `documents/02-blocking-request-gp.${lang}`, title, markdown };
}
