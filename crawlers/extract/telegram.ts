// Telegram channel web previews (t.me/s/<channel>): one message per .tgme_widget_message[data-post].
import type { CheerioAPI } from 'cheerio';
import type { ExtractResult, TelegramMessage } from './types.ts';
import { absolute, backgroundImage, pushUnique } from './urls.ts';

export function isTelegramPreview($: CheerioAPI): boolean {
  return $('.tgme_widget_message[data-post]').length > 0;
}

export function extractTelegram($: CheerioAPI, base: string, r: ExtractResult): void {
  // the channel header's counters ("15.3K subscribers", "members" for groups; ru/kk when served in those languages)
  const subscribers = $('.tgme_channel_info_counter').filter((_, x) => /subscriber|member|подписчик|участник|жазылушы/i.test($(x).find('.counter_type').text()))
    .first().find('.counter_value').text().trim().slice(0, 40) || null;
  $('.tgme_widget_message[data-post]').each((_, el) => {
    const m = $(el);
    const post = m.attr('data-post') ?? '';
    const notPreview = (sel: string) => m.find(sel).filter((_, x) => $(x).closest('.tgme_widget_message_link_preview').length === 0);
    const photos: string[] = [];
    notPreview('.tgme_widget_message_photo_wrap').each((_, x) => pushUnique(photos, absolute(backgroundImage($(x).attr('style')), base)));
    const videos: string[] = [];
    const videoThumbs: string[] = [];
    notPreview('video').each((_, x) => pushUnique(videos, absolute($(x).attr('src'), base)));
    notPreview('.tgme_widget_message_video_thumb, .tgme_widget_message_roundvideo_thumb').each((_, x) =>
      pushUnique(videoThumbs, absolute(backgroundImage($(x).attr('style')), base)),
    );
    const textEl = m.find('.tgme_widget_message_text').first();
    textEl.find('br').replaceWith('\n');
    const links: string[] = [];
    textEl.find('a[href]').each((_, a) => pushUnique(links, absolute($(a).attr('href'), base)));
    const preview = m.find('a.tgme_widget_message_link_preview').first();
    const linkPreviewVideos: string[] = [];
    preview.find('video').each((_, x) => pushUnique(linkPreviewVideos, absolute($(x).attr('src'), base)));
    const fwd = m.find('.tgme_widget_message_forwarded_from_name').first();
    const dateLink = m.find('a.tgme_widget_message_date').first();
    const msg: TelegramMessage = {
      url: absolute(dateLink.attr('href'), base) ?? `https://t.me/${post}`,
      text: textEl.text().replace(/\s+/g, ' ').trim(),
      photos,
      videos,
      links,
      views: m.find('.tgme_widget_message_views').first().text().trim() || null,
      date: dateLink.find('time[datetime]').attr('datetime') ?? m.find('time[datetime]').first().attr('datetime') ?? null,
      forwardedFrom: fwd.length ? fwd.text().replace(/\s+/g, ' ').trim() : null,
      forwardedFromUrl: absolute(fwd.attr('href'), base),
      linkPreviewUrl: absolute(preview.attr('href'), base),
      linkPreviewVideos,
      videoThumbs,
      hasDocument: m.find('.tgme_widget_message_document_wrap, .tgme_widget_message_document').length > 0,
      hasVoice: m.find('.tgme_widget_message_voice, .tgme_widget_message_voice_player').length > 0,
      hasPoll: m.find('.tgme_widget_message_poll').length > 0,
      channelSubscribers: subscribers,
    };
    r.messages.push(msg);
    for (const v of videos) pushUnique(r.streams, v);
  });
  const before = $('.tme_messages_more[data-before]').first().attr('data-before') ?? $('link[rel="prev"]').attr('href');
  if (before) pushUnique(r.pagination, /^\d+$/.test(before) ? absolute(`?before=${before}`, base) : absolute(before, base));
}
