// SSRF guard of a browser page, in two layers. The enforcement is the egress proxy every Chromium request goes
// through (render-players.ts, net/egress.ts): it checks the dialled address of every hop, redirects included, and
// Chromium never resolves names itself. Here, page.route refuses first hops early (assertPublicUrl: scheme,
// literal IP, DNS answer, allowlist) so they fail fast and are reported, and aborts stream URLs (.m3u8/.mp4/…) and
// heavy media, which the caller records (page.on('request')), so no film is downloaded. recordEgressRefusals
// reports what the proxy refused (hops page.route never sees) as `blocked`.
// Residual risk: WebRTC is limited to proxied UDP (none) by a Chromium switch, not by the proxy.
import type { Page, Route } from 'playwright-core';
import { REFUSED_HEADER, type EgressSession } from '../../net/egress.ts';
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

/** Requests of this page that the egress proxy refused: a 403 it marked, or a failed request (a CORS-blocked fetch,
 * a failed https tunnel) whose URL or host:port is among the session's refusals. */
export function recordEgressRefusals(page: Page, session: Pick<EgressSession, 'refusals'>, out: GuardLog): void {
  const push = (url: string) => void (!out.blocked.includes(url) && out.blocked.push(url));
  const refused = (url: string) => {
    const u = new URL(url);
    const tunnel = `https://${u.host}${u.port ? '' : ':443'}/`;
    return session.refusals.some((r) => r.target === url || (u.protocol === 'https:' && r.target === tunnel));
  };
  page.on('response', (res) => {
    if (res.headers()[REFUSED_HEADER] === 'refused' || refused(res.url())) push(res.url());
  });
  page.on('requestfailed', (req) => {
    if (/^https?:/.test(req.url()) && refused(req.url())) push(req.url());
  });
}
