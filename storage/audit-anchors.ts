// Anchors of the audit chain outside the database. The database alone cannot show that rows were cut off its end,
// or that its tail was recomputed: a (seq, hash) pair kept elsewhere can. Anchors come from a local append-only
// file (DATA_DIR/audit/anchors.jsonl, written by the service whenever the head moves) and from whoever saved a
// published head (every registry export carries `auditHead`); `kuzet audit verify --anchor SEQ:HASH` checks those.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './db.ts';
import { auditHead, verifyAuditChain, type ChainReport } from './audit.ts';

export interface Anchor { seq: number; hash: string; at?: string; source?: string }

export const anchorFile = (dataDir: string): string => path.join(dataDir, 'audit', 'anchors.jsonl');

/** `SEQ:HASH` as typed on a command line or copied from an export. */
export function parseAnchor(s: string): Anchor {
  const m = /^(\d{1,15}):([0-9a-f]{64})$/i.exec(s.trim());
  if (!m) throw new Error(`an anchor is SEQ:HASH (the auditHead of an export), not ${JSON.stringify(s)}`);
  return { seq: Number(m[1]), hash: m[2]!.toLowerCase(), source: 'argument' };
}

export function readAnchors(dataDir: string): Anchor[] {
  const file = anchorFile(dataDir);
  if (!fs.existsSync(file)) return [];
  const out: Anchor[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const a = JSON.parse(line) as Anchor;
      if (Number.isSafeInteger(a.seq) && /^[0-9a-f]{64}$/.test(a.hash)) out.push({ ...a, source: 'anchors.jsonl' });
    } catch { /* a torn last line (crash while appending) is not an anchor */ }
  }
  return out;
}

/** Appends the current head when it moved since the last anchor; returns the anchor written, or null. */
export async function recordAnchor(db: Db, dataDir: string, now = new Date()): Promise<Anchor | null> {
  const head = await auditHead(db);
  if (!head) return null;
  const last = readAnchors(dataDir).at(-1);
  if (last && last.seq === head.seq && last.hash === head.hash) return null;
  const file = anchorFile(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const anchor = { seq: head.seq, hash: head.hash, at: now.toISOString() };
  fs.appendFileSync(file, JSON.stringify(anchor) + '\n', { mode: 0o600 });
  return anchor;
}

export interface AuditVerification extends ChainReport {
  ok: boolean;
  anchors: { checked: number; failed: Array<Anchor & { problem: string }> };
}

/** The chain, then every anchor: a missing anchored row means the tail was cut; a different hash, that it was rewritten. */
export async function verifyAudit(db: Db, anchors: Anchor[]): Promise<AuditVerification> {
  const chain = await verifyAuditChain(db);
  const failed: AuditVerification['anchors']['failed'] = [];
  for (const a of anchors) {
    const [row] = await db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = $1', [a.seq]);
    if (!row) failed.push({ ...a, problem: `anchored row ${a.seq} is gone: the trail was cut (head is ${chain.head?.seq ?? 'empty'})` });
    else if (row.hash !== a.hash) failed.push({ ...a, problem: `row ${a.seq} differs from its anchor: the trail was rewritten from there on` });
  }
  return { ...chain, ok: chain.brokenAt === null && failed.length === 0, anchors: { checked: anchors.length, failed } };
}
