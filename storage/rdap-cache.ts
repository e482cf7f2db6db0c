// The RDAP answers cache (migration 015 rdap_cache): one row per query (domain or IP), the JSON as received.
import type { Db } from './db.ts';

export interface RdapCacheRow {
  kind: 'domain' | 'ip';
  key: string;
  url: string;
  status: number;
  response_headers: Record<string, string | string[]>;
  body: string;
  fetched_at: Date;
}

export interface RdapCache {
  get(kind: RdapCacheRow['kind'], key: string): Promise<RdapCacheRow | null>;
  put(row: RdapCacheRow): Promise<void>;
}

export const rdapCache = (db: Db): RdapCache => ({
  async get(kind, key) {
    const [row] = await db.query<RdapCacheRow>('SELECT * FROM rdap_cache WHERE kind = $1 AND key = $2', [kind, key]);
    return row ? { ...row, fetched_at: new Date(row.fetched_at) } : null;
  },
  async put(r) {
    await db.query(
      `INSERT INTO rdap_cache (kind, key, url, status, response_headers, body, fetched_at) VALUES ($1,$2,$3,$4,$5,$6,$7)
       ON CONFLICT (kind, key) DO UPDATE SET url = EXCLUDED.url, status = EXCLUDED.status, response_headers = EXCLUDED.response_headers,
         body = EXCLUDED.body, fetched_at = EXCLUDED.fetched_at`,
      [r.kind, r.key, r.url, r.status, JSON.stringify(r.response_headers), r.body, r.fetched_at],
    );
  },
});
