// The audit trail under tampering: every column is covered by the hash (v2), a removed row breaks the chain, and a
// cut or recomputed tail — which a chain alone cannot show — is caught by anchors kept outside the database.
// The append-only trigger is switched off here on purpose: it stops honest code, not someone with the DB password.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { auditVerify } from '../../cli/commands/audit.ts';
import type { CliEnv } from '../../cli/command.ts';
import { appendAudit, auditHash, auditHead, verifyAuditChain, type AuditRow } from '../../storage/audit.ts';
import { anchorFile, parseAnchor, readAnchors, recordAnchor, verifyAudit } from '../../storage/audit-anchors.ts';
import { createBlobStore } from '../../storage/blobs.ts';
import { registryJson } from '../../registry/exports.ts';
import type { Db } from '../../storage/db.ts';
import { freshPglite } from '../kit/db.ts';
import { testConfig } from '../kit/config.ts';
import { silentLog } from '../kit/log.ts';
import { tempDirs } from '../kit/temp.ts';

const tempDir = tempDirs('kuzet-audit-');
const unlocked = async (db: Db, sql: string, params: unknown[] = []) => {
  await db.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
  try {
    await db.query(sql, params);
  } finally {
    await db.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
  }
};

async function trail(db: Db, n = 5) {
  for (let i = 1; i <= n; i++) await appendAudit(db, { actor: `usr_${i}`, action: 'review.approve', subject: `match_${i}`, details: { note: `row ${i}` } });
}

describe('audit trail verification', () => {
  let db: Db;
  afterEach(async () => db?.close());

  it('an intact trail verifies; the hash covers seq and at', async () => {
    db = await freshPglite();
    await trail(db);
    expect(await verifyAuditChain(db)).toMatchObject({ rows: 5, brokenAt: null, problem: null, head: { seq: 5 } });
    const [r] = await db.query<AuditRow>('SELECT * FROM audit_log WHERE seq = 3');
    expect(r!.hash_version).toBe(2);
    expect(auditHash(r!.prev_hash, { ...r!, at: new Date(r!.at) })).toBe(r!.hash);
    expect(auditHash(r!.prev_hash, { ...r!, at: new Date(new Date(r!.at).getTime() + 1000) })).not.toBe(r!.hash);
  });

  for (const [what, sql] of [
    ['a changed timestamp', `UPDATE audit_log SET at = at - interval '1 day' WHERE seq = 3`],
    ['a changed actor', `UPDATE audit_log SET actor = 'usr_9' WHERE seq = 3`],
    ['changed details', `UPDATE audit_log SET details = '{"note":"forged"}' WHERE seq = 3`],
    ['a changed subject', `UPDATE audit_log SET subject = NULL WHERE seq = 3`],
  ] as const) {
    it(`names the first broken row for ${what}`, async () => {
      db = await freshPglite();
      await trail(db);
      await unlocked(db, sql);
      expect(await verifyAuditChain(db)).toMatchObject({ brokenAt: 3, problem: expect.stringMatching(/changed/) });
    });
  }

  it('a deleted row breaks the link of the row after it', async () => {
    db = await freshPglite();
    await trail(db);
    await unlocked(db, 'DELETE FROM audit_log WHERE seq = 2');
    expect(await verifyAuditChain(db)).toMatchObject({ brokenAt: 3, problem: expect.stringMatching(/removed or inserted/) });
  });

  it('a cut tail passes the chain but not the anchors; nor does a recomputed tail', async () => {
    db = await freshPglite();
    const dir = await tempDir();
    await trail(db, 3);
    expect(await recordAnchor(db, dir)).toMatchObject({ seq: 3 });
    expect(await recordAnchor(db, dir)).toBeNull(); // the head did not move
    await trail(db, 2);
    const published = await auditHead(db); // e.g. from a registry export someone saved
    await recordAnchor(db, dir);
    expect((await verifyAudit(db, readAnchors(dir))).ok).toBe(true);

    await unlocked(db, 'DELETE FROM audit_log WHERE seq > 3');
    expect((await verifyAuditChain(db)).brokenAt).toBeNull(); // the chain alone cannot tell
    const cut = await verifyAudit(db, readAnchors(dir));
    expect(cut.ok).toBe(false);
    expect(cut.anchors.failed).toEqual([expect.objectContaining({ seq: 5, problem: expect.stringMatching(/cut/) })]);

    // the attacker appends a recomputed row 4 and 5 with other content: chain fine, anchor differs
    await appendAudit(db, { actor: 'usr_x', action: 'review.reject', subject: 'match_4' });
    await appendAudit(db, { actor: 'usr_x', action: 'review.reject', subject: 'match_5' });
    await unlocked(db, `SELECT setval(pg_get_serial_sequence('audit_log', 'seq'), 5)`);
    const rewritten = await verifyAudit(db, [parseAnchor(`${published!.seq}:${published!.hash}`)]);
    expect((await verifyAuditChain(db)).brokenAt).toBeNull();
    expect(rewritten.ok).toBe(false);
    expect(rewritten.anchors.failed[0]!.problem).toMatch(/gone|rewritten/);
  });

  it('every registry export publishes the audit row that activated its serial, unchanged by later rows', async () => {
    db = await freshPglite();
    await trail(db, 2);
    expect((await registryJson(db)).auditHead).toBeNull();
    const act = await appendAudit(db, { actor: 'usr_2', action: 'registry.activated', subject: 'reg_x', details: { serial: 1 } });
    await trail(db, 3);
    expect((await registryJson(db)).auditHead).toEqual({ seq: act.seq, hash: act.hash });
    expect((await verifyAudit(db, [parseAnchor(`${act.seq}:${act.hash}`)])).ok).toBe(true);
  });

  it('ignores a torn last line of the anchor file and refuses malformed anchors', async () => {
    const dir = await tempDir();
    db = await freshPglite();
    await trail(db, 1);
    await recordAnchor(db, dir);
    fs.appendFileSync(anchorFile(dir), '{"seq": 9, "ha');
    expect(readAnchors(dir)).toHaveLength(1);
    for (const bad of ['5', 'x:y', `5:${'g'.repeat(64)}`, `-1:${'a'.repeat(64)}`]) expect(() => parseAnchor(bad), bad).toThrow(/SEQ:HASH/);
  });

  it('kuzet audit verify: exit 0 and the head when intact, exit 1 with the first broken row when not', async () => {
    db = await freshPglite();
    const dataDir = await tempDir();
    await trail(db);
    const config = { ...testConfig(), dataDir };
    const run = async (args: string[]) => {
      const out: string[] = [];
      const env: CliEnv = {
        config, log: silentLog(), io: { out: (l) => void out.push(l), err: (l) => void out.push(l) },
        open: async () => ({ config, log: silentLog(), db, blobs: createBlobStore(dataDir), close: async () => {} }),
      };
      return { code: await auditVerify.run(args, env), out };
    };
    const ok = await run(['--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out[0]!)).toMatchObject({ ok: true, rows: 5, head: { seq: 5 } });
    await unlocked(db, `UPDATE audit_log SET action = 'review.reject' WHERE seq = 4`);
    const bad = await run([]);
    expect(bad.code).toBe(1);
    expect(bad.out.join('\n')).toMatch(/FAILED.*\n.*first broken row 4/);
    await expect(run(['--anchor', 'nonsense'])).rejects.toThrow(/SEQ:HASH/);
  });
});
