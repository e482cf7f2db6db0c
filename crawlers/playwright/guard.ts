// SSRF guard of a browser page, in two layers. The enforcement is the egress proxy every Chromium request goes
// through (render-players.ts, net/egress.ts): it checks the dialled address of every hop, redirects included, and
// Chromium never resolves names itself. Here, page.route refuses first hops early (assertPublicUrl: scheme,
// literal IP, DNS answer, allowlist) so they fail fast and are reported, and aborts stream URLs (.m3u8/.mp4/…) and
// heavy media, which the caller records (page.on('request')), so no film is downloaded. What the proxy refused
// (hops page.route never sees) is reported as `blocked` by page-egress.ts.
// Residual risk: WebRTC is limited to proxied UDP (none) by a Chromium switch, not by the proxy.
import type { Page, Route } from 'playwright-core';
import { assertPublicUrl, type FetchPolicy } from '../../net/fetch.ts';

export const STREAM_URL = /\.(m3u8|mp4|mpd|webm)(\?|#|$)/i;
const HEAVY = new Set(['image', 'media', 'font']);

export interface GuardLog {
  blocked: string[];
}

export async function installGuard(page: Page, policy: Pick<FetchPolicy, 'allowlist' | 'resolve'>, out: GuardLog): Promise<void> {
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
