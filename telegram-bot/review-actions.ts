// Approve/reject buttons of a review alert. Only Telegram accounts linked to an investigator/admin may press them;
// the decision goes through registry/reviews.ts (audited), and a confirmation queues the publish job.
import type { Logger } from 'pino';
import type { Context } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { DecisionError } from '../registry/errors.ts';
import { reviewMatch } from '../registry/reviews.ts';
import type { Db } from '../storage/db.ts';
import type { PipelineEntries } from '../workers/pipeline.ts';
import { userForTelegram } from '../storage/telegram-links.ts';
import { T } from './texts.ts';

export function reviewKeyboard(matchId: string): InlineKeyboardMarkup {
  const data = (v: 'a' | 'r') => `rv:${v}:${matchId}`;
  if (Buffer.byteLength(data('a')) > 64) throw new Error(`match id ${matchId} is too long for callback data`);
  return { inline_keyboard: [[{ text: T.approveButton, callback_data: data('a') }, { text: T.rejectButton, callback_data: data('r') }]] };
}

export async function handleReviewCallback(
  deps: { db: Db; log: Logger; pipeline: Pick<PipelineEntries, 'reviewConfirmed'> },
  ctx: Context & { match: RegExpExecArray },
): Promise<void> {
  const verdict = ctx.match[1] === 'a' ? 'approve' : 'reject';
  const matchId = ctx.match[2]!;
  const from = ctx.from!;
  const userId = await userForTelegram(deps.db, from.id);
  if (!userId) {
    deps.log.warn({ telegramUserId: from.id, username: from.username, matchId }, 'review button pressed by an unlinked Telegram user');
    await ctx.answerCbQuery(T.refused, { show_alert: true });
    return;
  }
  let outcome;
  try {
    outcome = await reviewMatch(deps.db, { matchId, userId, verdict, note: `telegram:${from.id}`, via: { channel: 'bot', telegramUserId: from.id } });
  } catch (e) {
    if (!(e instanceof DecisionError)) {
      await ctx.answerCbQuery(T.failed).catch(() => undefined);
      throw e;
    }
    deps.log.info({ userId, matchId, code: e.code, reason: e.message }, 'review decision declined');
    await ctx.answerCbQuery(T.declined(e.message), { show_alert: true });
    return;
  }
  if (outcome.publish) {
    await deps.pipeline.reviewConfirmed(matchId).catch((e: Error) => deps.log.warn({ matchId, err: e.message }, 'publish not queued (Redis unreachable): the publish sweep will queue it'));
  }
  deps.log.info({ userId, matchId, verdict, status: outcome.status, publish: outcome.publish }, 'review decided in telegram');
  await ctx.answerCbQuery(T.decided(verdict, from.username ? `@${from.username}` : String(from.id)));
  const msg = ctx.callbackQuery?.message;
  const text = msg && 'text' in msg ? msg.text : '';
  await ctx.editMessageText(`${text}\n\n${T.decided(verdict, from.username ? `@${from.username}` : String(from.id))}`, { link_preview_options: { is_disabled: true } });
}
