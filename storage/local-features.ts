// Local features of reference assets (table local_features, migration 019): which blob holds an asset's ORB
// keyframes (matcher/local/codec.ts), made with which recipe. SQL only; the blob itself is in the blob store.
import type { Db } from './db.ts';

export interface LocalFeatureRow {
  assetId: string;
  filmId: string;
  recipe: string;
  blobPath: string;
  keyframes: number;
  keypoints: number;
  bytes: number;
}

/** Records an asset's local features; a second insert for the same asset replaces the row (rehash). */
export async function upsertLocalFeatures(db: Db, r: LocalFeatureRow): Promise<void> {
  await db.query(
    `INSERT INTO local_features (asset_id, film_id, recipe, blob_path, keyframes, keypoints, bytes) VALUES ($1,$2,$3,$4,$5,$6,$7)
     ON CONFLICT (asset_id) DO UPDATE SET recipe = EXCLUDED.recipe, blob_path = EXCLUDED.blob_path, keyframes = EXCLUDED.keyframes,
       keypoints = EXCLUDED.keypoints, bytes = EXCLUDED.bytes, created_at = now()`,
    [r.assetId, r.filmId, r.recipe, r.blobPath, r.keyframes, r.keypoints, r.bytes],
  );
}

/** Local features of enabled films' video assets, with a checkpoint that moves when any of them changes. */
export async function localFeatureRows(db: Db): Promise<{ checkpoint: string; rows: LocalFeatureRow[] }> {
  const rows = await db.query<{ asset_id: string; film_id: string; recipe: string; blob_path: string; keyframes: number; keypoints: number; bytes: string | number }>(
    `SELECT l.asset_id, l.film_id, l.recipe, l.blob_path, l.keyframes, l.keypoints, l.bytes FROM local_features l
     JOIN films f ON f.id = l.film_id WHERE f.enabled ORDER BY l.asset_id`,
  );
  const out = rows.map((r) => ({ assetId: r.asset_id, filmId: r.film_id, recipe: r.recipe, blobPath: r.blob_path, keyframes: r.keyframes, keypoints: r.keypoints, bytes: Number(r.bytes) }));
  return { checkpoint: out.map((r) => `${r.assetId}:${r.blobPath.slice(-16)}`).join(',') || 'none', rows: out };
}

export interface AssetWithoutLocal {
  assetId: string;
  filmId: string;
  titleRu: string;
  blobPath: string;
  /** the recipe of the local features it has (an older one), or null for none */
  localRecipe: string | null;
}

/** Video assets with no local features made with `recipe` (none at all, or an older recipe): all films, or one. */
export async function videoAssetsWithoutLocal(db: Db, recipe: string, filmId?: string): Promise<AssetWithoutLocal[]> {
  const rows = await db.query<{ id: string; film_id: string; title_ru: string; blob_path: string; local_recipe: string | null }>(
    `SELECT a.id, a.film_id, f.title_ru, a.blob_path, l.recipe AS local_recipe
       FROM reference_assets a JOIN films f ON f.id = a.film_id LEFT JOIN local_features l ON l.asset_id = a.id
      WHERE a.kind = 'video' AND l.recipe IS DISTINCT FROM $1 AND ($2::text IS NULL OR a.film_id = $2)
      ORDER BY a.created_at, a.id`,
    [recipe, filmId ?? null],
  );
  return rows.map((r) => ({ assetId: r.id, filmId: r.film_id, titleRu: r.title_ru, blobPath: r.blob_path, localRecipe: r.local_recipe }));
}

/** The stored file of a video asset (blob path), for the pixel check's reference frames; null when there is none. */
export async function videoAssetBlobPath(db: Db, assetId: string): Promise<string | null> {
  const [r] = await db.query<{ blob_path: string }>(`SELECT blob_path FROM reference_assets WHERE id = $1 AND kind = 'video'`, [assetId]);
  return r?.blob_path ?? null;
}
