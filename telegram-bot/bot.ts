// The Kuzet Telegram bot: a public tip line (forwarded posts and links become candidates queued for matching)
// and investigator alerts whose approve/reject buttons decide a pending review. Long polling against
// cfg.telegramApiRoot; every dependency is a port passed in.
import type { Logger } from 'pino';
import { Telegraf } from 'telegraf';
import { forComponent } from '../config/log.ts';
import type { AppConfig } from '../config/schema.ts';
import type { Db } from '../storage/db.ts';
import type { PipelineEntries } from '../workers/pipeline.ts';
import { investigatorTelegramIds } from '../storage/telegram-links.ts';
import { handleReviewCallback, reviewKeyboard } from './review-actions.ts';
import { T, reviewText, type ReviewNotice } from './texts.ts';
import { storeTip, tipTargets, type TipMessage } from './tips.ts';

export interface BotDeps {
  cfg: Pick<AppConfig, 'telegramBotToken' | 'telegramApiRoot'>;
  db: Db;
  log: Logger;
  /** the pipeline's entries the bot uses: a tip is matched, a confirmed review is published */
  pipeline: Pick<PipelineEntries, 'tipReceived' | 'reviewConfirmed'>;
  /** chats that receive review alerts; default: the private chats of linked investigators/admins */
  investigatorChatIds?: Array<number | string>;
}

export interface KuzetBot {
  bot: Telegraf;
  start(): Promise<void>;
  stop(): Promise<void>;
  notifyReview(match: ReviewNotice): Promise<{ sent: number; failed: number }>;
}

export function createBot(deps: BotDeps): KuzetBot {
  const token = deps.cfg.telegramBotToken;
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set');
  const log = forComponent(deps.log, 'telegram');
  const bot = new Telegraf(token, { telegram: { apiRoot: deps.cfg.telegramApiRoot }, handlerTimeout: 60_000 });

  bot.catch((err, ctx) => log.error({ err, updateId: ctx.update.update_id }, 'telegram update failed'));
  bot.start((ctx) => ctx.reply(T.start));
  bot.help((ctx) => ctx.reply(T.start));
  bot.action(/^rv:([ar]):(.{1,60})$/, (ctx) => handleReviewCallback({ db: deps.db, log, pipeline: deps.pipeline }, ctx));

  bot.on('message', async (ctx) => {
    const msg = ctx.message as TipMessage;
    const targets = tipTargets(msg);
    if (targets.length === 0) {
      if (ctx.chat.type === 'private') await ctx.reply(T.noLinks); // in groups, chatter without links is ignored
      return;
    }
    const reporter = { telegramUserId: ctx.from.id, username: ctx.from.username ?? null };
    for (const t of targets) {
      const c = await storeTip(deps.db, t, reporter, msg);
      await deps.pipeline.tipReceived(c.id, c.revision);
      log.info({ candidateId: c.id, url: t.url, kind: t.kind, via: t.via, created: c.created, reporter: reporter.telegramUserId }, 'tip queued for matching');
    }
    await ctx.reply(T.thanks(targets.length), { reply_parameters: { message_id: ctx.message.message_id } });
  });

  let polling: Promise<void> | null = null;
  return {
    bot,
    async start() {
      bot.botInfo = await bot.telegram.getMe();
      polling = bot.launch({ dropPendingUpdates: false }).catch((err: unknown) => {
        log.error({ err }, 'telegram polling stopped with an error');
      });
      log.info({ username: bot.botInfo.username, apiRoot: deps.cfg.telegramApiRoot }, 'telegram bot polling');
    },
    async stop() {
      if (!polling) return;
      bot.stop('shutdown');
      await polling;
      polling = null;
    },
    async notifyReview(match) {
      const chats = deps.investigatorChatIds?.map(String) ?? (await investigatorTelegramIds(deps.db));
      let sent = 0;
      const errors: string[] = [];
      for (const chat of chats) {
        try {
          await bot.telegram.sendMessage(chat, reviewText(match), { reply_markup: reviewKeyboard(match.matchId), link_preview_options: { is_disabled: true } });
          sent++;
        } catch (err) {
          errors.push((err as Error).message);
          log.warn({ chat, matchId: match.matchId, err: (err as Error).message }, 'review alert not delivered');
        }
      }
      if (chats.length > 0 && sent === 0) throw new Error(`review alert for ${match.matchId} reached no chat: ${errors.join('; ')}`);
      return { sent, failed: errors.length };
    },
  };
}
