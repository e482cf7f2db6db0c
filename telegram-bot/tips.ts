// The public tip line: what a Telegram message points at (pure), and storing it as a match candidate.
import type { Db } from '../storage/db.ts';
import { parseHttpUrl, telegramPostUrl } from '../net/urls.ts';
import { candidateId, getCandidate, upsertCandidate } from '../storage/candidates.ts';

export interface TipEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
}

interface TipChat {
  id: number;
  type?: string;
  username?: string;
  title?: string;
}

/** The fields of a Bot API Message the tip line reads (forward_origin: Bot API ≥ 7.0; forward_from_chat: older). */
export interface TipMessage {
  text?: string;
  caption?: string;
  entities?: TipEntity[];
  caption_entities?: TipEntity[];
  forward_origin?: { type: string; chat?: TipChat; message_id?: number };
  forward_from_chat?: TipChat;
  forward_from_message_id?: number;
  video?: { file_unique_id: string; duration?: number };
  document?: { file_unique_id: string; mime_type?: string };
}

export interface TipTarget {
  url: string;
  kind: 'telegram' | 'detail';
  via: 'forward' | 'link';
}

export const MAX_LINKS_PER_TIP = 10;
const BARE_URL = /\bhttps?:\/\/[^\s<>"'«»]+/gi;

/** The public link of a forwarded channel post, or null when the message is not one. */
export function forwardedPostUrl(msg: TipMessage): string | null {
  const origin = msg.forward_origin;
  const chat = origin?.type === 'channel' ? origin.chat : msg.forward_from_chat;
  const postId = origin?.type === 'channel' ? origin.message_id : msg.forward_from_message_id;
  if (!chat || !postId || (chat.type && chat.type !== 'channel')) return null;
  if (chat.username) return `https://t.me/${chat.username}/${postId}`;
  return `https://t.me/c/${String(Math.abs(chat.id)).replace(/^100/, '')}/${postId}`;
}

function normaliseLink(raw: string): string | null {
  const trimmed = raw.replace(/[),.;:!?]+$/, '');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  const u = parseHttpUrl(withScheme);
  if (!u || (!u.hostname.includes('.') && u.hostname !== 'localhost')) return null;
  u.hash = '';
  return u.href;
}

/** Every link of the message text/caption: `url` and `text_link` entities, plus bare http(s) URLs. */
export function messageLinks(msg: TipMessage): string[] {
  const text = msg.text ?? msg.caption ?? '';
  const entities = msg.entities ?? msg.caption_entities ?? [];
  const raw: string[] = [];
  for (const e of entities) {
    if (e.type === 'text_link' && e.url) raw.push(e.url);
    else if (e.type === 'url') raw.push(text.slice(e.offset, e.offset + e.length)); // offsets are UTF-16, as JS strings
  }
  raw.push(...(text.match(BARE_URL) ?? []));
  const out: string[] = [];
  for (const r of raw) {
    const u = normaliseLink(r);
    if (u && !out.includes(u)) out.push(u);
  }
  return out;
}

/** What one message reports: the forwarded post itself, then its links (t.me posts → 'telegram', others → 'detail'). */
export function tipTargets(msg: TipMessage): TipTarget[] {
  const out: TipTarget[] = [];
  const add = (t: TipTarget) => {
    if (out.length < MAX_LINKS_PER_TIP && !out.some((o) => o.url === t.url)) out.push(t);
  };
  const fwd = forwardedPostUrl(msg);
  if (fwd) add({ url: fwd, kind: 'telegram', via: 'forward' });
  for (const link of messageLinks(msg)) {
    const post = telegramPostUrl(link);
    if (post) add({ url: post, kind: 'telegram', via: 'link' });
    else if (!/^https?:\/\/(www\.)?(t|telegram)\.me\//i.test(link)) add({ url: link, kind: 'detail', via: 'link' });
  }
  return out;
}

export interface Reporter {
  telegramUserId: number;
  username: string | null;
}

/** Upserts the candidate of one tip. An already known candidate keeps its crawled fields (and its first reporter). */
export async function storeTip(db: Db, target: TipTarget, reporter: Reporter, msg: TipMessage): Promise<{ id: string; revision: string; created: boolean }> {
  const existing = await getCandidate(db, candidateId(target.url));
  const forwardedFrom = msg.forward_origin?.chat ?? msg.forward_from_chat;
  const tip = {
    via: 'telegram-bot',
    reportedAt: new Date().toISOString(),
    ...(target.via === 'forward' && forwardedFrom ? { forwardedFrom: { chatId: forwardedFrom.id, username: forwardedFrom.username ?? null, title: forwardedFrom.title ?? null } } : {}),
    ...(target.via === 'forward' && (msg.video || msg.document) ? { media: { fileUniqueId: (msg.video ?? msg.document)!.file_unique_id, duration: msg.video?.duration ?? null } } : {}),
  };
  const reportedBy = { telegramUserId: reporter.telegramUserId, username: reporter.username };
  if (existing) {
    const extra = { ...existing.extra, reportedBy: existing.extra['reportedBy'] ?? reportedBy, tip: existing.extra['tip'] ?? tip, reports: Number(existing.extra['reports'] ?? 0) + 1 };
    const r = await upsertCandidate(db, {
      sourceId: existing.source_id, url: existing.url, kind: existing.kind, title: existing.title, originalTitle: existing.original_title,
      year: existing.year, externalIds: existing.external_ids, posters: existing.posters, players: existing.players, streams: existing.streams, extra,
      httpStatus: (existing as { http_status?: number | null }).http_status ?? null,
    });
    return { ...r, created: false };
  }
  const r = await upsertCandidate(db, { sourceId: null, url: target.url, kind: target.kind, extra: { reportedBy, tip, reports: 1 } });
  return { ...r, created: true };
}
