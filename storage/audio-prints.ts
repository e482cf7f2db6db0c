// Chromaprint fingerprints of reference assets (table audio_fingerprints, migration 008): one row per asset,
// items packed as little-endian uint32 in a bytea. PGlite returns bytea as Uint8Array, pg as Buffer (a Uint8Array
// subclass, possibly a view into a shared pool): both are copied out through a DataView at their own byteOffset.
import type { AudioPrint } from '../matcher/audio.ts';
import type { Db } from './db.ts';

export function packItems(items: Uint32Array): Uint8Array {
  const out = new Uint8Array(items.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < items.length; i++) view.setUint32(i * 4, items[i]!, true);
  return out;
}

export function unpackItems(bytes: Uint8Array): Uint32Array {
  if (bytes.byteLength % 4 !== 0) throw new Error(`audio fingerprint bytea of ${bytes.byteLength} bytes is not a multiple of 4`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Uint32Array(bytes.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getUint32(i * 4, true);
  return out;
}

/** Stores an asset's audio print; a second insert for the same asset is a no-op (the first print stays). */
export async function insertAudioPrint(db: Db, row: { assetId: string; filmId: string; print: AudioPrint }): Promise<void> {
  const p = row.print;
  if (p.items.length === 0) throw new Error(`empty audio print for asset ${row.assetId}`);
  await db.query(
    `INSERT INTO audio_fingerprints (asset_id, film_id, item_s, start_s, duration_s, items, item_count)
     VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (asset_id) DO NOTHING`,
    [row.assetId, row.filmId, p.itemS, p.startS, p.durationS, packItems(p.items), p.items.length],
  );
}

/**
 * One audio print per film among filmIds: a film with several printed assets (master video, trailer) gets its
 * longest one, i.e. the master. Films without a print are absent from the map.
 */
export async function audioPrintsForFilms(db: Db, filmIds: readonly string[]): Promise<Map<string, AudioPrint>> {
  const out = new Map<string, AudioPrint>();
  if (filmIds.length === 0) return out;
  const rows = await db.query<{ film_id: string; item_s: number; start_s: number; duration_s: number | null; items: Uint8Array; item_count: number }>(
    `SELECT film_id, item_s, start_s, duration_s, items, item_count FROM audio_fingerprints
     WHERE film_id = ANY($1::text[]) ORDER BY film_id, item_count DESC, asset_id`,
    [filmIds],
  );
  for (const r of rows) {
    if (out.has(r.film_id)) continue;
    const items = unpackItems(r.items);
    if (items.length !== r.item_count) throw new Error(`audio print of film ${r.film_id}: ${items.length} items stored, ${r.item_count} declared`);
    out.set(r.film_id, { items, itemS: r.item_s, startS: r.start_s, durationS: r.duration_s ?? items.length * r.item_s });
  }
  return out;
}
