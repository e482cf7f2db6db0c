// A film's exposure in a period (issue 11 dashboards; input to the МФ/КГД piracy-loss calculation): how many
// infringing URLs with a confirmed match, on how many domains and Telegram channels, how many views and subscribers
// the crawler saw, and how long the longest copy stayed online. Pure: the rows come from storage/dashboard.ts.
// The CSV uses the registry export's cell escaping (registry/exports.ts csvCell: formulas neutralised, RFC 4180).
import { csvCell } from '../registry/exports.ts';
import type { ExposureRow, Period } from '../storage/dashboard.ts';
import type { FilmOverview } from '../storage/portal.ts';

export interface FilmExposure {
  filmId: string;
  urls: number;
  domains: string[];
  telegramChannels: number;
  views: number;
  subscribers: number;
  /** days from first sight to last sight, or to the registry block if earlier; one decimal */
  maxDaysOnline: number;
  confirmedMatches: number;
  waitingMatches: number;
  /** URLs whose domain is blocked by an active (or once active) registry entry */
  blockedUrls: number;
}

/** Telegram writes counts as "987", "1.2K", "15,3K", "1.1M"; anything else is not a count (0). */
export function telegramCount(s: string | null | undefined): number {
  const m = /^(\d+(?:[.,]\d+)?)\s*([KMB])?$/i.exec(String(s ?? '').replace(/[\s\u00a0\u202f]/g, ''));
  if (!m) return 0;
  const mult = { K: 1e3, M: 1e6, B: 1e9 }[(m[2] ?? '').toUpperCase()] ?? 1;
  return Math.round(Number(m[1]!.replace(',', '.')) * mult);
}

/** the channel of a Telegram post URL (t.me/<channel>/<id>, t.me/s/<channel>/<id>), lower-case; null otherwise */
export function telegramChannel(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (!/^(t\.me|telegram\.me)$/i.test(u.hostname)) return null;
    const parts = u.pathname.split('/').filter(Boolean);
    const name = parts[0] === 's' ? parts[1] : parts[0];
    return name && /^[A-Za-z0-9_]{3,64}$/.test(name) ? name.toLowerCase() : null;
  } catch {
    return null;
  }
}

const DAY_MS = 86400_000;

/** `blockedAt`: when a registry entry naming the match became active (blocked in Kazakhstan from then on), by match id */
export function exposureOf(filmIds: readonly string[], rows: readonly ExposureRow[], blockedAt: ReadonlyMap<string, Date | null> = new Map()): FilmExposure[] {
  const out = new Map<string, FilmExposure & { _urls: Map<string, number>; _chan: Map<string, number>; _dom: Set<string>; _blocked: Set<string> }>();
  for (const id of filmIds) out.set(id, { filmId: id, urls: 0, domains: [], telegramChannels: 0, views: 0, subscribers: 0, maxDaysOnline: 0, confirmedMatches: 0, waitingMatches: 0, blockedUrls: 0, _urls: new Map(), _chan: new Map(), _dom: new Set(), _blocked: new Set() });
  for (const r of rows) {
    const f = out.get(r.filmId);
    if (!f) continue;
    if (r.status === 'pending_review') { f.waitingMatches++; continue; }
    f.confirmedMatches++;
    f._urls.set(r.url, Math.max(f._urls.get(r.url) ?? 0, telegramCount(r.views)));
    f._dom.add(r.domain);
    const blocked = blockedAt.get(r.matchId) ?? null;
    if (blocked) f._blocked.add(r.url);
    const ch = r.kind === 'telegram' ? telegramChannel(r.channelPage) ?? telegramChannel(r.url) : null;
    if (ch) f._chan.set(ch, Math.max(f._chan.get(ch) ?? 0, telegramCount(r.subscribers)));
    const until = blocked && blocked < r.lastSeenAt ? blocked : r.lastSeenAt;
    f.maxDaysOnline = Math.max(f.maxDaysOnline, Math.round(Math.max(0, until.getTime() - r.firstSeenAt.getTime()) / DAY_MS * 10) / 10);
  }
  return [...out.values()].map(({ _urls, _chan, _dom, _blocked, ...f }) => ({
    ...f, urls: _urls.size, domains: [..._dom].sort(), telegramChannels: _chan.size,
    views: [..._urls.values()].reduce((a, b) => a + b, 0), subscribers: [..._chan.values()].reduce((a, b) => a + b, 0), blockedUrls: _blocked.size,
  }));
}

/** The CSV's columns, in order (documented in README / the dashboards note). */
export const EXPOSURE_COLUMNS = [
  'film_id', 'title_kk', 'title_ru', 'title_en', 'state_register_no', 'rights_holder', 'period_from', 'period_to', 'timezone',
  'urls', 'domains', 'domain_list', 'telegram_channels', 'views', 'subscribers', 'max_days_online', 'confirmed_matches', 'waiting_matches', 'blocked_urls',
] as const;

/** One row per film; CRLF lines; no BOM (as registry.csv). */
export function exposureCsv(films: readonly FilmOverview[], exposure: readonly FilmExposure[], p: Pick<Period, 'from' | 'to'>): string {
  const by = new Map(exposure.map((e) => [e.filmId, e]));
  const lines = [EXPOSURE_COLUMNS.join(',')];
  for (const f of films) {
    const e = by.get(f.id);
    if (!e) continue;
    lines.push([f.id, f.titleKk, f.titleRu, f.titleEn ?? '', f.stateRegisterNo ?? '', f.rightsHolder ?? '', p.from, p.to, 'Asia/Almaty',
      e.urls, e.domains.length, e.domains.join(' '), e.telegramChannels, e.views, e.subscribers, e.maxDaysOnline, e.confirmedMatches, e.waitingMatches, e.blockedUrls].map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
