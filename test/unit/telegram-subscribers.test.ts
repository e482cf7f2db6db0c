// The dashboards' exposure (issue 11) counts a Telegram channel's subscribers: the channel preview page's header
// ("15.3K subscribers") reaches every message extracted from it, and the candidate keeps it in extra.subscribers
// (bounded like views), where films/exposure.ts reads it.
import { describe, expect, it } from 'vitest';
import { extractPage } from '../../crawlers/extract.ts';
import { telegramCount } from '../../films/exposure.ts';
import { toCandidatePage } from '../../workers/processors/crawled-page.ts';

const page = (header: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>piratechan – Telegram</title></head><body>
<div class="tgme_channel_info">${header}</div>
<section class="tgme_channel_history">
<div class="tgme_widget_message" data-post="piratechan/42"><div class="tgme_widget_message_text">Дала үні <a href="https://kino.example/x">смотреть</a></div>
<span class="tgme_widget_message_views">1.2K</span><a class="tgme_widget_message_date" href="https://t.me/piratechan/42"><time datetime="2026-11-30T10:00:00+00:00">10:00</time></a></div>
</section></body></html>`;
const counters = (subs: string, type = 'subscribers') => `<div class="tgme_channel_info_counters">
<div class="tgme_channel_info_counter"><span class="counter_value">3.1K</span> <span class="counter_type">photos</span></div>
<div class="tgme_channel_info_counter"><span class="counter_value">${subs}</span> <span class="counter_type">${type}</span></div></div>`;

function candidate(html: string) {
  const url = 'https://t.me/s/piratechan';
  const extract = extractPage(html, url, 'text/html');
  const message = extract.messages[0]!;
  return { message, c: toCandidatePage({ url, kind: 'telegram', status: 200, extract, message, body: Buffer.from(html), contentType: 'text/html', fetchedAt: new Date(), exchanges: [] } as unknown as Parameters<typeof toCandidatePage>[0]) };
}

describe('Telegram channel subscribers', () => {
  it('reads the subscribers counter (not the photos one) onto each message and into the candidate', () => {
    const { message, c } = candidate(page(counters('15.3K')));
    expect(message.channelSubscribers).toBe('15.3K');
    expect(c.extra).toMatchObject({ views: '1.2K', subscribers: '15.3K', channelPage: 'https://t.me/s/piratechan' });
    expect(telegramCount(c.extra!['subscribers'] as string)).toBe(15300);
  });
  it('reads a group\'s members and a Russian page; no header means null; a hostile counter is bounded', () => {
    expect(candidate(page(counters('1 204', 'members'))).c.extra!['subscribers']).toBe('1 204');
    expect(candidate(page(counters('2,5K', 'подписчиков'))).c.extra!['subscribers']).toBe('2,5K');
    expect(candidate(page('')).c.extra!['subscribers']).toBeNull();
    expect(candidate(page(counters('9'.repeat(5000)))).c.extra!['subscribers']).toHaveLength(40);
  });
});
