// One egress session (net/egress.ts) per rendered page: each page gets its own browser context whose proxy is its
// own session, so whatever the proxy refused while the page lived is exactly what that page tried, redirect hops
// included (Playwright does not always report the hops of intercepted requests). The browser itself keeps a
// catch-all session (--proxy-server) for anything outside a page context.
import type { Page } from 'playwright-core';
import type { Egress, EgressSession } from '../../net/egress.ts';
import type { GuardLog } from './guard.ts';

interface Entry {
  session: EgressSession;
  out?: GuardLog;
  /** https URLs the page requested, to name a refused CONNECT host:port by the URL behind it */
  requested: Set<string>;
}

export interface PageEgress {
  /** crawlee prePageCreateHook (incognito pages): opens the page's session and points its context at it */
  beforeCreate(pageId: string, pageOptions: Record<string, unknown> | undefined): Promise<void>;
  /** binds the page to the result whose `blocked` its refusals go to */
  attach(page: Page, pageId: string, out: GuardLog): void;
  /** copies the page's refusals into its result: when its render ends, and again when it closes */
  sweep(pageId: string): void;
  /** crawlee postPageCloseHook: the last sweep, then the session closes */
  afterClose(pageId: string): Promise<void>;
  closeAll(): Promise<void>;
}

/** The CONNECT target the proxy records for an https URL: https://host:port/ (IPv6 in brackets, port always given). */
const tunnelOf = (url: string) => {
  const u = new URL(url);
  return `https://${u.port ? u.host : `${u.host}:443`}/`;
};

export function pageEgress(egress: Pick<Egress, 'session'>): PageEgress {
  const pages = new Map<string, Entry>();
  const sweep = (pageId: string) => {
    const e = pages.get(pageId);
    if (!e?.out) return;
    for (const r of e.session.refusals) {
      // an http refusal names its URL; a refused tunnel names https://host:port/, the URL behind it when we saw it
      const urls = [...e.requested].filter((u) => tunnelOf(u) === r.target);
      for (const url of urls.length ? urls : [r.target]) if (!e.out.blocked.includes(url)) e.out.blocked.push(url);
    }
  };
  return {
    async beforeCreate(pageId, pageOptions) {
      if (!pageOptions) throw new Error('per-page egress needs incognito pages (a browser context per page)');
      const session = await egress.session();
      pages.set(pageId, { session, requested: new Set() });
      // '<-loopback>' spelled out: Playwright then passes it to Chromium whatever its environment says
      pageOptions.proxy = { server: session.url, bypass: '<-loopback>' };
    },
    attach(page, pageId, out) {
      const e = pages.get(pageId);
      if (!e) throw new Error(`page ${pageId} has no egress session`);
      e.out = out;
      page.on('request', (req) => void (req.url().startsWith('https:') && e.requested.add(req.url())));
    },
    sweep,
    async afterClose(pageId) {
      sweep(pageId);
      await pages.get(pageId)?.session.close();
      pages.delete(pageId);
    },
    async closeAll() {
      for (const id of [...pages.keys()]) await this.afterClose(id);
    },
  };
}
