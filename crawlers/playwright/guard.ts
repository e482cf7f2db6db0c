// SSRF guard of a browser page: every request of every frame goes through page.route, and the ones whose host
// fails assertPublicUrl (scheme, literal IP, DNS answer, allowlist) are aborted. Stream URLs (.m3u8/.mp4/…) and
// heavy media are recorded by the caller (page.on('request')) and aborted here, so no film is downloaded.
// Residual risk: Chromium resolves the host again after our lookup (a DNS-rebinding window the Cheerio path,
// which checks the dialled IP, does not have); WebSockets/WebRTC are not seen by page.route. Run the browser
// role in a network namespace without access to private ranges when that matters.
import type { Page, Route } from 'playwright-core';
import { assertPublicUrl, type FetchPolicy } from '../../net/fetch.ts';

export const STREAM_URL = /\.(m3u8|mp4|mpd|webm)(\?|#|$)/i;
const HEAVY = new Set(['image', 'media', 'font']);

export interface GuardLog {
  blocked: string[];
}

export async function installGuard(page: Page, policy: Pick<FetchPolicy, 'allowlist'>, out: GuardLog): Promise<void> {
  const verdicts = new Map<string, Promise<boolean>>();
  const allowed = (url: string): Promise<boolean> => {
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      return Promise.resolve(false);
    }
    if (!verdicts.has(origin)) verdicts.set(origin, assertPublicUrl(policy, url).then(() => true, () => false));
    return verdicts.get(origin)!;
  };
  await page.route('**/*', async (route: Route) => {
    const req = route.request();
    const url = req.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    if (!(await allowed(url))) {
      out.blocked.push(url);
      return route.abort('blockedbyclient');
    }
    if (STREAM_URL.test(new URL(url).pathname) || HEAVY.has(req.resourceType())) return route.abort('aborted');
    return route.continue();
  });
}
