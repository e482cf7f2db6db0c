// Overblocking checks on registry entries (issue 10): the network facts kept with an entry at proposal, the
// warnings an approver sees, the protection re-checked at approval, and the filter every export applies.
// The entry tables are the registry's own, so their SQL lives here (registry/ owns it).
import type { Logger } from 'pino';
import { appendAudit } from '../storage/audit.ts';
import type { Db } from '../storage/db.ts';
import type { HostNetwork } from '../net/host-network.ts';
import { DecisionError } from './errors.ts';
import { loadProtection, protectionOf, type EntryKind, type Protection, type ProtectedBy, type UrlDomains } from './domains.ts';

export interface EntryWarning { code: 'cdn' | 'ip' | 'protected' | 'unresolved'; message: string }

/** Stores what the entry names (kind) and, once, where it was hosted when first proposed. */
export async function recordEntryNetwork(db: Db, entryId: string, d: UrlDomains, net: HostNetwork | null): Promise<void> {
  await db.query(
    `UPDATE registry_entries SET kind = $2,
            asns = CASE WHEN network IS NULL AND $4::jsonb IS NOT NULL THEN $3::bigint[] ELSE asns END,
            cdn = CASE WHEN network IS NULL AND $4::jsonb IS NOT NULL THEN $5 ELSE cdn END,
            network = coalesce(network, $4::jsonb)
      WHERE id = $1`,
    [entryId, d.kind, net?.asns ?? [], net ? JSON.stringify(net) : null, (net?.shared.length ?? 0) > 0],
  );
}

interface FactsRow { id: string; domain: string; kind: EntryKind; asns: Array<string | number>; cdn: boolean; network: HostNetwork | string | null; ip_block_approved_at: Date | null }
const factsOf = (r: FactsRow) => ({
  domain: r.domain, kind: r.kind, asns: r.asns.map(Number), cdn: r.cdn,
  network: (typeof r.network === 'string' ? JSON.parse(r.network) : r.network) as HostNetwork | null,
  ipBlockApproved: r.ip_block_approved_at !== null,
});
export type EntryFacts = ReturnType<typeof factsOf>;

export function warningsOf(p: Protection, f: EntryFacts): EntryWarning[] {
  const out: EntryWarning[] = [];
  const prot = protectionOf(p, f);
  if (prot) out.push({ code: 'protected', message: `${prot.value} is protected (${prot.reason}): this entry cannot be activated or exported` });
  if (f.kind === 'ip') out.push({ code: 'ip', message: `${f.domain} is an IP address: every site on it would be blocked; it is never exported as a block without a separate admin approval` });
  for (const s of f.network?.shared ?? []) out.push({ code: 'cdn', message: `hosted on ${s.name} (AS${s.asn}, ${s.kind.replace('_', ' ')}): its addresses serve other sites, so it is blocked by name (FQDN) only` });
  if (f.network?.error) out.push({ code: 'unresolved', message: f.network.error });
  return out;
}

/** The proposals (or any entries) with the facts and warnings an approver must see, as plain JSON. */
export async function withOverblockFacts<T extends { id: string }>(db: Db, entries: T[]): Promise<Array<T & { kind: EntryKind; cdn: boolean; asns: number[]; network: HostNetwork | null; warnings: EntryWarning[] }>> {
  if (!entries.length) return [];
  const [p, rows] = await Promise.all([
    loadProtection(db),
    db.query<FactsRow>('SELECT id, domain, kind, asns, cdn, network, ip_block_approved_at FROM registry_entries WHERE id = ANY($1::text[])', [entries.map((e) => e.id)]),
  ]);
  const byId = new Map(rows.map((r) => [r.id, factsOf(r)]));
  return entries.flatMap((e) => {
    const f = byId.get(e.id);
    return f ? [{ ...e, kind: f.kind, cdn: f.cdn, asns: f.asns, network: f.network, warnings: warningsOf(p, f) }] : [];
  });
}

/** At approval: the protection that forbids activating this entry now (an admin may have protected it after the proposal). */
export async function protectionAtApproval(db: Db, entryId: string): Promise<ProtectedBy | null> {
  const [r] = await db.query<FactsRow>('SELECT id, domain, kind, asns, cdn, network, ip_block_approved_at FROM registry_entries WHERE id = $1', [entryId]);
  return r ? protectionOf(await loadProtection(db), factsOf(r)) : null;
}

/** Why an entry in force must not be exported as a block, or null. */
export function withheldReason(p: Protection, f: Pick<EntryFacts, 'domain' | 'kind' | 'asns' | 'ipBlockApproved'>): string | null {
  const prot = protectionOf(p, f);
  if (prot) return `protected: ${prot.value} (${prot.reason})`;
  if (f.kind === 'ip' && !f.ipBlockApproved) return 'IP address without a separate admin approval of an IP block';
  return null;
}

/**
 * The export filter: drops entries that are protected now (by suffix or ASN) and IP entries without a separate
 * approval, and logs each drop. Call it on every list that becomes a block (JSON/CSV/hosts/RPZ/domains, diffs).
 * One query for the few flagged rows plus a Set lookup per entry: cheap for 100,000 entries.
 */
export async function filterExportable<T extends { id?: string; domain: string }>(db: Db, entries: T[], log?: Pick<Logger, 'warn'>): Promise<{ kept: T[]; withheld: Array<{ domain: string; reason: string }> }> {
  const p = await loadProtection(db);
  const flagged = await db.query<FactsRow>(
    `SELECT id, domain, kind, asns, cdn, network, ip_block_approved_at FROM registry_entries
      WHERE kind = 'ip' OR asns && $1::bigint[]`,
    [[...p.asns.keys()]],
  );
  const facts = new Map(flagged.map((r) => [r.domain, factsOf(r)]));
  const kept: T[] = [];
  const withheld: Array<{ domain: string; reason: string }> = [];
  for (const e of entries) {
    const reason = withheldReason(p, facts.get(e.domain) ?? { domain: e.domain, kind: 'domain', asns: [], ipBlockApproved: false });
    if (reason) withheld.push({ domain: e.domain, reason });
    else kept.push(e);
  }
  if (withheld.length) log?.warn({ withheld }, `${withheld.length} registry entries withheld from an export (overblocking checks)`);
  return { kept, withheld };
}

/**
 * The separate, explicit decision that lets an entry of kind 'ip' be exported as an address block (hosts/RPZ):
 * admin only, with a reason, audited. Without it an IP entry stays on the public list but in no feed.
 */
export async function approveIpBlock(db: Db, p: { entryId: string; userId: string; reason: string }): Promise<{ entryId: string; domain: string }> {
  return db.tx(async (t) => {
    const [u] = await t.query<{ role: string; disabled_at: Date | null }>('SELECT role, disabled_at FROM users WHERE id = $1', [p.userId]);
    if (!u || u.disabled_at || u.role !== 'admin') throw new DecisionError('forbidden', 'an IP block needs an enabled admin');
    const [e] = await t.query<{ domain: string; kind: EntryKind; ip_block_approved_at: Date | null }>('SELECT domain, kind, ip_block_approved_at FROM registry_entries WHERE id = $1 FOR UPDATE', [p.entryId]);
    if (!e) throw new DecisionError('not_found', `registry entry ${p.entryId} does not exist`);
    if (e.kind !== 'ip') throw new DecisionError('conflict', `registry entry ${p.entryId} (${e.domain}) is a domain, not an IP address`);
    if (e.ip_block_approved_at) return { entryId: p.entryId, domain: e.domain };
    await t.query('UPDATE registry_entries SET ip_block_approved_by = $2, ip_block_approved_at = now(), updated_at = now() WHERE id = $1', [p.entryId, p.userId]);
    await appendAudit(t, { actor: p.userId, action: 'registry.ip_block_approve', subject: p.entryId, details: { domain: e.domain, reason: p.reason } });
    return { entryId: p.entryId, domain: e.domain };
  });
}
