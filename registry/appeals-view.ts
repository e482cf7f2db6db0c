// Read side of appeals: the appellant's status page (by reference), the entry page's published decisions (no contact,
// no grounds, no reference), and the supervisor's queue (everything, with overdue flags).
import { type Db, isoOrNull } from '../storage/db.ts';
import type { AppealStatus } from './appeals.ts';

interface Row {
  id: string; ref: string; entry_id: string; status: AppealStatus; contact: string; grounds: string; lang: string;
  evidence_sha256: string | null; evidence_path: string | null; evidence_bytes: number | null; evidence_type: string | null;
  filed_at: Date; due_at: Date; decided_at: Date | null; decision_reason: string | null; serial: number | null; domain: string; entry_status: string;
}

export interface PublicAppeal {
  filedAt: string;
  dueAt: string;
  status: AppealStatus;
  overdue: boolean;
  decidedAt: string | null;
  decisionReason: string | null;
}

export interface AppealView extends PublicAppeal {
  id: string;
  ref: string;
  entryId: string;
  serial: number | null;
  domain: string;
  entryStatus: string;
  grounds: string;
  lang: string;
  evidence: { sha256: string; bytes: number; type: string } | null;
}

export interface SupervisorAppeal extends AppealView {
  contact: string;
}

const SELECT = `SELECT a.*, e.serial, e.domain, e.status AS entry_status FROM appeals a JOIN registry_entries e ON e.id = a.entry_id`;
/** open past its promised date (a decided appeal keeps whether it was decided late in decidedAt > dueAt) */
const overdue = (r: Row, now: Date) => (r.status === 'open' ? now > new Date(r.due_at) : new Date(r.decided_at!) > new Date(r.due_at));

function publicView(r: Row, now: Date): PublicAppeal {
  return { filedAt: isoOrNull(r.filed_at)!, dueAt: isoOrNull(r.due_at)!, status: r.status, overdue: overdue(r, now), decidedAt: isoOrNull(r.decided_at), decisionReason: r.decision_reason };
}

function view(r: Row, now: Date): AppealView {
  return {
    ...publicView(r, now), id: r.id, ref: r.ref, entryId: r.entry_id, serial: r.serial, domain: r.domain, entryStatus: r.entry_status,
    grounds: r.grounds, lang: r.lang,
    evidence: r.evidence_sha256 ? { sha256: r.evidence_sha256, bytes: Number(r.evidence_bytes), type: r.evidence_type! } : null,
  };
}

export async function appealByRef(db: Db, ref: string, now = new Date()): Promise<AppealView | null> {
  const [r] = await db.query<Row>(`${SELECT} WHERE a.ref = $1`, [ref]);
  return r ? view(r, now) : null;
}

export async function appealsOfEntry(db: Db, entryId: string, now = new Date()): Promise<PublicAppeal[]> {
  const rows = await db.query<Row>(`${SELECT} WHERE a.entry_id = $1 ORDER BY a.filed_at`, [entryId]);
  return rows.map((r) => publicView(r, now));
}

export async function listAppeals(db: Db, opts: { status?: AppealStatus | null; limit?: number } = {}, now = new Date()): Promise<SupervisorAppeal[]> {
  const rows = await db.query<Row>(`${SELECT} WHERE ($1::text IS NULL OR a.status = $1) ORDER BY a.due_at LIMIT $2`, [opts.status ?? null, opts.limit ?? 500]);
  return rows.map((r) => ({ ...view(r, now), contact: r.contact }));
}

/** The stored evidence file of an appeal (for a supervisor), or null. */
export async function appealEvidence(db: Db, ref: string): Promise<{ path: string; type: string; sha256: string } | null> {
  const [r] = await db.query<{ evidence_path: string | null; evidence_type: string | null; evidence_sha256: string | null }>('SELECT evidence_path, evidence_type, evidence_sha256 FROM appeals WHERE ref = $1', [ref]);
  return r?.evidence_path ? { path: r.evidence_path, type: r.evidence_type!, sha256: r.evidence_sha256! } : null;
}
