// Built takedown packets: one per confirmed match (the ZIP itself is a blob; the row lists its hash and signature).
import { appendAudit } from './audit.ts';
import type { Db } from './db.ts';

export interface PacketRow { id: string; match_id: string; blob_path: string; sha256: string; bytes: number; key_id: string; created_at: Date }

export async function findPacket(db: Db, matchId: string): Promise<PacketRow | null> {
  const [row] = await db.query<PacketRow>('SELECT id, match_id, blob_path, sha256, bytes, key_id, created_at FROM packets WHERE match_id = $1', [matchId]);
  return row ?? null;
}

/** Records a built packet and its audit row in one transaction; false when the match already has one (another builder won). */
export async function recordPacket(
  db: Db,
  p: { id: string; matchId: string; blobPath: string; sha256: string; bytes: number; manifest: string; signature: string; keyId: string; createdAt: Date; files: number },
): Promise<boolean> {
  return db.tx(async (t) => {
    const rows = await t.query<{ id: string }>(
      `INSERT INTO packets (id, match_id, blob_path, sha256, bytes, manifest, signature, key_id, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (match_id) DO NOTHING RETURNING id`,
      [p.id, p.matchId, p.blobPath, p.sha256, p.bytes, p.manifest, p.signature, p.keyId, p.createdAt],
    );
    if (!rows.length) return false;
    await appendAudit(t, { actor: 'system', action: 'packet.build', subject: p.id, details: { match_id: p.matchId, sha256: p.sha256, bytes: p.bytes, key_id: p.keyId, files: p.files } });
    return true;
  });
}

/** Every built packet, oldest first (kuzet packets export). */
export async function listPackets(db: Db): Promise<PacketRow[]> {
  return db.query<PacketRow>('SELECT id, match_id, blob_path, sha256, bytes, key_id, created_at FROM packets ORDER BY created_at, match_id');
}
