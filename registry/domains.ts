// Domain normalisation for the registry: the registrable domain (tldts) is what gets blocked; IP hosts
// and local names have no registrable domain, so the host itself stands in.
import { getDomain } from 'tldts';
import type { Db } from '../storage/db.ts';
import { appendAudit } from '../storage/audit.ts';
import { hostOf } from '../net/urls.ts';

export interface UrlDomains {
  /** lower-case host without a trailing dot, e.g. 'www.kino.example.kz' or '127.0.0.1' */
  host: string;
  /** registrable domain, e.g. 'example.kz'; the host when there is none (IPs, localhost) */
  domain: string;
}

export function domainsOf(url: string): UrlDomains {
  const host = hostOf(url);
  if (!host) throw new Error(`cannot read a host from ${JSON.stringify(url)}`);
  const domain = getDomain(host, { allowPrivateDomains: false })?.toLowerCase() ?? host;
  return { host, domain };
}

/** The host and each parent suffix ('a.b.example.kz' → ['a.b.example.kz', 'b.example.kz', 'example.kz', 'kz']). */
export function parentsOf(host: string): string[] {
  const parts = host.split('.');
  return parts.map((_, i) => parts.slice(i).join('.')).filter(Boolean);
}

/** The protected_domains row covering the host or its registrable domain (or any parent), if any. */
export async function protectedMatch(db: Db, d: UrlDomains): Promise<{ domain: string; reason: string } | null> {
  const names = [...new Set([...parentsOf(d.host), ...parentsOf(d.domain)])];
  const rows = await db.query<{ domain: string; reason: string }>(
    'SELECT domain, reason FROM protected_domains WHERE domain = ANY($1::text[]) ORDER BY length(domain) DESC LIMIT 1',
    [names],
  );
  return rows[0] ?? null;
}

/** A domain an admin may type: bare host, lower case, no scheme/path. */
export function normaliseDomainInput(input: string): string {
  const s = input.trim().toLowerCase();
  const host = hostOf(s.includes('://') ? s : `http://${s}`);
  if (!/^[a-z0-9.-]+$/.test(host) || (!host.includes('.') && host !== 'localhost')) throw new Error(`not a domain: ${JSON.stringify(input)}`);
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
