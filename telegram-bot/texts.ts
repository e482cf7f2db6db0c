// What the bot says, in Kazakh then Russian (one message, both languages).
import type { PendingReview } from '../registry/reviews.ts';

export const T = {
  start:
    'Сәлем! Бұл — Kuzet, қазақ киносын заңсыз таратудан қорғау жүйесі. Заңсыз көшірменің сілтемесін жіберіңіз немесе Telegram-арнадағы постты бізге қайта жіберіңіз (forward).\n\n' +
    'Здравствуйте! Это Kuzet — система защиты казахстанского кино от пиратства. Пришлите ссылку на пиратскую копию или перешлите пост из Telegram-канала.',
  noLinks:
    'Сілтеме табылмады. Арнадағы постты қайта жіберіңіз немесе сайттың сілтемесін жазыңыз.\n\n' +
    'Ссылок не найдено. Перешлите пост из канала или пришлите ссылку на сайт.',
  thanks: (n: number) =>
    `Рақмет! Тексеруге жіберілді: ${n} сілтеме.\n\nСпасибо! Отправлено на проверку ссылок: ${n}.`,
  refused: 'Рұқсат жоқ. / Нет доступа.',
  failed: 'Қате орын алды, кейінірек қайталаңыз. / Произошла ошибка, повторите позже.',
  approveButton: '✅ Растау / Подтвердить',
  rejectButton: '❌ Қабылдамау / Отклонить',
  decided: (verdict: 'approve' | 'reject', who: string) =>
    verdict === 'approve' ? `✅ Расталды / Подтверждено — ${who}` : `❌ Қабылданбады / Отклонено — ${who}`,
  declined: (reason: string) => `Орындалмады / Не выполнено: ${reason}`.slice(0, 190),
};

export type ReviewNotice = Pick<PendingReview, 'matchId' | 'candidateUrl' | 'domain' | 'filmTitle' | 'score' | 'matchedFrames'>;

export function reviewText(m: ReviewNotice): string {
  return [
    'Тексеру керек / Нужна проверка',
    `Фильм: ${m.filmTitle ?? '—'}`,
    `URL: ${m.candidateUrl}`,
    `Домен: ${m.domain}`,
    `Сәйкестік / Совпадение: ${(m.score * 100).toFixed(0)}% (${m.matchedFrames} кадр)`,
    `ID: ${m.matchId}`,
  ].join('\n');
}
