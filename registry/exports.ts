// Machine-readable exports of the active registry (JSON, CSV, hosts, RPZ) and the delisting feed.
// Everything is rendered from the database on request; the registry serial versions each export.
import { isIP } from 'node:net';
import type { Db } from '../storage/db.ts';
import { activationHead } from '../storage/audit.ts';
import { listActive, maxSerial, type FilmRef } from './queries.ts';

export interface RegistryExport {
  serial: number;
  generatedAt: string;
  /** the audit row that activated this serial: keep it, and `kuzet audit verify --anchor SEQ:HASH` proves later that the trail up to it was not cut or rewritten */
  auditHead: { seq: number; hash: string } | null;
  entries: Array<{ serial: number; domain: string; activatedAt: string; films: FilmRef[]; reason: string }>;
}

export async function registryJson(db: Db, now = new Date()): Promise<RegistryExport> {
  const entries = await listActive(db);
  return {
    serial: await maxSerial(db),
    generatedAt: now.toISOString(),
    auditHead: await activationHead(db),
    entries: entries.map((e) => ({ serial: e.serial!, domain: e.domain, activatedAt: e.activatedAt!, films: e.films, reason: e.reason })),
  };
}

/** One CSV cell. A cell a spreadsheet would read as a formula (starting with = + - @ tab or CR: a film title such as
 *  `=HYPERLINK(…)`) gets a leading apostrophe, so it shows as text (OWASP, CSV injection); then RFC 4180 quoting. */
export const csvCell = (v: string | number) => {
  const s = /^[=+\-@\t\r]/.test(String(v)) ? `'${v}` : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export async function registryCsv(db: Db): Promise<string> {
  const { entries } = await registryJson(db);
  const lines = [['serial', 'domain', 'activated_at', 'film_ids', 'film_titles', 'reason'].join(',')];
  for (const e of entries) {
    const titles = e.films.map((f) => f.titleEn ?? f.titleRu).join('; ');
    lines.push([e.serial, e.domain, e.activatedAt, e.films.map((f) => f.id).join(' '), titles, e.reason].map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

export async function hostsFile(db: Db, now = new Date()): Promise<string> {
  const { serial, entries } = await registryJson(db, now);
  const out = [`# Kuzet blocked-domain registry, serial ${serial}, generated ${now.toISOString()}`, `# ${entries.length} active entries`];
  for (const e of entries) {
    if (isIP(e.domain)) out.push(`# ${e.domain}: an IP address, cannot be blocked by a hosts file`);
    else out.push(`0.0.0.0 ${e.domain}`, `0.0.0.0 www.${e.domain}`);
  }
  return out.join('\n') + '\n';
}

/** A BIND response-policy zone: NXDOMAIN (`CNAME .`) for each domain and its subdomains; rpz-ip for IPv4 entries. */
export async function rpzZone(db: Db, opts: { origin?: string; now?: Date } = {}): Promise<string> {
  const { serial, entries } = await registryJson(db, opts.now);
  const origin = opts.origin ?? 'rpz.kuzet.kz.';
  const out = [
    `; Kuzet blocked-domain registry as a response-policy zone, serial ${serial}`,
    `$ORIGIN ${origin}`,
    '$TTL 300',
    `@ IN SOA localhost. hostmaster.kuzet.kz. ( ${serial} 3600 600 604800 300 )`,
    '@ IN NS localhost.',
  ];
  for (const e of entries) {
    if (isIP(e.domain) === 4) out.push(`32.${e.domain.split('.').reverse().join('.')}.rpz-ip CNAME .`);
    else if (isIP(e.domain)) out.push(`; ${e.domain}: IPv6 entries are not exported to RPZ`);
    else out.push(`${e.domain} CNAME .`, `*.${e.domain} CNAME .`);
  }
  return out.join('\n') + '\n';
}

export interface DelistItem {
  seq: number;
  id: string;
  url: string;
  domain: string;
  filmId: string;
  reason: string;
  createdAt: string;
  deadlineAt: string;
}

export const DELIST_MAX_LIMIT = 1000;

/** Open delisting items after a cursor, oldest first. nextCursor is the last seq returned (or `after` when none). */
export async function delistFeed(db: Db, opts: { after?: number; limit?: number } = {}): Promise<{ items: DelistItem[]; nextCursor: number }> {
  const after = Math.max(0, Math.floor(opts.after ?? 0));
  const limit = Math.min(DELIST_MAX_LIMIT, Math.max(1, Math.floor(opts.limit ?? 100)));
  const rows = await db.query<{ seq: number; id: string; url: string; domain: string; film_id: string; reason: string; created_at: Date; deadline_at: Date }>(
    `SELECT seq, id, url, domain, film_id, reason, created_at, deadline_at FROM delist_items
      WHERE seq > $1 AND status = 'open' ORDER BY seq LIMIT $2`,
    [after, limit],
  );
  const items = rows.map((r) => ({
    seq: r.seq,
    id: r.id,
    url: r.url,
    domain: r.domain,
    filmId: r.film_id,
    reason: r.reason,
    createdAt: new Date(r.created_at).toISOString(),
    deadlineAt: new Date(r.deadline_at).toISOString(),
  }));
  return { items, nextCursor: items.at(-1)?.seq ?? after };
}
