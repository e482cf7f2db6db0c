// The Telegram bot against a local fake Bot API (real HTTP, real telegraf long polling) and a real PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCandidate, candidateId, upsertCandidate } from '../../storage/candidates.ts';
import type { Db } from '../../storage/db.ts';
import { createBot, type KuzetBot } from '../../telegram-bot/bot.ts';
import { startFakeBotApi, type FakeBotApi } from '../../fixtures/telegram-bot-api.ts';
import { linkTelegramUser, userForTelegram } from '../../storage/telegram-links.ts';
import { forwardedPostUrl, messageLinks, storeTip, tipTargets } from '../../telegram-bot/tips.ts';
import { freshPglite } from '../kit/db.ts';
import { silentLog } from '../kit/log.ts';
import { seedMatch, seedUser } from './registry-fixtures.ts';

const TOKEN = '123456:TEST-token_abc';
const INVESTIGATOR_TG = 555001;
const REPORTER = { id: 111222, is_bot: false, first_name: 'Aigerim', username: 'aigerim_kz' };
let api: FakeBotApi;
let db: Db;
let kb: KuzetBot;
const matched: Array<[string, string]> = [];
const published: string[] = [];
let msgId = 1;
const now = () => Math.floor(Date.now() / 1000);
const privateMsg = (from: typeof REPORTER, extra: Record<string, unknown>) => ({
  message: { message_id: msgId++, date: now(), chat: { id: from.id, type: 'private' }, from, ...extra },
});
const textOf = (c: { params: Record<string, unknown> }) => String(c.params['text'] ?? '');

beforeAll(async () => {
  api = await startFakeBotApi(TOKEN);
  db = await freshPglite();
  const { user } = await seedUser(db, 'Dana Investigator', 'investigator');
  await linkTelegramUser(db, { telegramUserId: INVESTIGATOR_TG, userId: user.id, actor: 'test' });
  kb = createBot({
    cfg: { telegramBotToken: TOKEN, telegramApiRoot: api.apiRoot },
    db,
    log: silentLog(),
    pipeline: {
      tipReceived: async (id, rev) => void matched.push([id, rev]),
      reviewConfirmed: async (id) => void published.push(id),
    },
  });
  await kb.start();
});

afterAll(async () => {
  await kb?.stop();
  await api?.close();
  await db?.close();
});

describe('tip extraction (pure)', () => {
  it('reads forwarded channel posts in both Bot API shapes and links from entities and text', () => {
    expect(forwardedPostUrl({ forward_origin: { type: 'channel', chat: { id: -1001234, type: 'channel', username: 'kino_kz' }, message_id: 7 } })).toBe('https://t.me/kino_kz/7');
    expect(forwardedPostUrl({ forward_from_chat: { id: -1009876, type: 'channel' }, forward_from_message_id: 3 })).toBe('https://t.me/c/9876/3');
    expect(forwardedPostUrl({ forward_origin: { type: 'user' } })).toBeNull();
    const text = 'Көріңіз: kino.example/f/1 және мұнда';
    expect(messageLinks({ text, entities: [{ type: 'url', offset: 9, length: 16 }, { type: 'text_link', offset: 28, length: 5, url: 'https://b.example/x#frag' }] })).toEqual([
      'https://kino.example/f/1',
      'https://b.example/x',
    ]);
    expect(tipTargets({ text: 'javascript:alert(1) ftp://x.example/a https://t.me/s/kino_kz/12 https://t.me/kino_kz' })).toEqual([
      { url: 'https://t.me/kino_kz/12', kind: 'telegram', via: 'link' },
    ]);
  });
});

describe('public tip line', () => {
  it('answers /start in Kazakh and Russian', async () => {
    api.pushUpdate(privateMsg(REPORTER, { text: '/start', entities: [{ type: 'bot_command', offset: 0, length: 6 }] }));
    const reply = await api.waitFor('sendMessage', (p) => String(p['text']).startsWith('Сәлем'));
    expect(textOf(reply)).toContain('Здравствуйте');
    expect(reply.params['chat_id']).toBe(REPORTER.id);
  });

  it('turns a forwarded channel post into a telegram candidate queued for matching', async () => {
    api.pushUpdate(
      privateMsg(REPORTER, {
        forward_origin: { type: 'channel', chat: { id: -1001111, type: 'channel', title: 'Кино Free', username: 'kino_free_kz' }, message_id: 42, date: now() },
        video: { file_id: 'f1', file_unique_id: 'u1', duration: 5400, width: 1280, height: 720 },
        caption: 'Келин толық нұсқа',
      }),
    );
    const reply = await api.waitFor('sendMessage', (p) => String(p['text']).includes('Рақмет'));
    expect(textOf(reply)).toContain('Спасибо');
    const c = await getCandidate(db, candidateId('https://t.me/kino_free_kz/42'));
    expect(c).not.toBeNull();
    expect(c!.kind).toBe('telegram');
    expect(c!.extra['reportedBy']).toEqual({ telegramUserId: REPORTER.id, username: REPORTER.username });
    expect(c!.extra['tip']).toMatchObject({ forwardedFrom: { username: 'kino_free_kz' }, media: { fileUniqueId: 'u1', duration: 5400 } });
    expect(matched).toContainEqual([c!.id, expect.any(String)]);
  });

  it('turns the links of a message into detail and telegram candidates', async () => {
    const text = 'Пиратка: https://kino-pirat.example/films/kelin.html и t.me/kino_free_kz/43';
    const before = matched.length;
    const ent = (u: string) => ({ type: 'url', offset: text.indexOf(u), length: u.length });
    api.pushUpdate(privateMsg(REPORTER, { text, entities: [ent('https://kino-pirat.example/films/kelin.html'), ent('t.me/kino_free_kz/43')] }));
    await api.waitFor('sendMessage', (p) => String(p['text']).includes('Тексеруге жіберілді: 2'));
    const detail = await getCandidate(db, candidateId('https://kino-pirat.example/films/kelin.html'));
    const post = await getCandidate(db, candidateId('https://t.me/kino_free_kz/43'));
    expect(detail?.kind).toBe('detail');
    expect(detail?.domain).toBe('kino-pirat.example');
    expect(post?.kind).toBe('telegram');
    expect(matched.length - before).toBe(2);
  });

  it('a tip about an already crawled page keeps its crawled fields and revision', async () => {
    const url = 'https://crawled.example/films/tomiris.html';
    const crawled = await upsertCandidate(db, { sourceId: null, url, kind: 'detail', title: 'Томирис', streams: ['https://cdn.example/t.m3u8'], extra: { profiles: ['dle'] } });
    const tip = await storeTip(db, { url, kind: 'detail', via: 'link' }, { telegramUserId: 42, username: null }, { text: url });
    expect(tip).toEqual({ id: crawled.id, revision: crawled.revision, created: false });
    const c = await getCandidate(db, crawled.id);
    expect(c!.streams).toEqual(['https://cdn.example/t.m3u8']);
    expect(c!.extra).toMatchObject({ profiles: ['dle'], reportedBy: { telegramUserId: 42, username: null }, reports: 1 });
  });

  it('asks for a link when the message has none, and stores nothing', async () => {
    const count = async () => Number((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM candidates'))[0]!.n);
    const n0 = await count();
    api.pushUpdate(privateMsg(REPORTER, { text: 'Салем, кино қайдан көруге болады?' }));
    await api.waitFor('sendMessage', (p) => String(p['text']).startsWith('Сілтеме табылмады'));
    expect(await count()).toBe(n0);
  });
});

describe('investigator alerts', () => {
  const callback = (from: { id: number; username?: string }, data: string, message: { message_id: number; text: string }) => ({
    callback_query: {
      id: `cb${msgId++}`,
      from: { is_bot: false, first_name: 'X', ...from },
      chat_instance: 'ci',
      data,
      message: { ...message, date: now(), chat: { id: from.id, type: 'private' } },
    },
  });

  it('sends a review with approve/reject buttons; a linked investigator approves and publish is queued', async () => {
    const matchId = await seedMatch(db, 'https://pirate-one.example/film/1', { status: 'pending_review', score: 0.61 });
    const r = await kb.notifyReview({ matchId, candidateUrl: 'https://pirate-one.example/film/1', domain: 'pirate-one.example', filmTitle: 'Қыз Жібек / Кыз Жибек', score: 0.61, matchedFrames: 9 });
    expect(r).toEqual({ sent: 1, failed: 0 });
    const alert = await api.waitFor('sendMessage', (p) => String(p['text']).includes(matchId));
    expect(alert.params['chat_id']).toBe(String(INVESTIGATOR_TG));
    const kbd = (alert.params['reply_markup'] as { inline_keyboard: Array<Array<{ callback_data: string }>> }).inline_keyboard[0]!;
    expect(kbd.map((b) => b.callback_data)).toEqual([`rv:a:${matchId}`, `rv:r:${matchId}`]);

    api.pushUpdate(callback({ id: INVESTIGATOR_TG, username: 'dana' }, kbd[0]!.callback_data, { message_id: 1, text: textOf(alert) }));
    const edited = await api.waitFor('editMessageText', (p) => String(p['text']).includes(matchId));
    expect(textOf(edited)).toContain('Подтверждено — @dana');
    const [m] = await db.query<{ status: string; decided_by: string }>('SELECT status, decided_by FROM matches WHERE id = $1', [matchId]);
    expect(m!.status).toBe('confirmed');
    expect(m!.decided_by).toBe(await userForTelegram(db, INVESTIGATOR_TG));
    expect(published).toEqual([matchId]);
    await api.waitFor('answerCallbackQuery', (p) => String(p['text']).includes('Расталды'));
  });

  it('refuses an unknown Telegram user and leaves the match pending', async () => {
    const matchId = await seedMatch(db, 'https://pirate-two.example/film/2', { status: 'pending_review', score: 0.55 });
    api.pushUpdate(callback({ id: 999999, username: 'stranger' }, `rv:a:${matchId}`, { message_id: 2, text: 'x' }));
    const ans = await api.waitFor('answerCallbackQuery', (p) => p['text'] === 'Рұқсат жоқ. / Нет доступа.');
    expect(ans.params['show_alert']).toBe(true);
    const [m] = await db.query<{ status: string }>('SELECT status FROM matches WHERE id = $1', [matchId]);
    expect(m!.status).toBe('pending_review');
    expect(published).not.toContain(matchId);
  });

  it('a rejection is recorded and does not publish', async () => {
    const matchId = await seedMatch(db, 'https://pirate-three.example/film/3', { status: 'pending_review' });
    api.pushUpdate(callback({ id: INVESTIGATOR_TG, username: 'dana' }, `rv:r:${matchId}`, { message_id: 3, text: `ID: ${matchId}` }));
    await api.waitFor('editMessageText', (p) => String(p['text']).includes(matchId) && String(p['text']).includes('Отклонено'));
    const [m] = await db.query<{ status: string }>('SELECT status FROM matches WHERE id = $1', [matchId]);
    expect(m!.status).toBe('rejected');
    expect(published).not.toContain(matchId);
  });
});
