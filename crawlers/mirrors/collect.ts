// Fetches what the mirror signals need from one site, through the SSRF-safe client: the start page (following
// redirects), its favicon, and a few same-site detail pages for player ids.
import { extractPage } from '../extract.ts';
import { decodeBody } from '../extract/charset.ts';
import { siteSignals, type SiteSignals } from '../mirrors.ts';
import { FetchError, safeFetch, type FetchPolicy } from '../../net/fetch.ts';

const sameHost = (a: string, b: string) => new URL(a).host === new URL(b).host;

async function favicon(policy: FetchPolicy, html: string, pageUrl: string): Promise<Buffer | null> {
  const m = /<link[^>]+rel=["'](?:shortcut )?icon["'][^>]*>/i.exec(html);
  const href = m ? /href=["']([^"']+)["']/i.exec(m[0])?.[1] : null;
  const url = new URL(href ?? '/favicon.ico', pageUrl).href;
  try {
    const r = await safeFetch(policy, url, { allowErrorStatus: true });
    return r.status === 200 && r.body.length > 0 && !/html/i.test(r.contentType) ? r.body : null;
  } catch (e) {
    if (e instanceof FetchError) return null; // no favicon is an expected outcome
    throw e;
  }
}

export async function collectSiteSignals(policy: FetchPolicy, url: string, opts: { maxDetails?: number } = {}): Promise<SiteSignals> {
  const start = await safeFetch(policy, url);
  const { html } = decodeBody(start.body, start.contentType);
  const first = extractPage(start.body, start.url, start.contentType);
  const pages = [{ url: start.url, players: first.players, streams: first.streams }];
  if (first.kind !== 'detail') {
    for (const item of first.items.filter((i) => sameHost(i.url, start.url)).slice(0, opts.maxDetails ?? 3)) {
      const d = await safeFetch(policy, item.url);
      const ex = extractPage(d.body, d.url, d.contentType);
      pages.push({ url: d.url, players: ex.players, streams: ex.streams });
    }
  }
  return siteSignals({ url, finalUrl: start.url, html, favicon: await favicon(policy, html, start.url), pages });
}
