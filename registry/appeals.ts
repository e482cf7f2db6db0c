// Appeals against a registry entry: anyone files one without an account (contact, grounds, an optional evidence file)
// and gets an unguessable reference for its status page; a supervisor upholds the entry or lifts it, with a reason,
// and the decision is published on the entry. While an appeal is open the entry is under_appeal and stays listed.
// Abuse limits (no third-party service): a cap per client address and day (the address kept only as a hash), a cap
// of open appeals per entry, size and type limits on every field and the file; the HTTP layer adds a per-address
// request limit and a honeypot field.
import { randomBytes, randomUUID } from 'node:crypto';
import { appendAudit } from '../storage/audit.ts';
import type { BlobStore } from '../storage/blobs.ts';
import type { Db } from '../storage/db.ts';
import { sha256Hex } from '../storage/hash.ts';
import type { DecisionVia } from './errors.ts';
import { changeEntry, isListed, liftLocked, lockEntry, requireSupervisor, type Actor } from './lifecycle.ts';
import { addWorkingDays } from './working-days.ts';

export const APPEAL_LIMITS = { contact: 200, grounds: 5000, groundsMin: 20 } as const;
export type AppealStatus = 'open' | 'upheld' | 'lifted' | 'closed';

/** A refusal the caller maps to an HTTP status (the error plugin reads statusCode and code). */
export class AppealRefused extends Error {
  constructor(readonly statusCode: number, readonly code: string, message: string) {
    super(message);
    this.name = 'AppealRefused';
  }
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 'AP-XXXX-XXXX-XXXX-XXXX': 80 random bits, Crockford base32 (no I, L, O, U), read aloud without confusion. */
export function newAppealRef(): string {
  const b = randomBytes(10);
  let bits = 0n;
  for (const x of b) bits = (bits << 8n) | BigInt(x);
  let s = '';
  for (let i = 0; i < 16; i++) s = CROCKFORD[Number((bits >> BigInt(i * 5)) & 31n)]! + s;
  return `AP-${s.match(/.{4}/g)!.join('-')}`;
}
export const isAppealRef = (s: string) => /^AP-[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/.test(s);

/** The evidence file's type by its first bytes (never by the name or the claimed type); null = refused. */
export function evidenceType(data: Buffer): { ext: string; mediaType: string } | null {
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return { ext: '.pdf', mediaType: 'application/pdf' };
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { ext: '.png', mediaType: 'image/png' };
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return { ext: '.jpg', mediaType: 'image/jpeg' };
  if (!data.includes(0) && Buffer.from(data.toString('utf8'), 'utf8').equals(data)) return { ext: '.txt', mediaType: 'text/plain; charset=utf-8' };
  return null;
}

export const clientHashOf = (address: string) => sha256Hex(`kuzet-appeal-client:${address}`);

export interface AppealInput {
  /** the entry's public serial */
  serial: number;
  contact: string;
  grounds: string;
  lang: 'kk' | 'ru' | 'en';
  file?: Buffer | null;
  clientAddress: string;
}

export interface AppealLimits {
  deadlineWorkingDays: number;
  maxFileBytes: number;
  perClientPerDay: number;
  openPerEntry: number;
}

export async function fileAppeal(deps: { db: Db; blobs: BlobStore }, a: AppealInput, limits: AppealLimits, now = new Date()): Promise<{ ref: string; dueAt: string; serial: number }> {
  const contact = a.contact.trim();
  const grounds = a.grounds.trim();
  if (!contact || contact.length > APPEAL_LIMITS.contact) throw new AppealRefused(400, 'bad_contact', `a contact (e-mail or phone) of 1–${APPEAL_LIMITS.contact} characters is needed`);
  if (grounds.length < APPEAL_LIMITS.groundsMin || grounds.length > APPEAL_LIMITS.grounds) throw new AppealRefused(400, 'bad_grounds', `grounds of ${APPEAL_LIMITS.groundsMin}–${APPEAL_LIMITS.grounds} characters are needed`);
  let stored: { sha256: string; path: string; bytes: number; mediaType: string } | null = null;
  if (a.file?.length) {
    if (a.file.length > limits.maxFileBytes) throw new AppealRefused(413, 'file_too_large', `the evidence file may have at most ${limits.maxFileBytes} bytes`);
    const type = evidenceType(a.file);
    if (!type) throw new AppealRefused(415, 'file_type', 'the evidence file must be a PDF, PNG, JPEG or plain-text file');
    const ref = await deps.blobs.put(a.file, type.ext);
    stored = { ...ref, mediaType: type.mediaType };
  }
  const clientHash = clientHashOf(a.clientAddress);
  return deps.db.tx(async (t) => {
    const [id] = await t.query<{ id: string }>('SELECT id FROM registry_entries WHERE serial = $1', [a.serial]);
    if (!id) throw new AppealRefused(404, 'not_found', `registry entry No. ${a.serial} does not exist`);
    const e = await lockEntry(t, id.id);
    if (!isListed(e.status)) throw new AppealRefused(409, 'not_listed', `registry entry No. ${a.serial} is ${e.status}: there is nothing to appeal`);
    const [c] = await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM appeals WHERE client_hash = $1 AND filed_at > $2::timestamptz - interval '1 day'`, [clientHash, now]);
    if (c!.n >= limits.perClientPerDay) throw new AppealRefused(429, 'too_many_appeals', `at most ${limits.perClientPerDay} appeals a day from one address`);
    const [o] = await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM appeals WHERE entry_id = $1 AND status = 'open'`, [e.id]);
    if (o!.n >= limits.openPerEntry) throw new AppealRefused(429, 'too_many_open_appeals', `registry entry No. ${a.serial} already has ${o!.n} open appeals; try again when one is decided`);
    const ref = newAppealRef();
    const appealId = `apl_${randomUUID().replace(/-/g, '')}`;
    const due = addWorkingDays(now, limits.deadlineWorkingDays);
    await t.query(
      `INSERT INTO appeals (id, ref, entry_id, contact, grounds, lang, evidence_sha256, evidence_path, evidence_bytes, evidence_type, client_hash, filed_at, due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [appealId, ref, e.id, contact, grounds, a.lang, stored?.sha256 ?? null, stored?.path ?? null, stored?.bytes ?? null, stored?.mediaType ?? null, clientHash, now, due],
    );
    // the reference is the key to the status page: the audit row names the appeal by id, never by reference
    await appendAudit(t, { actor: 'public', action: 'appeal.file', subject: appealId, details: { entryId: e.id, serial: e.serial, dueAt: due.toISOString(), evidence: stored ? { sha256: stored.sha256, bytes: stored.bytes, type: stored.mediaType } : null } });
    if (e.status === 'active') {
      await changeEntry(t, e, { change: 'appealed', actor: { id: 'public', role: 'public' }, reason: 'an appeal was filed', set: `status = 'under_appeal'`, details: { appealId, dueAt: due.toISOString() } });
    }
    return { ref, dueAt: due.toISOString(), serial: a.serial };
  });
}

/** A supervisor's decision: 'uphold' keeps the entry (listed again as active when no other appeal is open), 'lift' lifts it. */
export async function decideAppeal(db: Db, d: { ref: string; userId: string; decision: 'uphold' | 'lift'; reason: string; via?: DecisionVia }): Promise<{ status: AppealStatus; entryStatus: string }> {
  const reason = d.reason.trim();
  if (!reason || reason.length > 2000) throw new AppealRefused(400, 'bad_reason', 'a decision needs a reason of 1–2000 characters');
  return db.tx(async (t) => {
    const actor: Actor = await requireSupervisor(t, d.userId);
    const [ap] = await t.query<{ id: string; entry_id: string; status: AppealStatus }>('SELECT id, entry_id, status FROM appeals WHERE ref = $1 FOR UPDATE', [d.ref]);
    if (!ap) throw new AppealRefused(404, 'not_found', 'no such appeal');
    if (ap.status !== 'open') throw new AppealRefused(409, 'conflict', `the appeal was decided already (${ap.status})`);
    const e = await lockEntry(t, ap.entry_id);
    const status: AppealStatus = d.decision === 'lift' ? 'lifted' : 'upheld';
    await t.query('UPDATE appeals SET status = $2, decided_at = now(), decided_by = $3, decision_reason = $4 WHERE id = $1', [ap.id, status, actor.id, reason]);
    await appendAudit(t, { actor: actor.id, action: `appeal.${d.decision}`, subject: ap.id, details: { entryId: e.id, serial: e.serial, reason, ...(d.via ? { via: d.via } : {}) } });
    let entryStatus = e.status;
    if (d.decision === 'lift') {
      await liftLocked(t, e, actor, reason, { via: d.via, details: { appealId: ap.id } });
      entryStatus = 'lifted';
    } else if (e.status === 'under_appeal') {
      const [o] = await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM appeals WHERE entry_id = $1 AND status = 'open'`, [e.id]);
      if (o!.n === 0) {
        await changeEntry(t, e, { change: 'appeal_upheld', actor, reason, via: d.via, set: `status = 'active'`, details: { appealId: ap.id } });
        entryStatus = 'active';
      }
    }
    return { status, entryStatus };
  });
}
