// The append-only, hash-chained audit trail. The table refuses UPDATE/DELETE (trigger in 001_init.sql);
// each row's hash covers the previous row's hash, so a removed or edited row breaks the chain.
import { createHash } from 'node:crypto';
import type { Db } from './db.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  subject?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditRow extends Required<AuditEntry> {
  seq: number;
  at: Date;
  prev_hash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

export function auditHash(prev: string, e: AuditEntry): string {
  const body = JSON.stringify([e.actor, e.action, e.subject ?? null, canonical(e.details ?? {})]);
  return createHash('sha256').update(prev).update(body).digest('hex');
}

/** Appends one entry. Runs in (or opens) a transaction and serialises writers on the table. */
export async function appendAudit(db: Db, e: AuditEntry): Promise<{ seq: number; hash: string }> {
  return db.tx(async (t) => {
    if (t.kind === 'postgres') await t.query('LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE');
    const [last] = await t.query<{ hash: string }>('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const prev = last?.hash ?? GENESIS;
    const hash = auditHash(prev, e);
    const [row] = await t.query<{ seq: number }>(
      'INSERT INTO audit_log (actor, action, subject, details, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6) RETURNING seq',
      [e.actor, e.action, e.subject ?? null, JSON.stringify(canonical(e.details ?? {})), prev, hash],
    );
    return { seq: row!.seq, hash };
  });
}

/** Walks the whole chain; returns the first broken seq, or null when intact. */
export async function verifyAuditChain(db: Db): Promise<{ rows: number; brokenAt: number | null }> {
  const rows = await db.query<AuditRow>('SELECT * FROM audit_log ORDER BY seq');
  let prev = GENESIS;
  for (const r of rows) {
    if (r.prev_hash !== prev || auditHash(prev, r) !== r.hash) return { rows: rows.length, brokenAt: r.seq };
    prev = r.hash;
  }
  return { rows: rows.length, brokenAt: null };
}

/** JSON with object keys sorted, so the hash does not depend on key order or on jsonb's re-ordering. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  }
  return v;
}
