// The append-only, hash-chained audit trail. The table refuses UPDATE/DELETE/TRUNCATE (trigger in 001_init.sql);
// each row's hash covers the previous row's hash and every column of the row (v2: seq, at, actor, action, subject,
// details; rows written before migration 010 carry v1, which left out seq and at). A trigger stops honest code, not
// someone with the database password: edits and deletions break the chain, and a cut or recomputed tail is caught
// against anchors kept outside the database (audit/anchors.ts: a local file and the head published with the exports).
import type { Db } from './db.ts';
import { sha256Hex } from './hash.ts';

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
  hash_version: number;
}

export const GENESIS = '0'.repeat(64);

/** The row hash. v2 (every row written now) covers seq and at; v1 is how rows before migration 010 were hashed. */
export function auditHash(prev: string, e: AuditEntry & { seq?: number; at?: Date }, version = 2): string {
  const fields = [e.actor, e.action, e.subject ?? null, canonical(e.details ?? {})];
  const body = version >= 2 ? JSON.stringify([e.seq, e.at?.toISOString(), ...fields]) : JSON.stringify(fields);
  return sha256Hex(prev + body);
}

/** Appends one entry. Runs in (or opens) a transaction and serialises writers on the table. */
export async function appendAudit(db: Db, e: AuditEntry): Promise<{ seq: number; hash: string }> {
  return db.tx(async (t) => {
    if (t.kind === 'postgres') await t.query('LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE');
    const [last] = await t.query<{ hash: string }>('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const prev = last?.hash ?? GENESIS;
    const [{ seq }] = (await t.query<{ seq: number }>(`SELECT nextval(pg_get_serial_sequence('audit_log', 'seq')) AS seq`)) as [{ seq: number }];
    const at = new Date(); // milliseconds: what timestamptz stores of it comes back identical
    const hash = auditHash(prev, { ...e, seq, at });
    await t.query(
      'INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash, hash_version) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,2)',
      [seq, at, e.actor, e.action, e.subject ?? null, JSON.stringify(canonical(e.details ?? {})), prev, hash],
    );
    return { seq, hash };
  });
}

/** One page of the trail after `after` (seq), for the admin API. */
export async function listAudit(db: Db, after: number, limit: number): Promise<Array<Omit<AuditRow, 'at' | 'prev_hash' | 'hash_version'> & { at: string }>> {
  const rows = await db.query<AuditRow>('SELECT seq, at, actor, action, subject, details, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [after, limit]);
  return rows.map((r) => ({ seq: r.seq, at: new Date(r.at).toISOString(), actor: r.actor, action: r.action, subject: r.subject, details: r.details, hash: r.hash }));
}

/** The row that activated the newest registry serial: the head every export of that serial publishes (stable for a
 * serial, so an export can be cached and compared; the local anchor file covers the rows after it). */
export async function activationHead(db: Db): Promise<{ seq: number; hash: string } | null> {
  const [row] = await db.query<{ seq: number; hash: string }>(`SELECT seq, hash FROM audit_log WHERE action = 'registry.activated' ORDER BY seq DESC LIMIT 1`);
  return row ?? null;
}

/** The last row: what the local anchor file records. */
export async function auditHead(db: Db): Promise<{ seq: number; hash: string } | null> {
  const [row] = await db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  return row ?? null;
}

export interface ChainReport {
  rows: number;
  head: { seq: number; hash: string } | null;
  /** the first row whose hash or link is wrong (an edit, a deleted row before it, a forged row), or null */
  brokenAt: number | null;
  problem: string | null;
}

/** Walks the whole chain in pages; reports the first broken row. */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<ChainReport> {
  let prev = GENESIS;
  let rows = 0;
  let after = 0;
  let head: ChainReport['head'] = null;
  for (;;) {
    const page = await db.query<AuditRow>('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [after, pageSize]);
    for (const r of page) {
      rows++;
      if (r.prev_hash !== prev) return { rows, head, brokenAt: r.seq, problem: `row ${r.seq} does not follow the row before it (a row was removed or inserted)` };
      if (auditHash(prev, { ...r, at: new Date(r.at) }, r.hash_version) !== r.hash) return { rows, head, brokenAt: r.seq, problem: `row ${r.seq} was changed after it was written` };
      prev = r.hash;
      head = { seq: r.seq, hash: r.hash };
    }
    if (page.length < pageSize) return { rows, head, brokenAt: null, problem: null };
    after = page[page.length - 1]!.seq;
  }
}

/** JSON with object keys sorted, so the hash does not depend on key order or on jsonb's re-ordering. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  }
  return v;
}
