// Machine-readable exports of the registry in force (JSON, CSV, XML, hosts, domains, RPZ) and its diffs. One
// snapshot (registryJson, read in one transaction) renders every format; registry/export-cache.ts keeps one rendering
// per registry version, signed (registry/signed.ts). The delisting feed lives in registry/delist.ts.
import { isIP } from 'node:net';
import type { Db } from '../storage/db.ts';
import { activationHead } from '../storage/audit.ts';
import { filterExportable } from './overblock.ts';
import { changesSince, listActive, maxSerial, type FilmRef, type RegistryEntryView } from './queries.ts';

export interface ExportEntry { serial: number; domain: string; activatedAt: string; films: FilmRef[]; reason: string }

export interface RegistryExport {
  serial: number;
  generatedAt: string;
  /** the audit row that activated this serial: keep it, and `kuzet audit verify --anchor SEQ:HASH` proves later that the trail up to it was not cut or rewritten */
  auditHead: { seq: number; hash: string } | null;
  entries: ExportEntry[];
}

const exportEntry = (e: RegistryEntryView): ExportEntry => ({ serial: e.serial!, domain: e.domain, activatedAt: e.activatedAt!, films: e.films, reason: e.reason });

/** The registry in force at this moment: what every export of one version renders. */
export async function registryJson(db: Db, now = new Date()): Promise<RegistryExport> {
  return db.tx(async (t) => {
    const serial = await maxSerial(t);
    // overblocking checks at export: entries protected now (by suffix or ASN) and IP entries without a separate
    // approval are never exported as blocks (registry/overblock.ts)
    const { kept: entries } = await filterExportable(t, await listActive(t));
    return { serial, generatedAt: now.toISOString(), auditHead: await activationHead(t), entries: entries.map(exportEntry) };
  });
}

/** One CSV cell. A cell a spreadsheet would read as a formula (starting with = + - @ tab or CR: a film title such as
 *  `=HYPERLINK(…)`) gets a leading apostrophe, so it shows as text (OWASP, CSV injection); then RFC 4180 quoting. */
export const csvCell = (v: string | number) => {
  const s = /^[=+\-@\t\r]/.test(String(v)) ? `'${v}` : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function renderCsv(x: RegistryExport): string {
  const lines = [['serial', 'domain', 'activated_at', 'film_ids', 'film_titles', 'reason'].join(',')];
  for (const e of x.entries) {
    const titles = e.films.map((f) => f.titleEn ?? f.titleRu).join('; ');
    lines.push([e.serial, e.domain, e.activatedAt, e.films.map((f) => f.id).join(' '), titles, e.reason].map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** XML text and attribute escaping; characters XML 1.0 cannot carry at all are dropped. */
const xml = (s: string | number) =>
  String(s).replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '').replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderXml(x: RegistryExport): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<registry serial="${x.serial}" generatedAt="${xml(x.generatedAt)}"${x.auditHead ? ` auditHeadSeq="${x.auditHead.seq}" auditHeadHash="${xml(x.auditHead.hash)}"` : ''} entries="${x.entries.length}">`,
  ];
  for (const e of x.entries) {
    out.push(`<entry serial="${e.serial}" domain="${xml(e.domain)}" activatedAt="${xml(e.activatedAt)}">`);
    for (const f of e.films) out.push(`<film id="${xml(f.id)}" titleKk="${xml(f.titleKk)}" titleRu="${xml(f.titleRu)}"${f.titleEn === null ? '' : ` titleEn="${xml(f.titleEn)}"`}/>`);
    out.push(`<reason>${xml(e.reason)}</reason></entry>`);
  }
  out.push('</registry>');
  return out.join('\n') + '\n';
}

/** Names a DNS-based feed can carry: IP literals are never exported as blocks there. */
const names = (x: RegistryExport) => x.entries.filter((e) => !isIP(e.domain));

export function renderHosts(x: RegistryExport): string {
  const out = [`# Kuzet blocked-domain registry, serial ${x.serial}, generated ${x.generatedAt}`, `# ${x.entries.length} entries in force`];
  for (const e of x.entries) {
    if (isIP(e.domain)) out.push(`# ${e.domain}: an IP address, cannot be blocked by a hosts file`);
    else out.push(`0.0.0.0 ${e.domain}`, `0.0.0.0 www.${e.domain}`);
  }
  return out.join('\n') + '\n';
}

/** One FQDN a line, nothing else (no comments: the serial is in the signed JSON and in the RPZ SOA). */
export const renderDomains = (x: RegistryExport): string => names(x).map((e) => `${e.domain}\n`).join('');

/** A BIND response-policy zone: NXDOMAIN (`CNAME .`) for each domain and its subdomains; SOA serial = registry serial.
 *  rpz-ip rules for IPv4 entries as before (the overblock work decides whether IP entries are exported at all). */
export function renderRpz(x: RegistryExport, origin = 'rpz.kuzet.kz.'): string {
  const out = [
    `; Kuzet blocked-domain registry as a response-policy zone, serial ${x.serial}, generated ${x.generatedAt}`,
    `$ORIGIN ${origin}`,
    '$TTL 300',
    `@ IN SOA localhost. hostmaster.kuzet.kz. ( ${x.serial} 3600 600 604800 300 )`,
    '@ IN NS localhost.',
  ];
  for (const e of x.entries) {
    if (isIP(e.domain) === 4) out.push(`32.${e.domain.split('.').reverse().join('.')}.rpz-ip CNAME .`);
    else if (isIP(e.domain)) out.push(`; ${e.domain}: IPv6 entries are not exported to RPZ`);
    else out.push(`${e.domain} CNAME .`, `*.${e.domain} CNAME .`);
  }
  return out.join('\n') + '\n';
}

export const registryCsv = async (db: Db): Promise<string> => renderCsv(await registryJson(db));
export const hostsFile = async (db: Db, now = new Date()): Promise<string> => renderHosts(await registryJson(db, now));
export const rpzZone = async (db: Db, opts: { origin?: string; now?: Date } = {}): Promise<string> => renderRpz(await registryJson(db, opts.now), opts.origin);

export interface RegistryDiff {
  since: number;
  serial: number;
  generatedAt: string;
  auditHead: { seq: number; hash: string } | null;
  /** entries that came into force after `since` and are in force now */
  added: ExportEntry[];
  /** entries in force at `since` that are not now (lifted, expired, ...): the serial and time they left */
  removed: Array<{ serial: number; domain: string; status: string; removedAt: string }>;
}

/** Thrown when a diff since this serial cannot be given (too old: more changes than a full download is worth). */
export class DiffUnavailable extends Error {
  constructor(readonly code: 'serial_too_old' | 'serial_in_future', message: string) {
    super(message);
  }
}

/** What was added and removed since `since`; a serial whose diff would list more than `maxChanges` entries is too
 *  old (download the full export). */
export async function registryDiff(db: Db, since: number, opts: { maxChanges: number; now?: Date }): Promise<RegistryDiff> {
  return db.tx(async (t) => {
    const serial = await maxSerial(t);
    if (since > serial) throw new DiffUnavailable('serial_in_future', `serial ${since} is newer than the registry's serial ${serial}`);
    const touched = await changesSince(t, since, opts.maxChanges + 1);
    if (touched.length > opts.maxChanges) {
      throw new DiffUnavailable('serial_too_old', `more than ${opts.maxChanges} entries changed since serial ${since}: download the full /registry.json (serial ${serial})`);
    }
    const addedIds = touched.filter((c) => c.change === 'added').map((c) => c.entryId);
    const added = addedIds.length ? (await filterExportable(t, await listActive(t, { ids: addedIds }))).kept : [];
    const removed = touched.filter((c) => c.change === 'removed' && c.wasInForce).map((c) => ({ serial: c.serial, domain: c.domain, status: c.status, removedAt: c.at }));
    return { since, serial, generatedAt: (opts.now ?? new Date()).toISOString(), auditHead: await activationHead(t), added: added.map(exportEntry), removed };
  });
}

// the delisting feed moved to registry/delist.ts; re-exported for the callers that import it from here
export { delistFeed, DELIST_MAX_LIMIT, type DelistItem } from './delist.ts';
