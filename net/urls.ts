// The one home of URL facts: the host of a URL, the http(s) check, and Telegram (t.me) channel and post links.
// Every other module asks here instead of parsing for itself.

/** The host in ASCII (punycode for IDNs like .қаз), lower case, without IPv6 brackets or a trailing dot; '' when unparsable. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  } catch {
    return '';
  }
}

/** The host with a leading `www.` dropped: one site, whichever of the two names a page used. */
export const siteHostOf = (url: string): string => hostOf(url).replace(/^www\./, '');

/** The URL when it parses and is http or https, else null. */
export function parseHttpUrl(raw: string): URL | null {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

export const isHttpUrl = (raw: string): boolean => parseHttpUrl(raw) !== null;

const TME_HOST = /^(?:www\.)?(?:t|telegram)\.me$/i;
const CHANNEL = /^[A-Za-z][\w]{3,}$/;

/** The public channel name of `@name`, `t.me/name`, `https://t.me/s/name` (with or without a trailing slash), else null. */
export function telegramChannel(raw: string): string | null {
  const s = raw.trim();
  if (s.startsWith('@')) return CHANNEL.test(s.slice(1)) ? s.slice(1) : null;
  const u = parseHttpUrl(/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `https://${s}`);
  if (!u || !TME_HOST.test(u.hostname) || u.search || u.hash) return null;
  const m = /^\/(?:s\/)?([^/]+)\/?$/.exec(u.pathname);
  return m && CHANNEL.test(m[1]!) ? m[1]! : null;
}

/** The web preview of a channel (`https://t.me/s/name`), which is what the crawler reads. */
export const telegramPreviewOf = (channel: string): string => `https://t.me/s/${channel}`;

/** A t.me channel reference in any accepted form → its preview URL; anything else (e.g. a fixture host) unchanged.
 *  A t.me URL with an explicit port is a local fixture named t.me (TEST_RESOLVE, the demo): it keeps its origin. */
export function telegramPreviewUrl(raw: string): string {
  const channel = telegramChannel(raw);
  if (!channel) return raw;
  const u = /^https?:\/\//i.test(raw.trim()) ? parseHttpUrl(raw.trim()) : null;
  return u?.port ? `${u.protocol}//${u.host}/s/${channel}` : telegramPreviewOf(channel);
}

const TME_POST = /^https?:\/\/(?:www\.)?(?:t|telegram)\.me\/(?:s\/)?(?:(c)\/(\d+)|([A-Za-z][\w]{3,}))\/(\d+)(?:[/?#]|$)/i;

/** `https://t.me/<channel>/<post>` (or `/c/<id>/<post>`) for a Telegram post link, else null. */
export function telegramPostUrl(url: string): string | null {
  const m = TME_POST.exec(url);
  if (!m) return null;
  return m[1] ? `https://t.me/c/${m[2]}/${m[4]}` : `https://t.me/${m[3]}/${m[4]}`;
}
