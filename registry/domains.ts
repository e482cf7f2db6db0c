// What a registry entry names, and what must never be blocked. The registrable domain comes from the full public
// suffix list INCLUDING its private section (tldts, allowPrivateDomains), so `x.pages.dev` is its own entry and never
// one for `pages.dev`, and `mysite.github.io` never one for `github.io`. Hosts are normalised once by net/urls.ts
// hostOf (punycode, lower case, no trailing dot, no brackets) before any comparison. A page reached by an IP literal
// becomes an entry of kind 'ip', which is never exported as a block without a separate admin approval (exports.ts
// filters it, see exportable.ts). Protection is by suffix (protected_domains) and by network (protected_asns),
// checked at proposal (publish.ts), at approval (approvals.ts) and at export (exportable.ts).
import { getDomain } from 'tldts';
import type { Db } from '../storage/db.ts';
import { appendAudit } from '../storage/audit.ts';
import { hostOf } from '../net/urls.ts';
import { parseAddress } from '../net/guard.ts';

export type EntryKind = 'domain' | 'ip';

export interface UrlDomains {
  /** normalised host, e.g. 'www.kino.example.kz', '127.0.0.1', '2001:4860::8888' */
  host: string;
  /** what an entry would name: the registrable domain ('example.kz', 'x.pages.dev'), or the canonical IP */
  domain: string;
  kind: EntryKind;
  /** why no entry may name this host at all (it is itself a public suffix such as 'github.io', or a bare label) */
  unblockable?: string;
}

const normHost = (h: string): string => hostOf(`http://${h.includes(':') && !h.startsWith('[') ? `[${h}]` : h}/`);

export function domainsOfHost(rawHost: string): UrlDomains {
  const host = normHost(rawHost);
  if (!host) throw new Error(`cannot read a host from ${JSON.stringify(rawHost)}`);
  const ip = parseAddress(host);
  if (ip) return { host, domain: ip.toString(), kind: 'ip' };
  const domain = getDomain(host, { allowPrivateDomains: true });
  if (domain) return { host, domain: domain.toLowerCase(), kind: 'domain' };
  return { host, domain: host, kind: 'domain', unblockable: host.includes('.') ? `${host} is a public suffix (shared by unrelated sites)` : `${host} has no registrable domain` };
}

export function domainsOf(url: string): UrlDomains {
  const host = hostOf(url);
  if (!host) throw new Error(`cannot read a host from ${JSON.stringify(url)}`);
  return domainsOfHost(host);
}

/** The host and each parent suffix ('a.b.example.kz' → ['a.b.example.kz', 'b.example.kz', 'example.kz', 'kz']). */
export function parentsOf(host: string): string[] {
  const parts = host.split('.');
  return parts.map((_, i) => parts.slice(i).join('.')).filter(Boolean);
}

/** Everything protected, read once per decision or export. */
export interface Protection { domains: Map<string, string>; asns: Map<number, string> }
export interface ProtectedBy { by: 'domain' | 'asn'; value: string; domain: string; reason: string }

export async function loadProtection(db: Db): Promise<Protection> {
  const [d, a] = await Promise.all([
    db.query<{ domain: string; reason: string }>('SELECT domain, reason FROM protected_domains'),
    db.query<{ asn: string | number; reason: string }>('SELECT asn, reason FROM protected_asns'),
  ]);
  return { domains: new Map(d.map((r) => [r.domain, r.reason])), asns: new Map(a.map((r) => [Number(r.asn), r.reason])) };
}

/** Pure check: the host/domain or any parent on the protected list (most specific first), else one of its ASNs. */
export function protectionOf(p: Protection, e: { domain: string; host?: string; kind?: EntryKind; asns?: readonly number[] }): ProtectedBy | null {
  const ip = e.kind === 'ip' || parseAddress(e.domain) !== null;
  if (!ip) {
    const names = [...new Set([...parentsOf(normHost(e.host ?? e.domain)), ...parentsOf(normHost(e.domain))])].sort((a, b) => b.length - a.length);
    for (const n of names) {
      const reason = p.domains.get(n);
      if (reason !== undefined) return { by: 'domain', value: n, domain: n, reason };
    }
  }
  for (const asn of e.asns ?? []) {
    const reason = p.asns.get(Number(asn));
    if (reason !== undefined) return { by: 'asn', value: `AS${asn}`, domain: `AS${asn}`, reason };
  }
  return null;
}

/** The protection covering a URL's host (by suffix) or any of the given ASNs, if any. */
export async function protectedMatch(db: Db, d: UrlDomains, asns: readonly number[] = []): Promise<ProtectedBy | null> {
  return protectionOf(await loadProtection(db), { domain: d.domain, host: d.host, kind: d.kind, asns });
}

/** A domain an admin may type: bare host, ASCII (punycode), lower case, no scheme/path/trailing dot. */
export function normaliseDomainInput(input: string): string {
  const s = input.trim().toLowerCase();
  const host = hostOf(s.includes('://') ? s : `http://${s}`);
  // DNS: labels of 1–63 characters, 253 in all (RFC 1035); anything else can never be a name to block
  const labels = host.split('.');
  if (!/^[a-z0-9.-]+$/.test(host) || (!host.includes('.') && host !== 'localhost') || parseAddress(host)
    || host.length > 253 || labels.some((l) => l.length === 0 || l.length > 63)) throw new Error(`not a domain: ${JSON.stringify(input)}`);
  return host;
}

export interface ProtectedDomain { domain: string; reason: string; addedBy: string | null; createdAt: string }

export async function listProtected(db: Db): Promise<ProtectedDomain[]> {
  const rows = await db.query<{ domain: string; reason: string; added_by: string | null; created_at: Date }>('SELECT * FROM protected_domains ORDER BY domain');
  return rows.map((r) => ({ domain: r.domain, reason: r.reason, addedBy: r.added_by, createdAt: new Date(r.created_at).toISOString() }));
}

/** Protects a (normalised) domain; audited. false when it was protected already. */
export async function addProtected(db: Db, p: { domain: string; reason: string; actor: string }): Promise<boolean> {
  return db.tx(async (t) => {
    const rows = await t.query('INSERT INTO protected_domains (domain, reason, added_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING domain', [p.domain, p.reason, p.actor]);
    if (rows.length) await appendAudit(t, { actor: p.actor, action: 'protected_domain.add', subject: p.domain, details: { reason: p.reason } });
    return rows.length > 0;
  });
}

export interface ProtectedAsn { asn: number; reason: string; addedBy: string | null; createdAt: string }

export async function listProtectedAsns(db: Db): Promise<ProtectedAsn[]> {
  const rows = await db.query<{ asn: string | number; reason: string; added_by: string | null; created_at: Date }>('SELECT * FROM protected_asns ORDER BY asn');
  return rows.map((r) => ({ asn: Number(r.asn), reason: r.reason, addedBy: r.added_by, createdAt: new Date(r.created_at).toISOString() }));
}

/** Protects every site announced from an ASN; audited. false when it was protected already. */
export async function addProtectedAsn(db: Db, p: { asn: number; reason: string; actor: string }): Promise<boolean> {
  if (!Number.isInteger(p.asn) || p.asn < 1 || p.asn > 4_294_967_295) throw new Error(`not an ASN: ${p.asn}`);
  return db.tx(async (t) => {
    const rows = await t.query('INSERT INTO protected_asns (asn, reason, added_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING asn', [p.asn, p.reason, p.actor]);
    if (rows.length) await appendAudit(t, { actor: p.actor, action: 'protected_asn.add', subject: `AS${p.asn}`, details: { reason: p.reason } });
    return rows.length > 0;
  });
}
